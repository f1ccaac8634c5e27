"""A synthetic graph of states and dated, quoted transfers, for view benchmarks and tests of large views.

Deterministic for a given size and seed.

>>> store = synthetic_store(20)
>>> from kg.network import extract_graph
>>> len(extract_graph(store).nodes)
20
"""

from __future__ import annotations

import random

import pyoxigraph as ox

from kg.namespaces import KGR, PREFIXES

__all__ = ["synthetic_store", "synthetic_turtle"]


def synthetic_turtle(states: int, transfers_per_state: float = 1.5, seed: int = 7) -> str:
    """Turtle for ``states`` states linked by about ``transfers_per_state`` transfers each."""
    rng = random.Random(seed)
    lines = [f"@prefix {p}: <{iri}> ." for p, iri in PREFIXES.items()]
    lines.append('kg:reported skos:prefLabel "reported" .')
    source = f"<{KGR}source/syn>"
    lines.append(
        f'{source} a kg:SourceDocument ; dcterms:title "Synthetic register" ; dcterms:issued "2024" .'
    )
    for i in range(states):
        lines.append(f'kgr:S{i} a kg:State ; rdfs:label "State {i}" .')
    for t in range(int(states * transfers_per_state)):
        # Each state links to an earlier one, so the graph is connected; the rest are random.
        a = t % states
        b = rng.randrange(max(a, 1)) if t < states else rng.randrange(states)
        if a == b:
            b = (b + 1) % states
        day = f"202{rng.randrange(5)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        fact = f"<{KGR}fact/syn{t}"
        lines.append(
            f'{fact}> a kg:Claim, kg:Transfer ; rdfs:label "State {a} → State {b}" ; kg:supplier kgr:S{a} ; '
            f'kg:recipient kgr:S{b} ; kg:status kg:reported ; kg:date "{day}"^^xsd:date ; '
            f'kg:earliestDate "{day}"^^xsd:date ; kg:latestDate "{day}"^^xsd:date ; '
            f"prov:wasDerivedFrom {source} ; kg:evidence {fact}/ev> ."
        )
        lines.append(
            f"{fact}/ev> oa:hasTarget {fact}/ev/t> . {fact}/ev/t> oa:hasSelector {fact}/ev/q> . "
            f'{fact}/ev/q> oa:exact "State {a} delivered goods to State {b}." .'
        )
    return "\n".join(lines) + "\n"


def synthetic_store(states: int, transfers_per_state: float = 1.5, seed: int = 7) -> ox.Store:
    """An in-memory store holding :func:`synthetic_turtle`."""
    store = ox.Store()
    store.load(synthetic_turtle(states, transfers_per_state, seed), format=ox.RdfFormat.TURTLE)
    return store
