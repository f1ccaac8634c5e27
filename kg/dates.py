"""Dates with their precision: ``2024-06-19`` (day), ``2024-06`` (month), ``2024`` (year)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.namespaces import KG, XSD

__all__ = ["FuzzyDate", "parse_date"]

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


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
        datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[self.precision]
        return Literal(self.text, datatype=datatype)

    @property
    def precision_concept(self) -> URIRef:
        return {"day": KG.day, "month": KG.month, "year": KG.year}[self.precision]


def parse_date(value: object) -> FuzzyDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (YAML may hand us an int or a date).

    >>> parse_date(2022).latest.isoformat()
    '2022-12-31'
    >>> parse_date("2024-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2024-02-30' is not a real day; write YYYY, YYYY-MM or YYYY-MM-DD
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return FuzzyDate(value, value, value.isoformat(), "day")
    text = str(value).strip()
    match = _PATTERN.fullmatch(text)
    if not match or isinstance(value, bool):
        raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return FuzzyDate(dt.date(year, 1, 1), dt.date(year, 12, 31), text, "year")
        last = calendar.monthrange(year, month)[1]
        if day is None:
            return FuzzyDate(dt.date(year, month, 1), dt.date(year, month, last), text, "month")
        exact = dt.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError):
        raise ValueError(f"{text!r} is not a real day; write YYYY, YYYY-MM or YYYY-MM-DD") from None
    return FuzzyDate(exact, exact, text, "day")
