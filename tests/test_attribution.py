"""Claims say what the sources say (issue #11): an opinion is never a plain triple, speculation
never a supply edge nor evidence that a red line was crossed."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import BuildResult
from kg.build.attribution import first_party, states_as_fact
from kg.model import MOVED, OPINION, STATUSES
from kg.namespaces import GRAPH, KG, entity_iri
from kg.paths import ProjectPaths
from kg.queries import run_query
from kg.store import load_store, select


@pytest.fixture(scope="module")
def store(built: BuildResult, repo_paths: ProjectPaths) -> ox.Store:
    return load_store(repo_paths.trig)


PLAIN = """
SELECT ?claim ?status ?claimant WHERE {
  GRAPH ?g { ?claim rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:status ?status .
             OPTIONAL { ?claim kg:claimant ?claimant } }
  GRAPH ?plain { ?s ?p ?o }
  FILTER(?plain IN (kgr:graph\\/asserted, kgr:graph\\/entities))
}
"""


CLAIM_TRIPLES = """
SELECT ?claim ?s ?p ?o WHERE { ?claim a kg:RelationClaim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
"""


def test_opinion_statuses_are_in_the_model_and_move_nothing() -> None:
    assert set(OPINION) <= set(STATUSES) and not set(OPINION) & set(MOVED)


def test_an_interviewees_opinion_is_not_a_plain_triple(store: ox.Store) -> None:
    att = ox.NamedNode(entity_iri("ArmsTradeTreaty"))
    texts = [q.object.value for q in store.quads_for_pattern(att, ox.NamedNode(KG.provisionText), None)]
    assert not any("1899" in text for text in texts), "Tsukerman's reading became an ATT provision"
    russia, ukraine = ox.NamedNode(entity_iri("Russia")), ox.NamedNode(entity_iri("Ukraine"))
    assert not list(store.quads_for_pattern(russia, None, ukraine, None)) or all(
        q.predicate.value != str(KG.threatens) for q in store.quads_for_pattern(russia, None, ukraine, None)
    )


def test_every_plain_triple_is_in_the_documents_voice(built: BuildResult, store: ox.Store) -> None:
    # the asserted graph holds exactly the triples of the relations some document states as fact
    curation = built.curation
    own = first_party(curation)
    stated = {row["claim"].rsplit("/", 1)[-1] for row in select(store, PLAIN)}
    voiced = {
        fact.id
        for fact in curation.facts.values()
        if fact.type == "Relation" and states_as_fact(fact, curation.sources[fact.source_id].publisher, own)
    }
    assert voiced <= stated  # a claim may also share its triple with another document's fact
    triples = {row["claim"].rsplit("/", 1)[-1]: row for row in select(store, CLAIM_TRIPLES)}
    voiced_triples = {(triples[f]["s"], triples[f]["p"], triples[f]["o"]) for f in voiced}
    assert all((triples[f]["s"], triples[f]["p"], triples[f]["o"]) in voiced_triples for f in stated)
    interviewee = [f for f in curation.facts.values() if f.get("claimant") == "IrinaTsukerman"]
    assert interviewee and not any(f.id in voiced for f in interviewee)


def test_the_rule_by_example(built: BuildResult) -> None:
    facts = built.curation.facts
    own = first_party(built.curation)
    assert not states_as_fact(facts["f000-tsukerman-russia-partner-china"], "KoreaTimes", own)
    assert states_as_fact(facts["f000-rok-party-to-att"], "KoreaTimes", own)  # Seoul about itself
    assert states_as_fact(facts["f002-redline-drawn-by-rok"], "NewEuropeCenter", own)  # Seoul's own red line


def test_speculation_gives_no_russia_to_north_korea_supply_edge(built: BuildResult, store: ox.Store) -> None:
    speculated = [f for f in built.curation.facts.values() if f.status == "speculated"]
    assert {"f004-russia-dprk-mirv-offer", "f004-russia-dprk-nuclear-sub-offer"} <= {f.id for f in speculated}
    moved = [
        f
        for f in built.curation.facts.values()
        if f.get("supplier") == "Russia" and f.get("recipient") == "DPRK" and f.status in MOVED
    ]
    edge = ox.Quad(
        ox.NamedNode(entity_iri("Russia")),
        ox.NamedNode(KG.suppliesTo),
        ox.NamedNode(entity_iri("DPRK")),
        ox.NamedNode(GRAPH.DERIVED),
    )
    assert (edge in store) == bool(moved)
    assert all(f.item not in ("MIRVTechnology", "NuclearSubmarineTechnology") for f in moved)


def test_speculation_is_no_evidence_that_the_red_line_was_crossed(store: ox.Store) -> None:
    rows = run_query("red-lines", {}, store=store)
    transfers = [r for r in rows if r["evidenceKind"] == "technology transfer"]
    assert all(r["status"] in MOVED for r in transfers)
    assert any(r["evidenceKind"] == "consequence" for r in rows)


def test_a_domain_breach_fails_the_build_with_the_facts_file_and_line(project_copy: ProjectPaths) -> None:
    from kg.build import build
    from kg.errors import CurationErrors

    path = project_copy.seeds / "facts" / "002w.yaml"
    text = path.read_text(encoding="utf-8")
    assert "predicate: posesThreatTo" in text
    path.write_text(text.replace("predicate: posesThreatTo", "predicate: threatens", 1), encoding="utf-8")
    with pytest.raises(CurationErrors, match=r"002w\.yaml:\d+: fact f002w-treaty-threatens-rok: subject "):
        build(project_copy, write=False, validate=False)


def test_a_range_breach_fails_the_build(project_copy: ProjectPaths) -> None:
    from kg.build import build
    from kg.errors import CurationErrors

    path = project_copy.seeds / "facts" / "000.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "predicate: partyTo\n    object: ArmsTradeTreaty", "predicate: partyTo\n    object: Ukraine", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(CurationErrors, match=r"000\.yaml:\d+: .*\(range\)"):
        build(project_copy, write=False, validate=False)


def test_part_of_is_not_the_inverse_of_has_provision(built: BuildResult) -> None:
    from rdflib.namespace import OWL

    ontology = built.dataset.graph(GRAPH.ONTOLOGY)
    assert (KG.hasProvision, OWL.inverseOf, KG.partOf) not in ontology
    assert (KG.partOf, OWL.inverseOf, KG.hasProvision) not in ontology


def test_article_4_carries_the_mutual_assistance_provision(built: BuildResult) -> None:
    art4 = [f for f in built.curation.facts.values() if f.get("subject") == "DPRKRussiaTreatyArt4"]
    assert any("assistance" in (f.get("value") or "") for f in art4)


def test_no_plain_triple_appears_in_two_graphs(built: BuildResult) -> None:
    # a plain (asserted) triple is written once, in kgr:graph/asserted, however many documents
    # state it; provenance stays on the relation claims
    asserted = built.dataset.graph(GRAPH.ASSERTED)
    assert len(asserted) > 0
    seen: dict[tuple, list[str]] = {}
    for graph in built.dataset.graphs():
        if graph.identifier in (GRAPH.ONTOLOGY, GRAPH.INFERRED):
            continue
        for triple in graph.triples((None, None, None)):
            if triple in asserted:
                seen.setdefault(triple, []).append(str(graph.identifier))
    assert all(graphs == [str(GRAPH.ASSERTED)] for graphs in seen.values())
    party_to = (entity_iri("ROK"), KG.partyTo, entity_iri("ArmsTradeTreaty"))
    assert party_to in asserted
