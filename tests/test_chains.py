"""Supply chains: routes of real transfers, each hop with its evidence, and `kg chains`."""

from __future__ import annotations

import itertools

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import BuildResult
from kg.chains import Chain, find_chains
from kg.cli import cli
from kg.namespaces import PREFIXES, entity_iri, fact_iri
from kg.store import open_store


def iri(name: str) -> str:
    return str(entity_iri(name))


@pytest.fixture(scope="module")
def store(built: BuildResult, repo_paths) -> ox.Store:
    return open_store(repo_paths)


@pytest.fixture(scope="module")
def rok_to_ukraine(store: ox.Store) -> list[Chain]:
    return find_chains(store, iri("ROK"), iri("Ukraine"))


def via(chains: list[Chain], middle: str) -> list[Chain]:
    return [c for c in chains if c.path == (iri("ROK"), iri(middle), iri("Ukraine"))]


def test_south_korea_reaches_ukraine_through_the_us_with_shells_linked_by_backfill(rok_to_ukraine) -> None:
    linked = [c for c in via(rok_to_ukraine, "USA") if c.linked]
    assert len(linked) == 1
    first, second = linked[0].hops
    assert first.transfer == str(fact_iri("f002w-rok-shells-to-us-backfill"))
    assert (first.kind, first.item_label, first.quantity) == ("backfill", "155 mm artillery shell", 550000)
    assert second.transfer == str(fact_iri("f002w-us-shells-to-ukraine"))
    assert "to replace the ammunition" in second.quote


def test_the_end_user_sale_to_the_us_is_the_same_pipeline_told_by_another_source(rok_to_ukraine) -> None:
    # 000's end-user sale and 002's backfill attest one ROK → US shell transfer: one route, not two
    routes = via(rok_to_ukraine, "USA")
    assert len(routes) == 1 and routes[0].linked
    assert routes[0].hops[0].event and routes[0].hops[0].sources == 2
    sale = str(fact_iri("f000-rok-usa-shells-end-user-sale"))
    assert not any(c.hops[0].transfer == sale for c in routes)


def test_krab_components_through_poland_are_linked_to_the_krab_sent_to_ukraine(rok_to_ukraine) -> None:
    linked = {(c.hops[0].kind, c.hops[1].item_label) for c in via(rok_to_ukraine, "Poland") if c.linked}
    assert ("component", "AHS Krab self-propelled howitzer") in linked
    assert ("backfill", "lethal weapons (unspecified)") in linked


def test_romania_backfill_is_a_linked_route(rok_to_ukraine) -> None:
    assert any(c.linked and c.hops[0].kind == "backfill" for c in via(rok_to_ukraine, "Romania"))


def test_unrelated_consecutive_transfers_are_not_linked(rok_to_ukraine) -> None:
    tanks = [c for c in via(rok_to_ukraine, "Poland") if c.hops[0].item == iri("ROKTanks")]
    assert tanks and not any(c.linked for c in tanks)


def test_every_hop_is_a_real_transfer_whose_supplier_and_recipient_match(store, rok_to_ukraine) -> None:
    ask = "ASK { ?t kg:supplier ?s ; kg:recipient ?r ; kg:evidence ?e }"
    for chain in rok_to_ukraine:
        for hop in chain.hops:
            bound = {"t": hop.transfer, "s": hop.supplier, "r": hop.recipient}
            subs = {ox.Variable(k): ox.NamedNode(v) for k, v in bound.items()}
            assert bool(
                store.query(ask, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=subs)
            )
        assert all(a.recipient == b.supplier for a, b in itertools.pairwise(chain.hops))


def test_north_korea_to_russia_has_direct_shells_missiles_koksan_and_troops(store) -> None:
    chains = find_chains(store, iri("DPRK"), iri("Russia"), max_hops=1)
    items = {c.hops[0].item_label for c in chains}
    assert {
        "North Korean artillery ammunition", "North Korean missiles",
        "M-1989 Koksan 170 mm self-propelled gun", "North Korean troops",
    } <= items  # fmt: skip


def test_denied_claims_are_not_hops_unless_asked_for(store) -> None:
    default = find_chains(store, iri("DPRK"), iri("Russia"), max_hops=1)
    assert {c.hops[0].status for c in default} <= {"reported", "confirmed", "alleged"}
    denied = find_chains(store, iri("DPRK"), iri("Russia"), max_hops=1, statuses=("denied",))
    assert {c.hops[0].claimant for c in denied} == {iri("DPRK")}


def test_max_hops_bounds_the_route_length(store) -> None:
    assert all(len(c.hops) == 1 for c in find_chains(store, iri("ROK"), iri("Ukraine"), max_hops=1))


def test_chain_rows_number_the_hops_for_pandas(rok_to_ukraine) -> None:
    chain = next(c for c in via(rok_to_ukraine, "USA") if c.linked)
    rows = chain.as_rows()
    assert [r["hop"] for r in rows] == [1, 2]
    assert rows[0]["supplier_label"] == "South Korea" and rows[1]["recipient_label"] == "Ukraine"


def test_kg_paths_shows_the_us_and_poland_routes_with_their_quotes() -> None:
    result = CliRunner().invoke(cli, ["chains", "South Korea", "Ukraine"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "South Korea → United States → Ukraine  [linked]" in out
    assert "South Korea → Poland → Ukraine  [linked]" in out
    assert "to replace the ammunition" in " ".join(out.split())
    assert "Krab" in out and "What holds South Korea back from arming Ukraine" in " ".join(out.split())


def test_kg_paths_with_an_unknown_name_exits_6() -> None:
    result = CliRunner().invoke(cli, ["chains", "Atlantis", "Ukraine"])
    assert result.exit_code == 6 and result.output.startswith("Error: no entity is named 'Atlantis'")


@pytest.mark.parametrize("max_hops", [0, -1, 1.5, True])
def test_chains_refuse_a_hop_count_below_one(built, max_hops) -> None:
    from kg.errors import QueryError

    with pytest.raises(QueryError, match="max_hops"):
        find_chains(open_store(), str(entity_iri("ROK")), str(entity_iri("Ukraine")), max_hops=max_hops)
