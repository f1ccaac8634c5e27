"""`kg suggest` and `kg accept` on small texts written for the tests (not the seeds): each
behaviour of the draft, and every way a draft cannot be written or accepted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.curation import load_curation
from kg.paths import ProjectPaths
from kg.suggest.pipeline import suggest_text
from kg.suggest.records import Draft

DOC_DATE = dt.date(2024, 10, 20)  # a Sunday


@pytest.fixture(scope="module")
def curation():  # type: ignore[no-untyped-def]
    return load_curation()


def _draft(curation, text: str, existing: bool = False) -> Draft:  # type: ignore[no-untyped-def]
    facts = curation.facts.values() if existing else []
    return suggest_text("T", text, DOC_DATE, curation.entities.values(), facts)


def _facts(draft: Draft, fact_type: str) -> list[dict]:  # type: ignore[type-arg]
    return [f.fields for f in draft.facts if f.type == fact_type]


def test_relative_dates_resolve_against_the_document_date(curation) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Seoul said Friday it will sanction Russian firms. It signed a deal last year. Talks began in June."
    )
    dates = {d.text: (d.value, d.note) for d in _draft(curation, text).dates}
    assert dates["Friday"][0] == "2024-10-18"
    assert dates["last year"] == ("2023", "'last year' in a text dated 2024-10-20 → 2023")
    assert dates["in June"][0] == "2024-06"
    assert _facts(_draft(curation, text), "Sanction")[0]["date"] == "2024-10-18"


def test_a_metonym_names_its_state(curation) -> None:  # type: ignore[no-untyped-def]
    mentions = _draft(curation, "Kyiv thanked Washington, and Pyongyang’s envoy left.").mentions
    assert [(m.text, m.entity, m.kind) for m in mentions] == [
        ("Kyiv", "Ukraine", "metonym"),
        ("Washington", "USA", "metonym"),
        ("Pyongyang", "DPRK", "possessive"),
    ]


def test_an_ambiguous_or_generic_word_is_left_to_the_curator(curation) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(curation, "Kim inspected the shells.")
    review = {m.text: m.candidates for m in draft.review}
    assert set(review) == {"Kim", "shells"}
    assert "KimJongUn" in review["Kim"] and "ArtilleryShell" in review["shells"]
    assert all(m.entity is None for m in draft.review)


def test_a_denial_is_denied_with_its_claimant(curation) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(curation, "North Korea denied supplying artillery shells to Russia, calling it absurd.")
    transfer = _facts(draft, "Transfer")[0]
    assert (transfer["supplier"], transfer["recipient"], transfer["status"]) == ("DPRK", "Russia", "denied")


def test_a_possibility_is_speculated(curation) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(curation, "South Korea could send 155 mm shells to Ukraine, an analyst said.")
    transfer = _facts(draft, "Transfer")[0]
    assert (transfer["supplier"], transfer["recipient"], transfer["status"]) == (
        "ROK",
        "Ukraine",
        "speculated",
    )


def test_an_accusation_is_alleged_and_attributed(curation) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(curation, "The United States accused North Korea of providing missiles to Russia.")
    transfer = _facts(draft, "Transfer")[0]
    assert (transfer["status"], transfer["claimant"]) == ("alleged", "USA")


def test_a_new_entity_is_proposed_with_a_type(curation) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(curation, "Defense Minister Kim Yong-sik met officials of Hyundai Rotem in Seoul.")
    proposed = {(e.label, e.type) for e in draft.entities}
    assert ("Kim Yong-sik", "Person") in proposed and ("Hyundai Rotem", "Company") in proposed


def test_quantities_are_typed_values(curation) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(curation, "North Korea sent about 10,000 troops to Russia, worth $2 billion, a 40% rise.")
    values = {(q.unit, q.value, q.qualifier) for q in draft.quantities}
    assert {("count", 10000.0, "approximately"), ("usd", 2e9, None), ("percent", 40.0, None)} <= values
    deployment = _facts(draft, "Deployment")[0]
    assert deployment["quantity"] == 10000 and deployment["quantity_qualifier"] == "approximately"


def test_every_quote_is_located_verbatim(curation) -> None:  # type: ignore[no-untyped-def]
    text = "Byline\n\nSeoul said Friday it will sanction Russian firms.\n\nRelated stories\n"
    draft = _draft(curation, text)
    assert draft.facts and all(text[f.start : f.end] == f.quote for f in draft.facts)
    assert [s.text for s in draft.skips] == ["Related stories"]


def test_a_repeated_event_is_proposed_as_an_attestation(curation) -> None:  # type: ignore[no-untyped-def]
    draft = _draft(
        curation, "North Korea and Russia signed the mutual defense agreement on June 19, 2024.", True
    )
    signing = next(f for f in draft.facts if f.type == "Signing")
    assert signing.attests in {f.id for f in curation.facts.values() if f.type == "Signing"}


ARTICLE = (
    "---\ntitle: Seoul weighs shells\npublisher: AFP\ndate: 2024-10-20\n---\n"
    "South Korea will review its policy of not providing lethal arms to Ukraine, a presidential official "
    "said Friday.\n\nNorth Korea and Russia signed the mutual defense agreement on June 19, 2024.\n"
)


def _cli(paths: ProjectPaths, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(paths.root), *args])
    return result.exit_code, result.output


def test_the_curators_path_add_suggest_accept_build(project_copy: ProjectPaths, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert _cli(project_copy, "add-source", str(article))[0] == 0
    code, output = _cli(project_copy, "suggest", "005")
    assert code == 0, output
    draft = project_copy.seeds / "facts" / "drafts" / "005.yaml"
    assert "suggested:" in draft.read_text(encoding="utf-8")
    load_curation(project_copy)  # the draft is not read by the loader
    code, output = _cli(project_copy, "accept", "005")
    assert code == 0, output
    assert not draft.exists() and (project_copy.seeds / "facts" / "005.yaml").is_file()
    assert "f005-" in str(load_curation(project_copy).facts.keys())
    code, output = _cli(project_copy, "build")
    assert code == 0, output


def test_a_draft_never_replaces_an_accepted_file(project_copy: ProjectPaths) -> None:
    accepted = project_copy.seeds / "facts" / "003.yaml"
    before = accepted.read_bytes()
    code, output = _cli(project_copy, "suggest", "003")
    assert code == 10 and "already accepted" in output
    assert accepted.read_bytes() == before and not (project_copy.seeds / "facts" / "drafts").exists()


def test_accept_refuses_without_a_draft_or_over_an_accepted_file(project_copy: ProjectPaths) -> None:
    assert _cli(project_copy, "accept", "005")[0] == 10
    drafts = project_copy.seeds / "facts" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "003.yaml").write_text('source: "003"\nfacts: []\n', encoding="utf-8")
    code, output = _cli(project_copy, "accept", "003")
    assert code == 10 and "already accepted" in output


def test_a_draft_that_does_not_check_is_not_accepted(project_copy: ProjectPaths, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    _cli(project_copy, "add-source", str(article))
    drafts = project_copy.seeds / "facts" / "drafts"
    drafts.mkdir(parents=True)
    bad = 'source: "005"\nfacts:\n  - {id: f005-x, type: Transfer, supplier: Atlantis, quote: "nowhere"}\n'
    (drafts / "005.yaml").write_text(bad, encoding="utf-8")
    code, output = _cli(project_copy, "accept", "005")
    assert code == 10 and "would not build" in output
    assert not (project_copy.seeds / "facts" / "005.yaml").exists() and (drafts / "005.yaml").exists()


def test_a_draft_does_not_make_the_build_stale(project_copy: ProjectPaths) -> None:
    from kg.build import build
    from kg.build.freshness import stale_reason

    build(project_copy)
    drafts = project_copy.seeds / "facts" / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "009.yaml").write_text("anything\n", encoding="utf-8")
    assert stale_reason(project_copy) is None
