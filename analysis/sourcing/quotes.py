"""Find quoted passages by their quote marks, robustly.

Unlike textacy's ``direct_quotations`` (which raises on an odd number of quote marks and so
loses the whole document), this scanner never gives up: it pairs curly, straight and guillemet
marks paragraph by paragraph, closes a quote left open at the end of its paragraph, and marks
such a quote as continued when the next paragraph opens with a quote mark (the newspaper
convention for multi-paragraph quotes). Single quotes are ignored: they are apostrophes far more
often than quote marks; a doubled apostrophe ``''`` counts as a straight double mark, because
some newspaper archives (the New York Times' plain-text feed) write every quote mark that way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuoteSpan", "quote_spans", "OPENING_MARKS", "CLOSING_MARKS"]

#: Marks that open a quote (English curly, German low, guillemets).
OPENING_MARKS = "“„«‹‟"
#: Marks that close a quote.
CLOSING_MARKS = "”»›"
_STRAIGHT = '"'
#: Two apostrophes standing for a straight double quote mark.
_DOUBLED = "''"
_WORD = re.compile(r"\w")
#: (open mark, inner opening mark) -> inner closing mark: quotes of another family nest
#: (Russian and European style «… “…” …», and the reverse “… «…» …").
_NESTING = {("«", "“"): "”", ("‹", "“"): "”", ("“", "«"): "»", ("“", "‹"): "›"}


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted passage: ``start``/``end`` are character offsets including the marks.

    ``closed`` is False when the closing mark was missing (the span then ends at the end of its
    paragraph); ``continued`` is True when the next paragraph opens with a quote mark, i.e. the
    quote goes on in the next paragraph.
    """

    start: int
    end: int
    closed: bool = True
    continued: bool = False

    @property
    def length(self) -> int:
        """Number of characters covered, marks included."""
        return self.end - self.start


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n", text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_with_mark(text: str, start: int, end: int) -> bool:
    stripped = text[start:end].lstrip()
    return bool(stripped) and (
        stripped[0] in OPENING_MARKS + _STRAIGHT or stripped.startswith(_DOUBLED)
    )


def _ends_word(text: str, i: int, start: int, end: int) -> bool:
    """Whether the mark at ``i`` hangs on the word before it and not on the one after."""
    return i > start and not text[i - 1].isspace() and (i + 1 >= end or text[i + 1].isspace())


def _scan_paragraph(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Pair the marks of one paragraph; returns ``(start, end, closed)`` triples."""
    found: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    open_mark = ""
    nested_close = ""  # the closing mark of a quote inside the open one: «… “…” …»
    i = start - 1
    while i + 1 < end:
        i += 1
        ch = text[i]
        width = 1
        if text.startswith(_DOUBLED, i) and i + 1 < end:
            ch, width = _STRAIGHT, 2
        if nested_close:
            if ch == nested_close:
                nested_close = ""
            continue
        if open_at is not None and (open_mark, ch) in _NESTING:
            nested_close = _NESTING[open_mark, ch]
            continue
        if ch == open_mark == "“" and _ends_word(text, i, start, end):
            found.append((open_at, i + 1, True))  # “…,“ he said: a typo for the closing mark
            open_at, open_mark = None, ""
        elif ch in OPENING_MARKS:
            if open_at is not None and open_mark != _STRAIGHT:
                # a second opening mark while one is open: the first was never closed
                found.append((*_strip_span(text, open_at, i), False))
            if open_at is None or open_mark != _STRAIGHT:
                open_at, open_mark = i, ch
        elif ch in CLOSING_MARKS:
            if open_at is not None and open_mark != _STRAIGHT:
                found.append((open_at, i + 1, True))
                open_at, open_mark = None, ""
            elif open_at is None:
                follows_word = i + 1 < end and _WORD.match(text[i + 1]) is not None
                after_space = i == start or text[i - 1].isspace()
                if follows_word and after_space:
                    open_at, open_mark = i, ch  # a closing mark used as an opening one
                else:
                    s, _ = _strip_span(text, start, i)
                    if s < i:
                        found.append((s, i + 1, False))  # the opening mark is missing
        elif ch == _STRAIGHT:
            if open_at is None:
                open_at, open_mark = i, ch
            elif open_mark == _STRAIGHT:
                found.append((open_at, i + width, True))
                open_at, open_mark = None, ""
            # a straight mark inside a curly quote is a nested quote: ignore it
            i += width - 1
    if open_at is not None:
        s, e = _strip_span(text, open_at, end)
        if e - s > 1:
            found.append((s, e, False))
    return found


def quote_spans(text: str) -> list[QuoteSpan]:
    """All quoted passages of ``text`` in reading order, each with at least one word inside.

    >>> [text[q.start:q.end] for text in ['He said “we won” and left.'] for q in quote_spans(text)]
    ['“we won”']
    """
    paragraphs = _paragraphs(text)
    spans: list[QuoteSpan] = []
    for index, (p_start, p_end) in enumerate(paragraphs):
        next_opens = index + 1 < len(paragraphs) and _opens_with_mark(text, *paragraphs[index + 1])
        for start, end, closed in _scan_paragraph(text, p_start, p_end):
            if not _WORD.search(text[start:end]):
                continue
            spans.append(QuoteSpan(start, end, closed, continued=not closed and next_opens))
    return spans
