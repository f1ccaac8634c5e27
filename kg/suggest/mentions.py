"""Sentences and entity mentions: the curated names (labels, aliases, metonyms, demonyms,
possessives) found in a text, longest first; ambiguous and generic words kept with their
candidates; the sentences that are boilerplate marked.

>>> from kg.curation import load_curation
>>> lexicon = Lexicon(load_curation().entities.values())
>>> [(m.text, m.entity, m.kind) for m in lexicon.find("Pyongyang’s envoy met South Korean officials.")]
[('Pyongyang', 'DPRK', 'possessive'), ('South Korean', 'ROK', 'demonym')]
>>> [(m.text, m.kind, m.candidates[:1]) for m in lexicon.find("Kim sent shells.")]
[('Kim', 'ambiguous', ('KimJongUn',)), ('shells', 'generic', ('DPRKArtilleryAmmunition',))]
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.curation import Entity
from kg.suggest.records import Mention, Sentence
from kg.suggest.rules import BOILERPLATE, DEMONYMS, GENERIC_WORDS, KOREAN_SURNAMES
from kg.texts import sentences as sentence_spans

__all__ = ["Lexicon", "split_sentences"]

_BOILERPLATE = [re.compile(p, re.IGNORECASE) for p in BOILERPLATE[:-1]] + [re.compile(BOILERPLATE[-1])]
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')(?!\w)")


def split_sentences(text: str) -> list[Sentence]:
    """The text's sentences, each boilerplate one marked with the reason (a repeated sentence,
    such as a caption printed twice, is boilerplate the second time).

    >>> [(s.text, s.boilerplate) for s in split_sentences("By Kim Yoo-chul\\nSeoul spoke.\\nRelated stories")]
    [('By Kim Yoo-chul', 'boilerplate: byline or page furniture'), ('Seoul spoke.', None), \
('Related stories', 'boilerplate: byline or page furniture')]
    """
    seen: set[str] = set()
    found: list[Sentence] = []
    for span in sentence_spans(text):
        body = text[span.start : span.end]
        reason = None
        if any(p.search(body) for p in _BOILERPLATE):
            reason = "boilerplate: byline or page furniture"
        elif body in seen and len(body) > 20:
            reason = "boilerplate: repeated (a duplicated caption)"
        seen.add(body)
        found.append(Sentence(span.start, span.end, body, reason))
    return found


def _pattern(name: str) -> str:
    escaped = re.escape(name)
    if name[:1].islower():  # "presidential office" also starts a sentence
        escaped = f"[{name[0]}{name[0].upper()}]" + re.escape(name[1:])
    return escaped


class Lexicon:
    """Every curated name of ``entities`` compiled into one longest-first matcher."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = {entity.id: entity for entity in entities}
        names: dict[str, dict[str, str]] = {}  # name -> entity id -> kind
        for entity in self.entities.values():
            ids = (entity.id,) if entity.id.isupper() else ()  # "ROK", "NATO"; not "AhnChanIl"
            for name in (entity.label, *entity.aliases, *ids):
                if len(name) > 1:
                    names.setdefault(name, {}).setdefault(entity.id, "name")
            for name in entity.metonyms:
                names.setdefault(name, {}).setdefault(entity.id, "metonym")
        for entity_id, forms in DEMONYMS.items():
            if entity_id in self.entities:
                for form in forms:
                    names.setdefault(form, {}).setdefault(entity_id, "demonym")
        for word in GENERIC_WORDS:
            for form in (word, word.rstrip("s")):
                names.setdefault(form, {})
        self.names = names
        alternation = "|".join(_pattern(n) for n in sorted(names, key=len, reverse=True))
        self._matcher = re.compile(rf"(?<![\w\-])(?:{alternation})(?![\w])")

    def candidates(self, word: str) -> tuple[str, ...]:
        """Entities with a name holding ``word`` (or its singular), exact names first."""
        stem = word.casefold().rstrip("s")
        exact = [e for e in self.names.get(word, {}) if e in self.entities]
        holding = [
            entity.id
            for entity in self.entities.values()
            if any(re.search(rf"\b{re.escape(stem)}", n.casefold()) for n in (entity.label, *entity.aliases))
        ]
        return tuple(dict.fromkeys([*exact, *holding]))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """The mentions in ``text[start:end]``, in text order."""
        found: list[Mention] = []
        for match in self._matcher.finditer(text, start, len(text) if end is None else end):
            name = match.group()
            owners = self.names.get(name) or {}
            after = _POSSESSIVE.match(text, match.end())
            possessive = bool(after and after.group() in ("’s", "'s"))
            generic = name.casefold().rstrip("s") in {w.rstrip("s") for w in GENERIC_WORDS}
            surname = name in KOREAN_SURNAMES and any(self.entities[e].type == "Person" for e in owners)
            if generic or (name.islower() and len(name.split()) == 1):
                found.append(
                    Mention(match.start(), match.end(), name, None, self.candidates(name), "generic")
                )
            elif len(owners) > 1 or surname:
                others = [
                    e.id for e in self.entities.values() if e.type == "Person" and name in e.label.split()
                ]
                candidates = tuple(dict.fromkeys([*owners, *others]))
                found.append(Mention(match.start(), match.end(), name, None, candidates, "ambiguous"))
            elif owners:
                (entity_id, kind), *_ = owners.items()
                kind = "possessive" if possessive and kind != "demonym" else kind
                found.append(Mention(match.start(), match.end(), name, entity_id, (entity_id,), kind))
        return found
