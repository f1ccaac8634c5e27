"""A safe YAML loader for seed files: it remembers the line of every mapping and key and
the text of every plain scalar as written, rejects duplicate keys, keeps dates as text (so
a bad date is reported with its line, not as a bare ``ValueError``), and refuses anchors and
aliases and deep nesting (so a few hundred bytes cannot cost gigabytes).

>>> data = load_yaml("a: 1\\nb:\\n  c: 2024-13-19\\n  d: 0000\\n")
>>> data.line_of("b"), data["b"]["c"], data["b"]["d"], data["b"].written("d")
(2, '2024-13-19', 0, '0000')
>>> read_yaml(Path("f.yaml"), read=lambda path: b"a: &x [1]\\nb: *x\\n")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.errors.CurationError: f.yaml:1: YAML anchors and aliases (&x, *x) are not allowed in seed files; ...
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from kg.errors import CurationError

__all__ = ["MAX_DEPTH", "LineMap", "RefusedYamlError", "load_yaml", "read_yaml"]

MAX_DEPTH = 32  # nesting of lists and mappings; seed files need about 5


class LineMap(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers the line of itself and of each key, and the text of
    each plain scalar value as the curator wrote it."""

    line: int = 0
    key_lines: dict[str, int]
    scalars: dict[str, str]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def written(self, key: str) -> str | None:
        """The value of ``key`` as written, when it is a plain (unquoted) scalar, else None."""
        return getattr(self, "scalars", {}).get(key)


class RefusedYamlError(yaml.MarkedYAMLError):
    """Valid YAML that seed files do not allow (anchors, aliases, deep nesting)."""


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that records line numbers and rejects duplicate keys, anchors,
    aliases and nesting deeper than :data:`MAX_DEPTH`."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:  # type: ignore[override]
        event = self.peek_event()
        if event.anchor is not None:  # an anchor (&x) or an alias (*x)
            raise RefusedYamlError(
                None,
                None,
                f"YAML anchors and aliases (&{event.anchor}, *{event.anchor}) are not allowed in "
                "seed files; write the value out",
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            raise RefusedYamlError(
                None, None, f"lists and mappings nested more than {MAX_DEPTH} deep", event.start_mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMap:
    mapping = LineMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.scalars = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.ScalarNode) and value_node.style is None:
            mapping.scalars[str(key)] = value_node.value
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
        prefix = "" if isinstance(error, RefusedYamlError) else "YAML syntax error: "
        raise CurationError(path, line, prefix + problem) from None
