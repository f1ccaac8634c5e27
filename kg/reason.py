"""Optional reasoning: materialise RDFS / OWL 2 RL entailments with owlrl.

Off by default (owlrl needs several seconds for the seed graph). The closure is
computed over the union of the ontology and the data, and only the new triples
are added, in their own named graph ``kgr:graph/inferred``, so the asserted
graphs stay as built. With them, ``?x a kg:Agent`` finds every state, person
and organisation. (``kg:hasProvision`` is written by the build, not inferred: it is
not declared the inverse of ``kg:partOf``, which is also geographic and organisational.)
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.iris import GRAPH

__all__ = ["materialise"]


def materialise(store: ox.Store) -> int:
    """Add the OWL-RL closure of the store's union graph to ``kgr:graph/inferred``;
    returns the number of inferred triples (0 when already done)."""
    import owlrl
    import rdflib

    inferred = ox.NamedNode(str(GRAPH.INFERRED))
    if next(iter(store.quads_for_pattern(None, None, None, inferred)), None) is not None:
        return 0
    # The union of all named graphs is what queries see by default; pyoxigraph terms print as N-Triples.
    lines = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in store)
    union = rdflib.Graph()
    union.parse(data=lines, format="nt")
    asserted = set(union)
    # Datatype and axiomatic triples would add thousands of trivia (xsd:string a rdfs:Datatype ...).
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        union
    )
    new = [t for t in union if t not in asserted and not isinstance(t[0], rdflib.Literal)]
    if not new:
        return 0
    lines = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in new)
    store.load(lines.encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=inferred)
    return len(new)
