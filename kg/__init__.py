"""Knowledge graph of Russia - North Korea - South Korea - Ukraine relations.

Importing the package does no work: nothing is read or built until asked, and the
public names below are imported from their modules on first use.

>>> import kg
>>> graph = kg.load()
>>> graph.resolve("Seoul")
'https://w3id.org/rnku-kg/id/ROK'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "Chain",
    "Hop",
    "KnowledgeGraph",
    "QueryError",
    "Route",
    "UnknownEntityError",
    "__version__",
    "find_chains",
    "find_routes",
    "list_queries",
    "load",
    "run_query",
]

# Public name -> defining module, imported lazily so `import kg` stays instant.
_EXPORTS = {
    "Chain": "kg.chains",
    "Hop": "kg.chains",
    "find_chains": "kg.chains",
    "Route": "kg.chains",
    "find_routes": "kg.chains",
    "KnowledgeGraph": "kg.api",
    "load": "kg.api",
    "list_queries": "kg.queries",
    "run_query": "kg.queries",
    "QueryError": "kg.errors",
    "UnknownEntityError": "kg.errors",
}


def _version() -> str:
    # read on first use: importlib.metadata costs ~20 ms, which every `kg` call would pay
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kg")
    except PackageNotFoundError:  # running from a checkout that was not installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS, "__version__"])
