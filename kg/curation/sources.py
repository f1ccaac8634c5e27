"""Load ``seeds/sources.yaml``: one record per source document, its text file read once.

A text file must be UTF-8 and lie inside ``seeds/`` (``file:`` is a path relative to
``seeds/``; ``../`` out of it, or a link that leads out of it, is refused).

>>> from kg.paths import project_paths
>>> sources, rejected = load_sources(project_paths(), Checker(), Path.read_bytes)
>>> sources["003"].path.name, rejected
('003_e95ff6fa875bc6d5.txt', set())
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from kg.curation.check import Checker, check_id, check_keys, date_value, string_list, text_value
from kg.curation.records import SourceDoc, Where
from kg.curation.yaml_lines import LineMap, read_yaml
from kg.errors import CurationError
from kg.model import SOURCE_FIELDS
from kg.paths import ProjectPaths

__all__ = ["load_sources", "read_text_file", "text_path"]

Reader = Callable[[Path], bytes]
REQUIRED = ("id", "file", "title", "publisher", "date", "kind")


def read_text_file(path: Path, read: Reader) -> bytes:
    """A source text's bytes (through ``read``), checked to be UTF-8.

    >>> read_text_file(Path("x.txt"), lambda path: b"\\xff")
    Traceback (most recent call last):
    ...
    kg.errors.CurationError: x.txt: not UTF-8 text (invalid start byte)
    """
    try:
        data = read(path)
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CurationError(path, None, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise CurationError(path, None, f"cannot read ({error.strerror or error})") from None
    return data


def text_path(seeds: Path, name: str) -> Path | None:
    """The text file ``name`` (relative to ``seeds``) as a path under ``seeds``, or None when
    it lies outside ``seeds`` (``..``, an absolute path elsewhere, a link out).

    >>> text_path(Path("/p/seeds"), "texts/a.txt"), text_path(Path("/p/seeds"), "../../x.txt")
    (PosixPath('/p/seeds/texts/a.txt'), None)
    """
    root = seeds.resolve()
    target = (seeds / name).resolve()
    if not target.is_relative_to(root) or target == root:
        return None
    return seeds / target.relative_to(root)


def _load_source(record: LineMap, paths: ProjectPaths, check: Checker, read: Reader) -> SourceDoc | None:
    path = paths.seeds / "sources.yaml"
    errors_before = len(check.errors)
    check_keys(record, SOURCE_FIELDS, path, check, "field")
    source_id = check_id(record, "id", path, check, "source")
    owner = f"source {source_id}" if source_id else "source"
    fields = {
        name: text_value(record, name, path, check, owner)
        for name in ("file", "title", "kind", "date_note", "url", "sha256")
    }
    publisher = check_id(record, "publisher", path, check, owner)
    date = date_value(record, "date", path, check, owner)
    authors = string_list(record.get("authors"))
    if authors is None:
        check.add(path, record.line_of("authors"), f"{owner}: field 'authors' must be a list of names")
    if len(check.errors) > errors_before:
        return None
    name = fields["file"] or ""
    location = text_path(paths.seeds, name)
    if location is None:
        check.add(
            path,
            record.line_of("file"),
            f"{owner}: text file {name!r} is outside seeds/; keep texts in seeds/texts/",
        )
        return None
    if not location.is_file():
        check.add(path, record.line_of("file"), f"{owner}: text file {name!r} not found under seeds/")
        return None
    try:
        data = read_text_file(location, read)
    except CurationError as error:
        check.errors.append(error)
        return None
    digest = fields["sha256"]
    if digest and hashlib.sha256(data).hexdigest() != digest.lower():
        check.add(
            path,
            record.line_of("sha256"),
            f"{owner}: text file {name!r} has changed since it was registered (its SHA-256 is not "
            "the recorded one); restore it, or register the new text with `kg add-source`",
        )
        return None
    assert source_id is not None and publisher is not None and date is not None
    return SourceDoc(
        id=source_id,
        path=location,
        title=fields["title"] or "",
        publisher=publisher,
        authors=authors or (),
        date=date,
        date_note=fields["date_note"] or "",
        kind=fields["kind"] or "",
        where=Where(path, record.line),
        data=data,
    )


def _raw_id(record: LineMap) -> str:
    return record.written("id") or str(record.get("id"))


def load_sources(paths: ProjectPaths, check: Checker, read: Reader) -> tuple[dict[str, SourceDoc], set[str]]:
    """The source documents by id, and the ids of those rejected (each problem reported to
    ``check``), so a fact file naming one is not reported again as naming an unknown source."""
    path = paths.seeds / "sources.yaml"
    records = read_yaml(path, read)
    if not isinstance(records, list):
        raise CurationError(path, 1, "expected a list of source documents")
    sources: dict[str, SourceDoc] = {}
    rejected: set[str] = set()
    for record in records:
        if not isinstance(record, LineMap):
            check.add(path, None, "each source must be a mapping")
            continue
        missing = [k for k in REQUIRED if record.get(k) in (None, "")]
        if missing:
            check.add(path, record.line, f"source is missing {', '.join(missing)}")
            rejected.add(_raw_id(record))
            continue
        source = _load_source(record, paths, check, read)
        if source is None:
            rejected.add(_raw_id(record))
        elif source.id in sources:
            check.add(path, record.line_of("id"), f"duplicate source id {source.id!r}")
        else:
            sources[source.id] = source
    return sources, rejected
