"""Read a SIPRI Arms Transfers Database trade-register CSV export: bytes → typed rows, each
with its line number and character offsets in the decoded text (the evidence needs them;
:mod:`kg.importers.sipri` maps the rows to RDF).

The export is Latin-1 text: a few metadata lines, a header row starting with
``Recipient``, then one deal per row in 16 columns. Three unnamed columns hold
``?`` when the year of order, number ordered or number delivered is uncertain;
delivery years look like ``2022; 2023``; TIV figures are in millions; ``*``
marks non-state actors and ``**`` multinational bodies (``NATO**``).

A malformed row is reported with its line number (lines end at ``\\n``, ``\\r\\n`` or
``\\r`` only) and skipped; the other rows are kept. Reasons: wrong column count; a quoted
field not closed within :data:`MAX_RECORD_LINES` lines (reading resumes at the next line);
a field over :data:`MAX_FIELD_CHARS` characters; a year, number or TIV that is not one
(``NaN``, ``inf``); a recipient or supplier with no name before its ``*`` marker; bytes in an
unknown encoding; a control character. Files over :data:`MAX_FILE_BYTES` are refused.

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.errors import ImportFileError
from kg.importers import RowProblem

__all__ = [
    "COLUMNS",
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_RECORD_LINES",
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
# C0 control characters (other than tab and line ends) and DEL are not text: a row holding one
# is reported, since XML exports (GraphML, GEXF) cannot carry them.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+\Z")
# Bounds on what one record may be (a SIPRI row is one line of a few hundred characters).
MAX_RECORD_LINES = 20
MAX_FIELD_CHARS = 100_000
# The largest file read: SIPRI's whole register (1950-) is well under this.
MAX_FILE_BYTES = 64 * 1024 * 1024
# TIV figures are millions; 10^10 millions is far beyond any deal (and keeps literals short).
MAX_TIV_DIGITS = 9
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
    # is_finite first: comparing NaN raises InvalidOperation.
    if not value.is_finite() or value < 0 or value.adjusted() > MAX_TIV_DIGITS:
        raise ValueError(f"{what} {text!r} is not a non-negative number below 10^{MAX_TIV_DIGITS + 1}")
    return value


def _row(cells: list[str], line: int, start: int, end: int, raw: str) -> SipriRow:
    if len(cells) != len(COLUMNS):
        raise ValueError(f"{len(cells)} columns, expected {len(COLUMNS)}")
    cells = [cell.strip() for cell in cells]
    if not cells[0] or not cells[1]:
        raise ValueError("recipient and supplier must not be empty")
    for what, cell in (("recipient", cells[0]), ("supplier", cells[1])):
        if not cell.rstrip("*").strip():
            raise ValueError(f"{what} {cell!r} has no name before its '*' marker")
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


def _lines(text: str) -> list[str]:
    """Physical lines, ended by ``\\n``, ``\\r\\n`` or ``\\r`` only (as every editor and CSV
    reader counts them; ``str.splitlines`` also splits at VT, FF, NEL and U+2028).

    >>> _lines("a\\x0bb\\r\\nc\\rd\\u2028e")
    ['a\\x0bb\\r\\n', 'c\\r', 'd\\u2028e']
    """
    return _LINE.findall(text)


class _TooManyLines(Exception):
    """A record ran past :data:`MAX_RECORD_LINES` lines."""


def _record(lines: list[str], first: int) -> tuple[list[str], int, str | None]:
    """Read the CSV record starting at ``lines[first]``: its cells, the number of lines it
    spans, and why it is not a record (None when it is one)."""
    state = {"used": 0, "past_end": False}

    def feed() -> Iterator[str]:
        for index in range(first, len(lines)):
            if state["used"] == MAX_RECORD_LINES:
                raise _TooManyLines
            state["used"] += 1
            yield lines[index]
        state["past_end"] = True

    try:
        # strict: a closing quote must end its field, so a stray opening quote that runs
        # into the next row's quoted field is an error here, not a silently merged record.
        cells = next(csv.reader(feed(), strict=True), [])
    except _TooManyLines:
        return [], 1, f"a quoted field opened here is not closed within {MAX_RECORD_LINES} lines"
    except csv.Error as error:
        if state["past_end"]:
            return [], 1, "a quoted field opened here is never closed"
        if "field limit" in str(error):
            return [], 1, f"a field is longer than {MAX_FIELD_CHARS:,} characters"
        return [], 1, f"not readable as CSV ({error}): a stray or unbalanced quote?"
    if state["past_end"]:
        return [], 1, "a quoted field opened here is never closed"
    if state["used"] > 1 and len(cells) != len(COLUMNS):
        # A stray quote joined this line with the next ones: report it, read them on their own.
        return (
            [],
            1,
            (
                f"a quoted field runs over {state['used']} lines into a record of {len(cells)} "
                f"columns (expected {len(COLUMNS)}): an unbalanced quote?"
            ),
        )
    if any(len(cell) > MAX_FIELD_CHARS for cell in cells):
        return [], state["used"], f"a field is longer than {MAX_FIELD_CHARS:,} characters"
    return cells, state["used"], None


def _text_problem(raw: str, encoding: str) -> str | None:
    foreign = _FOREIGN_BYTES.search(raw)
    if foreign:
        return (
            f"character {ord(foreign.group()):#04x} at column {foreign.start() + 1} is not "
            f"{encoding} text (unknown encoding); re-export the file from SIPRI"
        )
    control = _CONTROL.search(raw)
    if control:
        return (
            f"control character {ord(control.group()):#04x} at column {control.start() + 1}: "
            "not text; remove it and import the file again"
        )
    return None


def parse_sipri(
    data: bytes, file_name: str, *, progress: Callable[[int, int], None] | None = None
) -> SipriRegister:
    """Parse the bytes of a trade-register export; malformed rows go to ``problems``.

    Every line after the header is either part of a row in ``rows`` or the first line of a
    :class:`RowProblem` (blank lines aside); a record that cannot be read is reported at its
    first line and reading resumes at the next line, so a stray quote loses no other row.
    ``progress(done, total)`` is called every few hundred rows (for progress bars).
    Raises :class:`ImportFileError` when there is no header row or the file is UTF-16.
    """
    text, encoding = _decode(data, file_name)
    lines = _lines(text)
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
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    index, total = header_index + 1, len(lines)
    while index < total:
        first = index
        if progress and first % 500 == 0:
            progress(first, total)
        if not lines[first].strip(" ,\r\n"):
            index += 1
            continue
        cells, used, problem = _record(lines, first)
        index = first + used
        start = starts[first]
        raw = text[start : starts[index]].rstrip("\r\n")
        problem = problem or _text_problem(raw, encoding)
        if problem:
            register.problems.append(RowProblem(first + 1, problem))
            continue
        try:
            register.rows.append(_row(cells, first + 1, start, start + len(raw), raw))
        except ValueError as error:
            register.problems.append(RowProblem(first + 1, str(error)))
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

    :raises ImportFileError: when the file cannot be read, is larger than
        :data:`MAX_FILE_BYTES`, is UTF-16 or has no header row.
    """
    path = Path(path)
    try:
        with path.open("rb") as stream:
            # Bounded: /dev/zero or a multi-gigabyte file must not fill the memory.
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB, the most an import reads; "
            "export a narrower selection from SIPRI (fewer years or countries per file)"
        )
    return parse_sipri(data, path.name, **options)
