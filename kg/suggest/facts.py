"""Candidate facts from one sentence: each row of :data:`kg.suggest.rules.FACT_RULES` whose
trigger matches proposes a fact of its type, its roles filled from the sentence's mentions by
the strategy the row names, its status from the wording (:data:`~kg.suggest.rules.STATUS_CUES`)
and its claimant from the attribution (:data:`~kg.suggest.rules.ATTRIBUTION`).

>>> status_of("Pyongyang has described the allegations as “absurd.”")
'denied'
>>> status_of("Seoul could send shells.")
'speculated'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.model import AGENT_TYPES, FACT_TYPES, INSTRUMENT_TYPES, ITEM_TYPES, STATUSES
from kg.suggest.records import DateValue, Mention, Quantity, Sentence, SuggestedFact
from kg.suggest.rules import ATTRIBUTION, CLAIMANT_PHRASES, FACT_RULES, STATUS_CUES, FactRule

__all__ = ["Context", "propose_facts", "status_of"]

_CUES = [(status, re.compile(p, re.IGNORECASE)) for status, p in STATUS_CUES if status in STATUSES]
_ATTRIBUTION = [re.compile(p) for p in ATTRIBUTION]
_TRIGGERS = [(rule, re.compile(rule.trigger, re.IGNORECASE)) for rule in FACT_RULES]
_PRONOUN = re.compile(r"\b(he|she|they|the official|the minister)\s+(said|added|told|noted)\b", re.IGNORECASE)


_CLAUSE_END = re.compile(r"[,;:—–]\s|\.\s|\.$")


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` around ``[start, end)``: from the last , ; : or dash before it to
    the next after it.

    >>> text = "Seoul will reconsider, after Russia and North Korea signed a deal."
    >>> text[slice(*clause(text, 52, 58))]
    'after Russia and North Korea signed a deal'
    """
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE_END.finditer(text, end)), len(text))
    return left, right


def status_of(text: str) -> str:
    """The claim status the wording of ``text`` gives (``reported`` when nothing marks it)."""
    return next((status for status, pattern in _CUES if pattern.search(text)), "reported")


@dataclass
class Context:
    """What the rules read: the entity types by id, and the claimant carried from the last
    attributed sentence (for "he added")."""

    types: dict[str, str]
    last_claimant: str | None = None


def _entity(mention: Mention) -> str | None:
    return mention.entity or (mention.candidates[0] if mention.candidates else None)


def _claimant(sentence: Sentence, mentions: list[Mention], context: Context) -> str | None:
    for phrase, entity_id in CLAIMANT_PHRASES:
        if re.search(phrase, sentence.text, re.IGNORECASE) and entity_id in context.types:
            return entity_id
    for pattern in _ATTRIBUTION:
        for match in pattern.finditer(sentence.text):
            start, end = sentence.start + match.start("who"), sentence.start + match.end("who")
            inside = [m for m in mentions if start <= m.start and m.end <= end and _entity(m)]
            agents = [m for m in inside if context.types.get(_entity(m) or "") in AGENT_TYPES]
            if agents:
                return _entity(agents[-1] if pattern is _ATTRIBUTION[0] else agents[0])
    if _PRONOUN.search(sentence.text):
        return context.last_claimant
    return None


def _of_types(mentions: list[Mention], types: frozenset[str], context: Context) -> list[str]:
    found = [_entity(m) for m in mentions]
    return list(dict.fromkeys(e for e in found if e and context.types.get(e) in types))


_ACTIONS = (("reconsider", "reconsider"), ("review", "review"), ("abandon", "abandon"), ("scrap", "abandon"),
            ("lift", "abandon"), ("adopt", "adopt"), ("maintain", "maintain"), ("keep", "maintain"),
            ("stuck", "maintain"))  # fmt: skip


def _fill(strategy: str, rule_match: re.Match[str], sentence: Sentence, mentions: list[Mention],
          quantities: list[Quantity], claimant: str | None, context: Context) -> object:  # fmt: skip
    at = sentence.start + rule_match.start()
    after_end = sentence.start + rule_match.end()
    left, right = (sentence.start + i for i in clause(sentence.text, rule_match.start(), rule_match.end()))
    in_clause = [m for m in mentions if left <= m.start and m.end <= right]
    before = [m for m in mentions if m.end <= at]
    after = [m for m in mentions if m.start >= after_end]
    pick: dict[str, Callable[[], object]] = {
        "agent_before": lambda: (_of_types(before, AGENT_TYPES, context)[-1:] or [None])[0],
        "agent_after": lambda: (_of_types(after, AGENT_TYPES, context)[:1] or [None])[0],
        "agents_after": lambda: _of_types(after, AGENT_TYPES, context) or None,
        "agents": lambda: (
            _of_types(in_clause, frozenset({"State"}), context)
            or _of_types(mentions, frozenset({"State"}), context)
            or None
        ),
        "item": lambda: (
            _of_types(after, ITEM_TYPES, context) or _of_types(mentions, ITEM_TYPES, context) or [None]
        )[0],
        "people": lambda: (
            (lambda p: p if len(p) >= 2 else p + _of_types(mentions, frozenset({"State"}), context))(
                _of_types(mentions, frozenset({"Person"}), context)
            )
            or None
        ),
        "instrument": lambda: (_of_types(mentions, INSTRUMENT_TYPES, context) or [None])[0],
        "policy": lambda: (_of_types(mentions, frozenset({"Policy"}), context) or [None])[0],
        "red_line": lambda: (_of_types(mentions, frozenset({"RedLine"}), context) or [None])[0],
        "org": lambda: (_of_types(mentions, AGENT_TYPES - {"State", "Person"}, context) or [None])[0],
        "speaker": lambda: claimant or (_of_types(before, AGENT_TYPES, context)[-1:] or [None])[0],
        "others": lambda: (
            [e for e in _of_types(mentions, frozenset(context.types.values()), context) if e != claimant]
            or None
        ),
        "action": lambda: next((a for word, a in _ACTIONS if word in rule_match.group().casefold()), None),
        "verdict": lambda: (
            "not-crossed"
            if re.search(r"\b(not|n’t|n't|never)\b[^.]{0,30}cross", sentence.text)
            else "crossed"
            if re.search(r"\bcross(ed|es|ing)\b", sentence.text)
            else "undetermined"
        ),
    }
    if strategy in ("title_person", "title"):
        people = [
            m for m in after if context.types.get(_entity(m) or "") == "Person" and m.start - after_end < 3
        ]
        if not people:
            return None
        return _entity(people[0]) if strategy == "title_person" else rule_match.group().strip()
    if strategy in ("entity_before", "entity_after"):
        side = before[::-1] if strategy == "entity_before" else after
        return next((e for e in (_entity(m) for m in side) if e), None)
    if strategy.startswith("percent:"):
        percents = [q.value for q in quantities if q.unit == "percent"]
        index = int(strategy.split(":")[1])
        return percents[index] if index < len(percents) else None
    return pick[strategy]()


def _fact(rule: FactRule, match: re.Match[str], sentence: Sentence, mentions: list[Mention],
          dates: list[DateValue], quantities: list[Quantity], claimant: str | None,
          context: Context) -> SuggestedFact | None:  # fmt: skip
    fields: dict[str, object] = {}
    for name, strategy in rule.roles.items():
        value = _fill(strategy, match, sentence, mentions, quantities, claimant, context)
        if value is not None:
            fields[name] = value
    fields.update(rule.fixed)
    spec = FACT_TYPES[rule.type].all_fields
    if any(
        s.required and name not in fields for name, s in spec.items() if name not in ("id", "type", "quote")
    ):
        return None
    if rule.type in ("Transfer", "Deployment"):
        if fields.get("supplier") == fields.get("recipient"):
            return None
        counts = [q for q in quantities if q.unit == "count"]
        if counts:
            fields["quantity"] = counts[0].value
            if counts[0].qualifier:
                fields["quantity_qualifier"] = counts[0].qualifier
        money = [q for q in quantities if q.unit == "usd"]
        if money and rule.type == "Transfer":
            fields["value_usd"] = money[0].value
    left, right = clause(sentence.text, match.start(), match.end())
    status = "reported" if rule.type == "Statement" else status_of(sentence.text[left:right])
    if rule.type == "Statement" and status_of(sentence.text) == "denied":
        status = "denied"
    if status != "reported":
        fields["status"] = status
    if claimant and rule.type != "Statement":
        fields["claimant"] = claimant
    why = [f"rule {rule.name}: {match.group()!r}"]
    if dates:
        fields["date"] = dates[0].value
        if dates[0].note:
            fields["date_note"] = dates[0].note
    filled = sum(1 for name in rule.roles if name in fields) / max(1, len(rule.roles))
    confidence = round(rule.confidence * (0.6 + 0.4 * filled) + (0.1 if claimant else 0.0), 2)
    return SuggestedFact("", rule.type, fields, sentence.text, sentence.start, sentence.end,
                         min(confidence, 0.95), rule.name, why=why)  # fmt: skip


def propose_facts(sentence: Sentence, mentions: list[Mention], dates: list[DateValue],
                  quantities: list[Quantity], context: Context) -> list[SuggestedFact]:  # fmt: skip
    """Every fact the rules propose for ``sentence`` (mentions, dates and quantities are the
    sentence's own)."""
    claimant = _claimant(sentence, mentions, context)
    if claimant:
        context.last_claimant = claimant
    proposed: list[SuggestedFact] = []
    for rule, trigger in _TRIGGERS:
        match = trigger.search(sentence.text)
        if match is None:
            continue
        fact = _fact(rule, match, sentence, mentions, dates, quantities, claimant, context)
        if fact is not None:
            proposed.append(fact)
    return proposed
