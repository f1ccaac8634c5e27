"""The hop table in a file: ``kg build`` writes the columns of :mod:`kg.chains.columns` next to
``build/kg.trig`` (``build/kg.hops``), so the first ``chains()`` on a store opened from that
build reads ints instead of scanning the store (a million transfers: well under a second
against some twenty).

The file is a stamp line, a JSON header line, then the sections the header lists, back to back::

    KGHOPS 1 <inode size mtime of the kg.trig it was made from>
    {"crc32": …, "rows": …, "sections": [["transfers", "text", count, bytes], …], …}
    <sections: int columns as little-endian int32, text as UTF-8 lines>

The stamp names one written ``kg.trig`` (as :func:`kg.store.store_is_current` does for
``build/store/``): a file made for another one is never used. Everything after the stamp line
depends only on the quads, so two builds of the same inputs write files that differ in that
line only. A truncated or damaged file fails its length or CRC-32 check.

>>> import tempfile
>>> from kg.store import open_store
>>> columns = scan_columns(open_store())
>>> path = write_hop_file(columns, Path(tempfile.mkdtemp()) / "kg.hops", "1 2 3\\n")
>>> read_hop_file(path, "1 2 3\\n") == columns
True
>>> read_hop_file(path, "4 5 6\\n")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.HopFileError: .../kg.hops: made from another kg.trig (a later or earlier build)
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.chains.columns import HopColumns, columns_from_quads, scan_columns
from kg.errors import HopFileError
from kg.files import write_atomically
from kg.model import MOVED
from kg.paths import ProjectPaths
from kg.store import trig_identity

__all__ = ["MAGIC", "hop_file_bytes", "read_hop_file", "save_hop_table", "write_hop_file", "write_hops"]

MAGIC = b"KGHOPS 1 "
# HopColumns fields kept as int32 columns and as text, in file order
ROW_INTS = ("supplier", "recipient", "item", "end_user", "integrated", "backfills", "event", "key")
ROW_INTS += ("status", "kind", "source", "pair_rows")  # one value per row
PAIR_INTS = ("pair_supplier", "pair_recipient", "pair_start", "pair_accounts")  # one per pair
INTS = (*ROW_INTS, *PAIR_INTS, "foreign_rows")
INTS += ("link_a", "link_b", "link_c", "link_h", "link_g")
PER_ROW = {*ROW_INTS, "transfers"}
TEXTS = ("transfers", "names", "events", "sources", "foreign_iris")
WORDS = ("statuses", "status_words", "kind_words")  # small lists, in the header
_INT = "i" if array("i").itemsize == 4 else "l"


def _int_bytes(values: Sequence[int]) -> bytes:
    numbers = array(_INT, values)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def hop_file_bytes(columns: HopColumns, identity: str) -> bytes:
    """The file's bytes for ``columns``, stamped with ``identity`` (a :func:`kg.store.trig_identity`)."""
    fields = {name: getattr(columns, name) for name in (*INTS, *TEXTS) if hasattr(columns, name)}
    foreign = sorted(columns.foreign_backfills.items())
    fields["foreign_rows"] = [row for row, _ in foreign]
    fields["foreign_iris"] = [iri for _, iri in foreign]
    sections: list[list[object]] = []
    parts: list[bytes] = []
    for name in (*INTS, *TEXTS):
        values = fields[name]
        data = _int_bytes(values) if name in INTS else "\n".join(values).encode("utf-8")
        sections.append([name, "int32" if name in INTS else "text", len(values), len(data)])
        parts.append(data)
    payload = b"".join(parts)
    header = {"crc32": zlib.crc32(payload), "rows": len(columns), "sections": sections}
    header |= {name: list(getattr(columns, name)) for name in WORDS}
    text = json.dumps(header, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return MAGIC + identity.encode("ascii") + text.encode("ascii") + b"\n" + payload


def write_hop_file(columns: HopColumns, path: Path, identity: str) -> Path:
    """Write ``columns`` to ``path`` (atomically: a reader sees the old file or the new one)."""
    if not identity.endswith("\n") or "\n" in identity[:-1]:
        raise ValueError(f"a stamp is one line ending in a newline, not {identity!r}")
    return write_atomically({path: hop_file_bytes(columns, identity)})[0]


def write_hops(quads: Sequence[ox.Quad], paths: ProjectPaths) -> Path:
    """Write ``build/kg.hops`` for the quads just written to ``build/kg.trig``: the table of
    :data:`kg.model.MOVED` transfers, made from the quads in hand and stamped with that file."""
    return write_hop_file(columns_from_quads(quads, MOVED), paths.hops, trig_identity(paths.trig))


def save_hop_table(store: ox.Store, trig: Path) -> Path:
    """Write the hop table of ``store`` (scanned) for the TriG file it was loaded from, where
    :func:`kg.chains.hop_table` looks for it (``trig`` with the suffix ``.hops``): for a store
    made without ``kg build``, such as the benchmarks' synthetic graphs."""
    return write_hop_file(scan_columns(store, MOVED), trig.with_suffix(".hops"), trig_identity(trig))


def read_hop_file(path: Path, identity: str) -> HopColumns:
    """The columns kept in ``path``, when the file was made from the ``kg.trig`` of ``identity``.

    :raises HopFileError: when the file is missing or unreadable, was made from another
        ``kg.trig``, or is truncated or damaged (its lengths or CRC-32 do not match).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise HopFileError(path, f"cannot be read ({error.strerror or error})") from None
    if not data.startswith(MAGIC):
        raise HopFileError(path, "is not a hop table file (it does not start with KGHOPS 1)")
    stamp_end = data.find(b"\n", len(MAGIC)) + 1
    header_end = data.find(b"\n", stamp_end) + 1
    if not stamp_end or not header_end:
        raise HopFileError(path, "is truncated (no header)")
    if data[len(MAGIC) : stamp_end] != identity.encode("ascii"):
        raise HopFileError(path, "made from another kg.trig (a later or earlier build)")
    try:
        header = json.loads(data[stamp_end:header_end])
        sections = [(str(n), str(k), int(c), int(b)) for n, k, c, b in header["sections"]]
        rows, crc = int(header["rows"]), int(header["crc32"])
        words = {name: [str(word) for word in header[name]] for name in WORDS}
    except (ValueError, TypeError, KeyError) as error:
        raise HopFileError(path, f"has a damaged header ({error})") from None
    payload = memoryview(data)[header_end:]
    if [name for name, *_ in sections] != [*INTS, *TEXTS] or sum(s[3] for s in sections) != len(payload):
        raise HopFileError(path, "is truncated or damaged (its sections do not match its header)")
    if zlib.crc32(payload) != crc:
        raise HopFileError(path, "is damaged (CRC-32 mismatch)")
    fields: dict[str, list[int] | list[str]] = {}
    offset = 0
    for name, kind, count, size in sections:
        chunk = payload[offset : offset + size]
        offset += size
        if kind == "int32" and size == 4 * count:
            numbers = array(_INT)
            numbers.frombytes(chunk)
            if sys.byteorder == "big":
                numbers.byteswap()
            fields[name] = numbers.tolist()
        elif kind == "text":
            fields[name] = str(chunk, "utf-8").split("\n") if count else []
        if len(fields.get(name, ())) != count or (name in PER_ROW and count != rows):
            raise HopFileError(path, f"is damaged (section {name} does not hold {count} values)")
    foreign = dict(zip(fields.pop("foreign_rows"), fields.pop("foreign_iris"), strict=True))
    return HopColumns(
        statuses=tuple(words["statuses"]),
        status_words=words["status_words"],
        kind_words=words["kind_words"],
        foreign_backfills=foreign,  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )
