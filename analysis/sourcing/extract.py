"""``attributions``: every attribution of every document as one table row.

The pipeline per document: the registered rules (:mod:`rules`: reporting verbs, "according
to", nominal and adjective cues, evidence, headlines) → quote-mark passages
(:mod:`quotes`) merged into them, floating quotes given the last speaker → speakers resolved
in reading order (:mod:`speakers`) → source type, medium and verb stance. Nothing here ever
drops a whole document: a rule that finds nothing just contributes no rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from spacy.tokens import Doc

from analysis.annotation.doc_rows import canonical_entity
from analysis.annotation.gazetteer import names_other_country
from analysis.errors import AnalysisError, InputError
from analysis.io.schema import require_columns
from analysis.skips import SkipLog, report_failure, short_message
from analysis.sourcing.candidate_filters import (
    deduplicate,
    drop_inside_speakers,
    drop_nested,
)
from analysis.sourcing.candidates import Candidate
from analysis.sourcing.document_speakers import latin_name, match_person
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
from analysis.sourcing.source_types import source_type, title_type
from analysis.sourcing.speakers import Speaker, SpeakerResolver, describe_speaker
from analysis.sourcing.turns import Turn, find_turns

__all__ = [
    "ATTRIBUTION_COLUMNS",
    "CorpusContext",
    "DocumentRecord",
    "Lexicons",
    "assemble",
    "attributions",
    "corpus_context",
    "doc_attributions",
    "document_record",
    "load_lexicons",
]

#: Columns of the attribution table, in order.
ATTRIBUTION_COLUMNS: tuple[str, ...] = (
    "doc_id", "outlet", "source_file", "sent", "kind", "content", "content_start",
    "content_end", "cue", "cue_lemma", "speaker_text", "speaker", "speaker_type", "source_type",
    "medium", "evidence_sentence", "speaker_title", "cue_stance", "act", "metonym", "collective",
)  # fmt: skip

#: A floating quote takes the last speaker only if that speaker spoke at most this many line breaks before.
_FLOATING_MAX_LINES = 2
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_SECOND_PERSON = frozenset({"you", "your"})


def doc_attributions(
    doc: Doc,
    *,
    verbs: ReportingVerbs,
    types: SourceTypeRules,
    media: MediaNames,
    speaker: str = "",
    titles: dict[str, str] | None = None,
    titled: list[tuple[str, str]] | None = None,
) -> list[dict[str, object]]:
    """Rows (without ``doc_id``/``outlet``/``source_file``) for one parsed document.

    ``speaker`` is who speaks in the whole document (from the corpus's speaker column): the
    first person outside quotes and turns is theirs. ``titles``, when given, collects the
    document's people and their titles (for typing bare mentions corpus-wide); ``titled``
    every titled mention (for resolving "the President" to the outlet's president).
    """
    text = doc.text
    turns = find_turns(doc)
    voices = [
        (t.content_start, t.region_end, _named_speaker(t.name, t.title)) for t in turns if t.name
    ]
    if speaker:
        voices.insert(0, (0, len(text), _named_speaker(speaker, "")))
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

    resolver = SpeakerResolver(
        doc, abbreviations=types.abbreviations, voices=voices, descriptions=types.descriptions
    )
    turn_starts = {t.content_start for t in turns}
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
            if spk.head_lower in _SECOND_PERSON:
                continue  # the addressee, never a source
            if spk.head_lower in _FIRST_PERSON and any(
                t.label_start <= anchor_char < t.region_end for t in turns
            ):
                continue  # the turn's own "I think": part of the turn, not a new source
        elif (
            c.rule == "floating"
            and last_speaker is not None
            and text.count("\n", last_anchor, anchor_char) <= _FLOATING_MAX_LINES
        ):
            spk = last_speaker
        if (
            spk is not None
            and spk.label == "NOUN"
            and not types.is_agent_noun(spk.head_lower)
            and not verbs.is_evidence(spk.head_lower)
        ):
            spk.name, spk.resolved = "", False  # "relations continue": no agent speaks
        if c.kind not in ("direct", "partial") and _is_question(text, c, sent_bounds, sent_id):
            continue  # a question is not an attribution
        if c.content_start in turn_starts and c.kind != "direct":
            continue  # the turn row below covers it
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
        kind_of_source = (
            source_type(spk, context, types, media)
            if spk is not None and (spk.resolved or spk.label in ("NOUN", "PROPN"))
            else "unresolved"
        )
        if kind_of_source != "anonymous" and spk is not None and not spk.name:
            kind_of_source = "unresolved"
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
                "metonym": bool(spk is not None and spk.metonym),
                "collective": bool(spk is not None and spk.collective and spk.resolved),
                "_paragraph": text.count("\n", 0, anchor_char),
                "_label": spk.label if spk is not None else "",
                "_description": (spk.description, spk.nationality)
                if spk is not None and spk.description
                else None,
            }
        )
    interviewers = _interviewers(turns)
    for turn in turns:
        if turn.question or not turn.name:
            continue
        spk = resolver.canonical(_named_speaker(turn.name, turn.title))
        row = _turn_row(text, turn, spk, types, media, sent_at_char)
        if turn.name in interviewers and row["source_type"] == "other":
            row["source_type"] = "media"
        rows.append(row)
    rows.sort(key=lambda r: (int(r["content_start"]), int(r["content_end"])))
    _type_people(rows, resolver.titles, types, media)
    if titles is not None:
        titles.update(resolver.titles)
    if titled is not None:
        titled.extend(resolver.titled)
    _carry_medium(rows)
    return rows


def _interviewers(turns: list[Turn]) -> set[str]:
    """The untitled speaker of a transcript who does the asking: the interviewer, a journalist.

    In an interview ("Andrei Vandenko: …?") the person with by far the largest share of turns
    that are questions (a quarter or more, three times anyone else's) and no title is the one
    interviewing; their statement turns are typed ``media`` when nothing else types them.
    """
    asked: dict[str, list[bool]] = {}
    for turn in turns:
        if turn.name:
            asked.setdefault(turn.name, []).append(turn.question)
    shares = sorted(
        ((sum(q) / len(q), name) for name, q in asked.items() if len(q) >= 2), reverse=True
    )
    if not shares or shares[0][0] < 0.25:
        return set()
    if len(shares) > 1 and shares[0][0] < 3 * shares[1][0]:
        return set()
    untitled = {t.name for t in turns if t.name and not t.title}
    return {shares[0][1]} & untitled


def _named_speaker(name: str, title: str) -> Speaker:
    """A speaker known by name (a turn label, the document's speaker column)."""
    parts = name.split()
    return Speaker(name, name, title, "PERSON", parts[-1].lower() if parts else "", 0, 0)


def _is_question(text: str, c: Candidate, sent_bounds: list[tuple[int, int]], sent_id: int) -> bool:
    """Whether the sentence that carries the cue asks a question ("Does this mean …?")."""
    if not c.cue or sent_id >= len(sent_bounds):
        return False
    start, end = sent_bounds[sent_id]
    return text[start:end].rstrip().rstrip("\"'”’»)").endswith("?")


def _turn_row(
    text: str,
    turn: Turn,
    spk: Speaker,
    types: SourceTypeRules,
    media: MediaNames,
    sent_at_char: Callable[[int], int],
) -> dict[str, object]:
    return {
        "sent": sent_at_char(turn.content_start),
        "kind": "turn",
        "content": text[turn.content_start : turn.content_end],
        "content_start": turn.content_start,
        "content_end": turn.content_end,
        "cue": ":",
        "cue_lemma": "",
        "speaker_text": turn.label,
        "speaker": spk.name,
        "speaker_type": spk.speaker_type,
        "source_type": source_type(spk, turn.label, types, media),
        "medium": "",
        "evidence_sentence": text[turn.content_start : turn.content_end].strip(),
        "speaker_title": spk.title,
        "cue_stance": "neutral",
        "act": "speech",
        "metonym": False,
        "collective": False,
        "_paragraph": text.count("\n", 0, turn.label_start),
        "_label": "PERSON",
        "_description": None,
    }


def _type_people(
    rows: list[dict[str, object]], titles: dict[str, str], types: SourceTypeRules, media: MediaNames
) -> None:
    """A person's bare mentions ("he", "Merkel") take the type of their titled mentions.

    The type comes from the person's other attributions in the document, else from the
    title the document gives them anywhere ("Federal Chancellor of Germany Angela Merkel").
    """
    known: dict[str, str] = {}
    for row in rows:
        kind = str(row["source_type"])
        if row["_label"] == "PERSON" and row["speaker"] and kind not in ("other", "anonymous"):
            known.setdefault(str(row["speaker"]), kind)
    for row in rows:
        name = str(row["speaker"])
        if row["_label"] != "PERSON" or not name or row["source_type"] != "other":
            continue
        kind = known.get(name) or (
            title_type(titles[name], types, media) if titles.get(name) else ""
        )
        if kind:
            row["source_type"] = kind
            row["speaker_title"] = row["speaker_title"] or titles.get(name, "")


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
        row.pop("_label", None)


#: A lone surname goes to the most quoted full name with it when that name has this share of
#: the full-name attributions ("Trump" → Donald Trump, though Ivanka Trump is quoted too).
_SURNAME_DOMINANCE = 0.75
_MIDDLE_INITIAL = re.compile(r"(?<=\S) [A-Z]\.(?= \S)")


def _corpus_aliases(frame: pd.DataFrame) -> pd.DataFrame:
    """One name per person across the corpus.

    A middle initial goes ("Donald J. Trump" → "Donald Trump"); a lone surname maps to the
    full name that ends with it — the only one, or the one with three quarters of the
    attributions of all full names with that surname.
    """
    people = frame["speaker_type"].eq("person") & frame["speaker"].astype(str).str.len().gt(0)
    if not people.any():
        return frame
    frame.loc[people, "speaker"] = (
        frame.loc[people, "speaker"].astype(str).str.replace(_MIDDLE_INITIAL, "", regex=True)
    )
    counts = frame.loc[people, "speaker"].value_counts()
    full_by_surname: dict[str, dict[str, int]] = {}
    for name, n in counts.items():
        parts = str(name).split()
        if len(parts) > 1:
            full_by_surname.setdefault(parts[-1], {})[str(name)] = int(n)
    mapping = {}
    for surname, names in full_by_surname.items():
        top, n = max(names.items(), key=lambda item: (item[1], item[0]))
        if len(names) == 1 or n >= _SURNAME_DOMINANCE * sum(names.values()):
            mapping[surname] = top
    single = people & frame["speaker"].isin(list(mapping))
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

    The work is in two stages: :func:`document_record` per document (the expensive part, which
    :func:`analysis.sourcing.cached.store_attributions` caches in the annotation store), then
    :func:`assemble` over the whole corpus (offices, aliases and types across documents).
    """
    lexicons = load_lexicons(verbs, source_types, media)
    context = corpus_context(corpus)
    records = (
        (
            str(doc_id),
            document_record(doc, lexicons, context.speakers.get(str(doc_id), ""), doc_id=doc_id),
        )
        for doc_id, doc in docs
    )
    return assemble(records, context, lexicons, skips=skips)


@dataclass(frozen=True)
class Lexicons:
    """The three resources the extractor reads."""

    verbs: ReportingVerbs
    types: SourceTypeRules
    media: MediaNames


def load_lexicons(
    verbs: str | Path | ReportingVerbs | None = None,
    source_types: str | Path | SourceTypeRules | None = None,
    media: str | Path | MediaNames | None = None,
) -> Lexicons:
    """Each resource as given, or read from its path (None: the shipped file)."""
    return Lexicons(
        verbs if isinstance(verbs, ReportingVerbs) else load_reporting_verbs(verbs),
        source_types
        if isinstance(source_types, SourceTypeRules)
        else load_source_types(source_types),
        media if isinstance(media, MediaNames) else load_media(media),
    )


@dataclass(frozen=True)
class CorpusContext:
    """What the corpus table tells the extractor: each document's outlet, file and speaker."""

    meta: dict[str, tuple[str, str]] = field(default_factory=dict)
    speakers: dict[str, str] = field(default_factory=dict)


def corpus_context(corpus: pd.DataFrame | None) -> CorpusContext:
    """Outlet and source file per document, and the speaker column's single names."""
    if corpus is None:
        return CorpusContext()
    require_columns(corpus, ("doc_id", "outlet", "source_file"), "corpus table")
    meta = {
        str(d): (str(o) if pd.notna(o) else "", str(f) if pd.notna(f) else "")
        for d, o, f in corpus[["doc_id", "outlet", "source_file"]].itertuples(index=False)
    }
    speakers = {}
    if "speaker" in corpus.columns:
        speakers = {
            str(d): str(v).strip()
            for d, v in corpus[["doc_id", "speaker"]].itertuples(index=False)
            if isinstance(v, str) and v.strip() and "," not in v and ";" not in v
        }
    return CorpusContext(meta, speakers)


@dataclass
class DocumentRecord:
    """One document's share of the extraction, before the corpus-wide steps.

    ``rows`` are its attributions; ``titles`` the people it titles (name, title), in the
    order the corpus-wide title map takes them; ``titled`` every titled mention (for "the
    President" of the outlet); ``speaker`` the speaker-column name as the document spells it;
    ``error`` the (type, message) of a failure, which makes the document a skip.
    """

    rows: list[dict[str, object]] = field(default_factory=list)
    titles: list[tuple[str, str]] = field(default_factory=list)
    titled: list[tuple[str, str]] = field(default_factory=list)
    speaker: str = ""
    error: tuple[str, str] | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "rows": self.rows,
                "titles": self.titles,
                "titled": self.titled,
                "speaker": self.speaker,
                "error": self.error,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, payload: str) -> DocumentRecord:
        data = json.loads(payload)
        rows = data["rows"]
        for row in rows:
            if row.get("_description") is not None:
                row["_description"] = tuple(row["_description"])
        return cls(
            rows,
            [tuple(pair) for pair in data["titles"]],
            [tuple(pair) for pair in data["titled"]],
            data["speaker"],
            tuple(data["error"]) if data["error"] else None,
        )


def document_record(
    doc: Doc, lexicons: Lexicons, speaker: str = "", *, doc_id: object = ""
) -> DocumentRecord:
    """The per-document stage: attributions, titles and speaker of one parsed document.

    A failure inside the rules is kept in the record (the document becomes a skip); a Doc
    without a parse is a mistake of the caller and raises :class:`InputError`.
    """
    if not isinstance(doc, Doc):
        raise InputError(f"document {doc_id!r}: expected a spaCy Doc, got {type(doc).__name__}")
    if len(doc) and not doc.has_annotation("DEP"):
        raise InputError(
            f"document {doc_id!r} has no dependency parse; annotate it with a model that has a parser"
        )
    record = DocumentRecord()
    titles: dict[str, str] = {}
    try:
        record.speaker = _document_speaker(speaker, doc) if speaker else ""
        record.rows = doc_attributions(
            doc,
            verbs=lexicons.verbs,
            types=lexicons.types,
            media=lexicons.media,
            speaker=record.speaker,
            titles=titles,
            titled=record.titled,
        )
    except AnalysisError:
        raise
    except Exception as error:  # noqa: BLE001 - one document's failure is a skip, not a crash
        record.rows, record.titled = [], []
        record.error = (type(error).__name__, short_message(error))
    record.titles = list(titles.items())
    return record


def assemble(
    records: Iterable[tuple[str, DocumentRecord]],
    context: CorpusContext,
    lexicons: Lexicons,
    *,
    skips: SkipLog | None = None,
) -> pd.DataFrame:
    """The corpus-wide steps over per-document records, in corpus order: the attribution table."""
    corpus_titles: dict[str, str] = {}
    titled_by_outlet: dict[str, list[tuple[str, str]]] = {}
    guessed: set[str] = set()
    chunks: list[pd.DataFrame] = []
    rows: list[dict[str, object]] = []
    for order, (doc_id, record) in enumerate(records):
        outlet, source_file = context.meta.get(doc_id, ("", ""))
        outlet_titles = titled_by_outlet.setdefault(outlet, [])
        if record.speaker:
            guessed.add(record.speaker)
        if record.error is not None:
            report_failure(skips, doc_id, "sourcing", *record.error)
            continue
        corpus_titles.update(record.titles)
        outlet_titles.extend(record.titled)
        for number, row in enumerate(record.rows):
            rows.append(
                {
                    "doc_id": doc_id,
                    "outlet": outlet,
                    "source_file": source_file,
                    **row,
                    "_order": order,
                    "_n": number,
                }
            )
        if len(rows) >= _CHUNK_ROWS:
            chunks.append(_rows_frame(rows))
            rows = []
    chunks.append(_rows_frame(rows))
    frame = _resolve_offices(_concat_chunks(chunks), titled_by_outlet, lexicons.types)
    frame = frame.sort_values(["_order", "content_start", "content_end", "_n"], kind="stable")
    frame = frame.drop(columns=["_order", "_n"]).reset_index(drop=True)
    for column in ("sent", "content_start", "content_end"):
        frame[column] = frame[column].astype("int64")
    frame = _corpus_aliases(_match_guessed(frame, guessed))
    return _type_from_corpus(frame, corpus_titles, lexicons.types, lexicons.media)


#: Attribution rows held as dicts before they become a table: at 30,000 articles (640,000
#: attributions) holding them all as dicts took 1.9 GB on top of the table.
_CHUNK_ROWS = 20_000
_FRAME_COLUMNS = [*ATTRIBUTION_COLUMNS, "_description", "_order", "_n"]


def _rows_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_FRAME_COLUMNS)


def _concat_chunks(chunks: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks as one table typed as if built at once: a column that was all missing in some
    chunk (object there) is a string column again when its values are strings."""
    chunks = [chunk for chunk in chunks if len(chunk)] or chunks[:1]  # empty: all object
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    for column in ATTRIBUTION_COLUMNS:
        values = frame[column]
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) == "string":
            frame[column] = values.astype("str")
    return frame


#: The outlet's most quoted holder of an office must be quoted this many times more than the next.
_OFFICE_LEAD = 2


def _resolve_offices(
    frame: pd.DataFrame,
    titled_by_outlet: dict[str, list[tuple[str, str]]],
    rules: SourceTypeRules,
) -> pd.DataFrame:
    """ "The President" that no document introduces → the outlet's own president.

    Official sites write "the President" for their principal throughout (kremlin.ru,
    president.gov.ua). Among the people the outlet titles with that office (and a nationality
    that fits), the one it quotes most is taken, if quoted at least twice as often as the
    next. Rows stay as they were otherwise. Returns ``frame`` without ``_description``.
    """
    descriptions = frame.pop("_description").tolist()
    outlets = frame["outlet"].astype(str).tolist()
    speakers = frame["speaker"].tolist()
    speaker_types = frame["speaker_type"].tolist()
    quoted: dict[str, dict[str, int]] = {}
    for description, outlet, speaker, speaker_type in zip(
        descriptions, outlets, speakers, speaker_types, strict=True
    ):
        if description is None and _present(speaker) and speaker_type == "person":
            counts = quoted.setdefault(outlet, {})
            surname = str(speaker).split()[-1]
            counts[surname] = counts.get(surname, 0) + 1
    cache: dict[tuple[str, str, str], str] = {}
    resolved: list[tuple[int, str]] = []
    for position, (description, outlet) in enumerate(zip(descriptions, outlets, strict=True)):
        if not description:
            continue
        noun, nationality = description
        key = (outlet, str(noun), str(nationality))
        if key not in cache:
            holders = _office_holders(titled_by_outlet.get(outlet, []), key[1], key[2], rules)
            cache[key] = _most_quoted(holders, quoted.get(outlet, {}))
        if cache[key]:
            resolved.append((position, cache[key]))
    if resolved:
        positions, names = zip(*resolved, strict=True)
        rows = frame.index[list(positions)]
        frame.loc[rows, "speaker"] = list(names)
        frame.loc[rows, "speaker_type"] = "person"
    return frame


def _present(value: object) -> bool:
    """A non-empty value (a missing cell is NaN in a string column, which is truthy)."""
    return isinstance(value, str) and bool(value)


def _office_holders(
    titled: list[tuple[str, str]], noun: str, nationality: str, rules: SourceTypeRules
) -> set[str]:
    words = rules.descriptions.get(noun, (noun,))
    holders = set()
    for name, title in titled:
        lowered = title.lower()
        if not any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words):
            continue
        if nationality and names_other_country(title, nationality):
            continue
        holders.add(name)
    return holders


def _most_quoted(holders: set[str], quoted: dict[str, int]) -> str:
    ranked = sorted(
        ((quoted.get(name.split()[-1], 0), len(name.split()), name) for name in holders if name),
        reverse=True,
    )
    if not ranked or ranked[0][0] < 3:
        return ""
    if len(ranked) > 1 and ranked[0][0] < _OFFICE_LEAD * ranked[1][0]:
        return ""
    return ranked[0][2]


def _document_speaker(raw: str, doc: Doc) -> str:
    """The corpus's speaker value as the document's own name for that person, if it has one.

    A name the document does not use is kept transliterated; :func:`assemble` matches every
    document speaker against the people of the whole corpus afterwards.
    """
    latin = latin_name(raw)
    people = {
        canonical_entity(e.text) for e in doc.ents if e.label_ == "PERSON" and " " in e.text.strip()
    }
    return match_person(latin, people) or latin


def _match_guessed(frame: pd.DataFrame, guessed: set[str]) -> pd.DataFrame:
    """Document speakers → the corpus's most frequent spelling of that person.

    "Volodymir Zelensky" (one address's spelling, or a transliteration) becomes the
    "Volodymyr Zelenskyy" the corpus writes most often.
    """
    if not guessed or frame.empty:
        return frame
    people = frame.loc[frame["speaker_type"] == "person", "speaker"]
    counts = people[people.str.contains(" ", regex=False)].value_counts()
    mapping = {}
    for name in guessed:
        similar = [str(n) for n in counts.index if match_person(name, [str(n)])]
        if similar:  # value_counts is sorted: the first is the most frequent spelling
            mapping[name] = similar[0]
    mapping = {k: v for k, v in mapping.items() if k != v}
    if mapping:
        frame["speaker"] = frame["speaker"].replace(mapping)
    return frame


def _type_from_corpus(
    frame: pd.DataFrame, titles: dict[str, str], rules: SourceTypeRules, media: MediaNames
) -> pd.DataFrame:
    """People still typed ``other`` take the type of their title anywhere in the corpus."""
    if frame.empty:
        return frame
    people = frame["speaker_type"].eq("person") & frame["source_type"].eq("other")
    typed = frame[
        frame["speaker_type"].eq("person") & ~frame["source_type"].isin(["other", "anonymous"])
    ]
    by_rows = typed.groupby("speaker")["source_type"].agg(lambda s: s.value_counts().index[0])
    kinds = {}
    for name in frame.loc[people, "speaker"].unique():
        kind = by_rows.get(name, "") or (
            title_type(titles[name], rules, media) if name in titles else ""
        )
        if kind:
            kinds[name] = kind
    if kinds:
        fill = people & frame["speaker"].isin(list(kinds))
        frame.loc[fill, "source_type"] = frame.loc[fill, "speaker"].map(kinds)
    return frame
