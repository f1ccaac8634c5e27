"""Names the curated entities do not know: capitalised runs of words outside the known
mentions, split at titles, typed by their keywords (:data:`kg.suggest.rules.NAME_KEYWORDS`)
or by a title before them (a person), with an id in the house style.

>>> found, inner = propose_entities("Defense Minister Kim Yong-hyun met Hanwha Aerospace.", [])
>>> [(e.id, e.type, e.role) for e in found]
[('KimYongHyun', 'Person', 'Defense Minister'), ('HanwhaAerospace', 'Company', None)]
"""

from __future__ import annotations

import re

from kg.names import normalise_name
from kg.suggest.records import Mention, NewEntity
from kg.suggest.rules import NAME_KEYWORDS, NOT_NAMES, TITLES

__all__ = ["entity_id", "propose_entities"]

_TOKEN = r"(?:[A-Z][\w’'\-]*[\w]|[A-Z]|\d+[A-Za-z]+\d*)"
_RUN = re.compile(rf"{_TOKEN}(?:(?:\s+(?:of|for|the|and|on|de|al|bin)){{0,2}}\s+{_TOKEN})*")
_TITLE = re.compile(rf"^(?:{'|'.join(TITLES)})\s+", re.IGNORECASE)
_TITLE_BEFORE = re.compile(rf"(?:{'|'.join(TITLES)})\s+$")
_KEYWORDS = [(re.compile(p), t) for p, t in NAME_KEYWORDS]
_KOREAN_NAME = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+$")  # "Ahn Chan-il"
_ATTRIBUTED = re.compile(r"^(?:’s|'s)?\s*(?:,\s+(?:a|an|the|who)\b|said|says|told|added|noted|warned)")


def entity_id(label: str) -> str:
    """An id in the house style: each word capitalised, joined, only ASCII letters and digits.

    >>> entity_id("World Institute for North Korea Studies"), entity_id("Ahn Chan-il")
    ('WorldInstituteForNorthKoreaStudies', 'AhnChanIl')
    """
    words = re.split(r"[\s\-’']+", label)
    joined = "".join(w[:1].upper() + w[1:] for w in words if w)
    return re.sub(r"[^A-Za-z0-9]", "", joined) or "Entity"


def _type_of(label: str, before: str, after: str) -> tuple[str | None, float, str]:
    for pattern, entity_type in _KEYWORDS:
        if pattern.search(label):
            return entity_type, 0.6, f"keyword {pattern.search(label).group()!r}"  # type: ignore[union-attr]
    words = label.split()
    if _TITLE_BEFORE.search(before) and 1 <= len(words) <= 4:
        return "Person", 0.7, "a title before the name"
    if _KOREAN_NAME.match(label):
        return "Person", 0.6, "a Korean personal name"
    if 2 <= len(words) <= 3 and _ATTRIBUTED.match(after):
        return "Person", 0.5, "a name that speaks or is described"
    if len(words) >= 2:
        return "Organisation", 0.3, "a capitalised name"
    return None, 0.0, ""


def propose_entities(text: str, mentions: list[Mention], start: int = 0) -> tuple[list[NewEntity], set[int]]:
    """New entities named in ``text`` (offsets from ``start``), and the indexes of known
    ``mentions`` that a proposed name swallows ("North Korea" in "World Institute for North
    Korea Studies")."""
    loose = ("ambiguous", "generic")  # a new name may hold these ("Kim" in "Kim Yong-sik")
    spans = [(m.start - start, m.end - start) if m.kind not in loose else (-9, -9) for m in mentions]
    found: list[NewEntity] = []
    swallowed: set[int] = set()
    for run in _RUN.finditer(text):
        label = run.group().rstrip(".")
        begin = run.start()
        title = _TITLE.match(label)
        role = None
        if title:
            role = title.group().strip()
            begin += title.end()
            label = label[title.end() :]
        inner = [i for i, (s, e) in enumerate(spans) if s < run.end() and begin < e]
        covered = sum(min(e, run.end()) - max(s, begin) for s, e in (spans[i] for i in inner))
        if covered >= len(label) or not label:
            continue
        if inner:  # a known name inside: keep the run only as an organisation containing it
            entity_type = next((t for p, t in _KEYWORDS if p.search(label)), None)
            if (
                entity_type is None
                or entity_type in ("Place", "WeaponSystem")
                or label.split()[-1] in NOT_NAMES
            ):
                continue
            first = min(spans[i][0] for i in inner)
            if first == begin and not re.search(r"\b(?:of|for)\b", label):
                continue  # "North Korean Ministry ..." is kept; "Korea Times" is already a name
            swallowed |= set(inner)
            confidence, why = 0.5, "a name holding a known one"
        else:
            words = label.split()
            while words and words[0] in NOT_NAMES:
                begin += len(words[0]) + 1
                words = words[1:]
            label = " ".join(words)
            if not label or label in NOT_NAMES:
                continue
            entity_type, confidence, why = _type_of(
                label, text[max(0, begin - 40) : begin], text[run.end() :]
            )
            if entity_type is None:
                continue
        found.append(
            NewEntity(
                entity_id(label),
                entity_type,
                label,
                start + begin,
                start + begin + len(label),
                confidence,
                why,
                role,
            )
        )
    for index, mention in enumerate(mentions):
        if mention.kind in loose and any(e.start <= mention.start and mention.end <= e.end for e in found):
            swallowed.add(index)
    return found, swallowed


def same_entity(a: NewEntity, b: NewEntity) -> bool:
    """Two proposals of one entity: the same name, or a person named by the last word.

    >>> p = NewEntity("AhnChanIl", "Person", "Ahn Chan-il", 0, 11, 0.6, "")
    >>> same_entity(p, NewEntity("Ahn", "Organisation", "Ahn", 0, 3, 0.3, ""))
    True
    """
    if normalise_name(a.label) == normalise_name(b.label):
        return True
    return a.type == "Person" and normalise_name(b.label) in {
        normalise_name(w) for w in (a.label.split()[0], a.label.split()[-1])
    }
