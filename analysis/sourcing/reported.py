"""Syntactic attribution rules on a parsed Doc (after the Gender Gap Tracker's quote extractor).

Rules, each producing :class:`~analysis.sourcing.candidates.Candidate` records:

* reporting verb with a clausal complement (``ccomp``/``xcomp``) on either side: "X said
  (that) …", "…, X said", "X said: …"; the speaker is the verb's subject, inherited from the
  governing verb for "…, saying …" and resolved to the antecedent for "X, who said …";
* the direct object (with its predicate) or a prepositional phrase for speech acts and
  attitudes without a clause ("offered an evaluation", "called the report a lie", "warns
  against NATO threat", "backs Clinton"), read in :mod:`analysis.sourcing.complements`;
* passives, naming participles and raising verbs, whose content is their own subject and
  predicate and whose source is the agent or nobody ("is expected to win", "Cruz seemed
  lost");
* any verb with a finite that-clause, listed or not ("he figures that …").

"According to X", nominal, adjective, poll and headline cues are in
:mod:`analysis.sourcing.cue_phrases`;
quotes that no reporting clause claims get their speaker in :mod:`analysis.sourcing.quote_speakers`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.sourcing.candidates import Candidate
from analysis.sourcing.complements import (
    agent_of,
    object_content,
    passive_content,
    prepositional_content,
    trim_span,
)
from analysis.sourcing.lexicons import ReportingVerbs
from analysis.sourcing.verb_frames import (
    ADDRESSEE_VERBS,
    COMMON_CUES,
    LEMMA_FIXES,
    MORE_CUES,
    OBJECT_BELIEFS,
    XCOMP_CUES,
)

__all__ = [
    "SUBJECT_DEPS", "credited", "verb_candidates", "speaker_span", "subject_of", "trim_span",
]  # fmt: skip

SUBJECT_DEPS = ("nsubj", "csubj")
_CONTENT_DEPS = ("ccomp", "xcomp")
_INHERIT_SUBJECT_DEPS = ("advcl", "xcomp", "conj", "pcomp", "prep", "acomp")
_SPEAKER_CUT_DEPS = ("relcl", "acl", "advcl", "punct", "cc", "conj", "prep")
_NOT_CUES = {("say", "aux"), ("call", "prt")}
_MAX_SPEAKER_TOKENS = 14
_QUOTE_CHARS = frozenset(['"', "''", *"“”«»„‹›"])
_HYPOTHETICAL_MARKS = frozenset({"if", "unless"})


def credited(
    kind: str,
    content: tuple[int, int],
    cue: Token,
    source: Token | None,
    *,
    rule: str,
    cue_lemma: str | None = None,
) -> Candidate:
    """A candidate cued by one token and credited to the phrase ``source`` heads (or nobody).

    ``content`` is a character range; ``cue_lemma`` defaults to the cue token's lemma.
    """
    return Candidate(
        kind=kind,
        content_start=content[0],
        content_end=content[1],
        cue=(cue.i,),
        cue_text=cue.text,
        cue_lemma=cue.lemma_.lower() if cue_lemma is None else cue_lemma,
        speaker=speaker_span(source) if source is not None else None,
        speaker_head=source.i if source is not None else None,
        rule=rule,
    )


def speaker_span(head: Token) -> tuple[int, int]:
    """Token span naming a speaker: the head with its modifiers, without relative clauses.

    Appositions are kept ("Sergei Lavrov, Russia's foreign minister") because they carry the
    title; a possessive marker and edge punctuation are trimmed.
    """
    keep = {head.i}
    stack = [
        c
        for c in head.children
        if c.dep_ not in _SPEAKER_CUT_DEPS or c.dep_ == "prep" and c.i < head.i
    ]
    while stack:
        tok = stack.pop()
        keep.add(tok.i)
        stack.extend(c for c in tok.children if c.dep_ not in ("relcl", "acl", "advcl"))
    start, end = min(keep), max(keep) + 1
    doc = head.doc
    # stay inside the head's sentence, contiguous, and not absurdly long
    sent = head.sent
    start, end = max(start, sent.start), min(end, sent.end)
    if end - start > _MAX_SPEAKER_TOKENS:
        start = max(start, head.left_edge.i if head.left_edge.i >= head.i - 6 else head.i - 6)
        end = min(end, head.i + 1)
    while start < end and (doc[start].is_punct or doc[start].dep_ in ("cc", "case")):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].dep_ == "case" or doc[end - 1].is_space
    ):
        end -= 1
    return start, max(end, start + 1)


def subject_of(verb: Token) -> Token | None:
    """The speaker token of a reporting verb, following ``saying``/``and said`` to their governor."""
    seen = 0
    tok = verb
    while tok is not None and seen < 4:
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.tag_ == "WDT" or child.lower_ in ("who", "that", "which"):
                    # relative pronoun: the antecedent is the head of the relative clause
                    return tok.head if tok.dep_ == "relcl" else child
                return child
        for child in tok.children:
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if (tok.dep_ == "relcl" or tok.dep_ == "acl" and tok.tag_ == "VBG") and tok.head.pos_ in (
            "PROPN",
            "NOUN",
            "PRON",
        ):
            return tok.head  # "X, who said …", "a Democrat supporting Clinton"
        if tok.dep_ not in _INHERIT_SUBJECT_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
        seen += 1
    return None


def _clip_to_sentence(sent: Span, start: int, end: int) -> tuple[int, int]:
    return max(start, sent.start), min(end, sent.end)


def _cut_at_next_report(doc: Doc, start: int, end: int) -> int:
    """End a content span before a coordinated new report: "said A and told the crowd B"."""
    for tok in doc[start + 1 : end]:
        if (
            tok.dep_ == "conj"
            and tok.pos_ == "VERB"
            and tok.lemma_.lower() in COMMON_CUES | MORE_CUES
        ):
            cut = tok.left_edge.i
            while cut > start and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
                cut -= 1
            return cut
    return end


def _cut_trailing_participle(doc: Doc, start: int, end: int) -> int:
    """End content before a participle clause tacked on after a comma: "called Cruz a
    hypocrite, linking to a story …", "…, saying it should be up to the prosecutor"."""
    for tok in doc[start + 2 : end]:
        if (
            tok.tag_ == "VBG"
            and tok.dep_ in ("advcl", "conj", "xcomp")
            and doc[tok.left_edge.i - 1].text == ","
            and tok.left_edge.i == tok.i
            and tok.left_edge.i - 1 > start
        ):
            return tok.left_edge.i - 1
    return end


def _content_tokens(verb: Token, *, allow_xcomp: bool = True) -> tuple[int, int] | None:
    """Token span of what a reporting verb reports, or None when it reports nothing."""
    doc, sent = verb.doc, verb.sent
    deps = _CONTENT_DEPS if allow_xcomp else ("ccomp",)
    complements = [c for c in verb.children if c.dep_ in deps]
    if complements:
        # take the complements on the side of the nearest one: "A, but B, the source added"
        nearest = min(complements, key=lambda c: abs(c.i - verb.i))
        same_side = [c for c in complements if (c.i < verb.i) == (nearest.i < verb.i)]
        start = min(c.left_edge.i for c in same_side)
        end = max(c.right_edge.i for c in same_side) + 1
        if nearest.i < verb.i:
            # "…," he said: reach back to the sentence start when the complement starts later
            lead = doc[sent.start : start]
            if start > sent.start and all(t.is_punct or t.is_space for t in lead):
                start = sent.start
        if nearest.i > verb.i:
            end = _cut_at_next_report(doc, start, end)
        return trim_span(doc, *_clip_to_sentence(sent, start, end))
    colon = next((c for c in verb.rights if c.text == ":"), None)
    if colon is None and verb.i + 1 < sent.end and doc[verb.i + 1].text == ":":
        colon = doc[verb.i + 1]
    if colon is not None and colon.i + 1 < sent.end:
        return trim_span(doc, colon.i + 1, sent.end)
    left, right = verb.left_edge.i, verb.right_edge.i
    # the commas around "…, Barden says, …" may or may not hang from the verb
    left_comma = left if doc[left].text == "," else left - 1
    right_comma = right if doc[right].text == "," else right + 1
    if (
        verb.dep_ in ("parataxis", "advcl", "ccomp")
        and left_comma > sent.start
        and right_comma + 1 < sent.end
        and doc[left_comma].text == ","
        and doc[right_comma].text == ","
    ):
        # "In the three years since …, Barden says, far too many lives have been lost"
        return trim_span(doc, sent.start, sent.end)
    if (
        verb.dep_ in ("parataxis", "advcl", "ccomp")
        and verb.head.i < verb.i
        and verb.head.sent == sent
    ):
        # "X will win, he said" parsed with the content as the governor
        start = verb.head.left_edge.i
        end = verb.left_edge.i
        after_comma = end > 0 and doc[end - 1].text in (",", "—", "–")
        if end - start >= 3 and after_comma and not _is_cue_token(verb.head):
            return trim_span(doc, *_clip_to_sentence(sent, start, end))
    return None


def _is_cue_token(tok: Token) -> bool:
    """A verb that itself reports speech or thought (its clause is not somebody's content)."""
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in COMMON_CUES


def _takes_that_clause(verb: Token) -> bool:
    """An unlisted verb with a finite that-clause ("he figures that …", "they fret that …").

    Verbs that take such clauses are overwhelmingly verbs of saying, thinking and perceiving,
    so the construction itself marks an attribution.
    """
    return verb.pos_ == "VERB" and any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in verb.rights
    )


def _cue_lemma(tok: Token) -> str:
    return LEMMA_FIXES.get(tok.lower_, tok.lemma_.lower())


def verb_candidates(doc: Doc, verbs: ReportingVerbs) -> list[Candidate]:
    """Attributions cued by a reporting verb with a clausal complement or a colon."""
    found: list[Candidate] = []
    for verb in doc:
        lemma = _cue_lemma(verb)
        if (
            verb.pos_ not in ("VERB", "AUX")
            or not (verbs.is_cue(lemma) or _takes_that_clause(verb))
            or (lemma, verb.dep_) in _NOT_CUES
        ):
            continue
        if verb.dep_ in ("amod", "compound"):
            continue
        if verb.tag_ == "VBN" and verb.dep_ == "acl" and passive_content(verb, lemma) is None:
            continue  # "a policy adopted last year"; "contests known as …" names something
        if verbs.group.get(lemma) == "evidence" and any(c.dep_ == "prt" for c in verb.children):
            continue  # "find out", "show up": not a finding
        if any(c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS for c in verb.children):
            continue  # "if he says so", "unless they agree": not a statement made
        belief = verbs.group.get(lemma) == "belief"
        listed = verbs.is_cue(lemma)  # else only its that-clause counts
        content = passive_content(verb, lemma, verbs.verb_preps.get(lemma, ()))
        passive = content is not None
        if content is None:
            # "suggests reducing regulations", "vowed to win"; not "told them to leave" (an order)
            xcomp = belief or lemma in XCOMP_CUES or lemma not in ADDRESSEE_VERBS
            content = _content_tokens(verb, allow_xcomp=listed and xcomp)
        min_tokens = 2
        cue_tokens = [verb.i] + [c.i for c in verb.children if c.dep_ == "prt"]
        if not listed and content is None:
            continue
        if content is None and lemma in verbs.verb_preps:
            content = prepositional_content(verb, verbs.verb_preps[lemma])
            min_tokens = 2  # "talked about security", "spoke for Trump"
        if content is None:
            content = object_content(
                verb,
                lemma,
                need_predicate=belief and lemma not in OBJECT_BELIEFS,
                evidence=verbs.group.get(lemma) == "evidence",
            )
            min_tokens = 1 if lemma in OBJECT_BELIEFS else 2  # "backs Clinton", "supported her"
        if content is None or content[1] - content[0] < min_tokens:
            continue
        content = (content[0], _cut_trailing_participle(doc, *content))
        complement = doc[content[0] : content[1]]
        if verbs.is_cue(lemma) and any(
            c.dep_ == "xcomp" and verbs.is_cue(c.lemma_.lower()) for c in verb.children
        ):
            continue  # "continued to say": the inner verb is the cue
        subject = agent_of(verb) if passive else subject_of(verb)
        if (
            subject is not None
            and complement.start <= subject.i < complement.end
            and subject.head != verb
        ):
            subject = None  # the content's own subject, not a speaker ("…, he said, …" keeps he)
        if subject is not None and (
            subject.lower_ == "there" or subject.lower_ == "it" and (belief or verb.lemma_ == "be")
        ):
            continue  # "it seems that …", "there are reports …"; "It said …" is an organisation
        if subject is None and not passive and not any(t.text in _QUOTE_CHARS for t in complement):
            continue  # nobody is credited and nothing is quoted: too weak to count
        cue_text = " ".join(doc[i].text for i in sorted(cue_tokens))
        speaker = speaker_span(subject) if subject is not None else None
        found.append(
            Candidate(
                kind="indirect",
                content_start=complement.start_char,
                content_end=complement.end_char,
                cue=tuple(sorted(cue_tokens)),
                cue_text=cue_text,
                cue_lemma=lemma,
                speaker=speaker,
                speaker_head=subject.i if subject is not None else None,
                rule="passive" if passive else "verb",
            )
        )
    return found
