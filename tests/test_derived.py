"""The derived graph (kg/build/derive.py): kg:feeds links between tied transfer claims and the
month index of dated claims, derived alike by the build, into a store and for synthetic data,
and the named queries that read them (indirect-supply, supply-chains, timeline)."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from kg.build import BuildResult
from kg.build.derive import derive_into_store
from kg.chains.hops import Hop, hops_linked, load_hops
from kg.namespaces import GRAPH, KG, RDF, XSD, entity_iri, fact_iri, month_iri
from kg.paths import ProjectPaths
from kg.queries import run_query
from kg.store import open_store, select
from kg.synthetic import synthetic_quads

DERIVED = ox.NamedNode(str(GRAPH.DERIVED))
FEEDS = "SELECT ?a ?b WHERE { ?a kg:feeds ?b }"
SHELLS_TO_US, US_TO_UKRAINE = (
    str(fact_iri(f)) for f in ("f002w-rok-shells-to-us-backfill", "f002w-us-shells-to-ukraine")
)
KRAB_PARTS, KRAB_TO_UKRAINE = (
    str(fact_iri(f)) for f in ("f002w-rok-krab-components-to-poland", "f002w-poland-krab-to-ukraine")
)
# timeline as it was before the month index: a scan of every dated claim.
TIMELINE_SCAN = """
SELECT DISTINCT ?start ?end ?date ?type ?label ?status ?claimant ?source ?claim ?event ?sources WHERE {
  ?claim a kg:Claim ; a ?class ; kg:date ?date ; kg:earliestDate ?earliest ; kg:latestDate ?latest ;
         rdfs:label ?label ; kg:status/skos:prefLabel ?status ; prov:wasDerivedFrom/dcterms:title ?source .
  FILTER(?class NOT IN (kg:Claim, rdf:Statement))
  FILTER(?earliest >= ?start && ?latest <= ?end)
  BIND(STRAFTER(STR(?class), "#") AS ?type)
  OPTIONAL { ?claim kg:claimant/rdfs:label ?claimant }
  OPTIONAL { ?claim kg:attests ?event . ?event kg:sourceCount ?sources }
}
ORDER BY ?earliest ?latest ?type ?claim
"""


@pytest.fixture(scope="module")
def store(built: BuildResult, repo_paths: ProjectPaths) -> ox.Store:
    return open_store(repo_paths)


def _feeds(store: ox.Store) -> set[tuple[str, str]]:
    return {(row["a"], row["b"]) for row in select(store, FEEDS)}


def _derived(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, DERIVED))


def _rederived(store: ox.Store, change: Callable[[ox.Store], None] = lambda s: None) -> ox.Store:
    """A copy of ``store`` without its derived graph, changed by ``change``, derived again."""
    copy = ox.Store()
    copy.extend(quad for quad in store if quad.graph_name != DERIVED)
    change(copy)
    derive_into_store(copy)
    return copy


def _date(day: str) -> ox.Literal:
    return ox.Literal(day, datatype=ox.NamedNode(str(XSD.date)))


# --- kg:feeds ------------------------------------------------------------------------------------


def test_a_backfill_feeds_the_transfer_whose_stocks_it_replaces(store: ox.Store) -> None:
    assert (SHELLS_TO_US, US_TO_UKRAINE) in _feeds(store)  # ROK → USA → Ukraine, 155 mm shells


def test_components_feed_the_transfer_of_the_system_they_are_built_into(store: ox.Store) -> None:
    assert (KRAB_PARTS, KRAB_TO_UKRAINE) in _feeds(store)  # ROK → Poland → Ukraine, Krab howitzers


def test_a_transfer_that_did_not_move_is_never_fed(store: ox.Store) -> None:
    transfer = ox.NamedNode(US_TO_UKRAINE)

    def considered(copy: ox.Store) -> None:
        for quad in list(copy.quads_for_pattern(transfer, ox.NamedNode(str(KG.status)), None)):
            copy.remove(quad)
            copy.add(ox.Quad(transfer, quad.predicate, ox.NamedNode(str(KG.considered)), quad.graph_name))

    assert all(US_TO_UKRAINE not in pair for pair in _feeds(_rederived(store, considered)))


def test_a_store_derives_what_the_build_derived(store: ox.Store) -> None:
    assert _derived(_rederived(store)) == _derived(store)


def test_synthetic_data_carries_what_a_store_derives_from_it() -> None:
    quads = list(synthetic_quads(3000, states=15, items=20, per_document=500))
    written = ox.Store()
    written.extend(quads)
    assert _feeds(written) and _derived(_rederived(written)) == _derived(written)


def test_feeds_plus_follows_a_three_hop_chain_of_generated_transfers() -> None:
    generated = ox.Store()
    generated.extend(synthetic_quads(3000, states=15, items=20, per_document=500))
    three = "SELECT ?a ?d WHERE { ?a kg:feeds ?b . ?b kg:feeds ?c . ?c kg:feeds ?d }"
    chains = {(row["a"], row["d"]) for row in select(generated, three)}
    path = "SELECT ?a ?d WHERE { ?a kg:feeds+ ?d }"
    assert chains and chains <= {(row["a"], row["d"]) for row in select(generated, path)}


def _linked(store: ox.Store) -> set[tuple[str, str]]:
    """The pairs of hops (transfers that moved) that kg.chains calls linked (hops_linked)."""
    hops = load_hops(store)
    by_supplier: dict[str, list[Hop]] = {}
    for hop in hops:
        by_supplier.setdefault(hop.supplier, []).append(hop)
    return {
        (a.transfer, b.transfer)
        for a in hops
        for b in by_supplier.get(a.recipient, ())
        if a is not b and hops_linked(a, b)
    }


def test_feeds_ties_the_hops_that_chains_call_linked(store: ox.Store) -> None:
    assert _feeds(store) == _linked(store)


def test_feeds_ties_the_hops_that_chains_call_linked_in_generated_data() -> None:
    generated = ox.Store()
    generated.extend(synthetic_quads(1500, states=10, items=10, per_document=500))
    assert _feeds(generated) and _feeds(generated) == _linked(generated)


# --- the named queries over kg:feeds -------------------------------------------------------------


def test_indirect_supply_rows_are_the_feeds_links_into_the_recipient(store: ox.Store) -> None:
    rows = run_query("indirect-supply", {"recipient": "Ukraine"}, store=store)
    into_ukraine = {(a, b) for a, b in _feeds(store) if b in {row["transfer2"] for row in rows}}
    assert {(row["transfer1"], row["transfer2"]) for row in rows} == into_ukraine


def test_indirect_supply_shows_the_value_of_each_hop(store: ox.Store) -> None:
    rows = run_query("indirect-supply", {"recipient": "Ukraine"}, store=store)
    values = {(row["via"], row["link"]): row["value1"] for row in rows}
    assert values[("Poland", "backfill")] == 22_000_000_000  # "including Poland ($22 billion)"
    assert values[("Romania", "backfill")] == 920_000_000


def test_supply_chains_lists_the_seed_chains_into_ukraine(store: ox.Store) -> None:
    rows = run_query("supply-chains", {"recipient": "Ukraine"}, store=store)
    chains = {(row["origin"], row["via"], row["lastItem"]) for row in rows}
    # the US hop to Ukraine names no calibre ("the ammunition it had sent to Ukraine")
    assert ("South Korea", "United States", "artillery shells (calibre not stated)") in chains
    assert ("South Korea", "Poland", "AHS Krab self-propelled howitzer") in chains


def test_supply_chains_finds_a_third_hop_before_the_chain(store: ox.Store) -> None:
    # Poland restocks South Korea's shells after South Korea backfilled the US ones: three hops.
    first = fact_iri("test-poland-restocks-rok")

    def third_hop(copy: ox.Store) -> None:
        graph, node = ox.NamedNode(str(GRAPH.source("002w"))), ox.NamedNode(str(first))
        for predicate, value in (
            (RDF.type, KG.Claim),
            (KG.supplier, entity_iri("Poland")),
            (KG.recipient, entity_iri("ROK")),
            (KG.item, entity_iri("Shell155mm")),
            (KG.status, KG.reported),
            (KG.backfills, SHELLS_TO_US),
        ):
            copy.add(ox.Quad(node, ox.NamedNode(str(predicate)), ox.NamedNode(str(value)), graph))

    rows = run_query("supply-chains", {"recipient": "Ukraine"}, store=_rederived(store, third_hop))
    assert {(row["first"], row["last"]) for row in rows if row["origin"] == "Poland"} == {
        (str(first), US_TO_UKRAINE)
    }


# --- the month index -----------------------------------------------------------------------------


def test_a_dated_claim_is_in_the_month_of_its_earliest_day(store: ox.Store) -> None:
    signing = fact_iri("f001-dprk-russia-treaty-signing")  # 19 June 2024
    rows = select(
        store, "SELECT ?claim ?m WHERE { ?claim kg:inMonth ?m }", {"claim": ox.NamedNode(str(signing))}
    )
    assert [row["m"] for row in rows] == [str(month_iri("2024-06"))]


def test_every_dated_claim_is_in_one_month(store: ox.Store) -> None:
    unindexed = (
        "SELECT ?c WHERE { ?c a kg:Claim ; kg:earliestDate ?d FILTER NOT EXISTS { ?c kg:inMonth ?m } }"
    )
    assert select(store, unindexed) == []


def test_a_month_spans_its_first_to_its_last_day(store: ox.Store) -> None:
    query = "SELECT ?m ?first ?last WHERE { ?m a kg:Month ; kg:earliestDate ?first ; kg:latestDate ?last }"
    rows = select(store, query, {"m": ox.NamedNode(str(month_iri("2024-06")))})
    assert [(row["first"], row["last"]) for row in rows] == [("2024-06-01", "2024-06-30")]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2024-06-01", "2024-06-30"),
        ("2024-06-19", "2024-06-19"),
        ("2024-01-01", "2024-12-31"),
        ("2019-01-01", "2024-12-31"),
    ],
)
def test_timeline_answers_what_a_scan_of_every_dated_claim_answers(
    store: ox.Store, start: str, end: str
) -> None:
    scanned = select(store, TIMELINE_SCAN, {"start": _date(start), "end": _date(end)})
    rows = run_query("timeline", {"start": start, "end": end}, store=store)
    assert rows == scanned and scanned
