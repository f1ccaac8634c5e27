"""The notebook API: kg.load() and KnowledgeGraph's methods return plain rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg
from kg.api import KnowledgeGraph
from kg.build import BuildResult
from kg.cli import cli
from kg.errors import QueryError, UnknownEntityError
from kg.namespaces import GRAPH, KG, RDF, entity_iri
from kg.paths import project_paths

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph(built: BuildResult, repo_paths) -> KnowledgeGraph:
    return kg.load(repo_paths)


@pytest.mark.parametrize("name", ["ROK", "South Korea", "Seoul", "republic of korea", "SEOUL"])
def test_labels_aliases_and_metonyms_resolve_to_the_same_state(graph: KnowledgeGraph, name: str) -> None:
    assert graph.resolve(name) == str(entity_iri("ROK"))


def test_an_unknown_name_raises_with_close_suggestions(graph: KnowledgeGraph) -> None:
    with pytest.raises(UnknownEntityError, match="did you mean 'Ukraine'"):
        graph.resolve("Ukriane")


def test_query_takes_keyword_parameters_and_returns_dicts(graph: KnowledgeGraph) -> None:
    rows = graph.query("direct-transfers", supplier="Washington", recipient="Kyiv")
    assert all(isinstance(r, dict) for r in rows)
    # 002w states no calibre for the ammunition the US sent on (the curation audit)
    assert {r["item"] for r in rows} == {"artillery shells (calibre not stated)"}


def test_rows_convert_to_a_dataframe(graph: KnowledgeGraph) -> None:
    import pandas as pd

    frame = pd.DataFrame(graph.query("polls"))
    assert int(frame["opposed"].max()) == 64
    chains = graph.chains("South Korea", "Ukraine")
    hops = pd.DataFrame([row for chain in chains if chain.linked for row in chain.as_rows()])
    assert {"hop", "supplier_label", "quote", "source_title"} <= set(hops.columns)


def test_chains_resolve_names(graph: KnowledgeGraph) -> None:
    chains = graph.chains("Seoul", "Kyiv", max_hops=2)
    assert any(c.linked and c.path[1] == str(entity_iri("USA")) for c in chains)


def test_entity_card_has_type_aliases_relations_and_claims(graph: KnowledgeGraph) -> None:
    card = graph.entity("Pyongyang")
    assert card.label == "North Korea" and "State" in card.types
    assert "DPRK" in card.aliases and "Pyongyang" in card.metonyms
    assert ("out", str(entity_iri("DPRKRussiaTreaty"))) in {
        (r["direction"], r["other"]) for r in card.relations
    }
    assert "Transfer" in card.claims_by_type() and "Deployment" in card.claims_by_type()
    assert len(card.sources) == 5  # every source document names North Korea


def test_treaty_article_4_refers_to_un_charter_article_51(graph: KnowledgeGraph) -> None:
    rows = graph.treaty_article("Article 4")
    assert {r["article"] for r in rows} == {str(entity_iri("DPRKRussiaTreatyArt4"))}
    assert "Article 51 of the UN Charter" in {r["referenceLabel"] for r in rows}


def test_red_lines_are_south_koreas_technology_red_line(graph: KnowledgeGraph) -> None:
    assert {r["redLine"] for r in graph.red_lines()} == {str(entity_iri("ROKTechTransferRedLine"))}


def test_timeline_between_two_days_is_in_order(graph: KnowledgeGraph) -> None:
    rows = graph.timeline("2024-10-18", "2024-10-20")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates) and "2024-10-18" in dates


def test_as_of_drops_claims_from_later_documents(graph: KnowledgeGraph) -> None:
    old = graph.as_of("2024-06-20")  # the AFP story of that day is in; the Hankyoreh of 21 June is not
    sources = {r["source"] for r in old.query("direct-transfers", supplier="DPRK", recipient="Russia")}
    assert sources == {
        "South Korea to ‘Reconsider’ Ban on Weapons Sales to Ukraine",
        "US security expert says Seoul hasn't completely ruled out sending other types of weapons to Ukraine",
    }
    # Only the US and South Korean allegations were on record: the reported shipments came later.
    assert {c.hops[0].status for c in old.chains("DPRK", "Russia", max_hops=1)} == {"alleged"}


def test_reasoning_makes_states_agents_and_inverts_part_of(built: BuildResult, repo_paths) -> None:
    plain = kg.load(repo_paths)
    reasoned = kg.load(repo_paths, reason=True)
    ask_agent = "ASK { kgr:ROK a kg:Agent }"
    ask_provision = "ASK { kgr:DPRKRussiaTreaty kg:hasProvision kgr:DPRKRussiaTreatyArt4 }"
    assert plain.query(ask_agent) == [{"answer": False}] and reasoned.query(ask_agent) == [{"answer": True}]
    assert reasoned.query(ask_provision) == [{"answer": True}]


def test_view_draws_this_graph(graph: KnowledgeGraph) -> None:
    view = graph.view("ego", entity="Seoul")
    assert view.kind == "ego" and view.title == "Ego view: South Korea (depth 1)"


def test_importing_kg_exposes_the_notebook_names() -> None:
    assert {"load", "KnowledgeGraph", "Chain", "Hop", "find_chains", "run_query"} <= set(kg.__all__)


def test_kg_show_prints_an_entity_card() -> None:
    result = CliRunner().invoke(cli, ["show", "Seoul"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("South Korea  (kgr:ROK)")
    assert "metonyms: Seoul" in result.output and "Transfer claims" in result.output


# ------------------------------------------------------------------ as_of and imports

SIPRI_REGISTER = Path(__file__).resolve().parent / "fixtures" / "sipri_trade_register.csv"


@pytest.fixture(scope="module")
def with_import(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGraph:
    """A copy of the project with the synthetic SIPRI register imported (document date 2025)."""
    root = tmp_path_factory.mktemp("as-of")
    for name in ("ontology", "seeds"):
        shutil.copytree(REPO / name, root / name)
    result = CliRunner().invoke(cli, ["--root", str(root), "import", "sipri", str(SIPRI_REGISTER)])
    assert result.exit_code == 0, result.output
    return kg.load(project_paths(root))


def _imported(graph: KnowledgeGraph) -> set[str]:
    """The transfers in the import's named graph."""
    pattern = (None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Transfer)))
    imported = ox.NamedNode(str(GRAPH.imported("sipri-trade-register")))
    return {quad.subject.value for quad in graph.store.quads_for_pattern(*pattern, imported)}


def test_as_of_drops_imported_claims_from_later_documents(with_import: KnowledgeGraph) -> None:
    imported = _imported(with_import)
    assert len(imported) == 28
    old = with_import.as_of("1990-01-01")
    assert _imported(old) == set()
    assert old.query("ASK { ?t kg:evidence ?e }") == [{"answer": False}]  # nothing is on record in 1990
    routes = old.chains("South Korea", "Poland", max_hops=1)
    assert not {hop.transfer for chain in routes for hop in chain.hops} & imported
    assert with_import.chains("South Korea", "Poland", max_hops=1)  # the import has some


def test_as_of_after_the_import_keeps_it(with_import: KnowledgeGraph) -> None:
    later = with_import.as_of("2030-01-01")
    assert _imported(later) == _imported(with_import)
    supplies = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH.DERIVED}> {{ ?a kg:suppliesTo ?b }} }}"
    assert later.query(supplies) == with_import.query(supplies)


def test_as_of_drops_the_evidence_and_plain_triples_of_dropped_claims(graph: KnowledgeGraph) -> None:
    old = graph.as_of("2024-06-20")
    orphans = """
    SELECT ?e WHERE { ?e a oa:Annotation ; oa:hasBody ?claim FILTER NOT EXISTS { ?claim a kg:Claim } }
    """
    assert old.query(orphans) == [] and graph.query(orphans) == []
    # every plain triple a relation claim reifies is stated by a kept, asserted claim in its graph
    unstated = """
    SELECT ?s ?p ?o WHERE {
      GRAPH ?g { ?c a kg:RelationClaim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o }
      FILTER NOT EXISTS { GRAPH ?g { ?k a kg:RelationClaim ; rdf:subject ?s ; rdf:predicate ?p ;
                                      rdf:object ?o ; kg:status ?status
                                      FILTER(?status IN (kg:reported, kg:confirmed)) } }
    }
    """
    assert old.query(unstated) == []
    assert len(old.query("SELECT ?c WHERE { ?c a kg:RelationClaim }")) < len(
        graph.query("SELECT ?c WHERE { ?c a kg:RelationClaim }")
    )


@pytest.mark.parametrize("date", ["30 June 2024", "2024-13-01", ""])
def test_as_of_refuses_what_is_not_an_iso_date(graph: KnowledgeGraph, date: str) -> None:
    with pytest.raises(QueryError, match="is not a date; give an ISO date"):
        graph.as_of(date)
