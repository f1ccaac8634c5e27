"""Dates with their precision: ``2024-06-19`` (day), ``2024-06`` (month), ``2024`` (year)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.namespaces import KG, XSD

__all__ = ["FuzzyDate", "parse_date"]

# ASCII digits only: ``\d`` and int() also accept "٢٠٢٤" or "２０２４", which no xsd type does.
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_FORMS = "write YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date known to a day, a month or a year, with the interval it denotes.

    >>> d = parse_date("2024-06")
    >>> d.precision, d.earliest.isoformat(), d.latest.isoformat()
    ('month', '2024-06-01', '2024-06-30')
    """

    earliest: dt.date
    latest: dt.date
    text: str
    precision: str

    def literal(self) -> Literal:
        """The RDF literal whose datatype carries the precision."""
        return Literal(self.text, datatype=self.datatype)

    @property
    def datatype(self) -> URIRef:
        """The XSD type of :attr:`text`: ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``."""
        return {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[self.precision]

    @property
    def precision_concept(self) -> URIRef:
        return {"day": KG.day, "month": KG.month, "year": KG.year}[self.precision]


def parse_date(value: object) -> FuzzyDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in ASCII digits (YAML may hand us an int
    or a date); years run from 0001 to 9999.

    >>> parse_date(2022).latest.isoformat()
    '2022-12-31'
    >>> parse_date("2024-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2024-02-30' is not a real day; write YYYY, YYYY-MM or YYYY-MM-DD
    >>> parse_date("0000")
    Traceback (most recent call last):
    ...
    ValueError: '0000' is not a year (there is no year 0; years run from 0001 to 9999)
    >>> parse_date("２０２４-06")
    Traceback (most recent call last):
    ...
    ValueError: '２０２４-06' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits 0-9
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return FuzzyDate(value, value, value.isoformat(), "day")
    text = str(value).strip()
    match = _PATTERN.fullmatch(text)
    if not match or isinstance(value, bool):
        digits = " in ASCII digits 0-9" if any(c.isdigit() and not c.isascii() for c in text) else ""
        raise ValueError(f"{text[:40]!r} is not a date; {_FORMS}{digits}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if year == 0:
        raise ValueError(f"{text!r} is not a year (there is no year 0; years run from 0001 to 9999)")
    try:
        if month is None:
            return FuzzyDate(dt.date(year, 1, 1), dt.date(year, 12, 31), text, "year")
        last = calendar.monthrange(year, month)[1]
        if day is None:
            return FuzzyDate(dt.date(year, month, 1), dt.date(year, month, last), text, "month")
        exact = dt.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(f"{text!r} is not a real day; {_FORMS}") from None
    return FuzzyDate(exact, exact, text, "day")
