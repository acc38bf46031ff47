"""Speaker and cue of a quote that no reporting clause claimed.

Three shapes, tried in order: a quote introduced by a colon ("Breitbart News responded:",
"pollster Daron Shaw: “…”"), a quote followed by its cue whatever the parse made of it
("«…», the minister said", "“…,” said Peskov"), and a quote embedded in a sentence whose
subject is the one quoted ("Huckabee is labeling Obama's actions “a blatant abuse of power.”").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.sourcing.candidates import Candidate
from analysis.sourcing.lexicons import ReportingVerbs
from analysis.sourcing.reported import SUBJECT_DEPS, credited, subject_of

__all__ = ["quote_governor"]

_TRAILING_CUE_WINDOW = 8
_EMBEDDED_MIN_WORDS = 4


def _colon_before(doc: Doc, first: Token) -> Token | None:
    i = first.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 and doc[i].text == ":" else None


def _speaker_before_colon(
    doc: Doc, colon: Token, verbs: ReportingVerbs
) -> tuple[Token | None, Token | None]:
    """``(cue verb, speaker)`` of "X responded:" / "Republican pollster Daron Shaw:"."""
    before = [t for t in colon.sent if t.i < colon.i]
    cues = [t for t in before if t.pos_ in ("VERB", "AUX") and verbs.is_cue(t.lemma_.lower())]
    if cues:
        return cues[-1], subject_of(cues[-1])
    names = [
        e
        for e in doc.ents
        if colon.sent.start <= e.start
        and colon.i - 1 <= e.end <= colon.i
        and e.label_ in ("PERSON", "ORG")
    ]
    return (None, names[-1].root) if names else (None, None)


def _trailing_cue(doc: Doc, span: Span, verbs: ReportingVerbs) -> tuple[Token, Token] | None:
    """``“…,” the minister said`` / ``“…,” said Peskov`` whatever the parse made of the quote."""
    last = span[-1]
    sent_end = last.sent.end if last.i + 1 < len(doc) else len(doc)
    window = doc[span.end : min(sent_end, span.end + _TRAILING_CUE_WINDOW)]
    if (
        not len(window)
        or window[0].text not in (",", "—", "–")
        and window[0].pos_ not in ("PRON", "PROPN", "DET", "NOUN", "VERB")
    ):
        return None
    for tok in window:
        if tok.pos_ == "VERB" and verbs.is_cue(tok.lemma_.lower()):
            subject = next(
                (c for c in tok.children if c.dep_ in SUBJECT_DEPS and c.i >= span.end), None
            )
            if subject is None:
                subject = next(
                    (t for t in window if t.i > tok.i and t.pos_ in ("PROPN", "NOUN")), None
                )
            if subject is not None:
                return tok, subject
            return None
        if tok.text in (".", "!", "?", ";", "“", "”", '"'):
            return None
    return None


def quote_governor(doc: Doc, start: int, end: int, verbs: ReportingVerbs) -> Candidate | None:
    """Speaker and cue of a quote no reporting clause claimed.

    Two shapes: a quote introduced by a colon ("Breitbart News responded:", "pollster Daron
    Shaw: “…”"), and a quote embedded in a sentence whose subject is the one quoted ("Huckabee
    is labeling Obama's actions “a blatant abuse of power.”").
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    first = span[0]
    colon = _colon_before(doc, first)
    if colon is not None:
        cue, subject = _speaker_before_colon(doc, colon, verbs)
        if subject is None:
            return None
        if cue is None:  # "Republican pollster Daron Shaw: “…”": the colon is the cue
            return credited("direct", (start, end), colon, subject, rule="colon", cue_lemma=":")
        return credited("direct", (start, end), cue, subject, rule="colon")
    trailing = _trailing_cue(doc, span, verbs)
    if trailing is not None:
        cue, subject = trailing
        return credited("direct", (start, end), cue, subject, rule="trailing")
    sent = first.sent
    words_before = [t for t in doc[sent.start : first.i] if not (t.is_punct or t.is_space)]
    if len(words_before) < 2:
        return None
    governor = span.root
    while governor.i >= span.start and governor.i < span.end and governor.head.i != governor.i:
        governor = governor.head
    while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
        governor = governor.head
    if span.start <= governor.i < span.end or governor.pos_ not in ("VERB", "AUX"):
        return None
    subject = subject_of(governor)
    if (
        subject is None
        or span.start <= subject.i < span.end
        or subject.lower_ in ("it", "there", "this", "that")
    ):
        return None
    if subject.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    is_cue = verbs.is_cue(governor.lemma_.lower())
    if not is_cue and len([t for t in span if t.is_alpha]) < _EMBEDDED_MIN_WORDS:
        return None  # “broken”, “Trainwreck”: the reporter's scare quotes, not a statement
    return credited(
        "direct" if is_cue else "partial", (start, end), governor, subject, rule="embedded"
    )
