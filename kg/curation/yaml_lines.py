"""A safe YAML loader that remembers the line of every mapping and key, rejects duplicate
keys and keeps dates as text (so a bad date is reported with its line, not as a bare
``ValueError``).

>>> data = load_yaml("a: 1\\nb:\\n  c: 2024-13-19\\n")
>>> data.line_of("b"), data["b"]["c"]
(2, '2024-13-19')
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from kg.errors import CurationError

__all__ = ["LineMap", "load_yaml", "read_yaml"]


class LineMap(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that records line numbers and rejects duplicate keys."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMap:
    mapping = LineMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


# Dates stay text: parse_date checks them and reports the line, where YAML's
# own timestamp resolver would fail on "2024-13-19" with a bare ValueError.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)


def load_yaml(text: str) -> Any:
    """Parse YAML text with line numbers (mappings become :class:`LineMap`)."""
    return yaml.load(text, Loader=_LineLoader)


def read_yaml(path: Path, read: Callable[[Path], bytes] = Path.read_bytes) -> Any:
    """Parse a YAML file (its bytes from ``read``), turning unreadable files and syntax
    errors into a CurationError with its line.

    >>> read_yaml(Path("no/such.yaml"))
    Traceback (most recent call last):
    ...
    kg.errors.CurationError: no/such.yaml: file not found
    """
    try:
        text = read(path).decode("utf-8")
    except FileNotFoundError:
        raise CurationError(path, None, "file not found") from None
    except UnicodeDecodeError as error:
        raise CurationError(path, None, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise CurationError(path, None, f"cannot read ({error.strerror or error})") from None
    try:
        return load_yaml(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        problem = error.problem or error.context or "syntax error"
        raise CurationError(path, line, f"YAML syntax error: {problem}") from None
