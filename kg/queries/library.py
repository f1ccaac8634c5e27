"""The named queries (``kg/queries/*.rq``) and their comment headers.

Each ``.rq`` file starts with a header::

    # title: Direct transfers between two actors
    # answers: What did the supplier give ... (continuation lines are indented)
    # param: supplier (entity, e.g. North Korea): who gives, sells or sends
    # keywords: transfer, supply
    # performance: how the query is written for the planner (optional; not part of the keywords)

The library is read once per process (:func:`functools.cache`).

>>> get_query("direct-transfers").params[0].name
'supplier'
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError

__all__ = [
    "PARAM_KINDS",
    "QUERY_DIR",
    "NamedQuery",
    "Param",
    "get_query",
    "list_queries",
    "load_query",
    "parse_header",
    "read_query_file",
]

# Package data next to this module (pyproject lists queries/*.rq).
QUERY_DIR = Path(__file__).parent
PARAM_KINDS = ("entity", "iri", "date", "string", "integer", "decimal")
INLINE = "(inline)"
_HEADER_FIELD = re.compile(r"#\s*(title|answers|param|keywords|performance):\s*(.*)")
_PARAM = re.compile(r"(\w+)\s*\((\w+),\s*e\.g\.\s*(.+?)\):\s*(.*)")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class Param:
    """A declared query parameter: its variable, kind, an example value and what it means."""

    name: str
    kind: str
    example: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query with its header: name (file stem), title, what it answers, parameters, keywords and text."""

    name: str
    title: str
    answers: str
    params: tuple[Param, ...]
    keywords: tuple[str, ...]
    text: str
    from_library: bool = False

    @property
    def example_params(self) -> dict[str, str]:
        """The header's example values, by parameter name.

        >>> get_query("timeline").example_params["start"]
        '2024-06-01'
        """
        return {p.name: p.example for p in self.params}


def parse_header(name: str, text: str) -> NamedQuery:
    """Read the comment header of a query; a malformed ``# param:`` line raises QueryError.

    >>> q = parse_header("x", "# title: T\\n# param: who (entity, e.g. Seoul): a state\\nSELECT * {}")
    >>> q.title, q.params[0].example
    ('T', 'Seoul')
    """
    fields: dict[str, list[str]] = {
        "title": [],
        "answers": [],
        "param": [],
        "keywords": [],
        "performance": [],
    }
    last: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        match = _HEADER_FIELD.match(stripped)
        if match:
            last = fields[match.group(1)]
            last.append(match.group(2).strip())
        elif last is not None and stripped.lstrip("#").strip():
            last[-1] += " " + stripped.lstrip("#").strip()  # an indented continuation line
    params = []
    for spec in fields["param"]:
        match = _PARAM.fullmatch(spec)
        if not match or match.group(2) not in PARAM_KINDS:
            raise QueryError(
                f"{name}: bad parameter header {spec!r}; write `# param: NAME (KIND, e.g. EXAMPLE): meaning`"
                f" with KIND one of {', '.join(PARAM_KINDS)}"
            )
        params.append(Param(*match.groups()))
    keywords = tuple(k.strip() for k in ", ".join(fields["keywords"]).split(",") if k.strip())
    return NamedQuery(
        name=name,
        title=" ".join(fields["title"]),
        answers=" ".join(fields["answers"]),
        params=tuple(params),
        keywords=keywords,
        text=text,
    )


@functools.cache
def _library() -> dict[str, NamedQuery]:
    queries = {}
    for item in QUERY_DIR.glob("*.rq"):
        parsed = parse_header(item.stem, item.read_text(encoding="utf-8"))
        queries[item.stem] = dataclasses.replace(parsed, from_library=True)
    return dict(sorted(queries.items()))


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name.

    >>> "indirect-supply" in [q.name for q in list_queries()]
    True
    """
    return list(_library().values())


def get_query(name: str) -> NamedQuery:
    """A named query; an unknown name raises QueryError with close names.

    >>> get_query("polls").title
    'Opinion polls'
    """
    library = _library()
    if name in library:
        return library[name]
    close = difflib.get_close_matches(name, list(library), n=3, cutoff=0.5)
    if close:
        hint = f"; did you mean {', '.join(close)}?"
    elif not _NAME.fullmatch(name.strip()):
        hint = "; inline SPARQL goes in -e 'SPARQL' (text=...), a file must end in .rq"
    else:
        hint = "; `kg query --list` lists them"
    raise QueryError(f"unknown named query {name!r}{hint}")


def read_query_file(path: Path | str) -> NamedQuery:
    """A query file with its header, named after the file's stem; a missing file raises QueryError.

    >>> read_query_file(QUERY_DIR / "polls.rq").title
    'Opinion polls'
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot read the query file: {error}") from None
    return parse_header(path.stem, text)


def load_query(text_or_name: str) -> NamedQuery:
    """A named query, a ``.rq`` file or inline SPARQL text, told apart by their shape
    (for the notebook API's one positional argument; the CLI says which it has).

    >>> load_query("SELECT ?s WHERE { ?s ?p ?o }").name
    '(inline)'
    >>> load_query("polls").from_library
    True
    """
    candidate = text_or_name.strip()
    if _NAME.fullmatch(candidate):
        return get_query(candidate)
    if candidate.endswith(".rq") and "\n" not in candidate:
        return read_query_file(candidate)
    return parse_header(INLINE, text_or_name)
