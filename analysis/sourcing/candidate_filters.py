"""Filters over rule candidates: duplicates, nested beliefs, cues inside a speaker's description."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from analysis.sourcing.candidates import Candidate
from analysis.sourcing.lexicons import ReportingVerbs

__all__ = ["deduplicate", "drop_nested_beliefs", "drop_inside_speakers"]

_ANONYMITY = re.compile(r"\b(?:nam|identif|anonym|authori[sz]|public|record)", re.IGNORECASE)


def drop_nested_beliefs(cands: list[Candidate], doc: Doc, verbs: ReportingVerbs) -> list[Candidate]:
    """ "X said he knows that …": the knowing is part of what X said, not a second source."""
    kept = []
    for c in cands:
        if c.cue and c.rule in ("verb", "passive"):
            at = doc[c.cue[0]].idx
            pronoun = c.speaker_head is not None and doc[c.speaker_head].pos_ == "PRON"
            nested = any(o is not c and o.content_start <= at < o.content_end for o in cands)
            if nested and (verbs.group.get(c.cue_lemma) == "belief" or pronoun):
                continue
        kept.append(c)
    return kept


def drop_inside_speakers(cands: list[Candidate], doc: Doc) -> list[Candidate]:
    """ "a senior official who asked not to be named said": the asking describes the speaker."""
    regions = []
    for c in cands:
        if c.speaker_head is not None:
            head = doc[c.speaker_head]
            regions.append((head.left_edge.i, head.right_edge.i + 1))
    return [
        c
        for c in cands
        if not (
            c.cue
            and any(a <= c.cue[0] < b for a, b in regions)
            and _ANONYMITY.search(doc.text[c.content_start : c.content_end])
        )
    ]


def deduplicate(cands: list[Candidate]) -> list[Candidate]:
    """One attribution per cue; a nominal/according-to cue inside another's content stays."""
    seen: set[tuple[int, ...]] = set()
    kept: list[Candidate] = []
    for c in cands:
        if c.cue and c.cue in seen:
            continue
        seen.add(c.cue)
        kept.append(c)
    return kept
