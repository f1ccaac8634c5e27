"""The lexical side of SPARQL text that the rewrites of a query need: the tokens inside which a
``{``, a ``WHERE`` or a ``?x`` is not one (comments, strings, IRIs), to skip or blank out.

>>> blanked('SELECT ("{" AS ?b) WHERE { ?x ?p ?o } # {')
'SELECT (    AS ?b) WHERE { ?x ?p ?o }    '
"""

from __future__ import annotations

import re

__all__ = ["SKIPPED", "blanked"]

# Tokens that may contain a "{" or "WHERE" without being one: comments, strings, IRIs.
SKIPPED = re.compile(
    r"#[^\n]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\"{}|^`\\\s]*>",
    re.DOTALL,
)


def blanked(text: str) -> str:
    """``text`` with every comment, string and IRI blanked out (same length, same offsets)."""
    return SKIPPED.sub(lambda m: " " * len(m.group(0)), text)
