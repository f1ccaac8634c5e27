"""The build: quotes at their offsets, SHACL conformance, determinism, output files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

import kg.build.pipeline
from kg.build import BuildResult, build
from kg.errors import OutputError
from kg.namespaces import GRAPH, KG, OA, PROV, RDF
from kg.paths import ProjectPaths
from kg.store import load_store, select


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


def _build_in_subprocess(root: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "kg", "--root", str(root), "build"], check=True, env=env, capture_output=True
    )
    return {name: (root / "build" / name).read_bytes() for name in ("kg.ttl", "kg.trig", "manifest.json")}


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


# ------------------------------------------------------------------ written files


def _selectors(trig: Path) -> list[dict]:
    store = load_store(trig)
    query = """
    SELECT ?file ?exact ?prefix ?suffix ?start ?end WHERE {
      ?target oa:hasSource ?doc ; oa:hasSelector ?quote, ?position .
      ?doc kg:fileName ?file .
      ?quote oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
      ?position oa:start ?start ; oa:end ?end .
    }"""
    return select(store, query)


def test_every_selector_literal_in_the_trig_occurs_in_its_text_as_stored(
    built: BuildResult, repo_paths: ProjectPaths
) -> None:
    rows = _selectors(repo_paths.trig)
    assert len(rows) > 400
    for row in rows:
        text = (repo_paths.root / row["file"]).read_bytes().decode("utf-8")
        start, end = row["start"], row["end"]
        assert text[start:end] == row["exact"]
        assert text[start - len(row["prefix"]) : start] == row["prefix"]
        assert text[end : end + len(row["suffix"])] == row["suffix"]


def test_line_separators_in_texts_and_labels_survive_the_trig(project_copy: ProjectPaths) -> None:
    phrase = "supplying weapons to Russia"
    odd = "supplying\u2028weapons\x0bto Russia"
    text_file = next((project_copy.seeds / "texts").glob("003_*.txt"))
    text = text_file.read_text(encoding="utf-8")
    assert phrase in text
    text_file.write_bytes(text.replace(phrase, odd).encode("utf-8"))
    facts = project_copy.seeds / "facts" / "003.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(phrase, "supplying\\u2028weapons\\vto Russia"),
        encoding="utf-8",
    )
    entities = project_copy.seeds / "entities.yaml"
    poland = "- {id: Poland, type: State, label: Poland, wikidata: Q36}"
    assert poland in entities.read_text(encoding="utf-8")
    entities.write_text(
        entities.read_text(encoding="utf-8").replace(
            poland, poland[:-1] + ', description: "a\\u2028b\\u0085c\\u2029d\\fe"}'
        ),
        encoding="utf-8",
    )
    build(project_copy)
    trig = list(ox.parse(path=str(project_copy.trig), format=ox.RdfFormat.TRIG))
    turtle = list(ox.parse(path=str(project_copy.turtle), format=ox.RdfFormat.TURTLE))
    literals = {q.object for q in trig if isinstance(q.object, ox.Literal)}
    assert literals == {t.object for t in turtle if isinstance(t.object, ox.Literal)}
    assert any(odd in q.object.value for q in trig if q.predicate == ox.NamedNode(str(OA.exact)))
    assert ox.Literal("a\u2028b\u0085c\u2029d\fe", language="en") in literals
    for row in _selectors(project_copy.trig):
        stored = (project_copy.root / row["file"]).read_bytes().decode("utf-8")
        assert stored[row["start"] - len(row["prefix"]) : row["end"] + len(row["suffix"])] == (
            row["prefix"] + row["exact"] + row["suffix"]
        )


def test_files_that_do_not_read_back_are_not_written(
    project_copy: ProjectPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    project_copy.build.mkdir()
    for path in (project_copy.turtle, project_copy.trig, project_copy.manifest):
        path.write_bytes(b"# the previous build\n")
    real = kg.build.pipeline.serialize

    def lossy(quads, triples=None):  # drops the last quad from the TriG
        turtle, _ = real(quads, triples)
        return turtle, real(quads[:-1])[1]

    monkeypatch.setattr(kg.build.pipeline, "serialize", lossy)
    with pytest.raises(OutputError, match=r"kg\.trig: reads back as .* quads, not the .* validated"):
        build(project_copy)
    assert sorted(p.name for p in project_copy.build.iterdir()) == ["kg.trig", "kg.ttl", "manifest.json"]
    assert project_copy.trig.read_bytes() == b"# the previous build\n"
