"""Every IRI the project prints (tables, views, chains) can be pasted back into a query."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.display import display_value
from kg.namespaces import PREFIXES, fact_iri, prefixed
from kg.store import open_store

HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def _pasted(store: ox.Store, printed: str) -> str:
    rows = list(store.query(HEADER + f"SELECT ?x WHERE {{ VALUES ?x {{ {printed} }} }}"))
    return rows[0]["x"].value


def test_claim_iris_print_as_kgf_names() -> None:
    assert prefixed(str(fact_iri("f001-dprk-russia-treaty-signing"))) == "kgf:f001-dprk-russia-treaty-signing"


@pytest.mark.usefixtures("built")
def test_every_printed_subject_and_object_parses_back(repo_paths) -> None:  # type: ignore[no-untyped-def]
    store = open_store(repo_paths)
    iris = {
        term.value
        for quad in store
        for term in (quad.subject, quad.object, quad.graph_name)
        if isinstance(term, ox.NamedNode) and term.value.startswith(PREFIXES["kgr"])
    }
    assert len(iris) > 1000
    for iri in sorted(iris):
        printed = display_value(iri)
        assert _pasted(store, printed) == iri, printed
