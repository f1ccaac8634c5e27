"""Synthetic SIPRI trade registers: CSV bytes in the layout of a real export (Latin-1, the
metadata lines, the 16-column header, one deal per row), for the import benchmark and tests.

A real register holds 30,000–40,000 rows; so can this one. Names mix the curated spellings
(``Korea, South``, ``NATO**``, ``Ukraine Rebels*``) with about 150 other states and 2,000
weapon designations; about a fifth of the rows have no deliveries yet, a tenth carry a ``?``,
and Comments name routes (``for 54 Krab self-propelled guns from Poland``, ``via Poland``)
as SIPRI writes them. Output is deterministic for a given number of rows and seed.

>>> from kg.importers.sipri_csv import parse_sipri
>>> register = parse_sipri(synthetic_register(50), "big.csv")
>>> len(register.rows), register.problems
(50, [])
"""

from __future__ import annotations

import random

from kg.importers.sipri_csv import COLUMNS

__all__ = ["synthetic_register"]

HEADER = (
    "SYNTHETIC TEST DATA - NOT REAL SIPRI DATA. Invented rows in the layout of a SIPRI Arms "
    "Transfers Database trade-register CSV export.\n"
    "Transfers of major weapons: Deals with deliveries or orders made for 1950 to 2024\n"
    "\n"
    "Information generated: 11 March 2025\n"
    "\n"
    "Note: The 'No. delivered' and the 'Year(s) of deliveries' columns refer to all deliveries "
    "since the beginning of the contract.\n"
    "Figures for the SIPRI TIV are in millions.\n"
    "'?' marks an uncertain year of order, number ordered or number delivered.\n"
    "A '*' marks a non-state actor and '**' a multinational organisation.\n"
    "\n"
)
# The spellings of the curated entities, as SIPRI writes them, and others it would meet.
KNOWN = ["Korea, South", "South Korea", "Korea, North", "North Korea", "Russia", "Ukraine", "Poland"]
KNOWN += ["United States", "Germany", "Iran", "NATO**", "Ukraine Rebels*", "Romania", "Estonia"]
OTHERS = (  # noqa: SIM905 (one line of names reads better than a list of 110 strings)
    "Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bahrain "
    "Bangladesh Belarus Belgium Benin Bolivia Botswana Brazil Brunei Bulgaria Burkina-Faso Cambodia "
    "Cameroon Canada Chad Chile China Colombia Croatia Cuba Cyprus Czechia Denmark Djibouti Ecuador "
    "Egypt Eritrea Ethiopia Finland France Gabon Georgia Ghana Greece Guatemala Honduras Hungary "
    "India Indonesia Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kuwait "
    "Kyrgyzstan Laos Latvia Lebanon Libya Lithuania Malaysia Mali Mexico Mongolia Morocco "
    "Mozambique Myanmar Namibia Nepal Netherlands Niger Nigeria Norway Oman Pakistan Panama "
    "Paraguay Peru Philippines Portugal Qatar Rwanda Senegal Serbia Singapore Slovakia Slovenia "
    "Somalia Spain Sudan Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tunisia "
    "Turkmenistan Uganda Uruguay Uzbekistan Venezuela Viet-Nam Yemen Zambia Zimbabwe"
).split()
OTHERS = [name.replace("-", " ") for name in OTHERS]
OTHERS += ["Türkiye", "Côte d'Ivoire", "São Tomé and Príncipe", "United Kingdom", "Saudi Arabia"]
OTHERS += ["United Arab Emirates", "New Zealand", "South Africa", "Sri Lanka", "Hezbollah (Lebanon)*"]
OTHERS += ["African Union**", "Houthi rebels (Yemen)*", "UN**", "Kurdistan Regional Government (Iraq)*"]
KINDS = [
    ("tank", 2.5),
    ("self-propelled gun", 1.8),
    ("FGA aircraft", 40.0),
    ("SAM system", 60.0),
    ("SAM", 0.1),
    ("anti-ship missile", 0.5),
    ("APC", 0.6),
    ("IFV", 1.2),
    ("transport helicopter", 8.0),
    ("frigate", 300.0),
    ("air search radar", 12.0),
    ("diesel engine", 0.3),
    ("loitering munition", 0.02),
    ("self-propelled MRL", 3.2),
]
FAMILIES = ["K", "T", "M", "F", "Su", "MiG", "BTR", "AH", "Mi", "J", "S", "Type ", "AS", "HQ", "KM"]
CURATED_ITEMS = [("K9 Thunder", "self-propelled gun"), ("K2 Black Panther", "tank")]
CURATED_ITEMS += [("Krab", "self-propelled gun"), ("Shahed-136", "loitering munition")]
STATUS = ["New", "New", "New", "Second hand", "Second hand but modernized"]


def _designations(rng: random.Random, count: int) -> list[tuple[str, str, float]]:
    found: dict[str, tuple[str, str, float]] = {}
    while len(found) < count:
        description, tiv = rng.choice(KINDS)
        name = f"{rng.choice(FAMILIES)}-{rng.randint(1, 999)}{rng.choice(['', '', 'A', 'M1', 'E'])}"
        found.setdefault(name, (name, description, round(tiv * rng.uniform(0.5, 1.5), 2)))
    designations = [(n, d, 3.0) for n, d in CURATED_ITEMS] + list(found.values())
    return designations


def _cell(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ',"\n') else value


def _comment(rng: random.Random, agents: list[str], systems: list[tuple[str, str, float]]) -> str:
    roll = rng.random()
    if roll < 0.35:
        return ""
    if roll < 0.45:
        return "Aid"
    if roll < 0.55:
        return f"${rng.randint(1, 90) / 10} b deal"
    if roll < 0.62:
        name, description, _ = rng.choice(systems)
        return f"for {rng.randint(2, 200)} {name} {description}s"
    if roll < 0.68:
        return f"Aid; delivered via {rng.choice(agents).rstrip('*')}"
    if roll < 0.72:
        name, description, _ = rng.choice(systems)
        return f"for {rng.randint(2, 60)} {name} {description}s from {rng.choice(agents).rstrip('*')}"
    return rng.choice(["Unconfirmed", "Licensed production", "Ex-army stocks", "Part of offset deal"])


def _row(rng: random.Random, agents: list[str], systems: list[tuple[str, str, float]]) -> str:
    recipient, supplier = rng.sample(agents, 2)
    while supplier == recipient:
        supplier = rng.choice(agents)
    designation, description, tiv = rng.choice(systems)
    year = rng.randint(1950, 2024)
    uncertain = "?" if rng.random() < 0.1 else ""
    ordered = rng.choice([1, 2, 4, 6, 12, 24, 36, 50, 100, 200, 1000])
    unknown_number = rng.random() < 0.05
    delivered = 0 if rng.random() < 0.2 and year > 2015 else ordered
    years = sorted({min(2024, year + rng.randint(0, 6)) for _ in range(rng.randint(1, 4))})
    delivery = "; ".join(str(y) for y in years) if delivered else ""
    cells = [
        recipient,
        supplier,
        str(year),
        uncertain,
        "" if unknown_number else str(ordered),
        "?" if unknown_number else "",
        designation,
        description,
        str(delivered) if not unknown_number else "",
        uncertain,
        delivery,
        rng.choice(STATUS),
        _comment(rng, agents, systems),
        f"{tiv:g}",
        "" if unknown_number else f"{tiv * ordered:.6g}",
        f"{tiv * delivered:.6g}" if not unknown_number else "",
    ]
    return ",".join(_cell(cell) for cell in cells)


def synthetic_register(rows: int, seed: int = 0) -> bytes:
    """A trade register of ``rows`` deals as the Latin-1 bytes of a SIPRI CSV export.

    >>> synthetic_register(3) == synthetic_register(3), synthetic_register(3)[:9]
    (True, b'SYNTHETIC')
    """
    rng = random.Random(seed)
    agents = KNOWN * 4 + OTHERS  # the curated states trade more, as in the real register
    systems = _designations(rng, 2000)
    lines = [HEADER + ",".join(COLUMNS)]
    lines += [_row(rng, agents, systems) for _ in range(rows)]
    return ("\n".join(lines) + "\n").encode("latin-1")
