"""The corpus table: schema, stable ids, de-duplication and validation.

Every loader produces rows with the columns in :data:`CORPUS_COLUMNS`; extra columns of an
input (e.g. ``topic``) are kept after them. Validation happens here, once, so that the
later stages can trust the table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from analysis.errors import InputError

__all__ = [
    "CORPUS_COLUMNS",
    "SECTIONS",
    "make_corpus",
    "make_doc_id",
    "text_sha256",
    "doc_text",
    "doc_sections",
    "validate_corpus",
    "require_columns",
    "TABLE_SOURCES",
]

#: Columns every corpus table has, in this order.
CORPUS_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "outlet",
    "published",
    "title",
    "standfirst",
    "text",
    "caption",
    "photo_credit",
    "url",
    "source_file",
    "line_start",
    "line_end",
    "sha256",
    "n_chars",
)

#: Parts of an article that are annotated, in the order they are joined by :func:`doc_text`.
#: The photo caption is kept in the corpus but never annotated: captions and their credits
#: ("(AP)") are not the article's voice.
SECTIONS: tuple[str, ...] = ("title", "standfirst", "text")

_SECTION_SEPARATOR = "\n\n"
_STRING_COLUMNS = (
    "doc_id",
    "outlet",
    "title",
    "standfirst",
    "text",
    "caption",
    "photo_credit",
    "url",
    "source_file",
)


def text_sha256(text: str) -> str:
    """Hex SHA-256 of a text (UTF-8); the cache key for annotations."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_doc_id(outlet: str, title: str, text: str) -> str:
    """A stable id from outlet, title and body: the same article always gets the same id."""
    digest = hashlib.sha256("\x1f".join((outlet or "", title or "", text or "")).encode("utf-8"))
    return digest.hexdigest()[:16]


def doc_sections(row: Mapping[str, Any]) -> list[tuple[str, int, int]]:
    """Character spans ``(section, start, end)`` of each non-empty section in :func:`doc_text`."""
    spans: list[tuple[str, int, int]] = []
    offset = 0
    for section in SECTIONS:
        part = row.get(section) or ""
        if not part:
            continue
        if spans:
            offset += len(_SECTION_SEPARATOR)
        spans.append((section, offset, offset + len(part)))
        offset += len(part)
    return spans


def doc_text(row: Mapping[str, Any]) -> str:
    """The text that is annotated: title, standfirst and body joined by blank lines.

    Offsets in the token, sentence and entity tables refer to this string; use
    :func:`doc_sections` to tell which part a character belongs to.
    """
    return _SECTION_SEPARATOR.join(str(row.get(s) or "") for s in SECTIONS if row.get(s))


def make_corpus(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a validated corpus table from loader records (dicts with corpus columns)."""
    frame = pd.DataFrame(list(records))
    for column in CORPUS_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    for column in _STRING_COLUMNS:
        frame[column] = frame[column].astype("object").where(frame[column].notna(), "")
        frame[column] = (
            frame[column].map(lambda v: v if isinstance(v, str) else str(v)).astype("string")
        )
    frame["published"] = _to_dates(frame["published"])
    for column in ("line_start", "line_end"):
        frame[column] = pd.array(frame[column], dtype="Int64")
    frame["sha256"] = (
        [text_sha256(doc_text(row)) for row in frame.to_dict("records")] if len(frame) else []
    )
    frame["sha256"] = frame["sha256"].astype("string")
    frame["n_chars"] = (
        frame["text"].str.len().astype("int64") if len(frame) else pd.Series(dtype="int64")
    )
    missing_ids = frame["doc_id"] == ""
    if missing_ids.any():
        frame.loc[missing_ids, "doc_id"] = [
            make_doc_id(o, t, x)
            for o, t, x in frame.loc[missing_ids, ["outlet", "title", "text"]].itertuples(
                index=False
            )
        ]
    extra = [c for c in frame.columns if c not in CORPUS_COLUMNS]
    frame = frame[list(CORPUS_COLUMNS) + extra].reset_index(drop=True)
    validate_corpus(frame)
    return frame


def _to_dates(values: pd.Series) -> pd.Series:
    """Parse dates leniently to timezone-naive ``datetime64``; unparseable values become NaT."""
    parsed = pd.to_datetime(values, errors="coerce", utc=True, format="mixed")
    return parsed.dt.tz_localize(None).astype("datetime64[ns]")


#: Where each kind of table comes from: the "what to do" of a missing-columns error.
TABLE_SOURCES: dict[str, str] = {
    "corpus table": "build it with analysis.load_corpus",
    "token table": "pass ann.tokens from analysis.annotate (docs/tables.md lists its columns)",
    "sentence table": "pass ann.sentences from analysis.annotate (docs/tables.md lists its columns)",
    "entity table": "pass ann.entities from analysis.annotate (docs/tables.md lists its columns)",
    "attribution table": "build it with analysis.sourcing.attributions",
    "frame profile": "build it with analysis.framing.frame_profile",
    "keyness table": "build it with analysis.wordchoice.keyness",
    "KWIC table": "build it with analysis.wordchoice.kwic",
}


def require_columns(
    frame: pd.DataFrame, columns: Iterable[str], what: str, *, hint: str | None = None
) -> None:
    """Raise :class:`InputError` naming the columns ``frame`` lacks and where to get the table.

    ``what`` names the table ("token table", "corpus table", …, see :data:`TABLE_SOURCES`);
    ``hint`` overrides the advice for tables not listed there.

    >>> require_columns(pd.DataFrame({"doc_id": []}), ["doc_id", "text"], "corpus table")
    Traceback (most recent call last):
    ...
    analysis.errors.InputError: corpus table lacks column(s) ['text']; build it with analysis.load_corpus
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        advice = hint or TABLE_SOURCES.get(what, "check the table's columns")
        raise InputError(f"{what} lacks column(s) {missing}; {advice}")


def validate_corpus(frame: pd.DataFrame) -> None:
    """Raise :class:`InputError` when the table breaks the corpus contract."""
    require_columns(frame, CORPUS_COLUMNS, "corpus table")
    duplicated = frame["doc_id"][frame["doc_id"].duplicated()]
    if len(duplicated):
        raise InputError(
            f"corpus has duplicate doc_id values {sorted(set(duplicated))[:5]}; "
            "loaders de-duplicate them, so rebuild the table with analysis.load_corpus"
        )
    empty = frame["text"].fillna("").str.strip() == ""
    if empty.any():
        first = frame.loc[empty].iloc[0]
        raise InputError(
            f"{first['source_file']}: document {first['doc_id']!r} has an empty text; "
            "loaders record such documents as skipped instead of keeping them"
        )
