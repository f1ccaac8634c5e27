"""SHACL where it pays: the shapes run as SPARQL on Oxigraph give pySHACL's verdict on every
shape example and on the seeds (as built, and with one real node made to break a shape), and
an import is checked once, its verdict kept by hash."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from kg.build import BuildResult, build
from kg.build import import_checks as checks_module
from kg.build.serialize import ox_term
from kg.build.shapes_sparql import compile_shapes, violations
from kg.build.validate import validate_graph
from kg.errors import ValidationError
from kg.importers.sipri import import_sipri
from kg.namespaces import KG
from kg.paths import ProjectPaths
from kg.synthetic_register import synthetic_register

REPO = Path(__file__).resolve().parent.parent
SHAPE_CASES = Path(__file__).parent / "shapes"
CHECKED = "urn:test:checked"


def _sparql_verdict(case: Path) -> list[str]:
    store = ox.Store()
    store.load(
        (REPO / "ontology" / "kg.ttl").read_bytes(),
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode("urn:o"),
    )
    store.load(case.read_bytes(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(CHECKED))
    return violations(store, compile_shapes(Graph().parse(REPO / "ontology" / "shapes.ttl")), CHECKED)


@pytest.mark.parametrize("case", sorted(SHAPE_CASES.glob("*.ttl")), ids=lambda p: p.stem)
def test_sparql_shapes_give_pyshacls_verdict_on_every_example(case: Path) -> None:
    data = Graph().parse(case) + Graph().parse(REPO / "ontology" / "kg.ttl")
    conforms, _ = validate_graph(data, Graph().parse(REPO / "ontology" / "shapes.ttl"))
    lines = _sparql_verdict(case)
    assert (not lines) == conforms, lines
    if not conforms:  # and they name the property the example breaks
        expected = next(
            line[len("# expect:") :].strip()
            for line in case.read_text().splitlines()
            if line.startswith("# expect:")
        )
        assert any(expected in line for line in lines), lines


def test_a_generated_register_imports_builds_and_conforms(project_copy: ProjectPaths, tmp_path: Path) -> None:
    register = tmp_path / "big.csv"
    register.write_bytes(synthetic_register(300))
    import_sipri(register, project_copy, name="big")
    result = build(project_copy)
    assert result.conforms
    verdicts = json.loads((project_copy.build / "shacl-verdicts.json").read_text())
    assert list(verdicts["conforming"]) == ["big"]


def test_an_unchanged_import_is_not_checked_again(
    project_copy: ProjectPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = tmp_path / "big.csv"
    register.write_bytes(synthetic_register(50))
    import_sipri(register, project_copy, name="big")
    build(project_copy)
    checked: list[str] = []
    real = checks_module._check_one
    monkeypatch.setattr(checks_module, "_check_one", lambda i, *a: checked.append(i.name) or real(i, *a))
    build(project_copy)
    assert checked == []
    (project_copy.shapes_file).write_text(project_copy.shapes_file.read_text() + "\n# changed\n")
    build(project_copy)
    assert checked == ["big"]


def test_an_import_that_breaks_a_shape_stops_the_build(project_copy: ProjectPaths) -> None:
    import_sipri(Path(__file__).parent / "fixtures" / "sipri_trade_register.csv", project_copy, name="r")
    ttl = project_copy.imports / "r.ttl"
    ttl.write_text(ttl.read_text().replace("kg:status kg:reported", "kg:status kg:rumoured", 1))
    with pytest.raises(ValidationError, match=r"imports/r\.ttl: kgf:sipri-r-\d+  kg:status  breaks sh:in"):
        build(project_copy)
    assert not project_copy.trig.exists()


def _seed_triples(built: BuildResult) -> list[tuple[Node, Node, Node]]:
    return sorted({triple for graph in built.dataset.graphs() for triple in graph})


def _break(triples: list[tuple[Node, Node, Node]], how: str) -> tuple[list[tuple[Node, Node, Node]], str]:
    """The seed triples with one real node made to break a shape, and the property it breaks."""
    claims = sorted(s for s, p, o in triples if p == RDF.type and o == KG.Claim)
    states = sorted(s for s, p, o in triples if p == RDF.type and o == KG.State)
    transfers = sorted(s for s, p, o in triples if p == RDF.type and o == KG.Transfer)
    document = next(s for s, p, o in triples if p == RDF.type and o == KG.SourceDocument)
    if how == "a claim without a status":
        return [t for t in triples if t[:2] != (claims[0], KG.status)], "kg:status"
    if how == "a claim with an unknown status":
        changed = [t for t in triples if t[:2] != (claims[-1], KG.status)]
        return [*changed, (claims[-1], KG.status, URIRef(KG.status + "-rumoured"))], "kg:status"
    if how == "a state without a label":
        return [t for t in triples if t[:2] != (states[0], RDFS.label)], "rdfs:label"
    changed = [t for t in triples if t[:2] != (transfers[0], KG.supplier)]  # a document supplies
    return [*changed, (transfers[0], KG.supplier, document)], "kg:supplier"


@pytest.mark.parametrize(
    "how",
    [
        "unchanged",
        "a claim without a status",
        "a claim with an unknown status",
        "a state without a label",
        "a transfer supplied by a document",
    ],
)
def test_sparql_shapes_give_pyshacls_verdict_on_the_seeds(built: BuildResult, how: str) -> None:
    triples, breaks = (_seed_triples(built), "") if how == "unchanged" else _break(_seed_triples(built), how)
    data = Graph()
    for triple in triples:
        data.add(triple)
    conforms, report = validate_graph(data, Graph().parse(REPO / "ontology" / "shapes.ttl"))
    store = ox.Store()
    store.extend(ox.Quad(*(ox_term(t) for t in triple), ox.NamedNode(CHECKED)) for triple in triples)  # type: ignore[misc]
    lines = violations(store, compile_shapes(Graph().parse(REPO / "ontology" / "shapes.ttl")), CHECKED)
    assert (not lines) == conforms == (how == "unchanged"), (lines, report)
    assert all(breaks in line for line in lines) and all(breaks in line for line in report.splitlines())
