"""Parameters the query planner can see: each bound variable replaced, in the query, by its
value as a constant, serialised by pyoxigraph (``str`` of a ``NamedNode`` or ``Literal`` is its
N-Triples form, every quote, brace, newline or ``#`` escaped by the library).

Oxigraph joins ``substitutions`` in at the root after planning, so a filter on a parameter is
evaluated after every other pattern (``timeline`` at 100k transfers: 2.8 s); with the value
written where the variable was, the planner starts from it or pushes the filter down (0.4 s).
A ``VALUES`` block or a ``BIND`` at the start of the WHERE clause is no faster (the planner
joins it like a substitution; see bench/RESULTS.md).

The variable stays in the answer: where the outer ``SELECT`` projects it, the projection
becomes ``(term AS ?x)`` (a subquery's projection drops it: the value is the same everywhere);
in ``ORDER BY``/``GROUP BY`` it becomes ``(term)``; everywhere else the term stands in its
place. Comments, strings and IRIs of the query are never touched. A query that assigns a
parameter itself (``AS ?x``, ``VALUES ?x``), or with a subquery that projects nothing but
parameters, is not rewritten (None): the caller binds it with ``substitutions`` as before, and
so it does when the rewritten text does not parse (a literal where only an IRI may stand).

>>> import pyoxigraph as ox
>>> print(inline_terms("SELECT ?x ?y WHERE { ?x ?p ?y }", {"y": ox.Literal('"} UNION {')}))
SELECT ?x ("\\"} UNION {" AS ?y) WHERE { ?x ?p "\\"} UNION {" }
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kg.queries.params import Term
from kg.queries.syntax import SKIPPED

__all__ = ["Inlined", "inline_terms", "inlined"]

# Comments, strings and IRIs first (skipped as they are), then what the rewrite looks at.
_TOKEN = re.compile(
    rf"(?P<skip>{SKIPPED.pattern})"
    r"|(?P<var>[?$]\w+)"
    r"|(?P<word>(?<![\w:.-])(?:SELECT|WHERE|FROM|AS|VALUES|BY|HAVING|LIMIT|OFFSET)(?![\w:-]))"
    r"|(?P<star>\*)"
    r"|(?P<punct>[{}()])",
    re.IGNORECASE | re.DOTALL,
)
_MODIFIER_ENDS = {"HAVING", "LIMIT", "OFFSET", "VALUES", "SELECT", "WHERE"}


@dataclass(frozen=True)
class Inlined:
    """A query with its parameters written in as constants, and whether its outer ``SELECT``
    is ``SELECT *`` (whose answer then lacks the parameters' columns, which the caller adds)."""

    text: str
    select_star: bool


def inlined(text: str, bindings: Mapping[str, Term]) -> Inlined | None:
    """The query with each bound variable replaced by its term (see the module), or None when
    the query assigns a bound variable itself.

    >>> import pyoxigraph as ox
    >>> inlined("SELECT * WHERE { ?s ?p ?o }", {"o": ox.NamedNode("urn:x")})
    Inlined(text='SELECT * WHERE { ?s ?p <urn:x> }', select_star=True)
    >>> inlined("SELECT ?o WHERE { BIND(1 AS ?o) }", {"o": ox.Literal("v")}) is None
    True
    """
    terms = {name: str(term) for name, term in bindings.items()}
    out: list[str] = []
    last = 0
    depth = braces = 0  # parentheses and braces open
    projection: _Projection | None = None  # the SELECT clause we are in
    modifier: int | None = None  # parenthesis depth at the ORDER BY / GROUP BY we are in
    values_header = assigning = False
    select_star = False
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "skip":
            continue
        if kind == "punct":
            if token in "{}" and projection is not None and not projection.closed():
                return None  # a subquery would project nothing once its parameters are dropped
            if token == "(":
                if projection is not None and depth == projection.depth:
                    projection.kept += 1  # an expression
                depth += 1
            elif token == ")":
                depth -= 1
            else:  # a brace ends a projection, an ORDER/GROUP BY and a VALUES header
                braces += 1 if token == "{" else -1
                projection = modifier = None
                values_header = False
            assigning = False
            continue
        if kind == "star":
            if projection is not None and depth == projection.depth:
                projection.kept += 1
                select_star = select_star or not projection.nested
            continue
        if kind == "word":
            word = token.upper()
            if word == "SELECT":
                projection = _Projection(depth, nested=braces > 0)
            elif word in ("WHERE", "FROM") and projection is not None:
                if not projection.closed():
                    return None
                projection = None
            elif word == "BY":
                modifier = depth
            elif word == "VALUES":
                values_header = True
            if word in _MODIFIER_ENDS:
                modifier = None
            assigning = word == "AS"
            continue
        name = token[1:]
        bare = projection is not None and depth == projection.depth and not assigning
        if name not in terms:
            if bare:
                projection.kept += 1  # type: ignore[union-attr]
            assigning = False
            continue
        if assigning or values_header:
            return None  # the query gives the variable its own value
        if bare and projection is not None:
            # the outer SELECT shows the value; a subquery need not (the outer query has it)
            replacement = "" if projection.nested else f"({terms[name]} AS ?{name})"
            projection.kept += not projection.nested
        elif modifier is not None and depth == modifier:
            replacement = f"({terms[name]})"
        else:
            replacement = terms[name]
        out += [text[last : match.start()], replacement]
        last = match.end()
    out.append(text[last:])
    return Inlined("".join(out), select_star)


@dataclass
class _Projection:
    """A SELECT clause being read: its parenthesis depth, whether it is a subquery's, and how
    many items it keeps."""

    depth: int
    nested: bool
    kept: int = 0

    def closed(self) -> bool:
        """Whether the clause may end here: it still projects something."""
        return self.kept > 0


def inline_terms(text: str, bindings: Mapping[str, Term]) -> str | None:
    """:func:`inlined`'s text (None when the query assigns a bound variable itself)."""
    result = inlined(text, bindings)
    return None if result is None else result.text
