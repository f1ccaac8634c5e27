"""How much of each text the curated facts use.

A sentence that names two or more known entities is a candidate: it probably
states a relation. It is *covered* when a fact quotes part of it, *skipped*
when the curator listed it with a reason, else *uncovered*.

>>> report = coverage_report()
>>> report.ratio >= 0.9
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.curation import Curation, load_curation
from kg.paths import ProjectPaths, project_paths
from kg.texts import Span, line_of_offset, resolve_quotes, sentences

__all__ = ["CoverageReport", "SentenceCoverage", "coverage_report", "entity_name_pattern"]


@dataclass(frozen=True)
class SentenceCoverage:
    """One candidate sentence and what uses it."""

    source_id: str
    line: int
    text: str
    entities: tuple[str, ...]
    fact_ids: tuple[str, ...]
    skip_reason: str | None

    @property
    def status(self) -> str:
        if self.fact_ids:
            return "covered"
        return "skipped" if self.skip_reason else "uncovered"


@dataclass
class CoverageReport:
    """Candidate sentences of every source, with totals."""

    sentences: list[SentenceCoverage] = field(default_factory=list)
    # attested event id → the documents telling it (facts with an ``event:`` key)
    events: dict[str, set[str]] = field(default_factory=dict)

    @property
    def corroborated(self) -> int:
        """Events told by two or more source documents."""
        return sum(1 for sources in self.events.values() if len(sources) >= 2)

    def count(self, status: str) -> int:
        return sum(1 for s in self.sentences if s.status == status)

    @property
    def ratio(self) -> float:
        """Share of candidate sentences that are covered or skipped with a reason."""
        if not self.sentences:
            return 1.0
        return (self.count("covered") + self.count("skipped")) / len(self.sentences)


def entity_name_pattern(curation: Curation) -> tuple[re.Pattern[str], dict[str, set[str]]]:
    """A regex matching any entity name as a whole word (longest first), and name → entity ids."""
    owners: dict[str, set[str]] = {}
    for entity in curation.entities.values():
        for name in entity.names:
            if len(name) >= 2:
                owners.setdefault(name, set()).add(entity.id)
    names = sorted(owners, key=lambda n: (-len(n), n))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return pattern, owners


def coverage_report(paths: ProjectPaths | None = None) -> CoverageReport:
    """Classify every candidate sentence of every source text."""
    paths = paths or project_paths()
    curation = load_curation(paths)
    located, skipped = resolve_quotes(curation)
    pattern, owners = entity_name_pattern(curation)
    report = CoverageReport()
    for fact in curation.facts.values():
        if fact.get("event"):
            report.events.setdefault(fact.get("event"), set()).add(fact.source_id)
    for source_id, source in sorted(curation.sources.items()):
        text = source.text
        fact_spans = [
            (fact_id, Span(q.start, q.end))
            for fact_id, quotes in located.items()
            for q in quotes
            if q.source_id == source_id
        ]
        skip_spans = [
            (skip.reason, Span(q.start, q.end))
            for skip, q in zip(curation.skips, skipped, strict=True)
            if q.source_id == source_id
        ]
        for span in sentences(text):
            sentence = text[span.start : span.end]
            found: set[str] = set()
            for match in pattern.finditer(sentence):
                found |= owners[match.group(0)]
            if len(found) < 2:
                continue
            fact_ids = sorted({key for key, quote_span in fact_spans if quote_span.overlaps(span)})
            reasons = [reason for reason, quote_span in skip_spans if quote_span.overlaps(span)]
            report.sentences.append(
                SentenceCoverage(
                    source_id=source_id,
                    line=line_of_offset(text, span.start),
                    text=sentence,
                    entities=tuple(sorted(found)),
                    fact_ids=tuple(fact_ids),
                    skip_reason=reasons[0] if reasons else None,
                )
            )
    return report
