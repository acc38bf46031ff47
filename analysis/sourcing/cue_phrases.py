"""Attribution cues that are phrases rather than reporting verbs.

* "According to X, …" and "…, according to X";
* nominal cues with a that-clause and an owner: "Rutte's suggestion that …", "the claim by X
  that …";
* headline attributions: "Russian troops returned from Ukrainian territory: MoD" and
  "Lynch: No outside influence on FBI probe";
* attitude adjectives after a copula: "X is critical of the plan", "she is confident that …";
* findings reported "in" a poll or study: "In the latest poll, Clinton led Trump 47 to 39".
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from analysis.sourcing.candidates import Candidate
from analysis.sourcing.lexicons import ReportingVerbs
from analysis.sourcing.reported import credited, speaker_span, subject_of, trim_span
from analysis.sourcing.verb_frames import LIGHT_VERBS

__all__ = [
    "according_to_candidates",
    "adjective_candidates",
    "evidence_candidates",
    "nominal_candidates",
    "headline_candidates",
]

_HEADLINE_SOURCE_MAX = 4


def _is_name(tokens: list[Token]) -> bool:
    """A short proper name such as "Lynch" or "Republican pollster Daron Shaw"."""
    return (
        tokens[-1].pos_ == "PROPN"
        and tokens[-1].ent_type_ in ("PERSON", "ORG", "")
        and tokens[0].text[:1].isupper()
    )


def _is_source_noun(tokens: list[Token]) -> bool:
    """A capitalised common noun heading a title: "Poll: …", "Historians: …", "Report: …"."""
    return tokens[-1].pos_ == "NOUN" and tokens[0].text[:1].isupper() and len(tokens) <= 2


def headline_candidates(doc: Doc) -> list[Candidate]:
    """Headline-style attribution: "Russian troops returned from Ukrainian territory: MoD"."""
    found: list[Candidate] = []
    text = doc.text  # Doc.text re-joins every token on each access
    for sent in doc.sents:
        tokens = [t for t in sent if not t.is_space]
        colons = [t for t in tokens if t.text == ":"]
        if len(colons) != 1:
            continue
        colon = colons[0]
        tail = [t for t in tokens if t.i > colon.i and not t.is_punct]
        head_part = [t for t in tokens if t.i < colon.i]
        line_start = sent.start_char == 0 or text[sent.start_char - 1] == "\n"
        lead = [t for t in head_part if not t.is_punct]
        if (
            line_start
            and 0 < len(lead) <= _HEADLINE_SOURCE_MAX
            and len(tail) >= 3
            and (_is_name(lead) or sent.start == 0 and _is_source_noun(lead))
        ):
            found.append(_headline_candidate(doc[tail[0].i : tokens[-1].i + 1], colon.i, lead))
            continue
        if not tail or len(tail) > _HEADLINE_SOURCE_MAX or len(head_part) < 3:
            continue
        if not all(
            t.pos_ in ("PROPN", "NOUN")
            or t.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")
            or t.lower_ == "the"
            for t in tail
        ):
            continue
        if not (tail[0].text[:1].isupper() and any(t.ent_type_ or t.pos_ == "PROPN" for t in tail)):
            continue
        found.append(_headline_candidate(doc[head_part[0].i : colon.i], colon.i, tail))
    return found


def _headline_candidate(content: Span, colon: int, speaker: list[Token]) -> Candidate:
    """A headline attribution "Content: Source" or "Source: content", cued by the colon."""
    return Candidate(
        kind="indirect",
        content_start=content.start_char,
        content_end=content.end_char,
        cue=(colon,),
        cue_text=":",
        cue_lemma=":",
        speaker=(speaker[0].i, speaker[-1].i + 1),
        speaker_head=speaker[-1].i,
        rule="headline",
    )


def according_to_candidates(doc: Doc) -> list[Candidate]:
    """``According to X, …`` and ``…, according to X``."""
    found: list[Candidate] = []
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        to = doc[tok.i + 1]
        objects = [c for c in to.children if c.dep_ == "pobj"] or [
            c
            for c in doc[to.i + 1 : min(len(doc), to.i + 4)]
            if c.pos_ in ("PROPN", "NOUN", "PRON")
        ]
        if not objects:
            continue
        source = objects[0]
        sent = tok.sent
        phrase_start = tok.i
        phrase_end = max(tok.right_edge.i, source.right_edge.i, to.i) + 1
        before = trim_span(doc, sent.start, phrase_start)
        after = trim_span(doc, phrase_end, sent.end)
        start, end = after if after[1] - after[0] >= before[1] - before[0] else before
        if end - start < 2:
            continue
        found.append(
            _source_phrase(
                doc[start:end], doc[tok.i : to.i + 1], "according to", source, rule="according_to"
            )
        )
    return found


def _source_phrase(
    content: Span, cue: Span, cue_lemma: str, source: Token, *, rule: str
) -> Candidate:
    """An ``according_to`` candidate: content credited to the source a phrase names."""
    return Candidate(
        kind="according_to",
        content_start=content.start_char,
        content_end=content.end_char,
        cue=tuple(t.i for t in cue if not t.is_space),
        cue_text=cue.text,
        cue_lemma=cue_lemma,
        speaker=speaker_span(source),
        speaker_head=source.i,
        rule=rule,
    )


def _noun_object(noun: Token, preps: tuple[str, ...]) -> Span | None:
    """What an attitude noun is about: "support *for the bill*", "plan *to cut taxes*"."""
    for child in noun.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ in preps
            and any(c.dep_ in ("pobj", "pcomp") for c in child.children)
        ):
            return noun.doc[child.i : child.right_edge.i + 1]
        if (
            "to" in preps
            and child.dep_ in ("acl", "relcl")
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children)
        ):
            return noun.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _noun_owner(noun: Token) -> Token | None:
    """Whose statement or attitude: "*Rutte's* suggestion", "the claim *by X*", and the subject
    of a light verb: "*Sanders* voiced opposition to …", "*Cruz* made the case that …"."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        by = next(
            (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None
        )
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if owner is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
        owner = subject_of(noun.head)
    return owner


def nominal_candidates(doc: Doc, verbs: ReportingVerbs) -> list[Candidate]:
    """``X's claim that …``, ``the suggestion by X that …``, ``her support for the bill``.

    A that-clause counts only when someone owns it; an attitude noun with a prepositional or
    to-infinitive object (listed per noun in the resource's ``prepositions.nouns``) also counts
    without an owner ("public criticism over his address", "the rise in support for Trump"),
    with no speaker.
    """
    found: list[Candidate] = []
    for noun in doc:
        lemma = noun.lemma_.lower()
        if noun.pos_ != "NOUN" or (lemma not in verbs.nominal and noun.lower_ not in verbs.nominal):
            continue
        key = noun.lower_ if noun.lower_ in verbs.nominal else lemma
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in ("acl", "ccomp", "relcl")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ),
            None,
        )
        content = (
            doc[clause.left_edge.i : clause.right_edge.i + 1]
            if clause is not None
            else _noun_object(noun, verbs.noun_preps.get(key, ()))
        )
        if content is None or len(content) < 2 or clause is None and _only_points_back(content):
            continue
        owner = _noun_owner(noun)
        if owner is not None and content.start <= owner.i < content.end:
            continue
        if owner is None and clause is not None:
            continue
        found.append(
            credited(
                "nominal",
                (content.start_char, content.end_char),
                noun,
                owner,
                rule="nominal" if clause is not None else "attitude_noun",
                cue_lemma=lemma if lemma in verbs.nominal else noun.lower_,
            )  # fmt: skip
        )
    return found


_ANAPHORIC_DETS = frozenset({"the", "this", "that", "these", "those", "such", "it", "them"})


def _only_points_back(content: Span) -> bool:
    """ "of the prospect", "about it": a bare definite or a pronoun names no content of its own."""
    words = [t for t in content if not t.is_punct and t.dep_ != "prep"]
    return not words or len(words) <= 2 and words[0].lower_ in _ANAPHORIC_DETS


def _adjective_content(adjective: Token, preps: tuple[str, ...]) -> Span | None:
    """What the attitude is about: a that-clause, a listed preposition's phrase, an infinitive."""
    doc = adjective.doc
    for child in adjective.rights:
        if child.dep_ == "ccomp" or child.dep_ == "xcomp" and "to" in preps:
            return doc[child.left_edge.i : child.right_edge.i + 1]
        if child.dep_ == "prep" and child.lower_ in preps:
            return doc[child.i : child.right_edge.i + 1]
    return None


def adjective_candidates(doc: Doc, verbs: ReportingVerbs) -> list[Candidate]:
    """``X is critical of …``, ``voters are skeptical about …``, ``he is sure that …``."""
    found: list[Candidate] = []
    for adjective in doc:
        lemma = adjective.lemma_.lower()
        if adjective.dep_ != "acomp" or lemma not in verbs.adjectives:
            continue
        content = _adjective_content(adjective, verbs.adjectives[lemma])
        subject = subject_of(adjective.head)
        if content is None or len(content) < 2 or subject is None or _only_points_back(content):
            continue
        if subject.lower_ in ("it", "there") or content.start <= subject.i < content.end:
            continue  # "it is clear that …": nobody holds the attitude
        found.append(
            credited(
                "indirect",
                (content.start_char, content.end_char),
                adjective,
                subject,
                rule="adjective",
            )  # fmt: skip
        )
    return found


def evidence_candidates(doc: Doc, verbs: ReportingVerbs) -> list[Candidate]:
    """A clause reported *in* a poll or study: "In an NBC poll released Monday, 50 percent …".

    The clause's own verb must not be a cue (then the verb rule reports it, with its subject).
    """
    found: list[Candidate] = []
    for prep in doc:
        if prep.lower_ != "in" or prep.dep_ != "prep":
            continue
        source = next((c for c in prep.children if c.dep_ == "pobj"), None)
        head = prep.head
        if (
            source is None
            or source.lemma_.lower() not in verbs.evidence_nouns
            or head.pos_ not in ("VERB", "AUX")
            or verbs.is_cue(head.lemma_.lower())
        ):
            continue
        # the clause the finding is about: "[Sanders has sagged] in the polls"
        if prep.i < head.i:
            start, end = trim_span(doc, prep.right_edge.i + 1, head.right_edge.i + 1)
        else:
            start, end = trim_span(doc, head.left_edge.i, prep.i)
        while end > start and doc[end - 1].is_punct:
            end -= 1
        if end - start < 3:
            continue
        found.append(
            _source_phrase(doc[start:end], doc[prep.i : prep.i + 1], "in", source, rule="evidence")
        )
    return found
