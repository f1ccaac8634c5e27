"""Pages of a query's answer: ``LIMIT``/``OFFSET`` added to the query, for answers that grow
with the data (``kg query --limit 50 --offset 100``, ``KnowledgeGraph.query(..., limit=50)``).

The numbers are checked integers formatted here, never user text; a query that sets its own
``LIMIT`` or ``OFFSET`` at the end, or an ``ASK``, is refused. Pages are stable where the query
orders its rows (the named queries that grow with the data do: ``ORDER BY``).

>>> print(paged("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", limit=10, offset=20))
SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s
LIMIT 10 OFFSET 20
"""

from __future__ import annotations

import re

from kg.errors import QueryError
from kg.queries.syntax import blanked

__all__ = ["paged"]

_OWN_PAGE = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*$", re.IGNORECASE)


def paged(text: str, *, limit: int | None = None, offset: int = 0) -> str:
    """``text`` with ``LIMIT``/``OFFSET`` at its end (unchanged when neither is asked for).

    :raises QueryError: for a negative or non-integer number, an ``ASK`` query, or a query
        that already ends with its own ``LIMIT`` or ``OFFSET``.
    """
    if limit is None and offset == 0:
        return text
    for name, number in (("limit", limit), ("offset", offset)):
        if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 0):
            raise QueryError(f"{name} must be a whole number of at least 0, not {number!r}")
    masked = blanked(text).rstrip()
    if re.search(r"\bASK\b", masked, re.IGNORECASE) and not re.search(r"\bSELECT\b", masked, re.IGNORECASE):
        raise QueryError("an ASK query has one answer: it cannot be paged")
    if _OWN_PAGE.search(masked):
        raise QueryError("the query sets its own LIMIT or OFFSET; drop it to page with --limit/--offset")
    clause = " ".join(
        part
        for part in (f"LIMIT {limit}" if limit is not None else "", f"OFFSET {offset}" if offset else "")
        if part
    )
    return f"{text.rstrip()}\n{clause}"
