"""The curation audit of 2026-12 (``curation-audit.md``), entry by entry: one test per fact of its
§3 ("Every non-OK fact", 32 entries under 000.yaml … 004.yaml) and per row of its §4 (ontology
conformance), each asserting the corrected modelling on the built seed graph or on the loaded
curation records, or, where the modelling is kept, that the fact's note says why the text supports
it. Tests named ``test_fNNN_…`` follow §3 in the audit's order; ``test_section_4_…`` follow §4.
Where another test file already holds the general rule, a comment names it and the test here
asserts only the entry's own fix.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg.build import BuildResult
from kg.build.conformance import domain_range_breaches, fits
from kg.chains import find_chains
from kg.curation import Curation, Fact
from kg.namespaces import GRAPH, KG, entity_iri, event_iri, fact_iri
from kg.paths import ProjectPaths
from kg.queries import run_query
from kg.reason import materialise
from kg.store import load_store, select


@pytest.fixture(scope="module")
def store(built: BuildResult, repo_paths: ProjectPaths) -> ox.Store:
    return load_store(repo_paths.trig)


@pytest.fixture(scope="module")
def curation(built: BuildResult) -> Curation:
    return built.curation


@pytest.fixture(scope="module")
def ontology(repo_paths: ProjectPaths) -> Graph:
    return Graph().parse(repo_paths.ontology_file, format="turtle")


def node(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(entity_iri(name)))


def claim(fact_id: str) -> ox.NamedNode:
    return ox.NamedNode(str(fact_iri(fact_id)))


def values(store: ox.Store, fact_id: str, prop: str) -> set[str]:
    """The values of ``kg:prop`` on a claim node, in any graph."""
    return {q.object.value for q in store.quads_for_pattern(claim(fact_id), ox.NamedNode(KG[prop]), None)}


def plain(store: ox.Store, subject: str, predicate: str, obj: str) -> bool:
    """Whether the triple is asserted as fact (``kgr:graph/asserted``), not only as a claim."""
    quad = ox.Quad(node(subject), ox.NamedNode(KG[predicate]), node(obj), ox.NamedNode(str(GRAPH.ASSERTED)))
    return quad in store


def relation(store: ox.Store, fact_id: str) -> tuple[str, str, str]:
    """A relation claim's (predicate local name, status local name, claimant id)."""
    row = select(
        store,
        """SELECT ?c ?p ?status ?claimant WHERE {
             ?c rdf:predicate ?p ; kg:status ?status . OPTIONAL { ?c kg:claimant ?claimant } }""",
        {"c": claim(fact_id)},
    )[0]
    local = [(row[k] or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1] for k in ("p", "status", "claimant")]
    return local[0], local[1], local[2]


def note(fact: Fact) -> str:
    return (fact.get("note") or "") + " " + (fact.get("date_note") or "")


# ============================================================== §3, 000.yaml


def test_f000_rok_poland_krab_components_is_one_event_with_the_002w_account_that_names_ukraine(
    store: ox.Store, curation: Curation
) -> None:
    # kept without end_user (000 states no end-user condition); the shared event carries 002w's
    fact, other = (
        curation.facts["f000-rok-poland-krab-components"],
        curation.facts["f002w-rok-krab-components-to-poland"],
    )
    assert fact.get("end_user") is None and "end_user" in note(fact)
    assert fact.get("event") == other.get("event") == "rok-krab-components-to-poland"
    event = ox.NamedNode(str(event_iri("rok-krab-components-to-poland")))
    assert [q.object for q in store.quads_for_pattern(event, ox.NamedNode(KG.endUser), None)] == [
        node("Ukraine")
    ]
    # tests/test_events.py: the linked Krab route is counted once with its two sources; here, it
    # is the route the tour prints, into the Krab howitzers Poland sent on
    chains = find_chains(store, str(entity_iri("ROK")), str(entity_iri("Ukraine")))
    krab = [c for c in chains if c.linked and c.hops[-1].item == str(entity_iri("KrabHowitzer"))]
    assert [c.hops[0].event for c in krab] == [str(event_iri("rok-krab-components-to-poland"))]


def test_f000_rok_concern_russia_dprk_ties_is_the_newspapers_characterisation(
    store: ox.Store, curation: Curation
) -> None:
    fact = curation.facts["f000-rok-concern-russia-dprk-ties"]
    assert fact.get("speaker") == "KoreaTimes" and "ROK" in fact.get("about")
    assert values(store, fact.id, "claimant") == {str(entity_iri("KoreaTimes"))}


def test_f000_usa_russia_ties_threaten_rok_is_an_assessed_danger_not_a_threat_made(store: ox.Store) -> None:
    assert relation(store, "f000-usa-russia-ties-threaten-rok") == ("posesThreatTo", "assessed", "USA")
    assert not plain(store, "Russia", "posesThreatTo", "ROK")


def test_f000_eu_us_pressure_rok_names_its_requesters_as_003_does(curation: Curation) -> None:
    # tests/test_voices.py checks kg:requestedBy in the graph; here: 000 and 003 answer alike
    pressure = curation.facts["f000-eu-us-pressure-rok"]
    assert pressure.get("requested_by") == ["USA", "EU"] and pressure.get("claimant") == "IrinaTsukerman"
    assert "USA" in curation.facts["f003-usa-requests-rok-arms-ukraine"].get("requested_by")


def test_f000_tsukerman_att_language_is_her_reading_not_treaty_text(store: ox.Store) -> None:
    assert relation(store, "f000-tsukerman-att-language") == ("provisionText", "assessed", "IrinaTsukerman")
    texts = [
        q.object.value
        for q in store.quads_for_pattern(node("ArmsTradeTreaty"), ox.NamedNode(KG.provisionText), None)
    ]
    assert not any("vigorous review" in text for text in texts)


def test_f000_tsukerman_att_antique_arms_is_her_claim_and_the_note_says_the_att_has_no_such_clause(
    store: ox.Store, curation: Curation
) -> None:
    # tests/test_attribution.py: no ATT provisionText mentions 1899
    assert relation(store, "f000-tsukerman-att-antique-arms") == (
        "provisionText",
        "assessed",
        "IrinaTsukerman",
    )
    assert "International Tracing Instrument" in note(curation.facts["f000-tsukerman-att-antique-arms"])


def test_f000_tsukerman_alliance_challenges_rok_is_her_judgement_of_danger(
    store: ox.Store, curation: Curation
) -> None:
    # the alliance itself (Russia allyOf China / DPRK / Iran) is §8 item 4, the missing statements
    assert relation(store, "f000-tsukerman-alliance-challenges-rok") == (
        "posesThreatTo",
        "assessed",
        "IrinaTsukerman",
    )
    assert "not a threat Russia made" in note(curation.facts["f000-tsukerman-alliance-challenges-rok"])


def test_f000_tsukerman_russia_threat_ukraine_is_a_danger_not_a_threat_made(store: ox.Store) -> None:
    assert relation(store, "f000-tsukerman-russia-threat-ukraine") == (
        "posesThreatTo",
        "assessed",
        "IrinaTsukerman",
    )
    assert not plain(store, "Russia", "posesThreatTo", "Ukraine") and not plain(
        store, "Russia", "threatens", "Ukraine"
    )


def test_f000_tsukerman_russia_threat_rok_is_a_danger_not_a_threat_made(store: ox.Store) -> None:
    assert relation(store, "f000-tsukerman-russia-threat-rok") == (
        "posesThreatTo",
        "assessed",
        "IrinaTsukerman",
    )


def test_f000_kirby_russia_offers_commodities_food_is_considered_not_announced(curation: Curation) -> None:
    fact = curation.facts["f000-kirby-russia-offers-commodities-food"]
    assert (fact.status, fact.get("claimant")) == ("considered", "JohnKirby")
    assert "f000-kirby-russia-seeks-dprk-weapons" in note(fact)


# ============================================================== §3, 001.yaml


def test_f001_russia_sponsored_dprk_resolution_is_a_past_act_not_standing_support(
    store: ox.Store, curation: Curation
) -> None:
    fact = curation.facts["f001-russia-sponsored-dprk-resolution"]
    assert fact.type == "Event" and fact.get("participants") == ["Russia", "UNSC"] and fact.date is None
    assert values(store, fact.id, "claimant") == {str(entity_iri("ROK"))}
    supports = select(
        store,
        "SELECT ?c ?s ?o WHERE { ?c rdf:subject ?s ; rdf:predicate kg:supports ; rdf:object ?o }",
        {"s": node("Russia"), "o": node("UNSCResolutionsOnDPRK")},
    )
    assert not supports and not plain(store, "Russia", "supports", "UNSCResolutionsOnDPRK")


def test_f001_russia_harms_rok_security_is_an_assessed_danger(store: ox.Store) -> None:
    assert relation(store, "f001-russia-harms-rok-security") == ("posesThreatTo", "assessed", "ROK")


def test_f001_extended_deterrence_counters_dprk_is_dropped_for_its_statement(
    store: ox.Store, curation: Curation
) -> None:
    assert "f001-extended-deterrence-counters-dprk" not in curation.facts
    counters = select(
        store,
        "SELECT ?c ?s WHERE { ?c rdf:subject ?s ; rdf:predicate kg:counters }",
        {"s": node("ROKUSExtendedDeterrence")},
    )
    assert not counters
    statement = curation.facts["f001-rok-strengthen-extended-deterrence"]
    assert "ROKUSExtendedDeterrence" in statement.get("about")
    assert any(
        "neutralize North Korea’s nuclear and missile capabilities" in q.text for q in statement.quotes
    )


def test_f001_rok_independent_sanctions_name_the_targets_nationalities_not_the_states_as_targets(
    store: ox.Store,
) -> None:
    fact = "f001-rok-independent-sanctions"
    assert not values(store, fact, "target")
    assert values(store, fact, "targetNationality") == {str(entity_iri("Russia")), str(entity_iri("DPRK"))}
    row = next(r for r in run_query("sanctions", {}, store=store) if r["claim"] == str(fact_iri(fact)))
    assert (row["targets"], row["nationalities"]) == (None, "North Korea; Russia")
    # AFP's account of the same announcement (003) reads alike
    assert values(store, "f003-rok-unilateral-sanctions", "targetNationality") == values(
        store, fact, "targetNationality"
    )


# ============================================================== §3, 002.yaml


def test_f002_russia_threatens_rok_rudenko_is_dated_like_its_statement(
    store: ox.Store, curation: Curation
) -> None:
    relation_fact, statement = (
        curation.facts["f002-russia-threatens-rok-rudenko"],
        curation.facts["f002-rudenko-threatens-rok"],
    )
    assert relation_fact.date and statement.date
    assert relation_fact.date.text == statement.date.text == "2024-11" and "eve of" in note(relation_fact)
    november = run_query("timeline", {"start": "2024-11-01", "end": "2024-11-30"}, store=store)
    assert str(fact_iri(relation_fact.id)) in {row["claim"] for row in november}


def test_f002_rok_circles_direct_supply_risk_is_said_by_the_circles_not_the_state(
    store: ox.Store, curation: Curation
) -> None:
    fact = curation.facts["f002-rok-circles-direct-supply-risk"]
    assert fact.get("speaker") == "ROKPoliticalExpertCircles"
    assert curation.entities["ROKPoliticalExpertCircles"].label == "South Korean political and expert circles"
    assert values(store, fact.id, "claimant") == {str(entity_iri("ROKPoliticalExpertCircles"))}


def test_f002_rok_army_units_not_considered_is_ruled_out_not_denied(curation: Curation) -> None:
    fact = curation.facts["f002-rok-army-units-not-considered"]
    assert (fact.status, fact.get("claimant"), fact.get("disputes")) == ("refused", "ROK", None)
    # 'denied' is kept for denials of allegations: each one disputes the allegation
    assert all(f.get("disputes") for f in curation.facts.values() if f.status == "denied")


def test_f002_ukraine_requests_weapons_is_undated_since_the_requests_go_on(
    store: ox.Store, curation: Curation
) -> None:
    fact = curation.facts["f002-ukraine-requests-weapons"]
    assert fact.date is None and "since February 2022" in note(fact)
    assert not values(store, fact.id, "date") and not values(store, fact.id, "latestDate")


# ============================================================== §3, 002w.yaml


def test_f002w_us_shells_to_ukraine_states_no_calibre(curation: Curation) -> None:
    # tests/test_chains.py: the ROK → US → Ukraine chain stays linked by the backfill
    fact = curation.facts["f002w-us-shells-to-ukraine"]
    assert fact.get("item") == "ArtilleryShell" and "calibre" in note(fact)
    assert curation.entities["Shell155mm"].broader == "ArtilleryShell"


def test_f002w_rok_shells_to_us_backfill_has_no_end_user_from_another_source(
    store: ox.Store, curation: Curation
) -> None:
    fact = curation.facts["f002w-rok-shells-to-us-backfill"]
    assert fact.get("end_user") is None and "f000-rok-usa-shells-end-user-sale" in note(fact)
    assert not values(store, fact.id, "endUser")
    # the condition is 000's, and the event both tell carries it from there
    assert curation.facts["f000-rok-usa-shells-end-user-sale"].get("event") == fact.get("event")
    event = ox.NamedNode(str(event_iri(fact.get("event"))))
    assert [q.object for q in store.quads_for_pattern(event, ox.NamedNode(KG.endUser), None)] == [node("USA")]


def test_f002w_third_country_attempts_blocked_says_why_its_kind_stays_direct(curation: Curation) -> None:
    fact = curation.facts["f002w-third-country-attempts-blocked"]
    assert fact.get("kind") is None  # the default, direct
    assert "kind stays the default, direct" in note(fact) and "third countries" in note(fact)


def test_f002w_g7_declaration_vilnius_takes_no_date_from_outside_the_text(
    store: ox.Store, curation: Curation
) -> None:
    fact = curation.facts["f002w-g7-declaration-vilnius"]
    assert fact.date is None and not values(store, fact.id, "date")
    assert "July 2023" in (curation.entities["G7Declaration"].description or "")


@pytest.mark.parametrize("fact_id", ["f002w-treaty-threatens-rok", "f002w-treaty-threatens-ukraine"])
def test_f002w_treaty_threatens_is_an_assessed_danger_a_treaty_may_pose(
    store: ox.Store, curation: Curation, ontology: Graph, fact_id: str
) -> None:
    # tests/test_attribution.py: turning it back into kg:threatens fails the build (domain)
    assert relation(store, fact_id) == ("posesThreatTo", "assessed", "NewEuropeCenter")
    subject = curation.entities[curation.facts[fact_id].get("subject")]
    assert fits(ontology, "posesThreatTo", subject.type, "State") and not fits(
        ontology, "threatens", subject.type, "State"
    )


# ============================================================== §3, 003.yaml


def test_f003_rok_aims_top_arms_exporter_holds_the_export_plan(store: ox.Store, curation: Curation) -> None:
    fact = curation.facts["f003-rok-aims-top-arms-exporter"]
    assert (fact.get("predicate"), fact.get("object")) == ("holdsPolicy", "ROKArmsExportPlan")
    produces = select(
        store,
        "SELECT ?c WHERE { ?c rdf:subject kgr:ROK ; rdf:predicate kg:produces ;"
        " prov:wasDerivedFrom kgd:003 }",
    )
    assert not produces


# ============================================================== §3, 004.yaml


def test_f004_nis_dprk_10000_troops_is_a_confirmed_decision_not_a_deployment(curation: Curation) -> None:
    fact = curation.facts["f004-nis-dprk-10000-troops"]
    assert (fact.status, fact.get("claimant"), fact.date, fact.get("quantity")) == (
        "planned",
        "NIS",
        None,
        10000,
    )
    assert "18 October 2024" in note(fact) and "f004-nis-1500-first-batch" in note(fact)


def red_line_technologies(store: ox.Store, technology: str) -> set[str]:
    """The documents whose claims say the red line concerns ``technology``."""
    rows = select(
        store,
        """SELECT ?tech ?doc WHERE {
             ?c rdf:subject kgr:ROKTechTransferRedLine ; rdf:predicate kg:concernsTechnology ;
                rdf:object ?tech ; prov:wasDerivedFrom ?doc }""",
        {"tech": node(technology)},
    )
    return {row["doc"].rsplit("/", 1)[-1] for row in rows}


def test_f004_red_line_tech_icbm_reentry_is_dropped_since_only_002_links_it(
    store: ox.Store, curation: Curation
) -> None:
    assert "f004-red-line-tech-icbm-reentry" not in curation.facts
    assert red_line_technologies(store, "ICBMReentryTechnology") == {"002"}


def test_f004_red_line_tech_nuclear_sub_is_park_won_gons_link(store: ox.Store, curation: Curation) -> None:
    fact = curation.facts["f004-red-line-tech-nuclear-sub"]
    assert fact.get("claimant") == "ParkWonGon"
    assert any("definitely be crossing the red line" in q.text for q in fact.quotes)
    assert not any(
        q.text == "strategic nuclear submarines" for q in fact.quotes
    )  # the list of possible transfers
    assert relation(store, fact.id)[2] == "ParkWonGon"


def test_f004_red_line_tech_satellite_is_dropped_since_only_002_links_it(
    store: ox.Store, curation: Curation
) -> None:
    assert "f004-red-line-tech-satellite" not in curation.facts
    assert red_line_technologies(store, "SatelliteTechnology") == {"002"}


def test_f004_government_red_line_undetermined_is_the_newspapers_reading(store: ox.Store) -> None:
    rows = [r for r in run_query("red-lines", {}, store=store) if r["evidenceKind"] == "assessment"]
    undetermined = next(
        r for r in rows if r["claim"] == str(fact_iri("f004-government-red-line-undetermined"))
    )
    assert undetermined["claimant"] == "The Korea Times"
    assert not any(r["claimant"] == "South Korea" for r in rows)


@pytest.mark.parametrize("fact_id", ["f004-russia-dprk-mirv-offer", "f004-russia-dprk-nuclear-sub-offer"])
def test_f004_russia_dprk_offers_are_speculation(store: ox.Store, curation: Curation, fact_id: str) -> None:
    # tests/test_attribution.py: no Russia → DPRK supply edge comes of them, no crossing evidence
    fact = curation.facts[fact_id]
    assert (fact.status, fact.get("claimant")) == ("speculated", "ParkWonGon") and "might include" in note(
        fact
    )
    transfers = [
        r for r in run_query("red-lines", {}, store=store) if r["evidenceKind"] == "technology transfer"
    ]
    assert str(fact_iri(fact_id)) not in {r["claim"] for r in transfers}


# ============================================================== §4, ontology conformance

PROVISION_TEXT_ON_INSTRUMENTS = [
    "f000-rok-laws-provision",
    "f000-att-provision",
    "f000-un-resolutions-provision",
    "f002-foreign-trade-act-peaceful-purposes",
    "f002-directives-provision-text",
    "f002-military-supply-management-law-text",
    "f002-defence-acquisitions-law-text",
    "f003-treaty-cooperation-provision",
    "f003-unsc-sanctions-bar-military-cooperation",
]


def test_section_4_no_relation_breaks_its_predicates_domain_or_range(
    curation: Curation, ontology: Graph
) -> None:
    assert domain_range_breaches(curation, ontology) == []


@pytest.mark.parametrize("fact_id", PROVISION_TEXT_ON_INSTRUMENTS)
def test_section_4_provision_text_may_stand_on_a_whole_instrument(
    curation: Curation, ontology: Graph, fact_id: str
) -> None:
    subject = curation.entities[curation.facts[fact_id].get("subject")]
    assert subject.type in ("Law", "Treaty", "Resolution")
    assert fits(ontology, "provisionText", subject.type, None)
    assert not fits(ontology, "provisionText", "State", None)


@pytest.mark.parametrize(
    "fact_id", ["f002-treaty-mutual-military-assistance", "f003-treaty-mutual-aid-provision"]
)
def test_section_4_the_mutual_assistance_clause_is_on_article_4(
    store: ox.Store, curation: Curation, fact_id: str
) -> None:
    # tests/test_attribution.py: some Article 4 provisionText mentions assistance
    fact = curation.facts[fact_id]
    assert fact.get("subject") == "DPRKRussiaTreatyArt4" and "001" in note(fact)
    article = run_query("treaty-articles", {"treaty": "DPRKRussiaTreaty"}, store=store)
    assert fact.get("value") in {row["text"] for row in article if row["number"] == "4"}


@pytest.mark.parametrize("fact_id", ["f000-donetsk-in-ukraine", "f000-luhansk-in-ukraine"])
def test_section_4_located_in_takes_a_state(curation: Curation, ontology: Graph, fact_id: str) -> None:
    assert curation.entities[curation.facts[fact_id].get("object")].type == "State"
    assert fits(ontology, "locatedIn", "Place", "State") and not fits(
        ontology, "locatedIn", "Place", "Treaty"
    )
    assert ontology.value(KG.locatedIn, RDFS.range) is None  # a reasoner would type Ukraine a Place


@pytest.mark.parametrize(
    "fact_id",
    ["f000-no-lethal-aid-policy-refers-to-laws", "f002-no-lethal-aid-policy-refers-foreign-trade-act"],
)
def test_section_4_refers_to_lets_a_policy_cite_the_law_it_rests_on(
    curation: Curation, ontology: Graph, fact_id: str
) -> None:
    fact = curation.facts[fact_id]
    assert curation.entities[fact.get("subject")].type == "Policy"
    assert fits(ontology, "refersTo", "Policy", curation.entities[fact.get("object")].type)


def test_section_4_f002_dpk_refers_article_60_is_the_partys_statement(
    curation: Curation, ontology: Graph
) -> None:
    fact = curation.facts["f002-dpk-refers-article-60"]
    assert (fact.type, fact.get("speaker")) == ("Statement", "DemocraticPartyOfKorea")
    assert "ROKConstitutionArt60" in fact.get("about")
    assert not fits(ontology, "refersTo", "Party", "Provision")


@pytest.mark.parametrize(
    ("fact_id", "whole"), [("f004-far-east-part-of-russia", "Russia"), ("f004-spravdi-ukrainian", "Ukraine")]
)
def test_section_4_part_of_entails_no_legal_instrument(
    curation: Curation, ontology: Graph, fact_id: str, whole: str
) -> None:
    # tests/test_attribution.py: kg:partOf and kg:hasProvision are not owl:inverseOf each other
    assert curation.facts[fact_id].get("object") == whole
    assert ontology.value(KG.partOf, RDFS.domain) is None and ontology.value(KG.partOf, RDFS.range) is None
    assert (KG.hasProvision, OWL.inverseOf, KG.partOf) not in ontology


def test_section_4_a_reasoner_types_no_entity_outside_its_own_class(
    repo_paths: ProjectPaths, curation: Curation, ontology: Graph
) -> None:
    # the audit's concern: RDFS/OWL would draw wrong types (a treaty an Agent, Russia a LegalInstrument)
    reasoned = load_store(repo_paths.trig)
    assert materialise(reasoned) > 0
    wrong = []
    for entity in curation.entities.values():
        allowed = {str(c) for c in ontology.transitive_objects(KG[entity.type], RDFS.subClassOf)}
        for quad in reasoned.quads_for_pattern(node(entity.id), ox.NamedNode(str(RDF.type)), None):
            if quad.object.value.startswith(str(KG)) and quad.object.value not in allowed:
                wrong.append((entity.id, quad.object.value))
    assert wrong == []
