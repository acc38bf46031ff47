"""Filters over rule candidates: duplicates, nested reports, cues inside a speaker's description."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from analysis.sourcing.candidates import Candidate

__all__ = ["deduplicate", "drop_nested", "drop_inside_speakers"]

#: Rules whose candidates can sit inside another's content (quotes are merged later); an
#: explicit "X's claim that …" stays even inside another report.
_NESTABLE_RULES = frozenset({"verb", "passive", "adjective", "evidence", "attitude_noun"})
_ANONYMITY = re.compile(r"\b(?:nam|identif|anonym|authori[sz]|public|record)", re.IGNORECASE)


def drop_nested(cands: list[Candidate], doc: Doc) -> list[Candidate]:
    """ "X said Y believes that …": the inner report is part of what X said, not a second source.

    A rule candidate whose cue lies inside the content of another candidate that credits
    someone is dropped (news attribution gold such as PolNeAR marks the outer level); a
    speakerless assessment ("Cruz seemed lost") owns no clause inside it.
    """
    owners = [c for c in cands if c.speaker is not None]
    kept = []
    for c in cands:
        if c.cue and c.rule in _NESTABLE_RULES:
            at = doc[c.cue[0]].idx
            if any(o is not c and o.content_start <= at < o.content_end for o in owners):
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
    text = doc.text if regions else ""  # Doc.text re-joins every token on each access
    return [
        c
        for c in cands
        if not (
            c.cue
            and any(a <= c.cue[0] < b for a, b in regions)
            and _ANONYMITY.search(text[c.content_start : c.content_end])
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
