"""Leave-one-out benchmark of `kg suggest` on the five seed texts.

For each document: hide its own fact files (``seeds/facts/NNN*.yaml``) and the entities they
declare (entities in ``seeds/entities.yaml`` stay known), run the suggester on its text with
the other documents' facts as what it may attest, and compare the draft with the curated file.

- mentions (gold): every occurrence of a curated name (label, alias, metonym) of any entity,
  hidden or not, longest first, outside skipped sentences. A gold mention is found when a
  suggested mention overlaps it and names its entity (a known name), lists it among its
  candidates (ambiguous or generic, left to the curator) or proposes a new entity for a hidden
  one. Precision counts the mentions the draft resolves (name, metonym, possessive, new);
  demonyms ("South Korean") have no gold and are counted apart, as are review mentions.
- new entities: hidden entities whose name occurs in the text, found when a proposal
  overlaps one of its occurrences.
- facts: a curated fact is matched by a suggestion of its type whose quote (a sentence)
  overlaps one of its quotes; of those, the best is scored on status, roles (the required
  entity roles; a proposed id counts when its label is a name of the hidden entity), claimant
  and date.

Run: .venv/bin/python bench/bench_suggest.py [--markdown]
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter

from kg.curation import load_curation
from kg.model import FACT_TYPES
from kg.names import normalise_name
from kg.paths import project_paths
from kg.suggest.pipeline import suggest_text
from kg.texts import as_in_text, locate_quote


def gold_mentions(text: str, entities, skipped: list[tuple[int, int]]) -> list[tuple[int, int, set[str]]]:
    names: dict[str, set[str]] = {}
    for entity in entities:
        for name in (entity.label, *entity.aliases, *entity.metonyms):
            if len(name) > 1:
                names.setdefault(name, set()).add(entity.id)
    parts = []
    for name in sorted(names, key=len, reverse=True):
        escaped = re.escape(name)
        parts.append(f"[{name[0]}{name[0].upper()}]" + re.escape(name[1:]) if name[0].islower() else escaped)
    pattern = re.compile(rf"(?<![\w\-])(?:{'|'.join(parts)})(?![\w])")
    found = []
    for match in pattern.finditer(text):
        if any(s <= match.start() < e for s, e in skipped):
            continue
        name = match.group()
        found.append((match.start(), match.end(), names.get(name) or names[name[0].lower() + name[1:]]))
    return found


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(doc: str, curation) -> dict[str, float]:
    source = curation.sources[doc]
    text = source.text
    hidden_files = {p for p in {f.where.path for f in curation.facts.values() if f.source_id == doc}}
    hidden = {e.id for e in curation.entities.values() if e.where.path in hidden_files}
    known = [e for e in curation.entities.values() if e.id not in hidden]
    existing = [f for f in curation.facts.values() if f.source_id != doc]
    started = time.perf_counter()
    draft = suggest_text(doc, text, source.date.latest, known, existing)
    seconds = time.perf_counter() - started
    skipped = []
    for skip in (s for s in curation.skips if s.source_id == doc):
        span = locate_quote(text, as_in_text(text, skip.quote.text), skip.quote.occurrence)
        if span:
            skipped.append((span.start, span.end))
    gold = gold_mentions(text, curation.entities.values(), skipped)
    proposal_of: dict[str, str] = {}  # proposed id -> hidden entity id
    for proposal in draft.entities:
        for start, end, ids in gold:
            if ids & hidden and _overlap((proposal.start, proposal.end), (start, end)):
                proposal_of.setdefault(proposal.id, sorted(ids & hidden)[0])
        for entity_id in hidden:
            entity = curation.entities[entity_id]
            if normalise_name(proposal.label) in {normalise_name(n) for n in entity.names}:
                proposal_of.setdefault(proposal.id, entity_id)

    def names_gold(mention, ids: set[str]) -> bool:
        if mention.kind == "new":
            return proposal_of.get(mention.entity or "") in ids
        return bool(({mention.entity} | set(mention.candidates)) & ids)

    found = sum(
        any(_overlap((m.start, m.end), (s, e)) and names_gold(m, ids) for m in draft.mentions)
        for s, e, ids in gold
    )
    asserted = [m for m in draft.mentions if m.kind in ("name", "metonym", "possessive", "new")]
    right = sum(
        any(_overlap((m.start, m.end), (s, e)) and names_gold(m, ids) for s, e, ids in gold) for m in asserted
    )
    hidden_named = {i for _, _, ids in gold for i in ids & hidden}
    new_found = {proposal_of[p.id] for p in draft.entities if p.id in proposal_of}
    facts = [f for f in curation.facts.values() if f.source_id == doc]
    scores: Counter[str] = Counter()
    for fact in facts:
        spans = []
        for ref in fact.quotes:
            span = locate_quote(text, as_in_text(text, ref.text), ref.occurrence)
            if span:
                spans.append((span.start, span.end))
        candidates = [
            s
            for s in draft.facts
            if s.type == fact.type and any(_overlap((s.start, s.end), q) for q in spans)
        ]
        if not candidates:
            continue
        scores["sentence+type"] += 1

        def score(suggestion, fact=fact) -> tuple[bool, bool, bool, bool]:
            spec = FACT_TYPES[fact.type].fields
            roles_ok = True
            for name, field in spec.items():
                if field.kind in ("entity", "entities") and field.required:
                    want, got = fact.values.get(name), suggestion.fields.get(name)
                    want = set(want) if isinstance(want, list | tuple) else {want}
                    got = set(got) if isinstance(got, list | tuple) else {got}
                    got = {proposal_of.get(g, g) for g in got}
                    roles_ok &= want == got
            date = fact.date.text if fact.date else None
            return (
                suggestion.status == fact.status,
                roles_ok,
                suggestion.fields.get("claimant") == fact.get("claimant"),
                suggestion.fields.get("date") == date,
            )

        best = max((score(s) for s in candidates), key=lambda r: (r[0] and r[1], r[0] + r[1], r[2] + r[3]))
        scores["status"] += best[0]
        scores["roles"] += best[1]
        scores["status+roles"] += best[0] and best[1]
        scores["claimant"] += best[2]
        scores["date"] += best[3]
    return {
        "doc": doc,
        "bytes": len(text.encode()),
        "seconds": seconds,
        "gold": len(gold),
        "found": found,
        "asserted": len(asserted),
        "right": right,
        "demonyms": sum(m.kind == "demonym" for m in draft.mentions),
        "review": len(draft.review),
        "hidden_named": len(hidden_named),
        "new_found": len(new_found & hidden_named),
        "proposed": len(draft.entities),
        "facts": len(facts),
        "suggested": len(draft.facts),
        "attests": sum(1 for f in draft.facts if f.attests),
        **scores,
    }


def pct(a: float, b: float) -> str:
    return f"{100 * a / b:.0f} %" if b else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    paths = project_paths()
    curation = load_curation(paths)
    rows = [evaluate(doc, curation) for doc in sorted(curation.sources)]
    total: Counter[str] = Counter()
    for row in rows:
        total.update({k: v for k, v in row.items() if k != "doc"})
    total["doc"] = "all"  # type: ignore[assignment]
    header = (
        "| doc | KB | time | mention recall | mention precision | demonyms / review | new-entity recall"
        " | curated facts | suggested (attests) | sentence+type | status | roles | status+roles (of matched)"
        " | claimant | date |"
    )
    print(header)
    print("|" + "---|" * header.count(" | ") + "---|")
    for row in [*rows, total]:
        matched = row.get("sentence+type", 0)
        print(
            f"| {row['doc']} | {row['bytes'] / 1000:.1f} | {row['seconds']:.2f} s "
            f"| {pct(row['found'], row['gold'])} ({row['found']}/{row['gold']}) "
            f"| {pct(row['right'], row['asserted'])} ({row['right']}/{row['asserted']}) "
            f"| {row['demonyms']} / {row['review']} "
            f"| {pct(row['new_found'], row['hidden_named'])} ({row['new_found']}/{row['hidden_named']}) "
            f"| {row['facts']} | {row['suggested']} ({row['attests']}) "
            f"| {pct(matched, row['facts'])} ({matched}) | {pct(row.get('status', 0), matched)} "
            f"| {pct(row.get('roles', 0), matched)} | {pct(row.get('status+roles', 0), matched)} "
            f"| {pct(row.get('claimant', 0), matched)} | {pct(row.get('date', 0), matched)} |"
        )
    # speed: one 30 KB article (document 002 with the start of 000 appended), whole command path
    from kg.suggest import suggest_document

    text = curation.sources["002"].text
    article = (text + "\n\n" + curation.sources["000"].text)[:30_000]
    started = time.perf_counter()
    suggest_text(
        "X", article, curation.sources["002"].date.latest, curation.entities.values(), curation.facts.values()
    )
    warm = time.perf_counter() - started
    started = time.perf_counter()
    suggest_document(paths, "002")
    whole = time.perf_counter() - started
    print(
        f"\n30 KB article: {warm:.2f} s suggesting; `suggest_document` with loading the seeds: {whole:.2f} s"
    )


if __name__ == "__main__":
    main()
