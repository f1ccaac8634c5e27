"""The build: quotes at their offsets, SHACL conformance, determinism, output files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rdflib import Dataset, Graph

from kg.build import BuildResult
from kg.namespaces import GRAPH, KG, OA, PROV, RDF
from kg.paths import ProjectPaths


def test_every_quote_is_found_at_its_recorded_offsets(built: BuildResult) -> None:
    texts = {source_id: source.text for source_id, source in built.curation.sources.items()}
    checked = 0
    for quotes in built.quotes.values():
        for quote in quotes:
            assert texts[quote.source_id][quote.start : quote.end] == quote.exact
            checked += 1
    assert checked > 400


def test_offsets_in_the_rdf_match_the_text(built: BuildResult) -> None:
    union = Graph()
    for graph in built.dataset.graphs():
        union += graph
    sources = {source.id: source.text for source in built.curation.sources.values()}
    documents = {f"https://w3id.org/rnku-kg/id/source/{sid}": text for sid, text in sources.items()}
    targets = list(union.subjects(OA.hasSource, None))
    assert len(targets) > 400
    for target in targets:
        text = documents[str(union.value(target, OA.hasSource))]
        selectors = list(union.objects(target, OA.hasSelector))
        exact = next(str(union.value(s, OA.exact)) for s in selectors if union.value(s, OA.exact) is not None)
        position = next(s for s in selectors if union.value(s, OA.start) is not None)
        start, end = int(union.value(position, OA.start)), int(union.value(position, OA.end))
        assert text[start:end] == exact


def test_the_built_graph_conforms_to_the_shapes(built: BuildResult) -> None:
    assert built.conforms, built.report


def test_every_claim_is_derived_from_a_source_document(built: BuildResult) -> None:
    union = Graph()
    for graph in built.dataset.graphs():
        union += graph
    claims = set(union.subjects(RDF.type, KG.Claim))
    assert len(claims) == len(built.curation.facts)
    assert all(union.value(claim, PROV.wasDerivedFrom) is not None for claim in claims)


def test_build_writes_turtle_and_trig_with_a_graph_per_source(
    built: BuildResult, repo_paths: ProjectPaths
) -> None:
    dataset = Dataset()
    dataset.parse(repo_paths.trig, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {str(GRAPH.source(s)) for s in ("000", "001", "002", "003", "004")} <= names
    assert {str(GRAPH.ONTOLOGY), str(GRAPH.ENTITIES), str(GRAPH.DOCUMENTS), str(GRAPH.DERIVED)} <= names
    turtle = Graph().parse(repo_paths.turtle, format="turtle")
    union = Graph()
    for graph in built.dataset.graphs():
        union += graph
    assert len(turtle) == len(union)


def _build_in_subprocess(root: Path, seed: str) -> tuple[bytes, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "kg", "--root", str(root), "build"], check=True, env=env, capture_output=True
    )
    return (root / "build" / "kg.ttl").read_bytes(), (root / "build" / "kg.trig").read_bytes()


def test_build_is_byte_identical_across_runs_and_hash_seeds(project_copy: ProjectPaths) -> None:
    first = _build_in_subprocess(project_copy.root, "1")
    second = _build_in_subprocess(project_copy.root, "2024")
    assert first == second


def test_the_quote_shortcut_is_the_first_evidence_text(built: BuildResult) -> None:
    union = Graph()
    for graph in built.dataset.graphs():
        union += graph
    claims = set(union.subjects(RDF.type, KG.Claim))
    for claim in claims:
        first = union.value(claim, KG.evidence) and next(
            a for a in union.objects(claim, KG.evidence) if str(a).endswith("/evidence/1")
        )
        selectors = union.objects(union.value(first, OA.hasTarget), OA.hasSelector)
        exact = next(union.value(s, OA.exact) for s in selectors if union.value(s, OA.exact) is not None)
        assert union.value(claim, KG.quote) == exact, claim
