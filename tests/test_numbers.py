"""Numbers as numbers: every number a fact is about is a typed value on a fact, never only in
its free text (note, summary, target description, reason)."""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox
import pytest

from kg.build import BuildResult
from kg.curation import Curation, load_curation
from kg.model import FACT_TYPES
from kg.namespaces import PREFIXES, fact_iri
from kg.paths import ProjectPaths
from kg.store import load_store

FREE_TEXT = ("note", "summary", "target_description", "reason", "topic")
# Digits that are not quantities: dates and years, footnote marks, article numbers, calibres,
# and digits inside names and ids (K105, T-72B, f004-nis-1500-first-batch, '2+2').
NOT_A_QUANTITY = re.compile(
    r"\d{4}-\d{2}(-\d{2})?"  # ISO dates
    r"|\[\d+\]"  # footnote marks
    r"|Articles? \d+"  # article numbers
    r"|\d+[ -]mm\b"  # calibres
    r"|(?<![\d,])\b00\dw?\b"  # source ids (001, 002w.yaml)
    r"|[\w-]*[A-Za-z][\w-]*\d[\w-]*|(?<![\d,])\d[\w-]*[A-Za-z][\w-]*"  # digits in names and ids
    r"|\d\+\d"  # the '2+2' meeting format
)
NUMBER = re.compile(r"\$?(\d+(?:,\d{3})*(?:\.\d+)?)( million| billion)?")
SCALE = {"": 1, " million": 1_000_000, " billion": 1_000_000_000}


def numbers_in(text: str) -> list[Decimal]:
    """The quantities written in a text (years alone are dates, not quantities).

    >>> numbers_in("more than 1,400 types (since 2022, footnote [3]); $22 billion; 70%")
    [Decimal('1400'), Decimal('22000000000'), Decimal('70')]
    """
    text = NOT_A_QUANTITY.sub(" ", text)
    found = []
    for match in NUMBER.finditer(text):
        value = Decimal(match.group(1).replace(",", "")) * SCALE[match.group(2) or ""]
        year = match.group(2) is None and match.group(1).isdigit() and 1000 <= value <= 2100
        if year and text[match.end() : match.end() + 1] != "%":
            continue
        found.append(value)
    return found


def typed_numbers(curation: Curation, source_id: str) -> set[Decimal]:
    values: set[Decimal] = set()
    for fact in curation.facts.values():
        if fact.source_id != source_id:
            continue
        for name, spec in FACT_TYPES[fact.type].all_fields.items():
            if spec.kind == "number" and fact.get(name) is not None:
                values.add(Decimal(str(fact.get(name))))
    return values


def test_no_fact_text_holds_a_number_that_is_not_a_typed_value() -> None:
    # A number in a fact's free text must be a typed value of that fact or of another fact of
    # the same document (a note may point at the fact that holds it).
    curation = load_curation()
    untyped = []
    for fact in curation.facts.values():
        typed = typed_numbers(curation, fact.source_id)
        for name in FREE_TEXT:
            for number in numbers_in(str(fact.get(name) or "")):
                if number not in typed:
                    untyped.append(f"{fact.id} {name}: {number}")
    assert untyped == []


@pytest.fixture(scope="module")
def store(built: BuildResult, repo_paths: ProjectPaths) -> ox.Store:
    return load_store(repo_paths.trig)


def test_the_sanction_counts_are_integers_on_the_sanction_claim(store: ox.Store) -> None:
    query = f"""SELECT ?ships ?organisations ?individuals WHERE {{
      <{fact_iri("f001-rok-independent-sanctions")}> a kg:Sanction ; kg:targetShipCount ?ships ;
          kg:targetOrganisationCount ?organisations ; kg:targetIndividualCount ?individuals }}"""
    rows = list(store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True))
    names = ("ships", "organisations", "individuals")
    assert [tuple(row[name].value for name in names) for row in rows] == [("4", "5", "8")]
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert {row[name].datatype.value for row in rows for name in names} == {integer}
