"""The timeline: dated claims in swimlanes by actor, zoomable, each item linked to its evidence;
undated claims listed apart. Claims that attest one event (``kg:attests``) are drawn as one item
listing every source; until the curator merges them, each source's claim is its own item.

>>> from kg.network import Claim
>>> group_key(Claim("c1", "Signing", "s", attests="e1")), group_key(Claim("c2", "Signing", "s"))
('e1', 'c2')
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kg.iris import prefixed
from kg.network import BINARY_CLAIMS, Claim, GraphData
from kg.views.links import entity_href
from kg.views.page import STATUS_COLOURS, fact_json
from kg.views.shell import shell_page

__all__ = ["group_key", "timeline_data", "timeline_page"]

MAX_LANES = 12  # actors with their own lane; the rest share "other actors"
# The role that makes an entity the actor of an n-ary claim, best first.
ACTOR_ROLES = (
    "signatory",
    "imposedBy",
    "speaker",
    "actor",
    "pollster",
    "holder",
    "participant",
    "organisation",
)


def _agreed_interval(claims: list[Claim]) -> tuple[str, str]:
    """The dates the sources of one event agree on: the overlap of their intervals (a source that
    says "June" and one that says "19 June" agree on 19 June), or all of them when they do not
    overlap.

    >>> _agreed_interval([Claim("a", "Signing", "s", earliest="2024-06-01", latest="2024-06-30"),
    ...                   Claim("b", "Signing", "s", earliest="2024-06-19", latest="2024-06-19")])
    ('2024-06-19', '2024-06-19')
    """
    starts = [c.earliest for c in claims if c.earliest]
    ends = [c.latest or c.earliest for c in claims if c.earliest]
    if max(starts) <= min(ends):
        return max(starts), min(ends)
    return min(starts), max(ends)


def group_key(claim: Claim) -> str:
    """Claims of one event share an item: the event they attest, else the claim itself."""
    return claim.attests or claim.iri


def _actor(data: GraphData, claim: Claim, edges_of: dict[str, list[Any]]) -> str | None:
    edges = edges_of.get(claim.iri, [])
    if claim.cls in BINARY_CLAIMS:
        return edges[0].source if edges else None
    ranked = sorted(
        (e for e in edges if e.source == claim.iri),
        key=lambda e: (
            next((i for i, r in enumerate(ACTOR_ROLES) if (e.predicate or "").endswith(r)), 99),
            e.target,
        ),
    )
    return ranked[0].target if ranked else None


def timeline_data(data: GraphData) -> dict[str, Any]:
    """Items (grouped by event), lanes and the undated claims, as plain values for the page."""
    edges_of: dict[str, list[Any]] = {}
    for edge in data.edges:
        edges_of.setdefault(edge.claim, []).append(edge)
    actors = {iri: _actor(data, c, edges_of) for iri, c in data.claims.items()}
    dated = [c for c in data.claims.values() if c.earliest]
    counts = Counter(actors[c.iri] for c in dated if actors[c.iri])
    lanes = [a for a, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_LANES]]
    groups: dict[str, list[Claim]] = {}
    for claim in sorted(dated, key=lambda c: (c.earliest or "", c.iri)):
        groups.setdefault(group_key(claim), []).append(claim)
    items = []
    for key, claims in groups.items():
        first = claims[0]
        actor = actors[first.iri]
        start, end = _agreed_interval(claims)
        items.append(
            {
                "key": prefixed(key),
                "label": first.label,
                "cls": first.cls,
                "status": first.status,
                "start": start,
                "end": end,
                "precision": first.precision,
                "lane": lanes.index(actor) if actor in lanes else len(lanes),
                "facts": [prefixed(c.iri) for c in claims],
            }
        )
    undated = sorted(
        (c for c in data.claims.values() if not c.earliest), key=lambda c: (c.cls, c.label, c.iri)
    )
    lane_names = [data.nodes[a].label if a in data.nodes else prefixed(a) for a in lanes] + ["other actors"]
    return {
        "lanes": lane_names,
        "laneLinks": [entity_href(a) for a in lanes] + [None],
        "items": items,
        "undated": [prefixed(c.iri) for c in undated],
        "facts": {prefixed(k): fact_json(c) for k, c in sorted(data.claims.items())},
        "colours": STATUS_COLOURS,
    }


def timeline_page(data: GraphData) -> str:
    """The timeline page for ``data`` (self-contained; drawn in SVG by timeline.js)."""
    body = (
        '<div class="meta">Swimlanes by actor; a bar spans the interval a month- or year-precision date '
        "denotes. Wheel or the buttons to zoom, drag to pan; click an item for its evidence. "
        '<button id="tl-in" type="button">zoom in</button> '
        '<button id="tl-out" type="button">zoom out</button> '
        '<button id="tl-fit" type="button">fit</button> '
        '<button id="kg-export-svg" type="button">SVG</button> '
        '<button id="kg-export-png" type="button">PNG</button> <span id="tl-count"></span></div>\n'
        '<main><div id="tl-wrap"><svg id="tl-svg" xmlns="http://www.w3.org/2000/svg"></svg>'
        '<h2>Undated claims</h2><ul id="tl-undated" class="small"></ul></div>\n'
        '<aside id="kg-details"><p class="small">Click an item for its evidence.</p></aside></main>'
    )
    return shell_page(
        "Timeline of dated claims", body, timeline_data(data), ["view-core.js", "timeline.js"], "timeline"
    )
