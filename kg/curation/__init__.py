"""Load and check the curated seed files: sources, entities, facts and skips.

Everything is checked before anything is built: unknown fields, unknown entity
references, bad dates, duplicate ids, unknown statuses. Each problem is
reported with its file and line; all problems are reported at once
(:class:`kg.errors.CurationErrors`). The records live in :mod:`kg.curation.records`,
the checks in :mod:`kg.curation.check`, the line-numbering YAML loader in
:mod:`kg.curation.yaml_lines`.

>>> curation = load_curation()
>>> curation.entities["ROK"].label
'South Korea'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.curation.check import (
    Checker,
    as_text,
    check_id,
    check_ids,
    check_keys,
    check_relation,
    check_wikidata,
    fact_values,
    shown,
    string_list,
    suggest,
    text_value,
)
from kg.curation.records import Curation, Entity, Fact, QuoteRef, Skip, SourceDoc, Where
from kg.curation.sources import load_sources
from kg.curation.yaml_lines import LineMap, read_yaml
from kg.errors import CurationError
from kg.model import ENTITY_FIELDS, ENTITY_TYPES, FACT_TYPES
from kg.paths import ProjectPaths, project_paths

__all__ = [
    "Curation",
    "Entity",
    "Fact",
    "QuoteRef",
    "Skip",
    "SourceDoc",
    "Where",
    "fact_files",
    "load_curation",
]

Reader = Callable[[Path], bytes]
FACT_FILE_KEYS = ("source", "entities", "facts", "skip")
# The fact types a link between facts may name (``disputes:`` may name any fact).
LINK_TYPES = {"backfills": ("Transfer",), "in_exchange_for": ("Transfer", "Deployment")}


def _load_entity(record: Any, path: Path, check: Checker) -> Entity | None:
    if not isinstance(record, LineMap):
        check.add(path, None, "each entity must be a mapping")
        return None
    errors_before = len(check.errors)
    check_keys(record, ENTITY_FIELDS, path, check, "entity field")
    missing = [k for k in ("id", "type", "label") if not record.get(k)]
    if missing:
        check.add(path, record.line, f"entity is missing required field {', '.join(missing)}")
        return None
    entity_id = check_id(record, "id", path, check, "entity")
    owner = f"entity {entity_id or record.written('id') or '?'}"
    entity_type = text_value(record, "type", path, check, owner)
    if entity_type is not None and entity_type not in ENTITY_TYPES:
        check.add(
            path,
            record.line_of("type"),
            f"{owner}: unknown type {entity_type!r}" + suggest(entity_type, ENTITY_TYPES),
        )
    label = text_value(record, "label", path, check, owner)
    texts = {name: text_value(record, name, path, check, owner) for name in ("description", "number")}
    part_of = check_id(record, "part_of", path, check, owner)
    broader = check_id(record, "broader", path, check, owner)
    related = check_ids(record, "related", path, check, owner)
    wikidata = check_wikidata(record, path, check, owner)
    aliases = string_list(record.get("aliases"))
    metonyms = string_list(record.get("metonyms"))
    if aliases is None or metonyms is None:
        check.add(path, record.line, f"{owner}: aliases and metonyms must be lists of names")
    if len(check.errors) > errors_before or entity_id is None or entity_type is None or label is None:
        return None
    return Entity(
        id=entity_id,
        type=entity_type,
        label=label,
        aliases=aliases or (),
        metonyms=metonyms or (),
        description=texts["description"],
        wikidata=wikidata,
        part_of=part_of,
        number=texts["number"],
        where=Where(path, record.line),
        broader=broader,
        related=related,
    )


def _quote_refs(value: Any, path: Path, line: int, check: Checker, owner: str) -> list[QuoteRef]:
    items = value if isinstance(value, list) else [value]
    refs: list[QuoteRef] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            refs.append(QuoteRef(item, 1, Where(path, line)))
        elif isinstance(item, LineMap) and isinstance(item.get("text"), str):
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
    facts: list[LineMap]
    skips: list[Any]


def _read_fact_file(
    path: Path, sources: dict[str, SourceDoc], rejected: set[str], check: Checker, read: Reader
) -> tuple[_RawFile | None, list[Any]]:
    data = read_yaml(path, read)
    if not isinstance(data, LineMap):
        check.add(path, 1, "a fact file is a mapping with source, entities, facts and skip")
        return None, []
    check_keys(data, FACT_FILE_KEYS, path, check, "top-level key")
    source_id = text_value(data, "source", path, check, "fact file")
    if source_id is None:
        check.add(path, data.line, "missing 'source:' (the id of a document in seeds/sources.yaml)")
        return None, []
    if source_id in rejected:  # its problem is already reported
        return None, []
    if source_id not in sources:
        check.add(path, data.line_of("source"), f"unknown source {source_id!r}" + suggest(source_id, sources))
        return None, []
    entities = data.get("entities") or []
    facts = data.get("facts") or []
    skips = data.get("skip") or []
    for name, value in (("entities", entities), ("facts", facts), ("skip", skips)):
        if not isinstance(value, list):
            check.add(path, data.line_of(name), f"'{name}' must be a list")
            return None, []
    return _RawFile(path, source_id, facts, skips), entities


def _load_fact(record: Any, raw: _RawFile, entities: dict[str, Entity], check: Checker) -> Fact | None:
    path = raw.path
    if not isinstance(record, LineMap):
        check.add(path, None, "each fact must be a mapping")
        return None
    if record.get("id") in (None, ""):
        check.add(path, record.line, "fact is missing required field 'id'")
        return None
    errors_before = len(check.errors)
    fact_id = check_id(record, "id", path, check, "fact")
    owner = f"fact {fact_id or record.written('id') or '?'}"
    fact_type = as_text(record.get("type"))
    if fact_type not in FACT_TYPES:
        check.add(
            path,
            record.line_of("type"),
            f"{owner}: unknown fact type {shown(fact_type)}" + suggest(str(fact_type)[:100], FACT_TYPES),
        )
        return None
    specs = FACT_TYPES[fact_type].all_fields
    for key in record:
        if key not in specs:
            check.add(
                path,
                record.line_of(key),
                f"{owner}: unknown field {key!r} for {fact_type}" + suggest(key, specs),
            )
    for name, spec in specs.items():
        if spec.required and (name not in record or record[name] in (None, "", [])):
            check.add(path, record.line, f"{owner}: missing required field {name!r} for {fact_type}")
    values, date, quote = fact_values(record, specs, entities, path, owner, check)
    values = {"id": fact_id, "type": fact_type, **values}
    quotes = _quote_refs(quote[0], path, quote[1], check, owner) if quote else []
    if fact_type == "Relation" and "predicate" in values:
        check_relation(values, path, record.line, owner, check)
    if len(check.errors) > errors_before or fact_id is None:
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
    """The curated fact files, in a stable order.

    >>> [path.name for path in fact_files(project_paths())][:2]
    ['000.yaml', '001.yaml']
    """
    return sorted((paths.seeds / "facts").glob("*.yaml"))


def _raw_id(record: Any) -> str | None:
    """The id a rejected record was given, as written (to silence references to it)."""
    if not isinstance(record, LineMap) or record.get("id") is None:
        return None
    return record.written("id") or str(record["id"])


def _load_entities(
    paths: ProjectPaths, raw_entities: list[tuple[Any, Path]], check: Checker, read: Reader
) -> dict[str, Entity]:
    registry = paths.seeds / "entities.yaml"
    records = read_yaml(registry, read)
    if not isinstance(records, list):
        raise CurationError(registry, 1, "expected a list of entities")
    entities: dict[str, Entity] = {}
    for record, path in [(record, registry) for record in records] + raw_entities:
        entity = _load_entity(record, path, check)
        if entity is None:
            check.rejected.add(_raw_id(record) or "")
            continue
        previous = entities.get(entity.id)
        if previous is not None:
            check.add(
                path,
                entity.where.line,
                f"duplicate entity id {entity.id!r} (first declared at "
                f"{previous.where.path.name}:{previous.where.line})",
            )
            continue
        entities[entity.id] = entity
    for entity in entities.values():
        links = [("part_of", entity.part_of), ("broader", entity.broader)]
        for name, target in links + [("related", one) for one in entity.related]:
            if target and target not in entities and target not in check.rejected:
                check.add(
                    entity.where.path,
                    entity.where.line,
                    f"entity {entity.id}: {name} {target!r} is not a known entity",
                )
    return entities


def _load_file_facts(raw: _RawFile, curation: Curation, check: Checker) -> None:
    for record in raw.facts:
        fact = _load_fact(record, raw, curation.entities, check)
        if fact is None:
            check.rejected.add(_raw_id(record) or "")
            continue
        previous = curation.facts.get(fact.id)
        if previous is not None:
            check.add(
                raw.path,
                fact.where.line,
                f"duplicate fact id {fact.id!r} (first declared at "
                f"{previous.where.path.name}:{previous.where.line})",
            )
            continue
        if fact.id in curation.entities:
            check.add(raw.path, fact.where.line, f"fact id {fact.id!r} is already an entity id")
            continue
        curation.facts[fact.id] = fact
    for record in raw.skips:
        if not isinstance(record, LineMap) or "quote" not in record or not record.get("reason"):
            line = record.line if isinstance(record, LineMap) else None
            check.add(raw.path, line, "each skip needs 'quote' (text or {text, occurrence}) and 'reason'")
            continue
        for ref in _quote_refs(record["quote"], raw.path, record.line, check, "skip"):
            curation.skips.append(Skip(raw.source_id, ref, str(record["reason"])))


def _check_fact_links(curation: Curation, check: Checker, *, all_read: bool) -> None:
    """``backfills:`` names another Transfer, ``in_exchange_for:`` a Transfer or Deployment,
    ``disputes:`` any other fact; an unknown id is reported only when every fact file was read
    (it may be in the one that was not)."""
    for fact in curation.facts.values():
        for name in ("backfills", "in_exchange_for", "disputes"):
            target = fact.get(name)
            if target is None or target in check.rejected:
                continue
            other = curation.facts.get(target)
            if target == fact.id:
                check.add(
                    fact.where.path, fact.where.line, f"fact {fact.id}: {name} itself; name another fact"
                )
            elif other is None and all_read:
                check.add(
                    fact.where.path,
                    fact.where.line,
                    f"fact {fact.id}: {name} {target!r} is not a known fact id"
                    + suggest(target, curation.facts),
                )
            elif other is not None and name in LINK_TYPES and other.type not in LINK_TYPES[name]:
                check.add(
                    fact.where.path,
                    fact.where.line,
                    f"fact {fact.id}: {name} {target!r}, a {other.type}; it must name a Transfer",
                )


def _check_voices(curation: Curation, check: Checker) -> None:
    """Who says it and who asks: a Statement's claimant is its speaker (the build writes it),
    and ``requested_by`` belongs to a request (status ``requested``)."""
    for fact in curation.facts.values():
        where = fact.where.path, fact.where.line
        claimant = fact.get("claimant")
        if fact.type == "Statement" and claimant and claimant != fact.get("speaker"):
            check.add(
                *where, f"fact {fact.id}: a Statement's claimant is its speaker; drop claimant {claimant!r}"
            )
        if fact.get("requested_by") and fact.status != "requested":
            check.add(*where, f"fact {fact.id}: requested_by needs status requested, not {fact.status}")


def _check_events(curation: Curation, check: Checker) -> None:
    """The claims attesting one ``event:`` are facts of one type (one signing, one transfer)."""
    first: dict[str, Fact] = {}
    for fact in curation.facts.values():
        event = fact.get("event")
        if event is None:
            continue
        other = first.setdefault(event, fact)
        if other.type != fact.type:
            check.add(
                fact.where.path,
                fact.where.line,
                f"fact {fact.id}: event {event!r} is attested by {other.id}, a {other.type}; "
                f"a {fact.type} cannot attest the same event",
            )


def load_curation(paths: ProjectPaths | None = None, *, read: Reader = Path.read_bytes) -> Curation:
    """Load ``seeds/`` and check it; raise :class:`kg.errors.CurationErrors` listing every problem.

    Every file is read once, through ``read`` (the build passes one that records what it read).
    A file that cannot be parsed is reported together with the other files' problems; when
    ``sources.yaml`` or ``entities.yaml`` cannot be parsed, the facts' references are not
    checked (they would all fail).
    """
    paths = paths or project_paths()
    check = Checker()
    curation = Curation()
    registries_read = True
    rejected_sources: set[str] = set()
    try:
        curation.sources, rejected_sources = load_sources(paths, check, read)
    except CurationError as error:
        check.errors.append(error)
        registries_read = False
    raw_files: list[_RawFile] = []
    raw_entities: list[tuple[Any, Path]] = []
    all_read = True
    for path in fact_files(paths):
        try:
            raw, file_entities = _read_fact_file(path, curation.sources, rejected_sources, check, read)
        except CurationError as error:
            check.errors.append(error)
            all_read = False
            continue
        if raw is not None:
            raw_files.append(raw)
            raw_entities += [(record, path) for record in file_entities]
    try:
        curation.entities = _load_entities(paths, raw_entities, check, read)
    except CurationError as error:
        check.errors.append(error)
        registries_read = False
    if registries_read:
        for raw in raw_files:
            _load_file_facts(raw, curation, check)
        _check_fact_links(curation, check, all_read=all_read)
        _check_events(curation, check)
        _check_voices(curation, check)
        for source in curation.sources.values():
            if source.publisher not in curation.entities and source.publisher not in check.rejected:
                check.add(
                    source.where.path,
                    source.where.line,
                    f"source {source.id}: publisher {source.publisher!r} is not a known entity id"
                    + suggest(source.publisher, curation.entities),
                )
    check.raise_if_any()
    return curation
