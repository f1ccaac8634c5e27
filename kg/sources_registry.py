"""Register a new source document: check its bytes, copy it into ``seeds/texts/`` and append
its record to ``seeds/sources.yaml`` (the rest of that file, comments and order, untouched).

A text is refused, with :class:`~kg.errors.SourceFileError` and nothing written, when it is
empty, binary, not UTF-8 (the byte and its offset are named), larger than :data:`MAX_BYTES`,
or already registered (the same SHA-256 as a text in ``seeds/texts/``). Metadata comes from
options or from a small front-matter block at the top of the file, which is not stored::

    ---
    title: Seoul weighs artillery for Kyiv
    publisher: KoreaTimes
    date: 2024-11-02
    ---

The stored file is named ``NNN_<first 16 hex digits of its SHA-256>.txt`` and the full
SHA-256 is recorded as ``sha256:``, which the seed loader checks.

>>> check_text(b"Seoul said so.\\n", "a.txt")
'Seoul said so.\\n'
>>> check_text(b"Seoul \\xe9t\\xe9", "a.txt")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.SourceFileError: a.txt: not UTF-8 text: byte 0xe9 at offset 6 (invalid continuation byte); ...
>>> text_file_name("005", b"abc")
'005_ba7816bf8f01cfea.txt'
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.dates import parse_date
from kg.errors import SourceFileError
from kg.files import file_sha256, write_atomically
from kg.names import normalise_name
from kg.paths import ProjectPaths

__all__ = [
    "MAX_BYTES",
    "NewSource",
    "add_source",
    "check_text",
    "split_front_matter",
    "text_file_name",
]

MAX_BYTES = 2_000_000  # a long article is 50 KB; a book or a data dump is not a source text
META_KEYS = ("title", "publisher", "date", "url", "kind", "authors", "date_note")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not tab, line feed, vertical tab, form feed, CR


@dataclass(frozen=True)
class NewSource:
    """A registered source: its id, its stored text file and the record appended."""

    id: str
    path: Path
    sha256: str
    record: dict[str, Any]


def text_file_name(source_id: str, data: bytes) -> str:
    """The stored name of a text: its id and the first 16 hex digits of its SHA-256."""
    return f"{source_id}_{hashlib.sha256(data).hexdigest()[:16]}.txt"


def check_text(data: bytes, name: str) -> str:
    """The text of ``data``, or :class:`SourceFileError` saying why it cannot be a source."""
    if len(data) > MAX_BYTES:
        raise SourceFileError(
            f"{name}: {len(data):,} bytes, more than the {MAX_BYTES:,} a source text may have; "
            "split it or trim it to the article"
        )
    if not data.strip():
        raise SourceFileError(f"{name}: the file is empty; there is no text to register")
    if b"\x00" in data[:8192] or data.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xd0\xcf\x11\xe0")):
        raise SourceFileError(f"{name}: a binary file, not text; save the article as plain UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise SourceFileError(
            f"{name}: not UTF-8 text: byte 0x{byte:02x} at offset {error.start} ({error.reason}); "
            "save it as UTF-8"
        ) from None
    control = _CONTROL.search(text)
    if control:
        raise SourceFileError(
            f"{name}: a binary file, not text (control character U+{ord(control.group()):04X} at "
            f"character {control.start()}); save the article as plain UTF-8 text"
        )
    return text.removeprefix("\ufeff")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The metadata of a front-matter block (``---`` lines around ``key: value`` lines) and the
    text after it; no block gives ``{}`` and the whole text.

    >>> split_front_matter("---\\ntitle: A\\ndate: 2024-06\\n---\\nBody.\\n")
    ({'title': 'A', 'date': '2024-06'}, 'Body.\\n')
    >>> split_front_matter("Body.")
    ({}, 'Body.')
    """
    match = _FRONT.match(text)
    if not match or len(match.group(1)) > 4000:
        return {}, text
    try:
        meta = yaml.load(match.group(1), Loader=yaml.BaseLoader)  # every value a string
    except yaml.YAMLError as error:
        raise SourceFileError(f"the front-matter block is not YAML ({error})") from None
    if not isinstance(meta, dict):
        return {}, text
    unknown = sorted(set(meta) - set(META_KEYS))
    if unknown:
        raise SourceFileError(
            f"unknown front-matter key(s) {', '.join(unknown)}; known: {', '.join(META_KEYS)}"
        )
    return dict(meta), text[match.end() :]


def _registered_ids(sources_yaml: Path) -> list[str]:
    if not sources_yaml.is_file():
        return []
    records = yaml.load(sources_yaml.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or []
    return [str(r.get("id")) for r in records if isinstance(r, dict) and r.get("id")]


def _next_id(ids: list[str], texts: Path) -> str:
    numbers = [int(i) for i in ids if i.isdigit()]
    numbers += [int(p.name[:3]) for p in texts.glob("[0-9][0-9][0-9]_*.txt")]
    return f"{max(numbers, default=-1) + 1:03d}"


def _publisher_id(value: str, paths: ProjectPaths) -> str:
    """The entity id of a publisher given by id, label or alias (from ``seeds/entities.yaml``)."""
    records = yaml.load((paths.seeds / "entities.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    wanted = normalise_name(value)
    for record in records or []:
        names = [record.get("id", ""), record.get("label", ""), *(record.get("aliases") or [])]
        if any(normalise_name(str(n)) == wanted for n in names if n):
            return str(record["id"])
    raise SourceFileError(
        f"publisher {value!r} is not an entity in seeds/entities.yaml; add it there "
        "(e.g. {id: Reuters, type: MediaOrganisation, label: Reuters}) and run again"
    )


def _yaml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _record(meta: dict[str, Any], paths: ProjectPaths, name: str) -> dict[str, Any]:
    missing = [key for key in ("title", "publisher", "date") if not meta.get(key)]
    if missing:
        raise SourceFileError(
            f"{name}: no {', '.join(missing)}; give --{' --'.join(missing)} or a front-matter block"
        )
    try:
        date = parse_date(str(meta["date"])).text
    except ValueError as error:
        raise SourceFileError(f"{name}: date {error}") from None
    authors = meta.get("authors") or []
    if isinstance(authors, str):
        authors = [a.strip() for a in authors.split(",") if a.strip()]
    record: dict[str, Any] = {
        "title": str(meta["title"]),
        "publisher": _publisher_id(str(meta["publisher"]), paths),
        "authors": list(authors),
        "date": date,
    }
    for key in ("date_note", "url"):
        if meta.get(key):
            record[key] = str(meta[key])
    record["kind"] = str(meta.get("kind") or "news-article")
    return record


def add_source(paths: ProjectPaths, file: Path, **options: Any) -> NewSource:
    """Register ``file`` as a new source: options (``title``, ``publisher``, ``date``, ``url``,
    ``kind``, ``authors``) override its front matter. Nothing is written unless all checks pass;
    the text and ``sources.yaml`` are written atomically (the text first)."""
    try:
        data = Path(file).read_bytes()
    except OSError as error:
        raise SourceFileError(f"{file}: cannot read ({error.strerror or error})") from None
    meta, body = split_front_matter(check_text(data, Path(file).name))
    meta.update({key: value for key, value in options.items() if value not in (None, "", [], ())})
    stored = body.encode("utf-8")
    if not stored.strip():
        raise SourceFileError(f"{file}: the file is empty after its front matter; there is no text")
    digest = hashlib.sha256(stored).hexdigest()
    texts = paths.seeds / "texts"
    for existing in sorted(texts.glob("*.txt")):
        if file_sha256(existing) == digest:
            raise SourceFileError(
                f"{file}: already registered as seeds/texts/{existing.name} (same SHA-256); nothing written"
            )
    sources_yaml = paths.seeds / "sources.yaml"
    source_id = _next_id(_registered_ids(sources_yaml), texts)
    record = {
        "id": source_id,
        "file": f"texts/{text_file_name(source_id, stored)}",
        **_record(meta, paths, Path(file).name),
    }
    record["sha256"] = digest
    old = sources_yaml.read_bytes() if sources_yaml.is_file() else b""
    lines = [f"- id: {_yaml_value(source_id)}"] + [
        f"  {k}: {_yaml_value(v)}" for k, v in record.items() if k != "id"
    ]
    joiner = b"" if not old or old.endswith(b"\n") else b"\n"
    target = paths.seeds / record["file"]
    write_atomically({target: stored, sources_yaml: old + joiner + ("\n".join(lines) + "\n").encode("utf-8")})
    return NewSource(source_id, target, digest, record)
