"""What a cue verb reports when it has no clausal complement: an object, a predicate, a
prepositional phrase, or (in the passive) its own subject.

"called [the report a lie]", "warns [against NATO threat]", "accused [X of hiding …]",
"[The decision is expected to be unfavorable]", "[the contests] known as Super Tuesday". The
clausal complements ("said that …") are read in :mod:`analysis.sourcing.reported`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from analysis.sourcing.verb_frames import (
    ADDRESSEE_VERBS,
    OBJECT_BELIEFS,
    PASSIVE_CUES,
    PREDICATIVE_DEPS,
    RAISING_CUES,
    REQUEST_VERBS,
)

__all__ = [
    "agent_of",
    "object_content",
    "passive_content",
    "predicate_end",
    "prepositional_content",
    "trim_span",
]


def trim_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and edge punctuation (commas, colons, dashes) from a token span."""
    while start < end and (
        doc[start].is_space or doc[start].text in (",", ":", ";", "—", "–", "-")
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space or doc[end - 1].text in (",", ":", ";", "—", "–", "-")
    ):
        end -= 1
    return start, end


def prepositional_content(verb: Token, preps: tuple[str, ...]) -> tuple[int, int] | None:
    """ "warns *against NATO threat*"; with an object before it, "accused *X of lying*"."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    # the parser hangs "of hiding …" on the verb or on its object
    heads = (verb, obj) if obj is not None else (verb,)
    prep = next(
        (c for h in heads for c in h.rights if c.dep_ == "prep" and c.lower_ in preps), None
    )
    if prep is None or any(o.ent_type_ in ("DATE", "TIME") for o in prep.children):
        return None
    if obj is not None and obj.i > prep.i:
        obj = None
    start = obj.left_edge.i if obj is not None else prep.i
    return trim_span(verb.doc, start, prep.right_edge.i + 1)


def predicate_end(verb: Token, after: int, *, evidence: bool = False) -> int | None:
    """End of a predicate completing the object: "called [it] *a lie*", "saw [it] *as a threat*".

    Evidence verbs also keep an adjacent modifier: "shows [Cruz] *16 points ahead*".
    """
    end = None
    for c in verb.rights:
        if c.i <= after:
            continue
        adjacent = c.left_edge.i == (end if end is not None else after + 1)
        if (
            c.dep_ in PREDICATIVE_DEPS
            or c.dep_ == "prep"
            and c.lower_ == "as"
            or evidence
            and adjacent
            and c.dep_ in ("prep", "advmod", "npadvmod")
        ):
            end = c.right_edge.i + 1
    return end


def object_content(
    verb: Token, lemma: str, *, need_predicate: bool = False, evidence: bool = False
) -> tuple[int, int] | None:
    """The direct object as content: "offered an emotional evaluation", "wants a ban on …".

    With a predicate the content runs on through it ("called the report a lie"); a belief verb
    (``need_predicate``) takes an object only with one: "considers him a threat".
    """
    doc = verb.doc
    if lemma in REQUEST_VERBS:
        clause = next(
            (
                c
                for c in verb.rights
                if c.dep_ in ("advcl", "oprd") and any(a.lower_ == "to" for a in c.children)
            ),
            None,
        )
        if clause is not None:
            objects = [c for c in verb.rights if c.dep_ == "dobj" and c.i < clause.i]
            start = objects[0].left_edge.i if objects else clause.left_edge.i
            return trim_span(doc, start, clause.right_edge.i + 1)
    if lemma in ADDRESSEE_VERBS:
        return None
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None or evidence and obj.lower_.endswith(("self", "selves")):
        return None  # "the bank has found itself at the center of …": no finding
    end_at = predicate_end(verb, obj.right_edge.i, evidence=evidence)
    if end_at is None and (need_predicate or obj.pos_ == "PRON" and lemma not in OBJECT_BELIEFS):
        return None
    end = max(obj.right_edge.i + 1, end_at or 0)
    return trim_span(doc, obj.left_edge.i, min(end, verb.sent.end))


def passive_content(verb: Token, lemma: str, preps: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """A cue with no speaker of its own: the subject with its predicate is the content.

    Passives ("The decision is widely expected to be unfavorable", "The video is called No
    Respite"; the agent, if any, is the source), participles naming something ("the contests
    known as Super Tuesday") and raising verbs ("Cruz seemed lost"). "It is believed that …"
    and "it seems that …" keep just the clause.
    """
    if lemma in RAISING_CUES and verb.tag_ != "VBN":
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    elif lemma in PASSIVE_CUES and verb.tag_ == "VBN":
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            subject = verb.head  # "the contests known as Super Tuesday"
        elif any(c.dep_ == "auxpass" for c in verb.children):
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        else:
            return None
    else:
        return None
    if subject is None:
        return None
    doc = verb.doc
    if subject.lower_ == "it":
        clause = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
        if clause is None:
            return None
        return trim_span(doc, clause.left_edge.i, clause.right_edge.i + 1)
    end_at = predicate_end(verb, verb.i)
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in preps), None)
    if end_at is None and prep is not None:
        end_at = prep.right_edge.i + 1  # "is accused of plotting …"
    if end_at is None:
        return None
    start = subject.left_edge.i if subject.i < verb.i else verb.i
    return trim_span(doc, start, min(end_at, verb.sent.end))


def agent_of(verb: Token) -> Token | None:
    """The source of a passive cue: "is seen *by many* as …" (never the subject of a governor)."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
