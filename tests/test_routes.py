"""Routes with counts, and their chains built on demand, against the all-chains search they
replace (tests/support/chains_reference.py), on the seeds and on 10,000 synthetic transfers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.chains import find_chains, find_routes, load_hops
from kg.cli import cli
from kg.display import summarise_chains, summarise_routes
from kg.errors import QueryError
from kg.namespaces import entity_iri
from kg.store import open_store, select
from kg.synthetic import synthetic_quads
from tests.support.chains_reference import reference_chains

pytestmark = pytest.mark.usefixtures("built")

PAIRS = [("ROK", "Ukraine"), ("DPRK", "Russia")]


def iri(name: str) -> str:
    return str(entity_iri(name))


def assert_same(store: ox.Store, source: str, target: str, max_hops: int, hops: list | None = None) -> None:
    """Chains, linked chains and the summary's counts as the all-chains search gives them."""
    for linked_only in (False, True):
        expected = reference_chains(store, source, target, max_hops, linked_only=linked_only, hops=hops)
        assert find_chains(store, source, target, max_hops, linked_only=linked_only) == expected
        routes = find_routes(store, source, target, max_hops)
        assert summarise_routes(routes, linked_only=linked_only) == summarise_chains(expected)
        if not linked_only:
            assert {c.path for c in expected} == {r.path for r in routes}
            assert sum(r.combinations for r in routes) == len(expected)
            built = {tuple(h.transfer for h in c.hops) for r in routes for c in r.chains()}
            assert built == {tuple(h.transfer for h in c.hops) for c in expected}


@pytest.mark.parametrize("max_hops", [1, 2, 3, 4])
@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_routes_give_the_chains_of_the_seeds(source: str, target: str, max_hops: int) -> None:
    assert_same(open_store(), iri(source), iri(target), max_hops)


@pytest.fixture(scope="module")
def synthetic() -> ox.Store:
    """The seed build plus 10,000 synthetic transfers among its states and 200 more."""
    store = open_store()
    seeds = ox.Store()
    seeds.extend(store.quads_for_pattern(None, None, None, None))
    query = "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a kg:State } } ORDER BY ?s"
    states = [row["s"] for row in select(seeds, query)]
    seeds.extend(synthetic_quads(10_000, agents=states))
    return seeds


@pytest.mark.parametrize(
    ("source", "target"), [*PAIRS, ("SynthState0", "SynthState1"), ("USA", "SynthState7")]
)
def test_routes_give_the_chains_of_a_10k_transfer_graph(
    synthetic: ox.Store, source: str, target: str
) -> None:
    hops = load_hops(synthetic)
    assert_same(synthetic, iri(source), iri(target), 3, hops=hops)


def test_a_10k_graph_has_tied_chains_to_compare(synthetic: ox.Store) -> None:
    routes = find_routes(synthetic, iri("ROK"), iri("Ukraine"))
    assert sum(r.linked for r in routes if r.hops > 1) > 0
    assert sum(r.combinations for r in routes) > len(routes)  # parallel transfers multiply


def test_a_route_builds_at_most_the_chains_asked_for(synthetic: ox.Store) -> None:
    routes = find_routes(synthetic, iri("ROK"), iri("Ukraine"))
    route = max(routes, key=lambda r: r.combinations)
    assert route.combinations > 2
    chains = route.chains(limit=2)
    assert len(chains) == 2 and chains == route.chains()[:2]
    assert route.chains(limit=0) == []
    with pytest.raises(QueryError, match="limit"):
        route.chains(limit=-1)


@pytest.mark.parametrize("max_hops", [0, -1, 1.5, True, "3", None])
def test_routes_refuse_a_hostile_hop_count(max_hops: object) -> None:
    with pytest.raises(QueryError, match="max_hops"):
        find_routes(open_store(), iri("ROK"), iri("Ukraine"), max_hops=max_hops)  # type: ignore[arg-type]


def test_unknown_or_equal_ends_have_no_route() -> None:
    store = open_store()
    assert find_routes(store, iri("ROK"), iri("ROK")) == []
    assert find_routes(store, iri("Atlantis"), iri("Ukraine")) == []


def test_kg_chains_prints_each_route_once_with_its_counts() -> None:
    out = CliRunner().invoke(cli, ["chains", "South Korea", "Ukraine"]).output
    assert "route 4: South Korea → Ukraine  (10 parallel transfers; 7 chains)" in out
    assert "4 more chains on this route (--all lists them)" in out
    every = CliRunner().invoke(cli, ["chains", "South Korea", "Ukraine", "--all"]).output
    assert "more chains" not in every
    assert every.count("[direct]") == 7 and every.count("[linked]") == 4
    summary = "17 routes: 7 direct, 10 indirect (4 linked, 6 unlinked)"
    assert out.splitlines()[-1] == every.splitlines()[-1] == summary
