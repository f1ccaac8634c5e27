"""The minimal raw pyoxigraph script that ``kg query`` is timed against, whole process.

It imports nothing but pyoxigraph: it opens a persistent store read-only (a folder) or loads
a TriG file into memory (what ``kg`` does with a build below ``kg.store.ON_DISK_FROM``), runs
one query file whose prefixes are declared in its text, with the union of the graphs as
default graph and values bound as N-Triples terms, and prints every row tab-separated.

    python bench/raw_query.py build/store/data query.rq 'supplier=<https://w3id.org/rnku-kg/id/DPRK>'
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox


def term(text: str) -> ox.NamedNode | ox.Literal:
    """An IRI (``<...>``) or a literal (``"..."`` with ``^^<datatype>``) from its N-Triples form.

    >>> term('"2024-06-01"^^<http://www.w3.org/2001/XMLSchema#date>').value
    '2024-06-01'
    """
    if text.startswith("<") and text.endswith(">"):
        return ox.NamedNode(text[1:-1])
    body, _, datatype = text.rpartition('"^^<')
    if body.startswith('"') and datatype.endswith(">"):
        return ox.Literal(body[1:], datatype=ox.NamedNode(datatype[:-1]))
    return ox.Literal(text.strip('"'))


def main() -> None:
    data, query_file, *bindings = sys.argv[1:]
    if Path(data).is_dir():
        store = ox.Store.read_only(data)
    else:
        store = ox.Store()
        store.bulk_load(path=data, format=ox.RdfFormat.TRIG)
    substitutions = {}
    for binding in bindings:
        name, _, value = binding.partition("=")
        substitutions[ox.Variable(name)] = term(value)
    text = Path(query_file).read_text(encoding="utf-8")
    answer = store.query(text, use_default_graph_as_union=True, substitutions=substitutions)
    out = sys.stdout
    if isinstance(answer, ox.QueryBoolean):
        out.write(f"{bool(answer)}\n")
    elif isinstance(answer, ox.QueryTriples):
        for triple in answer:
            out.write(f"{triple} .\n")
    else:
        names = [v.value for v in answer.variables]
        out.write("\t".join(names) + "\n")
        for row in answer:
            out.write("\t".join("" if row[n] is None else str(row[n]) for n in names) + "\n")


if __name__ == "__main__":
    main()
