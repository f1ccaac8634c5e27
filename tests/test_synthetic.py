"""The synthetic generator (kg/synthetic.py) writes claims the way the build does."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kg.build import BuildResult
from kg.build.validate import validate_graph
from kg.model import MOVED, STATUSES
from kg.namespaces import GRAPH, KGR
from kg.paths import ProjectPaths
from kg.store import load_store, select
from kg.synthetic import synthetic_quads, write_synthetic

CURATED, GENERATED = str(KGR["fact/f"]), str(KGR["fact/synth-"])
SHAPE = """
SELECT ?claim ?p WHERE {
  ?claim a kg:Transfer ; ?p ?o .
}"""
EVIDENCE_SHAPE = """
SELECT ?claim ?p WHERE {
  ?claim a kg:Transfer ; kg:evidence ?annotation .
  { ?annotation ?p ?o } UNION { ?annotation oa:hasTarget/oa:hasSelector ?selector . ?selector ?p ?o }
}"""


def _predicates(store: ox.Store, query: str, prefix: str) -> set[frozenset[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for row in select(store, query):
        if row["claim"].startswith(prefix):
            found[row["claim"]].add(row["p"])
    return {frozenset(predicates) for predicates in found.values()}


@pytest.fixture(scope="module")
def synthetic(built: BuildResult, repo_paths: ProjectPaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("synthetic") / "synthetic.trig"
    write_synthetic(400, output, repo_paths.trig, states=5, items=5)
    return output


def test_synthetic_transfers_have_the_build_s_evidence_shape(synthetic: Path) -> None:
    store = load_store(synthetic)
    curated = _predicates(store, EVIDENCE_SHAPE, CURATED)
    generated = _predicates(store, EVIDENCE_SHAPE, GENERATED)
    assert generated and generated <= curated


def test_synthetic_transfers_use_only_properties_curated_transfers_use(synthetic: Path) -> None:
    store = load_store(synthetic)
    curated = set().union(*_predicates(store, SHAPE, CURATED))
    generated = set().union(*_predicates(store, SHAPE, GENERATED))
    assert generated and generated <= curated | {"https://w3id.org/rnku-kg/ontology#backfills"}


def test_synthetic_data_conforms_to_the_shapes(repo_paths: ProjectPaths) -> None:
    dataset = Dataset()
    nquads = ox.serialize(synthetic_quads(60, states=4, items=3), format=ox.RdfFormat.N_QUADS)
    dataset.parse(data=nquads, format="nquads")
    union = Graph().parse(repo_paths.ontology_file, format="turtle")
    for graph in dataset.graphs():
        union += graph
    conforms, report = validate_graph(union, Graph().parse(repo_paths.shapes_file, format="turtle"))
    assert conforms, report


def test_statuses_come_from_the_model_and_only_moved_goods_supply(synthetic: Path) -> None:
    store = load_store(synthetic)
    rows = select(
        store,
        "SELECT ?t ?status ?supplier ?recipient WHERE {"
        "  ?t a kg:Transfer ; kg:status ?status ; kg:supplier ?supplier ; kg:recipient ?recipient }",
    )
    rows = [row for row in rows if row["t"].startswith(GENERATED)]
    statuses = {row["status"].rsplit("#", 1)[-1] for row in rows}
    assert statuses == set(STATUSES)
    moved = {(r["supplier"], r["recipient"]) for r in rows if r["status"].rsplit("#", 1)[-1] in MOVED}
    query = "SELECT ?g ?a ?b WHERE { GRAPH ?g { ?a kg:suppliesTo ?b } }"
    edges = {(r["a"], r["b"]) for r in select(store, query, {"g": ox.NamedNode(GRAPH.DERIVED)})}
    assert moved <= edges
