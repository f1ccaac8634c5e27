"""Load and check the curated seed files: sources, entities, facts and skips.

Everything is checked before anything is built: unknown fields, unknown entity
references, bad dates, duplicate ids, unknown statuses. Each problem is
reported with its file and line; all problems are reported at once.

>>> curation = load_curation()
>>> curation.entities["ROK"].label
'South Korea'
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.dates import FuzzyDate, parse_date
from kg.errors import CurationError, KgError
from kg.model import (
    ENTITY_FIELDS,
    ENTITY_TYPES,
    FACT_TYPES,
    OBJECT_PREDICATES,
    SOURCE_FIELDS,
    VALUE_PREDICATES,
    FieldSpec,
)
from kg.paths import ProjectPaths, project_paths

__all__ = [
    "Curation",
    "CurationErrors",
    "Entity",
    "Fact",
    "QuoteRef",
    "Skip",
    "SourceDoc",
    "load_curation",
]


@dataclass(frozen=True)
class Where:
    """A place in a seed file."""

    path: Path
    line: int


@dataclass(frozen=True)
class SourceDoc:
    """A source document and its metadata (``seeds/sources.yaml``)."""

    id: str
    path: Path
    title: str
    publisher: str
    authors: tuple[str, ...]
    date: FuzzyDate
    date_note: str
    kind: str
    where: Where

    @property
    def text(self) -> str:
        """The decoded text; quote offsets count its Unicode code points."""
        return self.path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Entity:
    """A named thing: identity only (type, labels, aliases)."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    metonyms: tuple[str, ...]
    description: str | None
    wikidata: str | None
    part_of: str | None
    number: str | None
    where: Where

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the entity goes by: label, aliases and metonyms."""
        return (self.label, *self.aliases, *self.metonyms)


@dataclass(frozen=True)
class QuoteRef:
    """A quote as the curator wrote it: the text and which occurrence is meant."""

    text: str
    occurrence: int
    where: Where


@dataclass(frozen=True)
class Fact:
    """A claim from one source document, checked against the schema."""

    id: str
    type: str
    source_id: str
    values: dict[str, Any]
    quotes: tuple[QuoteRef, ...]
    status: str
    date: FuzzyDate | None
    where: Where

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass(frozen=True)
class Skip:
    """A sentence left out of the graph on purpose, with the reason."""

    source_id: str
    quote: QuoteRef
    reason: str


@dataclass
class Curation:
    """Everything under ``seeds/``, loaded and cross-checked."""

    sources: dict[str, SourceDoc] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    skips: list[Skip] = field(default_factory=list)


class CurationErrors(KgError):
    """One or more seed-file problems, each with file and line."""

    exit_code = 2

    def __init__(self, errors: list[CurationError]) -> None:
        self.errors = errors
        lines = [str(error) for error in errors]
        if len(errors) > 1:
            lines.append(f"{len(errors)} problems in the seed files")
        super().__init__("\n".join(lines))


# ------------------------------------------------------------------ YAML


class _LineMap(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that records line numbers and rejects duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _LineMap:
    mapping = _LineMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


# Dates stay text: parse_date checks them and reports the line, where YAML's
# own timestamp resolver would fail on "2024-13-19" with a bare ValueError.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning syntax errors into a CurationError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurationError(path, None, "file not found") from None
    except UnicodeDecodeError as error:
        raise CurationError(path, None, f"not UTF-8 text ({error.reason})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "syntax error"
        raise CurationError(path, line, f"YAML syntax error: {problem}") from None


# ------------------------------------------------------------- checking


class _Checker:
    """Collects problems so a curator sees all of them in one run."""

    def __init__(self) -> None:
        self.errors: list[CurationError] = []

    def add(self, path: Path, line: int | None, message: str) -> None:
        self.errors.append(CurationError(path, line, message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise CurationErrors(self.errors)


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _string_list(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v) for v in value)
    return None


def _load_sources(paths: ProjectPaths, check: _Checker) -> dict[str, SourceDoc]:
    path = paths.seeds / "sources.yaml"
    records = read_yaml(path)
    if not isinstance(records, list):
        raise CurationError(path, 1, "expected a list of source documents")
    sources: dict[str, SourceDoc] = {}
    for record in records:
        if not isinstance(record, _LineMap):
            check.add(path, None, "each source must be a mapping")
            continue
        for key in record:
            if key not in SOURCE_FIELDS:
                check.add(path, record.line_of(key), f"unknown field {key!r}" + _suggest(key, SOURCE_FIELDS))
        missing = [k for k in ("id", "file", "title", "publisher", "date", "kind") if k not in record]
        if missing:
            check.add(path, record.line, f"source is missing {', '.join(missing)}")
            continue
        source_id = str(record["id"])
        if source_id in sources:
            check.add(path, record.line_of("id"), f"duplicate source id {source_id!r}")
            continue
        text_path = paths.seeds / str(record["file"])
        if not text_path.is_file():
            check.add(path, record.line_of("file"), f"text file {record['file']!r} not found under seeds/")
            continue
        try:
            date = parse_date(record["date"])
        except ValueError as error:
            check.add(path, record.line_of("date"), f"field 'date': {error}")
            continue
        authors = _string_list(record.get("authors"))
        if authors is None:
            check.add(path, record.line_of("authors"), "field 'authors' must be a list of names")
            continue
        sources[source_id] = SourceDoc(
            id=source_id,
            path=text_path,
            title=str(record["title"]),
            publisher=str(record["publisher"]),
            authors=authors,
            date=date,
            date_note=str(record.get("date_note") or ""),
            kind=str(record["kind"]),
            where=Where(path, record.line),
        )
    return sources


def _load_entity(record: Any, path: Path, check: _Checker) -> Entity | None:
    if not isinstance(record, _LineMap):
        check.add(path, None, "each entity must be a mapping")
        return None
    ok = True
    for key in record:
        if key not in ENTITY_FIELDS:
            check.add(
                path, record.line_of(key), f"unknown entity field {key!r}" + _suggest(key, ENTITY_FIELDS)
            )
            ok = False
    missing = [k for k in ("id", "type", "label") if not record.get(k)]
    if missing:
        check.add(path, record.line, f"entity is missing required field {', '.join(missing)}")
        return None
    entity_type = str(record["type"])
    if entity_type not in ENTITY_TYPES:
        check.add(
            path,
            record.line_of("type"),
            f"entity {record['id']}: unknown type {entity_type!r}" + _suggest(entity_type, ENTITY_TYPES),
        )
        ok = False
    aliases = _string_list(record.get("aliases"))
    metonyms = _string_list(record.get("metonyms"))
    if aliases is None or metonyms is None:
        check.add(path, record.line, f"entity {record['id']}: aliases and metonyms must be lists of names")
        return None
    if not ok:
        return None
    return Entity(
        id=str(record["id"]),
        type=entity_type,
        label=str(record["label"]),
        aliases=aliases,
        metonyms=metonyms,
        description=_as_text(record.get("description")),
        wikidata=_as_text(record.get("wikidata")),
        part_of=_as_text(record.get("part_of")),
        number=_as_text(record.get("number")),
        where=Where(path, record.line),
    )


def _quote_refs(value: Any, path: Path, line: int, check: _Checker, owner: str) -> list[QuoteRef]:
    items = value if isinstance(value, list) else [value]
    refs: list[QuoteRef] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            refs.append(QuoteRef(item, 1, Where(path, line)))
        elif isinstance(item, _LineMap) and isinstance(item.get("text"), str):
            occurrence = item.get("occurrence", 1)
            if not isinstance(occurrence, int) or occurrence < 1:
                check.add(path, item.line_of("occurrence"), f"{owner}: occurrence must be a positive integer")
                continue
            refs.append(QuoteRef(item["text"], occurrence, Where(path, item.line)))
        else:
            check.add(path, line, f"{owner}: quote must be text, a list of texts or {{text, occurrence}}")
    return refs


@dataclass
class _RawFile:
    path: Path
    source_id: str
    facts: list[_LineMap]
    skips: list[Any]


def _read_fact_file(
    path: Path, sources: dict[str, SourceDoc], check: _Checker
) -> tuple[_RawFile | None, list[Any]]:
    data = read_yaml(path)
    if not isinstance(data, _LineMap):
        check.add(path, 1, "a fact file is a mapping with source, entities, facts and skip")
        return None, []
    for key in data:
        if key not in ("source", "entities", "facts", "skip"):
            check.add(
                path,
                data.line_of(key),
                f"unknown top-level key {key!r}" + _suggest(key, ("source", "entities", "facts", "skip")),
            )
    source_id = _as_text(data.get("source"))
    if source_id is None:
        check.add(path, data.line, "missing 'source:' (the id of a document in seeds/sources.yaml)")
        return None, []
    if source_id not in sources:
        check.add(
            path, data.line_of("source"), f"unknown source {source_id!r}" + _suggest(source_id, sources)
        )
        return None, []
    entities = data.get("entities") or []
    facts = data.get("facts") or []
    skips = data.get("skip") or []
    for name, value in (("entities", entities), ("facts", facts), ("skip", skips)):
        if not isinstance(value, list):
            check.add(path, data.line_of(name), f"'{name}' must be a list")
            return None, []
    return _RawFile(path, source_id, facts, skips), entities


def _check_reference(
    spec: FieldSpec,
    name: str,
    value: Any,
    entities: dict[str, Entity],
    path: Path,
    line: int,
    owner: str,
    check: _Checker,
) -> None:
    values = value if spec.kind == "entities" else [value]
    if spec.kind == "entities" and not isinstance(value, list):
        check.add(path, line, f"{owner}: field {name!r} must be a list of entity ids")
        return
    for ref in values:
        ref = str(ref)
        entity = entities.get(ref)
        if entity is None:
            check.add(
                path, line, f"{owner}: field {name!r}: unknown entity {ref!r}" + _suggest(ref, entities)
            )
        elif spec.entity_types is not None and entity.type not in spec.entity_types:
            allowed = ", ".join(sorted(spec.entity_types))
            check.add(
                path, line, f"{owner}: field {name!r}: {ref} is a {entity.type}, expected one of {allowed}"
            )


def _load_fact(
    record: Any,
    raw: _RawFile,
    entities: dict[str, Entity],
    check: _Checker,
) -> Fact | None:
    path = raw.path
    if not isinstance(record, _LineMap):
        check.add(path, None, "each fact must be a mapping")
        return None
    fact_id = _as_text(record.get("id"))
    owner = f"fact {fact_id}" if fact_id else "fact"
    fact_type = _as_text(record.get("type"))
    if fact_id is None:
        check.add(path, record.line, "fact is missing required field 'id'")
        return None
    if fact_type not in FACT_TYPES:
        check.add(
            path,
            record.line_of("type"),
            f"{owner}: unknown fact type {fact_type!r}" + _suggest(str(fact_type), FACT_TYPES),
        )
        return None
    specs = FACT_TYPES[fact_type].all_fields
    errors_before = len(check.errors)
    for key in record:
        if key not in specs:
            check.add(
                path,
                record.line_of(key),
                f"{owner}: unknown field {key!r} for {fact_type}" + _suggest(key, specs),
            )
    for name, spec in specs.items():
        if spec.required and (name not in record or record[name] in (None, "", [])):
            check.add(path, record.line, f"{owner}: missing required field {name!r} for {fact_type}")
    values: dict[str, Any] = {}
    date: FuzzyDate | None = None
    quotes: list[QuoteRef] = []
    for name, value in record.items():
        spec = specs.get(name)
        if spec is None or value is None:
            continue
        line = record.line_of(name)
        if spec.kind in ("entity", "entities"):
            _check_reference(spec, name, value, entities, path, line, owner, check)
            values[name] = (
                [str(v) for v in value] if spec.kind == "entities" and isinstance(value, list) else str(value)
            )
        elif spec.kind == "choice":
            if str(value) not in spec.choices:
                check.add(
                    path,
                    line,
                    f"{owner}: {name} {value!r} is not one of {', '.join(spec.choices)}"
                    + _suggest(str(value), spec.choices),
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
            quotes = _quote_refs(value, path, line, check, owner)
        else:
            values[name] = _as_text(value)
    if fact_type == "Relation" and "predicate" in values:
        predicate = values["predicate"]
        if predicate in VALUE_PREDICATES and "value" not in values:
            check.add(
                path, record.line, f"{owner}: predicate {predicate} takes 'value:' (text), not 'object:'"
            )
        if predicate in OBJECT_PREDICATES and "object" not in values:
            check.add(path, record.line, f"{owner}: predicate {predicate} takes 'object:' (an entity id)")
    if len(check.errors) > errors_before:
        return None
    return Fact(
        id=fact_id,
        type=fact_type,
        source_id=raw.source_id,
        values=values,
        quotes=tuple(quotes),
        status=values.get("status", "reported"),
        date=date,
        where=Where(path, record.line),
    )


def fact_files(paths: ProjectPaths) -> list[Path]:
    """The curated fact files, in a stable order."""
    return sorted((paths.seeds / "facts").glob("*.yaml"))


def load_curation(
    paths: ProjectPaths | None = None, extra_fact_files: Iterator[Path] | None = None
) -> Curation:
    """Load ``seeds/`` and check it; raise :class:`CurationErrors` listing every problem."""
    paths = paths or project_paths()
    check = _Checker()
    curation = Curation()
    curation.sources = _load_sources(paths, check)

    raw_entities: list[tuple[Any, Path]] = []
    registry = paths.seeds / "entities.yaml"
    registry_records = read_yaml(registry)
    if not isinstance(registry_records, list):
        raise CurationError(registry, 1, "expected a list of entities")
    raw_entities += [(record, registry) for record in registry_records]

    raw_files: list[_RawFile] = []
    files = fact_files(paths) + list(extra_fact_files or [])
    for path in files:
        raw, file_entities = _read_fact_file(path, curation.sources, check)
        if raw is not None:
            raw_files.append(raw)
            raw_entities += [(record, path) for record in file_entities]

    for record, path in raw_entities:
        entity = _load_entity(record, path, check)
        if entity is None:
            continue
        previous = curation.entities.get(entity.id)
        if previous is not None:
            check.add(
                path,
                entity.where.line,
                f"duplicate entity id {entity.id!r} (first declared at "
                f"{previous.where.path.name}:{previous.where.line})",
            )
            continue
        curation.entities[entity.id] = entity
    for entity in curation.entities.values():
        if entity.part_of and entity.part_of not in curation.entities:
            check.add(
                entity.where.path,
                entity.where.line,
                f"entity {entity.id}: part_of {entity.part_of!r} is not a known entity",
            )

    rejected: set[str] = set()  # ids of facts already reported, so references to them don't cascade
    for raw in raw_files:
        for record in raw.facts:
            fact = _load_fact(record, raw, curation.entities, check)
            if fact is None:
                if isinstance(record, _LineMap) and record.get("id") is not None:
                    rejected.add(str(record["id"]))
                continue
            previous_fact = curation.facts.get(fact.id)
            if previous_fact is not None:
                check.add(
                    raw.path,
                    fact.where.line,
                    f"duplicate fact id {fact.id!r} (first declared at "
                    f"{previous_fact.where.path.name}:{previous_fact.where.line})",
                )
                continue
            if fact.id in curation.entities:
                check.add(raw.path, fact.where.line, f"fact id {fact.id!r} is already an entity id")
                continue
            curation.facts[fact.id] = fact
        for record in raw.skips:
            if not isinstance(record, _LineMap) or "quote" not in record or not record.get("reason"):
                line = record.line if isinstance(record, _LineMap) else None
                check.add(raw.path, line, "each skip needs 'quote' (text or {text, occurrence}) and 'reason'")
                continue
            refs = _quote_refs(record["quote"], raw.path, record.line, check, "skip")
            for ref in refs:
                curation.skips.append(Skip(raw.source_id, ref, str(record["reason"])))

    for fact in curation.facts.values():
        for name in ("backfills", "disputes"):
            target = fact.get(name)
            if target is not None and target not in curation.facts and target not in rejected:
                path, line = fact.where.path, fact.where.line
                check.add(
                    path,
                    line,
                    f"fact {fact.id}: {name} {target!r} is not a known fact id"
                    + _suggest(target, curation.facts),
                )
    check.raise_if_any()
    return curation
