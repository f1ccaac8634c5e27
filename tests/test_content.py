"""The graph holds the analysts' headline facts, each with its evidence."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import BuildResult
from kg.namespaces import entity_iri
from kg.paths import ProjectPaths
from kg.store import load_store, select


@pytest.fixture(scope="module")
def store(built: BuildResult, repo_paths: ProjectPaths) -> ox.Store:
    return load_store(repo_paths.trig)


TRANSFERS = """
SELECT ?fact ?supplier ?recipient ?item ?kind ?status ?quantity ?quote ?backfills ?integrated ?endUser WHERE {
  ?fact a kg:Transfer ; kg:supplier ?supplier ; kg:recipient ?recipient ; kg:item ?item ;
        kg:transferKind ?kind ; kg:status ?status ;
        kg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
  OPTIONAL { ?fact kg:quantity ?quantity }
  OPTIONAL { ?fact kg:backfills ?backfills }
  OPTIONAL { ?fact kg:integratedInto ?integrated }
  OPTIONAL { ?fact kg:endUser ?endUser }
}
"""


def transfers(store: ox.Store, supplier: str, recipient: str, item: str | None = None) -> list[dict]:
    bindings = {
        "supplier": ox.NamedNode(entity_iri(supplier)),
        "recipient": ox.NamedNode(entity_iri(recipient)),
    }
    if item:
        bindings["item"] = ox.NamedNode(entity_iri(item))
    return select(store, TRANSFERS, bindings)


def test_south_korean_shells_reach_ukraine_through_the_united_states(store: ox.Store) -> None:
    to_us = [r for r in transfers(store, "ROK", "USA", "Shell155mm") if r["backfills"]]
    assert to_us, "no ROK → US shell transfer that backfills another"
    hop = to_us[0]
    assert hop["quantity"] == 550000
    assert "550,000 155-mm shells to the US to replace the ammunition it had sent to Ukraine" in hop["quote"]
    onward = select(
        store,
        "SELECT ?t ?r WHERE { ?t kg:recipient ?r ; kg:supplier kgr:USA }",
        {"t": ox.NamedNode(hop["backfills"])},
    )
    assert [r["r"] for r in onward] == [str(entity_iri("Ukraine"))]


def test_the_2022_shell_sale_to_the_us_names_the_us_as_end_user(store: ox.Store) -> None:
    sales = [r for r in transfers(store, "ROK", "USA") if r["kind"].endswith("endUserSale")]
    assert sales
    assert any(r["endUser"] == str(entity_iri("USA")) for r in sales)
    assert any(
        "the U.S. should be the final end-user" in r["quote"]
        or "sale of artillery shells to the U.S." in r["quote"]
        for r in sales
    )


def test_krab_components_reach_ukraine_via_poland(store: ox.Store) -> None:
    components = [
        r for r in transfers(store, "ROK", "Poland", "KrabComponents") if r["kind"].endswith("component")
    ]
    assert components and all(r["integrated"] == str(entity_iri("KrabHowitzer")) for r in components)
    krabs = transfers(store, "Poland", "Ukraine", "KrabHowitzer")
    assert any("Polish Krab howitzers" in r["quote"] for r in krabs)


def test_polish_and_romanian_stocks_are_backfilled_by_south_korean_contracts(store: ox.Store) -> None:
    for state in ("Poland", "Romania"):
        backfills = [r for r in transfers(store, "ROK", state) if r["kind"].endswith("backfill")]
        assert backfills and all(r["backfills"] for r in backfills), state


def test_north_korea_supplies_russia_with_shells_missiles_and_koksan_guns(store: ox.Store) -> None:
    for item in ("DPRKArtilleryAmmunition", "DPRKBallisticMissiles", "KoksanM1989"):
        assert transfers(store, "DPRK", "Russia", item), item


def test_the_us_and_seoul_allegation_and_pyongyangs_denial_are_separate_claims(store: ox.Store) -> None:
    rows = select(
        store,
        """
        SELECT ?claim ?status ?claimant ?disputed WHERE {
          ?claim a kg:Transfer ; kg:supplier kgr:DPRK ; kg:recipient kgr:Russia ; kg:status ?status ;
                 kg:claimant ?claimant ; prov:wasDerivedFrom <https://w3id.org/rnku-kg/id/source/003> .
          OPTIONAL { ?claim kg:disputes ?disputed }
        }""",
    )
    alleged = {r["claimant"] for r in rows if r["status"].endswith("alleged")}
    # Ahn Chan-il's "the level of support North Korea is providing to Russia" is a third voice
    assert alleged == {str(entity_iri(name)) for name in ("USA", "ROK", "AhnChanIl")}
    denials = [r for r in rows if r["status"].endswith("denied")]
    assert denials and all(r["claimant"] == str(entity_iri("DPRK")) and r["disputed"] for r in denials)


def test_the_nis_confirmed_a_decision_to_send_troops_and_a_first_batch_moved(store: ox.Store) -> None:
    # the NIS confirmed North Korea's *decision* to send ~10,000 (planned; 18 October is the date of
    # the confirmation, kept in the date note); over 1,500 moved in the first batch
    rows = select(
        store,
        """
        SELECT ?quantity ?claimant ?status WHERE {
          ?d a kg:Deployment ; kg:supplier kgr:DPRK ; kg:recipient kgr:Russia ; kg:status ?status ;
             kg:quantity ?quantity ; kg:claimant ?claimant .
        }""",
    )
    nis = str(entity_iri("NIS"))
    assert {"quantity": 10000, "claimant": nis, "status": "https://w3id.org/rnku-kg/ontology#planned"} in rows
    assert {"quantity": 1500, "claimant": nis, "status": "https://w3id.org/rnku-kg/ontology#reported"} in rows


def test_article_4_refers_to_un_charter_article_51_with_evidence(store: ox.Store) -> None:
    rows = select(
        store,
        """
        SELECT ?quote WHERE {
          kgr:DPRKRussiaTreatyArt4 kg:refersTo kgr:UNCharterArt51 .
          ?claim rdf:subject kgr:DPRKRussiaTreatyArt4 ; rdf:predicate kg:refersTo ;
                 rdf:object kgr:UNCharterArt51 ;
                 kg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
        }""",
    )
    assert any("in accordance with Article 51 of the UN Charter" in r["quote"] for r in rows)


def test_the_treaty_was_signed_in_pyongyang_on_19_june_2024(store: ox.Store) -> None:
    rows = select(
        store, "SELECT ?date WHERE { ?s a kg:Signing ; kg:instrument kgr:DPRKRussiaTreaty ; kg:date ?date }"
    )
    assert "2024-06-19" in {r["date"] for r in rows}


def test_south_koreas_red_line_is_drawn_by_seoul_and_names_technologies(store: ox.Store) -> None:
    drawn = select(store, "SELECT ?who WHERE { kgr:ROKTechTransferRedLine kg:drawnBy ?who }")
    assert str(entity_iri("ROK")) in {r["who"] for r in drawn}
    technologies = {
        r["t"]
        for r in select(store, "SELECT ?t WHERE { kgr:ROKTechTransferRedLine kg:concernsTechnology ?t }")
    }
    assert {
        str(entity_iri(t))
        for t in ("ICBMReentryTechnology", "NuclearSubmarineTechnology", "SatelliteTechnology")
    } <= technologies
    conditions = select(
        store,
        """
        SELECT ?condition ?quote WHERE {
          ?c rdf:subject kgr:ROKTechTransferRedLine ; rdf:predicate kg:condition ; rdf:object ?condition ;
             kg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote }""",
    )
    assert any("nuclear or missile" in r["condition"] for r in conditions)


def test_experts_assess_the_red_line_as_not_yet_crossed(store: ox.Store) -> None:
    rows = select(
        store,
        """
        SELECT ?claimant ?quote WHERE {
          ?a a kg:RedLineAssessment ; kg:redLine kgr:ROKTechTransferRedLine ; kg:verdict kg:notCrossed ;
             kg:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .
          OPTIONAL { ?a kg:claimant ?claimant }
        }""",
    )
    assert any("not yet been crossed" in r["quote"] for r in rows)


def test_metonyms_are_hidden_labels_of_their_states(store: ox.Store) -> None:
    rows = select(
        store,
        "SELECT ?s ?name WHERE { ?s skos:hiddenLabel ?name }",
        {"name": ox.Literal("Seoul", language="en")},
    )
    assert [r["s"] for r in rows] == [str(entity_iri("ROK"))]


def test_relative_dates_are_resolved_and_explained(store: ox.Store) -> None:
    rows = select(
        store,
        """
        SELECT ?date ?note WHERE {
          ?t a kg:Transfer ; kg:supplier kgr:ROK ; kg:recipient kgr:USA ;
             prov:wasDerivedFrom <https://w3id.org/rnku-kg/id/source/000> ;
             kg:date ?date ; kg:dateNote ?note }""",
    )
    assert any(r["date"] == "2022" and "last year" in r["note"] for r in rows)


def test_polls_keep_their_shares(store: ox.Store) -> None:
    rows = select(
        store,
        "SELECT ?opposed ?favour WHERE { ?p a kg:Poll ; kg:percentOpposed ?opposed ;"
        " kg:percentInFavour ?favour }",
    )
    assert {"opposed": 64, "favour": 28} in rows
