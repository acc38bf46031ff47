"""Merge quote-mark passages with the attributions the syntactic rules found.

A reported clause whose content touches a quote is extended to the whole quote (sentences
and paragraphs the parse split off); a quote left unclosed ends where its reporting clause
begins; a quote no clause claims gets a speaker from :func:`quote_governor`, continues the
previous statement ("“A,” she said. “B.”"), or becomes a floating quote. Finally each
attribution is ``direct`` (mostly quoted, starting with the quote), ``partial`` (a quoted
fragment) or stays ``indirect``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from analysis.sourcing.candidates import Candidate
from analysis.sourcing.lexicons import ReportingVerbs
from analysis.sourcing.quote_speakers import quote_governor
from analysis.sourcing.quotes import QuoteSpan

__all__ = ["quote_groups", "truncate_unclosed", "merge_quotes", "inside_any"]

_DIRECT_SHARE = 0.8
_FLOATING_MIN_WORDS = 4
_CONTINUATION_GAP = 160
_WORD = re.compile(r"\w")


def quote_groups(quotes: list[QuoteSpan]) -> list[tuple[int, int, bool]]:
    """Join a quote that runs on into the next paragraph with its continuation.

    Returns ``(start, end, closed)``; ``closed`` is False when the closing mark was missing.
    """
    groups: list[tuple[int, int, bool]] = []
    pending: int | None = None
    for q in quotes:
        if pending is None:
            pending = q.start
        if not q.continued:
            groups.append((pending, q.end, q.closed))
            pending = None
    if pending is not None:
        groups.append((pending, quotes[-1].end, False))
    return groups


def truncate_unclosed(
    doc: Doc, groups: list[tuple[int, int, bool]], cands: list[Candidate]
) -> list[tuple[int, int]]:
    """End a quote whose closing mark is missing where its reporting clause begins.

    “The operation will continue, Peskov said. — the quote ends before "Peskov said".
    A quote whose first clause's content ends before the mark (`Five died," police said.`:
    a straight mark whose opening partner is missing, or a stray “) holds no quoted words
    before its clause; it is dropped rather than turned into an inverted span. Every span
    returned has ``start < end`` and a word inside.
    """
    text = doc.text
    spans: list[tuple[int, int]] = []
    for q0, q1, closed in groups:
        if not closed:
            inside = [
                c
                for c in cands
                if c.cue
                and q0 <= doc[c.cue[0]].idx < q1
                and c.content_start <= q0 + 2
                and c.content_end <= q1
            ]
            if inside:
                first = min(inside, key=lambda c: c.content_end)
                q1 = first.content_end
        if q1 > q0 and _WORD.search(text, q0, q1):
            spans.append((q0, q1))
    return spans


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def inside_any(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next((s for s in spans if s[0] <= pos < s[1]), None)


def _overlaps_quote(c: Candidate, groups: list[tuple[int, int]]) -> bool:
    return any(_overlap(c.content_start, c.content_end, q0, q1) for q0, q1 in groups)


def merge_quotes(
    doc: Doc, cands: list[Candidate], groups: list[tuple[int, int]], verbs: ReportingVerbs
) -> list[Candidate]:
    """Extend reported content to whole quotes; add floating quotes; set direct/partial."""
    text = doc.text  # Doc.text re-joins every token on each access
    floating: list[Candidate] = []
    for q0, q1 in groups:
        touching = [
            c
            for c in cands
            if _overlap(c.content_start, c.content_end, q0, q1) > 0
            and not (c.cue and q0 <= doc[c.cue[0]].idx < q1)
        ]
        if touching:
            outside = [c for c in touching if c.kind not in ("according_to", "nominal")]
            if len(outside) > 1:
                continue  # two reporting clauses share this quote: each keeps its own part
            for c in touching:
                if c.kind in ("according_to", "nominal"):
                    continue
                start, end = min(c.content_start, q0), max(c.content_end, q1)
                cue_char = doc[c.cue[0]].idx if c.cue else -1
                if cue_char >= q1 and c.content_start >= q0 - 2 and c.rule != "passive":
                    # “…,” Trump, the frontrunner, said: the apposition is not content (but in
                    # "“Hawaii Five-0,” the procedural CBS revived, is considered …" it is)
                    end = q1
                if not start <= cue_char < end:
                    c.content_start, c.content_end = start, end
            continue
        governed = quote_governor(doc, q0, q1, verbs)
        same_cue = [c for c in cands if governed is not None and c.cue and c.cue == governed.cue]
        if same_cue:
            # “We are ready,” Zelensky said, “but only if the attacks stop.” — one statement
            same_cue[0].content_start = min(same_cue[0].content_start, q0)
            same_cue[0].content_end = max(same_cue[0].content_end, q1)
            same_cue[0].rule = "interrupted"
            continue
        if governed is not None:
            cands.append(governed)
            continue
        if len(text[q0:q1].split()) < _FLOATING_MIN_WORDS:
            continue  # a scare quote or a title, not somebody's words
        previous = [c for c in cands if c.content_end <= q0 and _overlaps_quote(c, groups)]
        if previous:
            before = max(previous, key=lambda c: (c.content_end, c.content_start))
            gap = text[before.content_end : q0]
            # only the reporting clause may stand between, in one paragraph: "“A,” said X, a
            # title. “B.”" (a quote opening the next paragraph floats with the same speaker)
            cue_between = bool(before.cue) and before.content_end <= doc[before.cue[0]].idx < q0
            if (
                "\n" not in gap
                and (cue_between or not any(ch.isalnum() for ch in gap))
                and len(gap) <= _CONTINUATION_GAP
            ):
                before.content_end = q1  # “A,” she said. “B.” — one statement, said once
                continue
        floating.append(Candidate(kind="direct", content_start=q0, content_end=q1, rule="floating"))
    for c in cands:
        if c.kind in ("according_to", "nominal") or c.rule == "embedded":
            continue
        length = sum(1 for ch in text[c.content_start : c.content_end] if not ch.isspace())
        quoted = sum(
            sum(
                1
                for ch in text[max(c.content_start, q0) : min(c.content_end, q1)]
                if not ch.isspace()
            )
            for q0, q1 in groups
        )
        starts_quoted = inside_any(_first_word_char(text, c.content_start, c.content_end), groups)
        if (
            c.rule == "interrupted"
            or length
            and quoted / length >= _DIRECT_SHARE
            and starts_quoted is not None
        ):
            c.kind = "direct"
        elif quoted:
            c.kind = "partial"
    return cands + floating


def _first_word_char(text: str, start: int, end: int) -> int:
    """Offset of the first non-space character of ``text[start:end]`` (a quote mark counts)."""
    for pos in range(start, end):
        if not text[pos].isspace():
            return pos
    return start
