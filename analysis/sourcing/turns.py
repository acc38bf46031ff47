"""Transcript turns: "Vladimir Putin: …", "President of Russia Vladimir Putin: …", "Question: …".

A transcript is speech by the speakers its labels name. Each labelled turn becomes one
attribution (``kind`` ``turn``), and first person inside it belongs to the turn's speaker.
A label counts as a speaker label when it opens a line, is short, is written as a name or
title (capitalised words, "of"/"the" between them) and either holds a PERSON entity or is a
questioner's label ("Question", "Remark", "Reply"). Questions are not attributions: a
questioner's turn, or a turn whose first paragraph ends with "?", gives no row, though its
stretch of text still belongs to nobody else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from analysis.annotation.doc_rows import canonical_entity
from analysis.annotation.gazetteer import is_place

__all__ = ["Turn", "find_turns", "QUESTION_LABELS"]

#: Labels of a questioner or an unnamed voice (compared in lower case, without parentheses).
QUESTION_LABELS = frozenset(
    {"question", "q", "remark", "reply", "response", "answer", "comment", "voice", "interjection"}
)
_LABEL = re.compile(r"(?m)^(?P<label>[^\n:]{1,100}?)[ \t]*:[ \t]+(?=\S)")
_PARENTHESES = re.compile(r"\s*\([^)]*\)\s*")
_LABEL_MAX_WORDS = 14
_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "on", "at", "de", "von", "van", "-", "–"})


@dataclass(frozen=True)
class Turn:
    """One labelled turn: label and content offsets, the stretch it owns, who speaks."""

    label_start: int
    label_end: int
    content_start: int
    content_end: int  # end of the turn's first paragraph
    region_end: int  # start of the next label (or the end of the text)
    label: str
    name: str  # "" for a questioner
    title: str
    question: bool


def _label_shape(label: str) -> bool:
    words = _PARENTHESES.sub(" ", label).split()
    if not words or len(words) > _LABEL_MAX_WORDS:
        return False
    return (
        all(w[:1].isupper() or w.lower() in _FUNCTION_WORDS for w in words)
        and words[0][:1].isupper()
    )


def _trailing_name(tokens: Span) -> tuple[str, str]:
    """``(name, title)`` from a label the model found no person in.

    "Federal Chancellor of the Republic of Austria Sebastian Kurz" → the words after the last
    "of"/"the", less a leading place name: "Sebastian Kurz"; "Andrei Vandenko" → itself. Two
    or three words, all proper nouns, are a name; "SEE ALSO", "Facts First", "The Bubble"
    and "Calendar" are not.
    """
    words = list(tokens)
    words = words[: next((i for i, t in enumerate(words) if t.text.startswith("(")), len(words))]
    words = [t for t in words if not t.is_space and not t.is_punct]
    cut = max((i for i, t in enumerate(words) if t.lower_ in _FUNCTION_WORDS), default=-1)
    tail = words[cut + 1 :]
    while tail and is_place(tail[0].text):
        tail = tail[1:]
    if not 2 <= len(tail) <= 3 or not all(t.pos_ == "PROPN" and not t.is_upper for t in tail):
        return "", ""
    title = " ".join(t.text for t in words[: len(words) - len(tail)])
    return " ".join(t.text for t in tail), title


def find_turns(doc: Doc) -> list[Turn]:
    """The labelled turns of a transcript, in order (empty for ordinary articles).

    A document needs two labels or more: a lone "Moscow: …" line is a dateline, not a turn.
    """
    text = doc.text
    found: list[tuple[int, int, int, str, str, str, bool]] = []
    for match in _LABEL.finditer(text):
        label = match.group("label").strip()
        if not _label_shape(label):
            continue
        bare = _PARENTHESES.sub(" ", label).strip()
        start, end = match.start("label"), match.start("label") + len(label)
        if bare.lower() in QUESTION_LABELS:
            found.append((start, end, match.end(), label, "", "", True))
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        persons = [e for e in span.ents if e.label_ == "PERSON"] if span is not None else []
        if persons:
            person = persons[-1]
            name_start = person.start
            while person.end - name_start > 2 and doc[name_start - 1].lower_ in ("of", "at", "for"):
                name_start += 1
            name = canonical_entity(doc[name_start : person.end].text)
            title = text[start : doc[name_start].idx].strip(" ,")
        else:
            name, title = _trailing_name(span) if span is not None else ("", "")
            if not name:
                continue
        found.append((start, end, match.end(), label, name, title, False))
    if len(found) < 2:
        return []
    turns = []
    for index, (start, end, content_start, label, name, title, question) in enumerate(found):
        region_end = found[index + 1][0] if index + 1 < len(found) else len(text)
        line_end = text.find("\n", content_start)
        content_end = min(region_end, line_end if line_end >= 0 else len(text))
        content_end = len(text[:content_end].rstrip())
        paragraph = text[content_start:content_end].rstrip()
        turns.append(
            Turn(
                start,
                end,
                content_start,
                content_end,
                region_end,
                label,
                name,
                title,
                question or paragraph.endswith("?"),
            )  # fmt: skip
        )
    return turns
