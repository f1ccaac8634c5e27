"""The field and reference checks of the seed files. A :class:`Checker` collects every
problem (file and line) so a curator sees all of them in one run.

>>> check = Checker()
>>> check.add(Path("seeds/facts/003.yaml"), 12, "unknown field 'suplier'" + suggest("suplier", ["supplier"]))
>>> str(check.errors[0])
"seeds/facts/003.yaml:12: unknown field 'suplier'; did you mean supplier?"
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from kg.curation.yaml_lines import LineMap
from kg.dates import FuzzyDate, parse_date
from kg.errors import CurationError, CurationErrors
from kg.model import OBJECT_PREDICATES, VALUE_PREDICATES, FieldSpec

__all__ = [
    "Checker",
    "as_text",
    "check_keys",
    "check_reference",
    "check_relation",
    "fact_values",
    "string_list",
    "suggest",
]


class _Typed(Protocol):
    type: str


class Checker:
    """Collects problems so a curator sees all of them in one run."""

    def __init__(self) -> None:
        self.errors: list[CurationError] = []

    def add(self, path: Path, line: int | None, message: str) -> None:
        self.errors.append(CurationError(path, line, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise CurationErrors(self.errors)


def suggest(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean …?"`` for close matches of ``word``, else ``""``.

    >>> suggest("Tranfser", ["Transfer", "Meeting"])
    '; did you mean Transfer?'
    """
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def as_text(value: Any) -> str | None:
    """A YAML scalar as text (dates in ISO form), None kept."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def string_list(value: Any) -> tuple[str, ...] | None:
    """A list of names as a tuple of text; None when it is not a list of scalars.

    >>> string_list(["a", 1]), string_list(None), string_list("a")
    (('a', '1'), (), None)
    """
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v) for v in value)
    return None


def check_keys(record: LineMap, allowed: Iterable[str], path: Path, check: Checker, what: str) -> bool:
    """Report every key of ``record`` not in ``allowed``; True when there was none."""
    allowed = list(allowed)
    ok = True
    for key in record:
        if key not in allowed:
            check.add(path, record.line_of(key), f"unknown {what} {key!r}" + suggest(str(key), allowed))
            ok = False
    return ok


def check_reference(
    spec: FieldSpec,
    name: str,
    value: Any,
    entities: Mapping[str, _Typed],
    path: Path,
    line: int,
    owner: str,
    check: Checker,
) -> None:
    """An entity field names known entities of the types the field allows."""
    values = value if spec.kind == "entities" else [value]
    if spec.kind == "entities" and not isinstance(value, list):
        check.add(path, line, f"{owner}: field {name!r} must be a list of entity ids")
        return
    for ref in values:
        ref = str(ref)
        entity = entities.get(ref)
        if entity is None:
            check.add(path, line, f"{owner}: field {name!r}: unknown entity {ref!r}" + suggest(ref, entities))
        elif spec.entity_types is not None and entity.type not in spec.entity_types:
            allowed = ", ".join(sorted(spec.entity_types))
            check.add(
                path, line, f"{owner}: field {name!r}: {ref} is a {entity.type}, expected one of {allowed}"
            )


def fact_values(
    record: LineMap,
    specs: Mapping[str, FieldSpec],
    entities: Mapping[str, _Typed],
    path: Path,
    owner: str,
    check: Checker,
) -> tuple[dict[str, Any], FuzzyDate | None, tuple[Any, int] | None]:
    """Check a fact's fields against their specs; return the values, the date and the raw
    quote field with its line (or None)."""
    values: dict[str, Any] = {}
    date: FuzzyDate | None = None
    quote: tuple[Any, int] | None = None
    for name, value in record.items():
        spec = specs.get(name)
        if spec is None or value is None:
            continue
        line = record.line_of(name)
        if spec.kind in ("entity", "entities"):
            check_reference(spec, name, value, entities, path, line, owner, check)
            values[name] = (
                [str(v) for v in value] if spec.kind == "entities" and isinstance(value, list) else str(value)
            )
        elif spec.kind == "choice":
            if str(value) not in spec.choices:
                check.add(
                    path,
                    line,
                    f"{owner}: {name} {value!r} is not one of {', '.join(spec.choices)}"
                    + suggest(str(value), spec.choices),
                )
            values[name] = str(value)
        elif spec.kind == "number":
            if isinstance(value, bool) or not isinstance(value, int | float):
                check.add(path, line, f"{owner}: {name} must be a number, got {value!r}")
            values[name] = value
        elif spec.kind == "date":
            try:
                date = parse_date(value)
            except ValueError as error:
                check.add(path, line, f"{owner}: field 'date': {error}")
        elif spec.kind == "quote":
            quote = (value, line)
        else:
            values[name] = as_text(value)
    return values, date, quote


def check_relation(values: Mapping[str, Any], path: Path, line: int, owner: str, check: Checker) -> None:
    """A Relation's predicate takes either an entity (``object:``) or text (``value:``)."""
    predicate = values.get("predicate")
    if predicate in VALUE_PREDICATES and "value" not in values:
        check.add(path, line, f"{owner}: predicate {predicate} takes 'value:' (text), not 'object:'")
    if predicate in OBJECT_PREDICATES and "object" not in values:
        check.add(path, line, f"{owner}: predicate {predicate} takes 'object:' (an entity id)")
