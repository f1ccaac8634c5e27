"""Read a SIPRI Arms Transfers Database trade-register CSV export: bytes → typed rows, each
with its line number and character offsets in the decoded text (the evidence needs them;
:mod:`kg.importers.sipri` maps the rows to RDF).

The export is Latin-1 text: a few metadata lines, a header row starting with
``Recipient``, then one deal per row in 16 columns. Three unnamed columns hold
``?`` when the year of order, number ordered or number delivered is uncertain;
delivery years look like ``2022; 2023``; TIV figures are in millions; ``*``
marks non-state actors and ``**`` multinational bodies (``NATO**``).

A malformed row (wrong column count, bad year or number, bytes in an unknown
encoding) is reported with its line number and skipped; the other rows are kept.

>>> data = b"Title\\nRecipient,Supplier,Year of order,,Number ordered,,Weapon designation,"
>>> data += b"Weapon description,Number delivered,,Year(s) of delivery,status,Comments,"
>>> data += b"SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons\\n"
>>> data += b"Poland,South Korea,2022,,212,,K9 Thunder,self-propelled gun,96,?,2022; 2023,New,,4.1,869,394\\n"
>>> register = parse_sipri(data, "trade-register.csv")
>>> row = register.rows[0]
>>> (row.line, row.recipient, row.supplier, row.delivery_years, row.number_delivered_uncertain)
(3, 'Poland', 'South Korea', (2022, 2023), True)
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import ImportFileError
from kg.importers import RowProblem

__all__ = [
    "COLUMNS",
    "SipriRegister",
    "SipriRow",
    "parse_sipri",
    "read_sipri",
]

COLUMNS = (
    "Recipient",
    "Supplier",
    "Year of order",
    "",
    "Number ordered",
    "",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    "",
    "Year(s) of delivery",
    "status",
    "Comments",
    "SIPRI TIV per unit",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
)
# Years SIPRI's register covers (it starts in 1950); anything else is a typo.
FIRST_YEAR, LAST_YEAR = 1950, 2100
# C1 control characters never occur in Latin-1 text; in a decoded line they mean
# the bytes were written in another encoding (Windows-1252 quotes, UTF-8, ...).
_FOREIGN_BYTES = re.compile("[\x00\x80-\x9f\ufffd]")
_GENERATED = re.compile(r"(?:generated|date)\s*:?\s*(\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2})", re.IGNORECASE)


@dataclass(frozen=True)
class SipriRow:
    """One deal of the trade register, as typed values, with where it is in the file."""

    line: int
    start: int
    end: int
    raw: str
    recipient: str
    supplier: str
    year_of_order: int | None
    year_of_order_uncertain: bool
    number_ordered: int | None
    number_ordered_uncertain: bool
    designation: str
    description: str
    number_delivered: int | None
    number_delivered_uncertain: bool
    delivery_years: tuple[int, ...]
    status: str
    comments: str
    tiv_per_unit: Decimal | None
    tiv_total_order: Decimal | None
    tiv_delivered: Decimal | None

    @property
    def delivered(self) -> bool:
        """Whether any item of the deal has been delivered."""
        return bool(self.delivery_years) or bool(self.number_delivered)


@dataclass
class SipriRegister:
    """A parsed export: its decoded text, metadata, good rows and skipped rows."""

    file_name: str
    data: bytes
    text: str
    encoding: str
    title: str
    generated: dt.date | None
    rows: list[SipriRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _decode(data: bytes, file_name: str) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > 10:
        raise ImportFileError(
            f"{file_name}: the file is UTF-16, not a Latin-1 SIPRI export; export it again as CSV"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    # SIPRI writes Latin-1; a file that is valid UTF-8 with non-ASCII text was re-saved.
    if any(byte > 0x7F for byte in data):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1"


def _year(text: str, what: str) -> int:
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise ValueError(f"{what} {text!r} is not a year between {FIRST_YEAR} and {LAST_YEAR}")
    return int(text)


def _count(text: str, what: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{what} {text!r} is not a whole number")
    return int(text)


def _marker(text: str, what: str) -> bool:
    text = text.strip()
    if text not in ("", "?"):
        raise ValueError(f"uncertainty marker for {what} is {text!r}; expected '?' or nothing")
    return text == "?"


def _tiv(text: str, what: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{what} {text!r} is not a number") from None
    if value < 0 or not value.is_finite():
        raise ValueError(f"{what} {text!r} is not a non-negative number")
    return value


def _row(cells: list[str], line: int, start: int, end: int, raw: str) -> SipriRow:
    if len(cells) != len(COLUMNS):
        raise ValueError(f"{len(cells)} columns, expected {len(COLUMNS)}")
    cells = [cell.strip() for cell in cells]
    if not cells[0] or not cells[1]:
        raise ValueError("recipient and supplier must not be empty")
    if not cells[6]:
        raise ValueError("weapon designation must not be empty")
    deliveries = tuple(_year(part, "year of delivery") for part in cells[10].split(";") if part.strip())
    return SipriRow(
        line=line,
        start=start,
        end=end,
        raw=raw,
        recipient=cells[0],
        supplier=cells[1],
        year_of_order=_year(cells[2], "year of order") if cells[2] else None,
        year_of_order_uncertain=_marker(cells[3], "year of order"),
        number_ordered=_count(cells[4], "number ordered"),
        number_ordered_uncertain=_marker(cells[5], "number ordered"),
        designation=cells[6],
        description=cells[7],
        number_delivered=_count(cells[8], "number delivered"),
        number_delivered_uncertain=_marker(cells[9], "number delivered"),
        delivery_years=deliveries,
        status=cells[11],
        comments=cells[12],
        tiv_per_unit=_tiv(cells[13], "TIV per unit"),
        tiv_total_order=_tiv(cells[14], "TIV for total order"),
        tiv_delivered=_tiv(cells[15], "TIV of delivered weapons"),
    )


def _generated(lines: list[str]) -> dt.date | None:
    for line in lines:
        match = _GENERATED.search(line)
        if not match:
            continue
        for pattern in ("%d %B %Y", "%Y-%m-%d", "%d %b %Y"):
            try:
                return dt.datetime.strptime(match.group(1), pattern).date()
            except ValueError:
                continue
    return None


def parse_sipri(
    data: bytes, file_name: str, *, progress: Callable[[int, int], None] | None = None
) -> SipriRegister:
    """Parse the bytes of a trade-register export; malformed rows go to ``problems``.

    ``progress(done, total)`` is called every few hundred rows (for progress bars).
    Raises :class:`ImportFileError` when there is no header row or the file is UTF-16.
    """
    text, encoding = _decode(data, file_name)
    lines = text.splitlines(keepends=True)
    header_index = next(
        (i for i, line in enumerate(lines) if line.lstrip('"').startswith("Recipient,")),
        None,
    )
    if header_index is None:
        raise ImportFileError(
            f"{file_name}: no header row starting 'Recipient,Supplier,...'; "
            "is this a SIPRI trade-register CSV export?"
        )
    metadata = [line.strip().strip('",') for line in lines[:header_index] if line.strip(' ",\r\n')]
    register = SipriRegister(
        file_name=file_name,
        data=data,
        text=text,
        encoding=encoding,
        title=metadata[0] if metadata else file_name,
        generated=_generated(metadata),
    )
    offset = sum(len(line) for line in lines[: header_index + 1])
    index, total = header_index + 1, len(lines)
    while index < total:
        first, start = index, offset
        record = lines[index]
        index += 1
        # A quoted field may hold a line break: join lines until the quotes balance.
        while record.count('"') % 2 and index < total:
            record += lines[index]
            index += 1
        offset += len(record)
        raw = record.rstrip("\r\n")
        if progress and first % 500 == 0:
            progress(index, total)
        if not raw.strip(" ,"):
            continue
        line = first + 1
        foreign = _FOREIGN_BYTES.search(raw)
        if foreign:
            register.problems.append(
                RowProblem(
                    line,
                    f"character {ord(foreign.group()):#04x} at column {foreign.start() + 1} is not "
                    f"{encoding} text (unknown encoding); re-export the file from SIPRI",
                )
            )
            continue
        cells = next(csv.reader([raw]))
        try:
            register.rows.append(_row(cells, line, start, start + len(raw), raw))
        except ValueError as error:
            register.problems.append(RowProblem(line, str(error)))
    if progress:
        progress(total, total)
    return register


def read_sipri(path: Path | str, **options: Callable[[int, int], None] | None) -> SipriRegister:
    """Read and parse an export file (see :func:`parse_sipri`).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_bytes(b"Title\\n" + ",".join(COLUMNS).encode() + b"\\n")
    >>> read_sipri(path).rows, read_sipri(path).title
    ([], 'Title')

    :raises ImportFileError: when the file cannot be read, is UTF-16 or has no header row.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read: {error.strerror}") from None
    return parse_sipri(data, path.name, **options)
