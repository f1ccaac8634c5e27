"""Dates and quantities in a sentence, as typed values. Dates are resolved against the
document date (``last year``, ``Friday``, ``in June``, ``earlier this month``) with a note
for the curator; absolute dates go through dateparser (no model, no network).

>>> import datetime as dt
>>> doc = dt.date(2024, 10, 20)
>>> [(d.text, d.value) for d in find_dates("NIS confirmed it Friday, after a visit in June.", doc)]
[('Friday', '2024-10-18'), ('in June', '2024-06')]
>>> [(d.value, d.note) for d in find_dates("Troops arrived earlier this month.", doc)]
[('2024-10', "'earlier this month' in a text dated 2024-10-20 → 2024-10")]
>>> [(q.value, q.unit, q.qualifier) for q in find_quantities("about 12,000 troops and $1.5 billion, 40%")]
[(12000.0, 'count', 'approximately'), (1500000000.0, 'usd', None), (40.0, 'percent', None)]
"""

from __future__ import annotations

import datetime as dt
import re

from kg.suggest.records import DateValue, Quantity

__all__ = ["find_dates", "find_quantities"]

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MON = rf"(?:{_MONTHS}|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Relative expressions: pattern → how to resolve against the document date (data, not branches).
RELATIVE: tuple[tuple[str, str], ...] = (
    (r"\b(?:last|past) year\b", "year-1"),
    (r"\bthis year\b|\bearlier this year\b", "year"),
    (r"\bnext year\b", "year+1"),
    (r"\b(?:last|past) month\b", "month-1"),
    (r"\b(?:earlier |later )?this month\b", "month"),
    (r"\bnext month\b", "month+1"),
    (r"\byesterday\b", "day-1"),
    (r"\btoday\b", "day"),
    (rf"\b(?:on |last |this )?(?:{'|'.join(_DAYS)})\b", "weekday"),
    (
        rf"\b(?:in |since |by |until |early |late |mid-)?(?:{_MONTHS})(?! \d)(?: (?:last|this) year)?\b",
        "month-name",
    ),
)
_ABSOLUTE = re.compile(
    rf"\b(?:\d{{1,2}} {_MON},? \d{{4}}|{_MON} \d{{1,2}},? \d{{4}}|{_MON} \d{{4}}|{_MON} \d{{1,2}}(?!\d)"
    rf"|\d{{1,2}} {_MON}|(?:in |since |by )?(?:19|20)\d{{2}}(?![\d,]| percent|%| troops))\b"
)
_RELATIVE = [(re.compile(p, re.IGNORECASE if k != "month-name" else 0), k) for p, k in RELATIVE]


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _relative(kind: str, text: str, doc: dt.date) -> str | None:
    if kind.startswith("year"):
        return str(doc.year + int(kind[4:] or 0))
    if kind.startswith("month") and kind != "month-name":
        year, month = _shift_month(doc.year, doc.month, int(kind[5:] or 0))
        return f"{year:04d}-{month:02d}"
    if kind.startswith("day"):
        return (doc + dt.timedelta(days=int(kind[3:] or 0))).isoformat()
    if kind == "weekday":
        wanted = next(i for i, name in enumerate(_DAYS) if name.casefold() in text.casefold())
        back = (doc.weekday() - wanted) % 7  # the last such day on or before the document date
        return (doc - dt.timedelta(days=back)).isoformat()
    month = next(i + 1 for i, name in enumerate(_MONTHS.split("|")) if name in text)
    year = doc.year - 1 if "last year" in text or month > doc.month else doc.year
    return f"{year:04d}-{month:02d}"


def _absolute(text: str, doc: dt.date) -> str | None:
    try:
        import dateparser  # rule-based, no model, no network: the `curate` extra; imported when needed
    except ImportError:  # without it only years and relative expressions are resolved
        return None

    bare = re.sub(r"^(?:in|since|by) ", "", text)
    if re.fullmatch(r"\d{4}", bare):
        return bare
    settings = {"RELATIVE_BASE": dt.datetime(doc.year, doc.month, doc.day), "PREFER_DATES_FROM": "past"}
    parsed = dateparser.parse(bare, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    has_day = bool(re.search(r"(?<![\d])\d{1,2}(?![\d])", bare))
    return parsed.date().isoformat() if has_day else f"{parsed.year:04d}-{parsed.month:02d}"


def find_dates(text: str, doc: dt.date, offset: int = 0) -> list[DateValue]:
    """Date expressions in ``text`` (offsets shifted by ``offset``), in text order."""
    found: list[DateValue] = []
    taken: list[tuple[int, int]] = []
    for match in _ABSOLUTE.finditer(text):
        value = _absolute(match.group(), doc)
        if value:
            note = (
                ""
                if re.search(r"\d{4}", match.group())
                else (f"{match.group()!r} in a text dated {doc.isoformat()} → {value}")
            )
            found.append(DateValue(offset + match.start(), offset + match.end(), match.group(), value, note))
            taken.append(match.span())
    for pattern, kind in _RELATIVE:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _relative(kind, match.group(), doc)
            if value:
                note = f"{match.group()!r} in a text dated {doc.isoformat()} → {value}"
                found.append(
                    DateValue(offset + match.start(), offset + match.end(), match.group(), value, note)
                )
                taken.append(match.span())
    return sorted(found, key=lambda d: d.start)


_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "dozens": 24, "hundreds": 200, "thousands": 2000}  # fmt: skip
_QUALIFIERS = (
    (r"(about|around|roughly|some|approximately|nearly|almost|an estimated)\s+$", "approximately"),
    (r"(more than|over|upwards of)\s+$", "more-than"),
    (r"(at least)\s+$", "at-least"),
    (r"(up to|as many as)\s+$", "up-to"),
)
_NUMBER = re.compile(
    r"(?P<usd>(?:US)?\$|USD ?)?(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(_WORDS)
    + r")(?:\s*(?P<scale>thousand|million|billion|trillion))?"
    r"(?:\s*(?P<unit>%|percent|per cent|mm\b|-mm\b|millimet(?:er|re)s?|km\b|kilomet(?:er|re)s?|dollars))?",
    re.IGNORECASE,
)


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Counts, money (USD), percentages and calibres in ``text``, in text order."""
    found: list[Quantity] = []
    for match in _NUMBER.finditer(text):
        word = match.group("n").casefold()
        if re.fullmatch(r"(19|20)\d{2}", word) and not match.group("unit") and not match.group("usd"):
            continue  # a year
        if word in _WORDS and not (match.group("scale") or match.group("unit")):
            continue  # "one of the" is not a quantity
        value = float(_WORDS.get(word, 0) or word.replace(",", "")) * _SCALE.get(
            (match.group("scale") or "").casefold(), 1
        )
        unit_text = (match.group("unit") or "").casefold()
        unit = (
            "usd" if match.group("usd") or unit_text == "dollars"
            else "percent" if unit_text in ("%", "percent", "per cent")
            else "mm" if "mm" in unit_text or unit_text.startswith("millimet")
            else "km" if unit_text.startswith("k")
            else "count"
        )  # fmt: skip
        before = text[max(0, match.start() - 24) : match.start()].casefold()
        qualifier = next((q for p, q in _QUALIFIERS if re.search(p, before)), None)
        found.append(
            Quantity(
                offset + match.start(), offset + match.end(), match.group().strip(), value, unit, qualifier
            )
        )
    return found
