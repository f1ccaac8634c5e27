"""Who said what, one pattern: who SAYS it is kg:claimant (a statement's speaker is its
claimant), who DOES it a role field, who ASKS kg:requestedBy, who CHAIRS kg:chair."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import BuildResult
from kg.namespaces import entity_iri
from kg.paths import ProjectPaths
from kg.queries import run_query
from kg.store import load_store, select


@pytest.fixture(scope="module")
def store(built: BuildResult, repo_paths: ProjectPaths) -> ox.Store:
    return load_store(repo_paths.trig)


def test_said_about_returns_what_chang_said_about_russia(store: ox.Store) -> None:
    rows = run_query("said-about", {"speaker": "Chang Ho-jin", "topic": "Russia"}, store=store)
    assert {row["claim"].rsplit("/", 1)[-1] for row in rows} == {
        "f001-chang-absurd-sophistry",
        "f003-chang-russia-violation-harms-relations",
        "f003-chang-warns-russia-relations",
        "f003-russia-violates-unsc-alleged",
    }


def test_every_statement_has_its_speaker_as_claimant(store: ox.Store) -> None:
    rows = select(
        store,
        """SELECT ?statement ?speaker ?claimant WHERE {
             ?statement a kg:Statement ; kg:speaker ?speaker .
             OPTIONAL { ?statement kg:claimant ?claimant } }""",
    )
    assert rows and all(row["claimant"] == row["speaker"] for row in rows)


def test_the_us_and_eu_pressing_seoul_are_its_requesters_not_its_claimant(store: ox.Store) -> None:
    rows = select(
        store,
        "SELECT ?claim ?requester WHERE { ?claim kg:requestedBy ?requester }",
        {"claim": ox.NamedNode("https://w3id.org/rnku-kg/id/fact/f000-eu-us-pressure-rok")},
    )
    assert {row["requester"] for row in rows} == {str(entity_iri("USA")), str(entity_iri("EU"))}


def test_a_meeting_names_its_chair(store: ox.Store) -> None:
    rows = select(
        store,
        "SELECT ?meeting ?chair WHERE { ?meeting a kg:Meeting ; kg:chair ?chair }",
        {"chair": ox.NamedNode(entity_iri("ChangHoJin"))},
    )
    assert [row["meeting"].rsplit("/", 1)[-1] for row in rows] == ["f001-rok-nsc-meeting"]
