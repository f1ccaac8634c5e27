"""Plain-text display for the terminal: prefixed values, aligned tables, shortened and
wrapped text, and the chain and entity-card printers of ``kg chains`` and ``kg show``.

>>> print(format_table([{"state": "https://w3id.org/rnku-kg/id/ROK"}]))
state
-------
kgr:ROK
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from kg.iris import prefixed

__all__ = [
    "chain_tag",
    "display_value",
    "format_chain",
    "format_entity_card",
    "format_route",
    "format_table",
    "shorten",
    "summarise_chains",
    "summarise_routes",
    "wrap",
]


def display_value(value: Any) -> str:
    """Show IRIs with prefixes, None as empty, everything else as text.

    >>> display_value("https://w3id.org/rnku-kg/id/ROK")
    'kgr:ROK'
    >>> display_value(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return prefixed(value)
    return str(value)


def format_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, max_width: int = 60
) -> str:
    """An aligned text table; long cells are cut with an ellipsis.

    >>> print(format_table([{"a": 1, "b": "x"}, {"a": 22, "b": None}]))
    a   b
    --  -
    1   x
    22
    """
    columns = list(columns or (rows[0].keys() if rows else []))
    cells = [[shorten(display_value(row.get(c)), max_width) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths).rstrip())
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def shorten(text: str, limit: int) -> str:
    """Collapse whitespace and cut to ``limit`` characters with an ellipsis.

    >>> shorten("a  long   text", 5)
    'a lo…'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(text: str, indent: str = "    ", width: int = 100) -> str:
    """Wrap a long quote for the terminal.

    >>> print(wrap("one two three", indent="  ", width=9))
      one two
      three
    """
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent)


def chain_tag(chain: Any) -> str:
    """What kind of route a chain is: ``direct`` (one hop: linked only vacuously), ``linked``
    (several hops, each explicitly tied to the next by backfill, components or end-user) or
    ``unlinked`` (several hops that merely pass through the same state). The CLI and the paths
    view both use it, so they count the same things.

    >>> from types import SimpleNamespace as S
    >>> [chain_tag(S(hops=[1], linked=True)), chain_tag(S(hops=[1, 2], linked=True))]
    ['direct', 'linked']
    """
    if len(chain.hops) == 1:
        return "direct"
    return "linked" if chain.linked else "unlinked"


def summarise_chains(chains: Any) -> str:
    """One line counting routes by :func:`chain_tag` (``kg chains`` ends with it; the paths view
    says the same).

    >>> from types import SimpleNamespace as S
    >>> chains = [S(hops=[1], linked=True), S(hops=[1, 2], linked=True), S(hops=[1, 2], linked=False)]
    >>> summarise_chains(chains)
    '3 routes: 1 direct, 2 indirect (1 linked, 1 unlinked)'
    """
    tags = [chain_tag(c) for c in chains]
    return _summary(*(tags.count(t) for t in ("direct", "linked", "unlinked")))


def summarise_routes(routes: Any, *, linked_only: bool = False) -> str:
    """The :func:`summarise_chains` line from routes' counts (:class:`kg.chains.Route`), without
    building their chains: what ``kg chains`` and the paths view print.

    >>> from types import SimpleNamespace as S
    >>> routes = [S(hops=1, combinations=2, linked=2), S(hops=3, combinations=40, linked=1)]
    >>> summarise_routes(routes)
    '42 routes: 2 direct, 40 indirect (1 linked, 39 unlinked)'
    >>> summarise_routes(routes, linked_only=True)
    '3 routes: 2 direct, 1 indirect (1 linked, 0 unlinked)'
    """
    direct = sum(r.combinations for r in routes if r.hops == 1)
    linked = sum(r.linked for r in routes if r.hops > 1)
    unlinked = 0 if linked_only else sum(r.combinations - r.linked for r in routes if r.hops > 1)
    return _summary(direct, linked, unlinked)


def _summary(direct: int, linked: int, unlinked: int) -> str:
    total = direct + linked + unlinked
    noun = "route" if total == 1 else "routes"
    indirect = f"{linked + unlinked} indirect ({linked} linked, {unlinked} unlinked)"
    return f"{total} {noun}: {direct} direct, {indirect}"


def format_route(route: Any, number: int) -> str:
    """A route's heading for ``kg chains``: its path, the parallel transfers on each hop and its
    chains (one per sequence of events), how many of them tied.

    >>> from types import SimpleNamespace as S
    >>> print(format_route(S(labels=("A", "B", "C"), hops=2, parallel=(3, 2), combinations=6, linked=1), 4))
    route 4: A → B → C  (3 × 2 parallel transfers; 6 chains, 1 linked)
    """
    noun = "chain" if route.combinations == 1 else "chains"
    counts = f"{route.combinations} {noun}" + (f", {route.linked} linked" if route.hops > 1 else "")
    parallel = " × ".join(str(n) for n in route.parallel)
    return f"route {number}: {' → '.join(route.labels)}  ({parallel} parallel transfers; {counts})"


def format_chain(chain: Any, number: int) -> str:
    """A chain (:class:`kg.chains.Chain`) hop by hop, each with status, quote and source
    title (for ``kg chains``).

    >>> from types import SimpleNamespace as S
    >>> hop = S(supplier_label="A", recipient_label="B", item_label="shells", quantity=1000,
    ...         kind="sale", status="reported", date="2024", quote="A sold shells.", source_title="Doc")
    >>> print(format_chain(S(hops=[hop], linked=False), 1))
    1. A → B  [direct]
       hop 1: A → B: shells × 1,000 (sale, reported, 2024)
          “A sold shells.”
          — Doc
    """
    route = " → ".join([chain.hops[0].supplier_label, *(hop.recipient_label for hop in chain.hops)])
    lines = [f"{number}. {route}  [{chain_tag(chain)}]"]
    for index, hop in enumerate(chain.hops, start=1):
        quantity = f" × {hop.quantity:,.0f}" if hop.quantity else ""
        date = f", {hop.date}" if hop.date else ""
        lines.append(
            f"   hop {index}: {hop.supplier_label} → {hop.recipient_label}: {hop.item_label}{quantity}"
            f" ({hop.kind}, {hop.status}{date})"
        )
        lines.append(wrap(f"“{hop.quote}”", indent="      "))
        lines.append(f"      — {hop.source_title}")
    return "\n".join(lines)


def format_entity_card(card: Any) -> str:
    """An entity card (:class:`kg.api.EntityCard`) for the terminal (for ``kg show``).

    >>> from types import SimpleNamespace as S
    >>> card = S(label="South Korea", iri="https://w3id.org/rnku-kg/id/ROK", types=["State"],
    ...          aliases=["ROK"], metonyms=[], description="", relations=[], sources=[],
    ...          claims_by_type=dict)
    >>> print(format_entity_card(card))
    South Korea  (kgr:ROK)
    type: State
    aliases: ROK
    """
    lines = [f"{card.label}  ({prefixed(card.iri)})", f"type: {', '.join(card.types) or '-'}"]
    if card.aliases:
        lines.append(f"aliases: {', '.join(card.aliases)}")
    if card.metonyms:
        lines.append(f"metonyms: {', '.join(card.metonyms)}")
    if card.description:
        lines.append(f"description: {card.description}")
    for direction, title in (("out", "relations out"), ("in", "relations in")):
        related = [r for r in card.relations if r["direction"] == direction]
        if related:
            lines.append(f"\n{title}:")
            lines += [
                f"  {prefixed(r['predicate'])} {r['other_label'] or prefixed(r['other'])}"
                if direction == "out"
                else f"  {r['other_label'] or prefixed(r['other'])} {prefixed(r['predicate'])}"
                for r in related
            ]
    for kind, claims in card.claims_by_type().items():
        lines.append(f"\n{kind} claims ({len(claims)}):")
        lines += [f"  [{c['status']}] {c['label']}  ({c['role']})" for c in claims]
    if card.sources:
        lines.append("\nsources:")
        lines += [f"  {prefixed(s['source'])} {s['title']} ({s['claims']} claims)" for s in card.sources]
    return "\n".join(lines)
