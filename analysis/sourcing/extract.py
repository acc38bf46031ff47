"""``attributions``: every attribution of every document as one table row.

The pipeline per document: the registered rules (:mod:`rules`: reporting verbs, "according
to", nominal and adjective cues, evidence, headlines) → quote-mark passages
(:mod:`quotes`) merged into them, floating quotes given the last speaker → speakers resolved
in reading order (:mod:`speakers`) → source type, medium and verb stance. Nothing here ever
drops a whole document: a rule that finds nothing just contributes no rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from spacy.tokens import Doc

from analysis.errors import InputError
from analysis.io.schema import require_columns
from analysis.skips import SkipLog, guard
from analysis.sourcing.candidate_filters import (
    deduplicate,
    drop_inside_speakers,
    drop_nested,
)
from analysis.sourcing.candidates import Candidate
from analysis.sourcing.lexicons import (
    MediaNames,
    ReportingVerbs,
    SourceTypeRules,
    load_media,
    load_reporting_verbs,
    load_source_types,
)
from analysis.sourcing.media import find_medium
from analysis.sourcing.quote_merge import inside_any, merge_quotes, quote_groups, truncate_unclosed
from analysis.sourcing.quotes import quote_spans
from analysis.sourcing.rules import rule_candidates
from analysis.sourcing.source_types import source_type
from analysis.sourcing.speakers import Speaker, SpeakerResolver, describe_speaker

__all__ = ["ATTRIBUTION_COLUMNS", "attributions", "doc_attributions"]

#: Columns of the attribution table, in order.
ATTRIBUTION_COLUMNS: tuple[str, ...] = (
    "doc_id", "outlet", "source_file", "sent", "kind", "content", "content_start",
    "content_end", "cue", "cue_lemma", "speaker_text", "speaker", "speaker_type", "source_type",
    "medium", "evidence_sentence", "speaker_title", "cue_stance", "act",
)  # fmt: skip

#: A floating quote takes the last speaker only if that speaker spoke at most this many line breaks before.
_FLOATING_MAX_LINES = 2
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def doc_attributions(
    doc: Doc,
    *,
    verbs: ReportingVerbs,
    types: SourceTypeRules,
    media: MediaNames,
) -> list[dict[str, object]]:
    """Rows (without ``doc_id``/``outlet``/``source_file``) for one parsed document."""
    text = doc.text
    raw_groups = quote_groups(quote_spans(text))
    cands = rule_candidates(doc, verbs)
    cands = deduplicate(sorted(cands, key=lambda c: (c.cue, c.content_start)))
    groups = truncate_unclosed(doc, raw_groups, cands)
    cands = drop_inside_speakers(cands, doc)
    cands = [c for c in cands if not (c.cue and inside_any(doc[c.cue[0]].idx, groups))]
    cands = drop_nested(cands, doc)
    cands = merge_quotes(doc, cands, groups, verbs)
    sent_of = np.zeros(len(doc) + 1, dtype=np.int64)
    sent_bounds: list[tuple[int, int]] = []
    for s_index, sent in enumerate(doc.sents):
        sent_of[sent.start : sent.end] = s_index
        sent_bounds.append((sent.start_char, sent.end_char))

    def sent_at_char(pos: int) -> int:
        tok = doc.char_span(pos, pos + 1, alignment_mode="expand")
        return int(sent_of[tok.start]) if tok is not None and len(tok) else 0

    def order_key(c: Candidate) -> tuple[int, int]:
        return (doc[c.cue[0]].idx if c.cue else c.content_start, c.content_start)

    resolver = SpeakerResolver(doc, abbreviations=types.abbreviations)
    speakers: dict[int, Speaker | None] = {}
    ordered = sorted(cands, key=order_key)
    rows: list[dict[str, object]] = []
    last_speaker: Speaker | None = None
    last_anchor = 0
    last_cue = ("", "")
    for index, c in enumerate(ordered):
        anchor_char = doc[c.cue[0]].idx if c.cue else c.content_start
        sent_id = int(sent_of[c.cue[0]]) if c.cue else sent_at_char(c.content_start)
        spk: Speaker | None = None
        if c.speaker is not None and c.speaker_head is not None:
            spk = describe_speaker(doc, c.speaker, c.speaker_head, sent_id)
            quote_spk = None
            if spk.head_lower in _FIRST_PERSON and inside_any(anchor_char, groups):
                outer = [
                    speakers[j]
                    for j, o in enumerate(ordered[:index])
                    if o.content_start <= anchor_char < o.content_end
                    and speakers.get(j) is not None
                ]
                quote_spk = outer[-1] if outer else last_speaker
                if quote_spk is not None:
                    continue  # the speaker's own "I think": part of the quote, not a new source
            spk = resolver.resolve(spk, quote_speaker=quote_spk)
        elif (
            c.rule == "floating"
            and last_speaker is not None
            and text.count("\n", last_anchor, anchor_char) <= _FLOATING_MAX_LINES
        ):
            spk = last_speaker
        speakers[index] = spk
        if spk is not None and spk.resolved and c.rule != "floating":
            last_speaker, last_anchor = spk, anchor_char
            last_cue = (c.cue_text, c.cue_lemma)
        if c.rule == "floating" and spk is not None:
            c.cue_text, c.cue_lemma = last_cue
        start_char = min(c.content_start, anchor_char)
        end_char = max(c.content_end, anchor_char + 1)
        if c.speaker is not None:
            start_char = min(start_char, doc[c.speaker[0]].idx)
        evidence_start = next(s for s, e in sent_bounds if e > start_char) if sent_bounds else 0
        evidence_end = next((e for s, e in sent_bounds if e >= end_char), len(text))
        context = ""
        if c.speaker is not None:
            sent = doc[c.speaker[0]].sent
            context = doc[c.speaker[0] : min(sent.end, c.speaker[1] + 12)].text
        kind_of_source = source_type(spk, context, types, media) if spk is not None else "other"
        speaker_text = spk.text if spk is not None and c.rule != "floating" else ""
        rows.append(
            {
                "sent": sent_id,
                "kind": c.kind,
                "content": text[c.content_start : c.content_end],
                "content_start": c.content_start,
                "content_end": c.content_end,
                "cue": c.cue_text,
                "cue_lemma": c.cue_lemma,
                "speaker_text": speaker_text,
                "speaker": spk.name if spk is not None and spk.resolved else "",
                "speaker_type": "anonymous"
                if kind_of_source == "anonymous"
                else (spk.speaker_type if spk is not None else "unresolved"),
                "source_type": kind_of_source,
                "medium": find_medium(
                    text[evidence_start:evidence_end], media, speaker=spk.name if spk else ""
                ),
                "evidence_sentence": text[evidence_start:evidence_end].strip(),
                "speaker_title": spk.title if spk is not None else "",
                "cue_stance": verbs.stance_of(c.cue_lemma) if c.cue_lemma else "",
                "act": verbs.act_of(c.cue_lemma, speaker_text),
                "_paragraph": text.count("\n", 0, anchor_char),
            }
        )
    _carry_medium(rows)
    return rows


def _carry_medium(rows: list[dict[str, object]]) -> None:
    """Statements of the same speaker in the same paragraph share the medium named once.

    "In remarks to RIA Novosti, Grushko emphasized … “…,” he said." — both went to RIA Novosti.
    """
    previous: dict[str, object] | None = None
    for row in rows:
        if (
            not row["medium"]
            and previous is not None
            and previous["medium"]
            and row["speaker"]
            and row["speaker"] == previous["speaker"]
            and row["_paragraph"] == previous["_paragraph"]
        ):
            row["medium"] = previous["medium"]
        previous = row
    for row in rows:
        del row["_paragraph"]


def _corpus_aliases(frame: pd.DataFrame) -> pd.DataFrame:
    """Map a lone surname to the single full name that ends with it anywhere in the corpus."""
    persons = frame.loc[frame["speaker_type"] == "person", "speaker"].dropna().unique()
    full_by_surname: dict[str, set[str]] = {}
    for name in persons:
        parts = str(name).split()
        if len(parts) > 1:
            full_by_surname.setdefault(parts[-1], set()).add(str(name))
    mapping = {s: next(iter(f)) for s, f in full_by_surname.items() if len(f) == 1}
    single = frame["speaker_type"].eq("person") & frame["speaker"].isin(list(mapping))
    if single.any():
        frame.loc[single, "speaker"] = frame.loc[single, "speaker"].map(mapping)
    return frame


def attributions(
    docs: Iterable[tuple[str, Doc]],
    corpus: pd.DataFrame | None = None,
    *,
    verbs: str | Path | ReportingVerbs | None = None,
    source_types: str | Path | SourceTypeRules | None = None,
    media: str | Path | MediaNames | None = None,
    skips: SkipLog | None = None,
) -> pd.DataFrame:
    """One row per attribution (direct, partial, indirect, according-to, nominal) per document.

    Parameters
    ----------
    docs
        ``(doc_id, spacy Doc)`` pairs, e.g. ``Annotations.docs()``; parsed with a dependency parser.
    corpus
        The corpus table, for ``outlet`` and ``source_file`` (None: both left empty).
    verbs, source_types, media
        A resource YAML path (or loaded resource) replacing the shipped one.
    skips
        A :class:`~analysis.skips.SkipLog`: a document on which extraction raises is recorded
        there (stage ``sourcing``) and left out; without one, it raises ``DocumentError``.

    Returns
    -------
    DataFrame with :data:`ATTRIBUTION_COLUMNS`, in corpus order, then by content position.
    ``content_start``/``content_end`` are character offsets into the Doc text. After the
    columns named in the design come ``speaker_title`` ("Deputy Foreign Minister", kept apart
    from the name), ``cue_stance`` (``neutral``/``loaded``, from the verb resource) and ``act``
    (``speech``, ``belief`` or ``evidence``: what the cue reports, so a report can count only
    what sources said).
    A floating quote (no reporting clause) has an empty ``speaker_text`` and takes the speaker
    and cue of the statement just before it.
    """
    verb_lex = verbs if isinstance(verbs, ReportingVerbs) else load_reporting_verbs(verbs)
    type_rules = (
        source_types
        if isinstance(source_types, SourceTypeRules)
        else load_source_types(source_types)
    )
    media_names = media if isinstance(media, MediaNames) else load_media(media)
    meta: dict[str, tuple[str, str]] = {}
    if corpus is not None:
        require_columns(corpus, ("doc_id", "outlet", "source_file"), "corpus table")
        meta = {
            str(d): (str(o) if pd.notna(o) else "", str(f) if pd.notna(f) else "")
            for d, o, f in corpus[["doc_id", "outlet", "source_file"]].itertuples(index=False)
        }
    rows: list[dict[str, object]] = []
    for order, (doc_id, doc) in enumerate(docs):
        if not isinstance(doc, Doc):
            raise InputError(f"document {doc_id!r}: expected a spaCy Doc, got {type(doc).__name__}")
        if len(doc) and not doc.has_annotation("DEP"):
            raise InputError(
                f"document {doc_id!r} has no dependency parse; annotate it with a model that has a parser"
            )
        outlet, source_file = meta.get(str(doc_id), ("", ""))
        found: list[dict[str, object]] = []
        with guard(skips, doc_id, "sourcing"):
            found = list(doc_attributions(doc, verbs=verb_lex, types=type_rules, media=media_names))
        for number, row in enumerate(found):
            rows.append(
                {
                    "doc_id": str(doc_id),
                    "outlet": outlet,
                    "source_file": source_file,
                    **row,
                    "_order": order,
                    "_n": number,
                }
            )
    frame = pd.DataFrame(rows, columns=[*ATTRIBUTION_COLUMNS, "_order", "_n"])
    frame = frame.sort_values(["_order", "content_start", "content_end", "_n"], kind="stable")
    frame = frame.drop(columns=["_order", "_n"]).reset_index(drop=True)
    for column in ("sent", "content_start", "content_end"):
        frame[column] = frame[column].astype("int64")
    return _corpus_aliases(frame)
