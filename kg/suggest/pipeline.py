"""One document through the suggester: sentences, mentions, new entities, dates and
quantities, candidate facts, attestations of facts the graph already holds.

>>> import datetime as dt
>>> from kg.curation import load_curation
>>> curation = load_curation()
>>> text = "Seoul said Friday it will sanction North Korean firms. Related stories"
>>> draft = suggest_text("T1", text, dt.date(2024, 10, 20), curation.entities.values(), [])
>>> [(f.fields["imposed_by"], f.status, f.fields["date"]) for f in draft.facts if f.type == "Sanction"]
[('ROK', 'planned', '2024-10-18')]
>>> [s.text for s in draft.skips]
['Related stories']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

from rdflib import Graph

from kg.build.conformance import fits
from kg.curation import Entity, Fact
from kg.paths import project_paths
from kg.suggest.attest import attested
from kg.suggest.facts import Context, propose_facts
from kg.suggest.mentions import Lexicon, split_sentences
from kg.suggest.newents import propose_entities, same_entity
from kg.suggest.records import Draft, Mention, NewEntity, SuggestedFact
from kg.suggest.values import find_dates, find_quantities

__all__ = ["suggest_text"]


def _merge_new(found: list[NewEntity], known: list[NewEntity], taken: set[str]) -> list[Mention]:
    """Record each proposal once (``known``); every occurrence becomes a "new" mention."""
    mentions: list[Mention] = []
    for proposal in found:
        first = next((k for k in known if same_entity(k, proposal) or same_entity(proposal, k)), None)
        if first is None:
            if proposal.id in taken:
                continue  # a curated id: its name is already known under another form
            known.append(proposal)
            first = proposal
        mentions.append(Mention(proposal.start, proposal.end, proposal.label, first.id, (first.id,), "new"))
    return mentions


def _fact_id(source_id: str, fact: SuggestedFact, used: set[str]) -> str:
    parts = [fact.rule]
    for value in list(fact.fields.values())[:3]:
        if isinstance(value, str) and value.isidentifier():
            parts.append(value.lower())
    base = f"f{source_id}-" + "-".join(parts)[:60].rstrip("-")
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


@cache
def ontology() -> Graph:
    """The ontology whose domain and range rules a suggested relation must keep (read once)."""
    return Graph().parse(project_paths().ontology_file, format="turtle")


def _fits(graph: Graph, fact: SuggestedFact, types: dict[str, str]) -> bool:
    fields = fact.fields
    return fits(
        graph,
        str(fields.get("predicate")),
        types.get(str(fields.get("subject"))),
        types.get(str(fields.get("object"))),
    )


def suggest_text(
    source_id: str, text: str, date: dt.date, entities: Iterable[Entity], existing: Iterable[Fact]
) -> Draft:
    """The draft for ``text`` (a document dated ``date``), given the known ``entities`` and the
    ``existing`` facts a suggestion may attest again."""
    entities = list(entities)
    lexicon = Lexicon(entities)
    existing = list(existing)
    types = {entity.id: entity.type for entity in entities}
    draft = Draft(source_id, split_sentences(text), [], [], [], [], [])
    context = Context(types)
    used: set[str] = set()
    for sentence in draft.sentences:
        if sentence.boilerplate:
            continue
        mentions = lexicon.find(text, sentence.start, sentence.end)
        found, swallowed = propose_entities(sentence.text, mentions, sentence.start)
        mentions = [m for i, m in enumerate(mentions) if i not in swallowed]
        mentions += _merge_new(found, draft.entities, set(types))
        mentions.sort(key=lambda m: m.start)
        types.update({e.id: e.type for e in draft.entities})
        dates = find_dates(sentence.text, date, sentence.start)
        quantities = find_quantities(sentence.text, sentence.start)
        draft.mentions += mentions
        draft.dates += dates
        draft.quantities += quantities
        for fact in propose_facts(sentence, mentions, dates, quantities, context):
            if fact.type == "Relation" and not _fits(ontology(), fact, types):
                continue  # the ontology's domain or range rules it out: the build would refuse it
            fact.id = _fact_id(source_id, fact, used)
            fact.attests = attested(fact, existing)
            if fact.attests:
                fact.why.append(f"the same {fact.type} as {fact.attests}: an attestation, not a new event")
                fact.confidence = min(0.95, round(fact.confidence + 0.15, 2))
            draft.facts.append(fact)
    return draft
