"""Quotes in their texts: locate them, give their offsets and context, find the nearest
match when a quote is wrong (reported with file and line), and split texts into sentences
for coverage.

Offsets count Unicode code points of the UTF-8-decoded text as stored (line ends
untouched), as W3C Web Annotation's TextPositionSelector requires. A line break in a quote
(``\\n`` in YAML) matches the text's line end, ``\\r\\n`` in a text saved with CRLF; the
quote's ``exact`` is always the stored characters (see :func:`as_in_text`).

>>> text = "Seoul said it would review its policy. Moscow objected."
>>> locate_quote(text, "review its policy")
Span(start=20, end=37)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from kg.curation import Curation, QuoteRef
from kg.errors import CurationError, CurationErrors, QuoteNotFoundError

__all__ = [
    "CONTEXT_CHARS",
    "LocatedQuote",
    "Quote",
    "Span",
    "as_in_text",
    "count_occurrences",
    "line_of_offset",
    "locate_quote",
    "nearest_match",
    "resolve_quotes",
    "sentences",
]

CONTEXT_CHARS = 32  # characters of oa:prefix and oa:suffix


@dataclass(frozen=True)
class Quote:
    """A located quote: its exact text, offsets [start, end) in the document, and context."""

    exact: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class LocatedQuote(Quote):
    """A quote found in its source document's text (TextQuoteSelector and offsets)."""

    source_id: str = ""


@dataclass(frozen=True)
class Span:
    """A half-open character range [start, end) in a text."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def locate_quote(text: str, quote: str, occurrence: int = 1) -> Span | None:
    """Offsets of the ``occurrence``-th exact occurrence of ``quote``, or None.

    >>> locate_quote("a b a b", "a b", occurrence=2)
    Span(start=4, end=7)
    >>> locate_quote("a b", "c") is None
    True
    """
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            return None
    return Span(position, position + len(quote))


def as_in_text(text: str, quote: str) -> str:
    """The quote with its line breaks written as the text writes them: when the quote does
    not occur as written, has bare ``\\n`` and the text has ``\\r\\n`` line ends, each ``\\n``
    becomes ``\\r\\n``.

    >>> as_in_text("one\\r\\ntwo", "one\\ntwo")
    'one\\r\\ntwo'
    >>> as_in_text("one\\ntwo", "one\\ntwo")
    'one\\ntwo'
    """
    if "\n" not in quote or "\r" in quote or "\r\n" not in text or quote in text:
        return quote
    return quote.replace("\n", "\r\n")


def count_occurrences(text: str, quote: str) -> int:
    """How many times ``quote`` occurs in ``text`` (overlaps included)."""
    count, position = 0, text.find(quote)
    while position >= 0:
        count += 1
        position = text.find(quote, position + 1)
    return count


def line_of_offset(text: str, offset: int) -> int:
    """1-based line number of a character offset.

    >>> line_of_offset("a\\nb\\nc", 4)
    3
    """
    return text.count("\n", 0, offset) + 1


def nearest_match(text: str, quote: str) -> tuple[Span, float]:
    """The passage of ``text`` most like ``quote`` and its similarity (0..1).

    Used to tell a curator what the text actually says when a quote is wrong.

    >>> span, score = nearest_match("He said “absurd” twice.", 'He said "absurd"')
    >>> span, round(score, 2)
    (Span(start=0, end=16), 0.88)
    """
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    best = matcher.find_longest_match(0, len(text), 0, len(quote))
    start = max(0, best.a - best.b)
    end = min(len(text), start + len(quote))
    window = text[start:end]
    score = difflib.SequenceMatcher(None, window, quote, autojunk=False).ratio()
    return Span(start, end), score


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")


def sentences(text: str) -> list[Span]:
    """Split a text into sentence spans (lines, then sentence punctuation).

    >>> text = "One. Two!\\nThree"
    >>> [text[s.start:s.end] for s in sentences(text)]
    ['One.', 'Two!', 'Three']
    """
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _append_trimmed(text, start, match.start(), spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def _locate(
    curation: Curation, source_id: str, ref: QuoteRef, texts: dict[str, str], owner: str
) -> LocatedQuote:
    source = curation.sources[source_id]
    text = texts.setdefault(source_id, source.text)
    exact = as_in_text(text, ref.text)
    span = locate_quote(text, exact, ref.occurrence)
    if span is None:
        found = count_occurrences(text, exact)
        if found:
            raise QuoteNotFoundError(
                ref.where.path,
                ref.where.line,
                f"{owner}: quote occurs {found} time(s) in {source.path.name}, "
                f"not {ref.occurrence}; lower 'occurrence'",
            )
        near, score = nearest_match(text, exact)
        raise QuoteNotFoundError(
            ref.where.path,
            ref.where.line,
            f"{owner}: quote not found in {source.path.name}: {ref.text[:80]!r}; "
            f"nearest text (line {line_of_offset(text, near.start)}, {score:.0%} alike): "
            f"{text[near.start : near.end][:80]!r}",
        )
    return LocatedQuote(
        source_id=source_id,
        exact=exact,
        start=span.start,
        end=span.end,
        prefix=text[max(0, span.start - CONTEXT_CHARS) : span.start],
        suffix=text[span.end : span.end + CONTEXT_CHARS],
    )


def resolve_quotes(curation: Curation) -> tuple[dict[str, list[LocatedQuote]], list[LocatedQuote]]:
    """Find every fact's and skip's quote in its text; report all misses at once
    (:class:`kg.errors.CurationErrors` of :class:`kg.errors.QuoteNotFoundError`).

    Returns the located quotes by fact id, and those of ``curation.skips`` in their order.

    >>> from kg.curation import load_curation
    >>> located, skipped = resolve_quotes(load_curation())
    >>> quote = next(iter(located.values()))[0]
    >>> quote.end - quote.start == len(quote.exact)
    True
    """
    texts: dict[str, str] = {}
    located: dict[str, list[LocatedQuote]] = {}
    skipped: list[LocatedQuote] = []
    problems: list[CurationError] = []
    for fact in curation.facts.values():
        for ref in fact.quotes:
            try:
                located.setdefault(fact.id, []).append(
                    _locate(curation, fact.source_id, ref, texts, f"fact {fact.id}")
                )
            except QuoteNotFoundError as error:
                problems.append(error)
    for skip in curation.skips:
        try:
            skipped.append(_locate(curation, skip.source_id, skip.quote, texts, "skip"))
        except QuoteNotFoundError as error:
            problems.append(error)
    if problems:
        raise CurationErrors(problems)
    return located, skipped
