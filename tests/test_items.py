"""Names that ask and items in a hierarchy: generic words list their choices, and an item query
over skos:broader* joins the accounts that name a calibre with those that do not."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import BuildResult
from kg.errors import UnknownEntityError
from kg.names import NameIndex
from kg.namespaces import entity_iri
from kg.paths import ProjectPaths
from kg.store import load_store, select


@pytest.fixture(scope="module")
def store(built: BuildResult, repo_paths: ProjectPaths) -> ox.Store:
    return load_store(repo_paths.trig)


def _choices(store: ox.Store, name: str) -> str:
    with pytest.raises(UnknownEntityError) as raised:
        NameIndex.from_store(store).resolve(name)
    return str(raised.value)


def test_monitoring_team_asks_which_of_the_two_teams(store: ox.Store) -> None:
    message = _choices(store, "monitoring team")
    assert "MSMT" in message and "ROKMonitoringGroup" in message


def test_tanks_asks_which_tanks(store: ox.Store) -> None:
    message = _choices(store, "tanks")
    assert "kgr:Tanks" in message and "ROKTanks" in message


def test_national_security_council_is_seouls_in_001s_sense(store: ox.Store) -> None:
    assert NameIndex.from_store(store).resolve("National Security Council") == str(
        entity_iri("ROKNationalSecurityCouncil")
    )


def test_an_item_query_over_broader_finds_155_mm_and_generic_shell_claims(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT DISTINCT ?claim ?item ?kind WHERE {
             ?claim a kg:Transfer ; kg:item ?item . ?item skos:broader* ?kind }""",
        {"kind": ox.NamedNode(entity_iri("ArtilleryShell"))},
    )
    items = {row["item"] for row in rows}
    claims = {row["claim"].rsplit("/", 1)[-1] for row in rows}
    assert {str(entity_iri("Shell155mm")), str(entity_iri("ArtilleryShell"))} <= items
    assert {"f000-rok-usa-shells-end-user-sale", "f002w-rok-shells-to-us-backfill"} <= claims
