"""Plain-text rendering of rows for the terminal (the CLI's only output helper)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from kg.namespaces import prefixed

__all__ = ["display_value", "format_table", "shorten", "wrap"]


def display_value(value: Any) -> str:
    """Show IRIs with prefixes, None as empty, everything else as text.

    >>> display_value("https://w3id.org/rnku-kg/id/ROK")
    'kgr:ROK'
    >>> display_value(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return prefixed(value)
    return str(value)


def format_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, max_width: int = 60
) -> str:
    """An aligned text table; long cells are cut with an ellipsis.

    >>> print(format_table([{"a": 1, "b": "x"}, {"a": 22, "b": None}]))
    a   b
    --  -
    1   x
    22
    """
    columns = list(columns or (rows[0].keys() if rows else []))
    cells = [[shorten(display_value(row.get(c)), max_width) for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths).rstrip())
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def shorten(text: str, limit: int) -> str:
    """Collapse whitespace and cut to ``limit`` characters with an ellipsis.

    >>> shorten("a  long   text", 5)
    'a lo…'
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wrap(text: str, indent: str = "    ", width: int = 100) -> str:
    """Wrap a long quote for the terminal."""
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent)
