"""A suggested fact that tells again what the graph already holds (the 19 June 2024 signing
reported by a new article) is proposed as an attestation of the existing fact, not a new event:
the same type, the same required roles (from :data:`kg.model.FACT_TYPES`) and a date that does
not contradict.

>>> from kg.curation import load_curation
>>> from kg.suggest.records import SuggestedFact
>>> fact = SuggestedFact("", "Signing", {"instrument": "DPRKRussiaTreaty", "parties": ["Russia", "DPRK"],
...                      "date": "2024-06-19"}, "...", 0, 3, 0.5, "signing")
>>> attested(fact, load_curation().facts.values())
'f001-dprk-russia-treaty-signing'
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.curation import Fact
from kg.model import FACT_TYPES
from kg.suggest.records import SuggestedFact

__all__ = ["attested", "key_roles"]


def key_roles(fact_type: str, values: dict[str, object]) -> tuple[object, ...] | None:
    """The required entity roles of a fact (lists as sets), or None when one is missing."""
    spec = FACT_TYPES[fact_type].fields
    roles: list[object] = []
    for name, field in spec.items():
        if field.kind in ("entity", "entities") and field.required:
            value = values.get(name)
            if value is None:
                return None
            roles.append(frozenset(value) if isinstance(value, list | tuple) else value)
    return tuple(roles) if roles else None


def _dates_agree(a: object, b: object) -> bool:
    if a is None or b is None:
        return True
    a, b = str(a), str(b)
    return a.startswith(b) or b.startswith(a)


def attested(fact: SuggestedFact, existing: Iterable[Fact]) -> str | None:
    """The id of the existing fact ``fact`` attests again, or None."""
    key = key_roles(fact.type, fact.fields)
    if key is None or fact.type in ("Statement", "Relation", "Role"):
        return None  # statements are new by nature; relations hold no event
    for other in sorted(existing, key=lambda f: f.id):
        if other.type != fact.type or key_roles(other.type, other.values) != key:
            continue
        if other.status == fact.status and _dates_agree(
            fact.fields.get("date"), other.date and other.date.text
        ):
            return other.id
    return None
