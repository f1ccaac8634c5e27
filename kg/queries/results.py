"""What a query returned (:class:`QueryResult`) and its text forms: an aligned table,
SPARQL 1.1 CSV / TSV / JSON results, or Turtle for a graph.

>>> import pyoxigraph as ox
>>> result = QueryResult("select", ["s"], [{"s": ox.NamedNode("https://w3id.org/rnku-kg/id/ROK")}])
>>> print(format_result(result, "tsv"))
?s
<https://w3id.org/rnku-kg/id/ROK>
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.display import format_table
from kg.errors import QueryError
from kg.iris import PREFIXES, XSD
from kg.store import term_value

__all__ = ["FORMATS", "QueryResult", "format_result"]

# The output formats, in the order `kg query --format` lists them.
FORMATS = ("table", "csv", "tsv", "json", "ttl")
XSD_STRING = XSD + "string"


@dataclass
class QueryResult:
    """What a query returned: ``kind`` is select, ask or graph; terms are pyoxigraph terms."""

    kind: str
    variables: list[str] = dataclasses.field(default_factory=list)
    solutions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = dataclasses.field(default_factory=list)

    @classmethod
    def from_oxigraph(cls, answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
        """A result from what pyoxigraph's ``Store.query`` or ``parse_query_results`` gives.

        >>> QueryResult.from_oxigraph(ox.Store().query("ASK {}")).boolean
        True
        """
        if isinstance(answer, ox.QueryBoolean):
            return cls("ask", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return cls("graph", triples=list(answer))
        variables = [v.value for v in answer.variables]
        solutions = [{name: row[name] for name in variables if row[name] is not None} for row in answer]
        return cls("select", variables=variables, solutions=solutions)

    def rows(self) -> list[dict[str, Any]]:
        """Plain rows: IRIs and strings as str, numbers as int/float, unbound as None.
        An ASK gives one row ``{"answer": bool}``; a graph one row per triple.

        >>> QueryResult("select", ["n"], [{"n": ox.Literal("3", datatype=ox.NamedNode(
        ...     "http://www.w3.org/2001/XMLSchema#integer"))}, {}]).rows()
        [{'n': 3}, {'n': None}]
        """
        if self.kind == "ask":
            return [{"answer": self.boolean}]
        if self.kind == "graph":
            return [
                {
                    "subject": term_value(t.subject),
                    "predicate": term_value(t.predicate),
                    "object": term_value(t.object),
                }
                for t in self.triples
            ]
        return [{v: term_value(s.get(v)) for v in self.variables} for s in self.solutions]


def format_result(result: QueryResult, fmt: str = "table", max_width: int = 60) -> str:
    """Render a result; ``ttl`` is for CONSTRUCT/DESCRIBE, the others for SELECT and ASK.
    A format that does not fit the result raises QueryError.

    >>> print(format_result(QueryResult("ask", boolean=True), "json"))
    {"head": {}, "boolean": true}
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        if fmt == "ttl":
            return ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode()
        if fmt != "table":
            raise QueryError(f"a CONSTRUCT or DESCRIBE query gives a graph; use --format ttl, not {fmt}")
        return format_table(result.rows(), ["subject", "predicate", "object"], max_width)
    if fmt == "ttl":
        raise QueryError("--format ttl is for CONSTRUCT and DESCRIBE queries; use table, csv, tsv or json")
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "yes" if result.boolean else "no"
    if fmt == "table":
        rows = result.rows()
        return format_table(rows, result.variables, max_width) + f"\n({len(rows)} rows)"
    if fmt == "json":
        return json.dumps(_json(result), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return _csv(result)
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(str(s[v]) if v in s else "" for v in result.variables) for s in result.solutions]
    return "\n".join(lines)


def _csv(result: QueryResult) -> str:
    # SPARQL 1.1 CSV: lexical values only, CRLF line ends.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for solution in result.solutions:
        writer.writerow([solution[v].value if v in solution else "" for v in result.variables])
    return out.getvalue().rstrip("\r\n")


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    entry = {"type": "literal", "value": term.value}
    if term.language:
        entry["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        entry["datatype"] = term.datatype.value
    return entry


def _json(result: QueryResult) -> dict[str, Any]:
    bindings = [{v: _term_json(t) for v, t in solution.items()} for solution in result.solutions]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
