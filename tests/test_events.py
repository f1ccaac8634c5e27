"""One real-world event, many sources (issue #11.1): claims attest an event declared once."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build import BuildResult
from kg.chains import find_chains
from kg.coverage import coverage_report
from kg.curation import load_curation
from kg.errors import CurationErrors
from kg.namespaces import entity_iri
from kg.paths import ProjectPaths
from kg.store import load_store, select


@pytest.fixture(scope="module")
def store(built: BuildResult, repo_paths: ProjectPaths) -> ox.Store:
    return load_store(repo_paths.trig)


EVENTS = """
SELECT ?event ?class (COUNT(DISTINCT ?claim) AS ?claims) (SAMPLE(?n) AS ?sources) WHERE {
  ?event a kg:AttestedEvent ; kg:eventClass ?class ; kg:sourceCount ?n .
  ?claim kg:attests ?event .
} GROUP BY ?event ?class
"""

# Distinct real-world events of a class: claims counted once per event they attest.
DISTINCT = """
SELECT (COUNT(DISTINCT ?what) AS ?n) WHERE {
  ?claim a ?class ; a kg:Claim ; kg:status ?status .
  OPTIONAL { ?claim kg:attests ?event }
  BIND(COALESCE(?event, ?claim) AS ?what)
}
"""


def _distinct(store: ox.Store, cls: str, extra: str = "") -> int:
    text = DISTINCT.replace("kg:status ?status .", "kg:status ?status . " + extra).replace(
        "?class", f"<{cls}>"
    )
    return select(store, text)[0]["n"]


def test_the_treaty_was_signed_once_with_four_attestations(store: ox.Store) -> None:
    rows = select(store, EVENTS)
    signing = [r for r in rows if r["event"].endswith("/event/dprk-russia-treaty-signing")]
    assert signing and signing[0]["claims"] == 4 and signing[0]["sources"] == 4
    from kg.namespaces import KG

    assert _distinct(store, str(KG.Signing), "?claim kg:instrument kgr:DPRKRussiaTreaty .") == 1
    event = ox.NamedNode(signing[0]["event"])
    where = [q.object.value for q in store.quads_for_pattern(event, ox.NamedNode(KG.location), None)]
    assert where == [str(entity_iri("PyongyangCity"))]  # the sources that say where agree


def test_distinct_deployments_and_rok_to_us_shell_transfers(store: ox.Store) -> None:
    from kg.namespaces import KG

    assert (
        _distinct(store, str(KG.Deployment), "?claim kg:supplier kgr:DPRK ; kg:recipient kgr:Russia .") == 1
    )
    assert _distinct(store, str(KG.Transfer), "?claim kg:supplier kgr:ROK ; kg:recipient kgr:USA .") == 1


def test_coverage_counts_events_told_by_several_sources(repo_paths: ProjectPaths) -> None:
    report = coverage_report(repo_paths)
    assert len(report.events) == 20 and report.corroborated == 20


def test_chains_count_a_route_once_with_its_sources(store: ox.Store) -> None:
    chains = find_chains(store, str(entity_iri("ROK")), str(entity_iri("Ukraine")), max_hops=2)
    krab = [c for c in chains if c.linked and c.hops[0].item.endswith("KrabComponents")]
    assert len(krab) == 1 and krab[0].hops[0].sources == 2


def test_an_event_attested_by_two_fact_types_is_refused(project_copy: ProjectPaths) -> None:
    path = project_copy.seeds / "facts" / "004.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    type: Event\n", "    type: Event\n    event: dprk-russia-treaty-signing\n", 1),
        encoding="utf-8",
    )
    with pytest.raises(CurationErrors, match=r"004\.yaml:\d+: .*a Event cannot attest the same event"):
        load_curation(project_copy)
