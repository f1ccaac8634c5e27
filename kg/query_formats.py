"""Query results as text: an aligned table, SPARQL 1.1 CSV / TSV / JSON results, or Turtle.

>>> import pyoxigraph as ox
>>> from kg.querylib import QueryResult
>>> result = QueryResult("select", ["s"], [{"s": ox.NamedNode("https://w3id.org/rnku-kg/id/ROK")}])
>>> print(format_result(result, "tsv"))
?s
<https://w3id.org/rnku-kg/id/ROK>
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.querylib import QueryResult
from kg.render import format_table

__all__ = ["FORMATS", "format_result"]

FORMATS = ("table", "csv", "tsv", "json", "ttl")


def format_result(result: QueryResult, fmt: str = "table", max_width: int = 60) -> str:
    """Render a result; ``ttl`` is for CONSTRUCT/DESCRIBE, the others for SELECT and ASK."""
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
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        entry["datatype"] = term.datatype.value
    return entry


def _json(result: QueryResult) -> dict[str, Any]:
    bindings = [{v: _term_json(t) for v, t in solution.items()} for solution in result.solutions]
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}


def format_chain(chain: Any, number: int) -> str:
    """A chain hop by hop, each with status, quote and source title (for ``kg paths``)."""
    from kg.render import wrap

    route = " → ".join([chain.hops[0].supplier_label, *(hop.recipient_label for hop in chain.hops)])
    lines = [f"{number}. {route}{'  [linked]' if chain.linked else ''}"]
    for index, hop in enumerate(chain.hops, start=1):
        quantity = f" × {hop.quantity:,.0f}" if hop.quantity else ""
        date = f", {hop.date}" if hop.date else ""
        lines.append(
            f"   hop {index}: {hop.supplier_label} → {hop.recipient_label}: {hop.item_label}{quantity}"
            f" ({hop.kind}, {hop.status}{date})"
        )
        lines.append(wrap(f"“{hop.quote}”", indent="      "))
        lines.append(f"      — {hop.source_title}")
    return "\n".join(lines)


def format_entity_card(card: Any) -> str:
    """An entity card for the terminal (for ``kg show``)."""
    from kg.namespaces import prefixed

    lines = [f"{card.label}  ({prefixed(card.iri)})", f"type: {', '.join(card.types) or '-'}"]
    if card.aliases:
        lines.append(f"aliases: {', '.join(card.aliases)}")
    if card.metonyms:
        lines.append(f"metonyms: {', '.join(card.metonyms)}")
    if card.description:
        lines.append(f"description: {card.description}")
    for direction, title in (("out", "relations out"), ("in", "relations in")):
        related = [r for r in card.relations if r["direction"] == direction]
        if related:
            lines.append(f"\n{title}:")
            lines += [
                f"  {prefixed(r['predicate'])} {r['other_label'] or prefixed(r['other'])}"
                if direction == "out"
                else f"  {r['other_label'] or prefixed(r['other'])} {prefixed(r['predicate'])}"
                for r in related
            ]
    for kind, claims in card.claims_by_type().items():
        lines.append(f"\n{kind} claims ({len(claims)}):")
        lines += [f"  [{c['status']}] {c['label']}  ({c['role']})" for c in claims]
    if card.sources:
        lines.append("\nsources:")
        lines += [f"  {prefixed(s['source'])} {s['title']} ({s['claims']} claims)" for s in card.sources]
    return "\n".join(lines)


def cookbook(store: ox.Store) -> str:
    """The query cookbook (``kg/queries/README.md``): every named query with its header, text and
    its output on the seed graph, generated by running it (``kg query --cookbook``)."""
    from kg.querylib import execute, list_queries

    parts = [
        "# Query cookbook",
        "",
        "Generated by `kg query --cookbook > kg/queries/README.md` from the named queries in this folder,",
        "run on the seed graph with the example parameters of their headers. A test fails when it is stale.",
        "",
    ]
    queries = list_queries()
    parts += [f"- [`{q.name}`](#{q.name}): {q.title}" for q in queries]
    for query in queries:
        params = " ".join(f'--param {p.name}="{p.example}"' for p in query.params)
        result = execute(query.name, query.example_params, store=store)
        first = QueryResult(
            result.kind, result.variables, result.solutions[:8], result.boolean, result.triples[:8]
        )
        output = format_result(first, "table", max_width=40)
        total = len(result.solutions) if result.kind == "select" else len(result.triples)
        if result.kind == "select":
            output = output.rsplit("\n", 1)[0]
        if total > 8:
            output += f"\n… ({total} rows in all; the first 8 shown)"
        parts += [
            "",
            f"## {query.name}",
            "",
            f"**{query.title}.** {query.answers}",
            "",
        ]
        parts += [f"- `{p.name}` ({p.kind}): {p.description}; e.g. `{p.example}`" for p in query.params]
        body = query.text.split("\n")
        sparql = "\n".join(line for line in body if not line.startswith("#")).strip()
        parts += [
            "",
            "```sh",
            f"kg query {query.name} {params}".rstrip(),
            "```",
            "",
            "```sparql",
            sparql,
            "```",
            "",
            "```text",
            output,
            "```",
        ]
    return "\n".join(parts) + "\n"
