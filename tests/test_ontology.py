"""The ontology and the code agree, every term is documented, and each shape
accepts a good example and rejects a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.build.validate import validate_graph
from kg.namespaces import KG, OWL, RDF, RDFS
from kg.paths import ProjectPaths

SHAPE_CASES = Path(__file__).parent / "shapes"


@pytest.fixture(scope="module")
def ontology(repo_paths: ProjectPaths) -> Graph:
    return Graph().parse(repo_paths.ontology_file)


def _ontology_terms(ontology: Graph) -> set[str]:
    base = str(KG._NS)
    return {
        str(s)[len(base) :] for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(base)
    }


def test_namespace_class_and_ontology_declare_the_same_terms(ontology: Graph) -> None:
    declared_in_code = set(KG.__annotations__)
    assert declared_in_code == _ontology_terms(ontology)


def test_a_misspelt_term_is_an_error() -> None:
    with pytest.raises(AttributeError):
        _ = KG.Transfre


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_every_class_and_property_has_label_and_comment(ontology: Graph, kind: URIRef) -> None:
    for term in ontology.subjects(RDF.type, kind):
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_every_property_with_a_fixed_subject_states_domain_and_range(ontology: Graph) -> None:
    generic = {
        KG.partOf,
        KG.refersTo,
        KG.datePrecision,
        KG.earliestDate,
        KG.latestDate,
        KG.dateNote,
        KG.opposes,
        KG.supports,
        KG.threatens,
        KG.condemns,
        KG.recognises,
        KG.about,
        KG.target,
        KG.locatedIn,
    }
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in ontology.subjects(RDF.type, kind):
            if term in generic:
                continue
            # several allowed classes: kg:domainIncludes / kg:rangeIncludes (checked by the build)
            domain = ontology.value(term, RDFS.domain) or ontology.value(term, KG.domainIncludes)
            assert domain is not None, f"{term} has no domain"
            assert ontology.value(term, RDFS.range) is not None, f"{term} has no range"


def _case(path: Path, ontology: Graph, shapes: Graph) -> tuple[bool, str]:
    data = Graph().parse(path) + ontology
    return validate_graph(data, shapes)


@pytest.mark.parametrize("path", sorted(SHAPE_CASES.glob("ok_*.ttl")), ids=lambda p: p.stem)
def test_shape_accepts_good_example(path: Path, ontology: Graph, repo_paths: ProjectPaths) -> None:
    conforms, report = _case(path, ontology, Graph().parse(repo_paths.shapes_file))
    assert conforms, report


@pytest.mark.parametrize("path", sorted(SHAPE_CASES.glob("bad_*.ttl")), ids=lambda p: p.stem)
def test_shape_rejects_bad_example(path: Path, ontology: Graph, repo_paths: ProjectPaths) -> None:
    expected = next(
        line[len("# expect:") :].strip()
        for line in path.read_text().splitlines()
        if line.startswith("# expect:")
    )
    conforms, report = _case(path, ontology, Graph().parse(repo_paths.shapes_file))
    assert not conforms
    assert expected in report
