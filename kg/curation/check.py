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
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from kg.curation.yaml_lines import LineMap
from kg.dates import FuzzyDate, parse_date
from kg.errors import CurationError, CurationErrors
from kg.model import OBJECT_PREDICATES, VALUE_PREDICATES, FieldSpec

__all__ = [
    "ID_RULE",
    "Checker",
    "as_text",
    "check_id",
    "check_keys",
    "check_reference",
    "check_relation",
    "check_wikidata",
    "date_value",
    "fact_values",
    "number_problem",
    "shown",
    "string_list",
    "suggest",
    "text_value",
]

# Ids become IRIs (kgr:<id>, kgf:<id>, kgd:<id>): ASCII letters, digits, '_', '-'
# and '.', starting with a letter or digit and not ending with '.'.
_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
ID_RULE = "use ASCII letters, digits, '_', '-' and '.', starting with a letter or digit"
_WIKIDATA = re.compile(r"Q[1-9][0-9]*")


class _Typed(Protocol):
    type: str


class Checker:
    """Collects problems so a curator sees all of them in one run; ``rejected`` holds the ids
    of entities and facts already reported, so references to them are not reported again."""

    def __init__(self) -> None:
        self.errors: list[CurationError] = []
        self.rejected: set[str] = set()

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


def shown(value: Any, limit: int = 60) -> str:
    """``repr`` of a value for a message, cut to ``limit`` characters.

    >>> shown("x" * 100, 10)
    "'xxxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else "a value"


def text_value(record: LineMap, name: str, path: Path, check: Checker, owner: str) -> str | None:
    """Field ``name`` of ``record`` as text, None when absent. A plain scalar keeps the text
    the curator wrote (``yes`` stays ``yes``, ``007`` stays ``007``); a list or a mapping is
    reported (``"owner: field 'name' must be text, got a list"``) and gives None.

    >>> from kg.curation.yaml_lines import load_yaml
    >>> check = Checker()
    >>> record, where = load_yaml("a: 007\\nb: [x, y]\\n"), Path("f.yaml")
    >>> text_value(record, "a", where, check, "fact f1"), text_value(record, "b", where, check, "fact f1")
    ('007', None)
    >>> str(check.errors[0])
    "f.yaml:2: fact f1: field 'b' must be text, got a list"
    """
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list | dict):
        check.add(path, record.line_of(name), f"{owner}: field {name!r} must be text, got {_kind(value)}")
        return None
    return record.written(name) or as_text(value)


def check_id(record: LineMap, name: str, path: Path, check: Checker, owner: str) -> str | None:
    """Field ``name`` as an id (see :data:`ID_RULE`), None when absent or not an id (reported).

    >>> from kg.curation.yaml_lines import load_yaml
    >>> check = Checker()
    >>> check_id(load_yaml("id: Ahn Chan Il"), "id", Path("f.yaml"), check, "entity")
    >>> str(check.errors[0]).split(";")[0]
    "f.yaml:1: entity: id 'Ahn Chan Il' is not a valid id"
    """
    text = text_value(record, name, path, check, owner)
    if text is None or _ID.fullmatch(text):
        return text
    check.add(path, record.line_of(name), f"{owner}: {name} {shown(text)} is not a valid id; {ID_RULE}")
    return None


def check_ids(record: LineMap, name: str, path: Path, check: Checker, owner: str) -> tuple[str, ...]:
    """Field ``name`` as a list of ids (see :data:`ID_RULE`); what is not a list of ids is reported.

    >>> from kg.curation.yaml_lines import load_yaml
    >>> check = Checker()
    >>> check_ids(load_yaml("related: [ROKForeignTradeAct]"), "related", Path("f.yaml"), check, "entity")
    ('ROKForeignTradeAct',)
    """
    values = string_list(record.get(name))
    if values is None:
        check.add(path, record.line_of(name), f"{owner}: {name} must be a list of ids")
        return ()
    for value in values:
        if not _ID.fullmatch(value):
            message = f"{owner}: {name} {shown(value)} is not a valid id; {ID_RULE}"
            check.add(path, record.line_of(name), message)
    return tuple(v for v in values if _ID.fullmatch(v))


def check_wikidata(record: LineMap, path: Path, check: Checker, owner: str) -> str | None:
    """The ``wikidata`` field, a QID such as ``Q884``, or None (absent or reported)."""
    text = text_value(record, "wikidata", path, check, owner)
    if text is None or _WIKIDATA.fullmatch(text):
        return text
    check.add(path, record.line_of("wikidata"), f"{owner}: wikidata {shown(text)} is not a QID like Q884")
    return None


def number_problem(value: Any, spec: FieldSpec, written: str | None) -> str | None:
    """What is wrong with a number field's value, or None.

    >>> number_problem(float("inf"), FieldSpec("number", minimum=0), ".inf")
    "must be a finite number, got '.inf'"
    >>> number_problem(150, FieldSpec("number", minimum=0, maximum=100), "150")
    'must be between 0 and 100, got 150'
    >>> number_problem(4.5, FieldSpec("number", minimum=0, integer=True), "4.5")
    "must be a whole number (a count), got '4.5'"
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number, got {shown(written or value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, got {shown(written or value)}"
    if spec.integer and not isinstance(value, int):
        return f"must be a whole number (a count), got {shown(written or value)}"
    low, high = spec.minimum, spec.maximum
    if low is not None and high is not None and not low <= value <= high:
        return f"must be between {low} and {high}, got {written or value}"
    if low is not None and value < low:
        return f"must be at least {low}, got {written or value}"
    if high is not None and value > high:
        return f"must be at most {high}, got {written or value}"
    return None


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
    for item in values:
        if isinstance(item, list | dict):
            check.add(path, line, f"{owner}: field {name!r} must be an entity id, got {_kind(item)}")
            continue
        ref = str(item)
        entity = entities.get(ref)
        if entity is None and ref in check.rejected:
            continue
        if entity is None:
            check.add(
                path,
                line,
                f"{owner}: field {name!r}: unknown entity {shown(ref)}" + suggest(ref[:100], entities),
            )
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
        if spec is None or value is None or name in ("id", "type"):  # the caller checks those
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
                    f"{owner}: {name} {shown(value)} is not one of {', '.join(spec.choices)}"
                    + suggest(str(value), spec.choices),
                )
            values[name] = str(value)
        elif spec.kind == "number":
            problem = number_problem(value, spec, record.written(name))
            if problem:
                check.add(path, line, f"{owner}: {name} {problem}")
            values[name] = value
        elif spec.kind == "date":
            date = date_value(record, name, path, check, owner)
        elif spec.kind == "quote":
            quote = (value, line)
        elif spec.kind in ("fact", "event"):
            values[name] = check_id(record, name, path, check, owner)
        else:
            values[name] = text_value(record, name, path, check, owner)
    return values, date, quote


def date_value(record: LineMap, name: str, path: Path, check: Checker, owner: str) -> FuzzyDate | None:
    """Field ``name`` as a date, parsed from the text the curator wrote; None when absent or
    reported."""
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, list | dict):
        check.add(path, record.line_of(name), f"{owner}: field {name!r} must be a date, got {_kind(value)}")
        return None
    try:
        return parse_date(value if isinstance(value, str) else record.written(name) or value)
    except ValueError as error:
        check.add(path, record.line_of(name), f"{owner}: field {name!r}: {error}")
        return None


def check_relation(values: Mapping[str, Any], path: Path, line: int, owner: str, check: Checker) -> None:
    """A Relation's predicate takes either an entity (``object:``) or text (``value:``)."""
    predicate = values.get("predicate")
    if predicate in VALUE_PREDICATES and "value" not in values:
        check.add(path, line, f"{owner}: predicate {predicate} takes 'value:' (text), not 'object:'")
    if predicate in OBJECT_PREDICATES and "object" not in values:
        check.add(path, line, f"{owner}: predicate {predicate} takes 'object:' (an entity id)")
