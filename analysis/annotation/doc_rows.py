"""Turn parsed spaCy Docs into the plain tables every metric reads.

The conversion is columnar (``Doc.to_array`` plus one string lookup per distinct hash) so it
adds little to parsing time. Table schemas are documented in ``docs/tables.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_STOP,
    LEMMA,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SPACY,
    TAG,
)
from spacy.tokens import Doc

__all__ = [
    "TOKEN_COLUMNS",
    "SENTENCE_COLUMNS",
    "ENTITY_COLUMNS",
    "TableBuilder",
    "canonical_entity",
]

_ATTRS = [
    ORTH,
    LOWER,
    LEMMA,
    POS,
    TAG,
    DEP,
    HEAD,
    ENT_TYPE,
    ENT_IOB,
    IS_STOP,
    IS_PUNCT,
    IS_ALPHA,
    LIKE_NUM,
    IDX,
    SPACY,
]
_STRING_ATTRS = {"text": 0, "lower": 1, "lemma": 2, "pos": 3, "tag": 4, "dep": 5, "ent_type": 6}
_IOB_NAMES = np.array(["", "I", "O", "B"], dtype=object)

TOKEN_COLUMNS = (
    "key", "sent", "i", "idx", "text", "lower", "lemma", "pos", "tag", "dep", "head",
    "ent_type", "ent_iob", "is_stop", "is_punct", "is_alpha", "like_num", "whitespace", "section",
)  # fmt: skip
SENTENCE_COLUMNS = ("key", "sent", "start", "end", "start_char", "end_char", "section", "text")
ENTITY_COLUMNS = (
    "key",
    "sent",
    "start",
    "end",
    "start_char",
    "end_char",
    "label",
    "text",
    "canonical",
)

_LEADING_ARTICLES = ("the ", "The ")


def canonical_entity(text: str) -> str:
    """A mention's canonical form: whitespace squeezed, leading 'the' and possessive 's dropped.

    >>> canonical_entity("the Russian  Defense Ministry's")
    'Russian Defense Ministry'
    """
    value = " ".join(text.split())
    for article in _LEADING_ARTICLES:
        if value.startswith(article):
            value = value[len(article) :]
    for suffix in ("'s", "’s", "'", "’"):
        if value.endswith(suffix):
            value = value[: -len(suffix)]
            break
    return value.strip()


def _section_of(starts: np.ndarray, spans: Sequence[tuple[str, int, int]]) -> np.ndarray:
    """Section name for each character offset, given ``(section, start, end)`` spans."""
    names = np.array([s for s, _, _ in spans] or ["text"], dtype=object)
    bounds = np.array([b for _, b, _ in spans] or [0], dtype=np.int64)
    position = np.searchsorted(bounds, starts, side="right") - 1
    return names[np.clip(position, 0, len(names) - 1)]


class TableBuilder:
    """Accumulate Docs and emit the token, sentence and entity tables as Arrow tables.

    ``key`` identifies the annotated text (its SHA-256); callers join it to ``doc_id``.
    """

    def __init__(self) -> None:
        self._tokens: list[dict[str, np.ndarray]] = []
        self._sentences: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
        self._entities: dict[str, list] = {c: [] for c in ENTITY_COLUMNS}
        self.n_docs = 0
        self.n_tokens = 0

    def add(self, doc: Doc, key: str, sections: Sequence[tuple[str, int, int]]) -> None:
        """Add one parsed Doc whose text has the given section spans."""
        n = len(doc)
        self.n_docs += 1
        self.n_tokens += n
        sent_of_token = np.zeros(n, dtype=np.int32)
        sent_starts: list[int] = []
        for s_index, sent in enumerate(doc.sents):
            sent_of_token[sent.start : sent.end] = s_index
            sent_starts.append(sent.start_char)
            self._sentences["key"].append(key)
            self._sentences["sent"].append(s_index)
            self._sentences["start"].append(sent.start)
            self._sentences["end"].append(sent.end)
            self._sentences["start_char"].append(sent.start_char)
            self._sentences["end_char"].append(sent.end_char)
            self._sentences["text"].append(sent.text)
        self._sentences["section"].extend(
            _section_of(np.array(sent_starts, dtype=np.int64), sections)
        )
        array = doc.to_array(_ATTRS) if n else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
        positions = np.arange(n, dtype=np.int64)
        idx = array[:, 13].astype(np.int64)
        self._tokens.append(
            {
                "key": np.full(n, key, dtype=object),
                "sent": sent_of_token,
                "i": positions.astype(np.int32),
                "idx": idx.astype(np.int32),
                "hashes": array[:, [0, 1, 2, 3, 4, 5, 7]],
                "head": (positions + array[:, 6].astype(np.int64).view(np.int64)).astype(np.int32),
                "ent_iob": _IOB_NAMES[array[:, 8].astype(np.int64)],
                "is_stop": array[:, 9].astype(bool),
                "is_punct": array[:, 10].astype(bool),
                "is_alpha": array[:, 11].astype(bool),
                "like_num": array[:, 12].astype(bool),
                "whitespace": array[:, 14].astype(bool),
                "section": _section_of(idx, sections),
            }
        )
        for ent in doc.ents:
            self._entities["key"].append(key)
            self._entities["sent"].append(int(sent_of_token[ent.start]))
            self._entities["start"].append(ent.start)
            self._entities["end"].append(ent.end)
            self._entities["start_char"].append(ent.start_char)
            self._entities["end_char"].append(ent.end_char)
            self._entities["label"].append(ent.label_)
            self._entities["text"].append(ent.text)
            self._entities["canonical"].append(canonical_entity(ent.text))
        self._strings = doc.vocab.strings

    def tokens(self) -> pa.Table:
        """The token table of everything added so far."""
        if not self._tokens:
            return _empty_tokens()
        merged = {k: np.concatenate([part[k] for part in self._tokens]) for k in self._tokens[0]}
        hashes = merged.pop("hashes")
        unique, inverse = np.unique(hashes, return_inverse=True)
        lookup = np.array([self._strings[int(h)] if h else "" for h in unique], dtype=object)
        strings = lookup[inverse.reshape(hashes.shape)]
        columns = {
            "key": pa.array(merged["key"], pa.string()),
            "sent": pa.array(merged["sent"], pa.int32()),
            "i": pa.array(merged["i"], pa.int32()),
            "idx": pa.array(merged["idx"], pa.int32()),
        }
        for name, position in _STRING_ATTRS.items():
            if name == "ent_type":
                continue
            columns[name] = pa.array(strings[:, position], pa.string())
        columns["head"] = pa.array(merged["head"], pa.int32())
        columns["ent_type"] = pa.array(strings[:, _STRING_ATTRS["ent_type"]], pa.string())
        columns["ent_iob"] = pa.array(merged["ent_iob"], pa.string())
        for flag in ("is_stop", "is_punct", "is_alpha", "like_num", "whitespace"):
            columns[flag] = pa.array(merged[flag], pa.bool_())
        columns["section"] = pa.array(merged["section"], pa.string())
        return pa.table({c: columns[c] for c in TOKEN_COLUMNS})

    def sentences(self) -> pa.Table:
        """The sentence table of everything added so far."""
        return pa.table(_typed(self._sentences, SENTENCE_COLUMNS))

    def entities(self) -> pa.Table:
        """The entity table of everything added so far."""
        return pa.table(_typed(self._entities, ENTITY_COLUMNS))


_INT_COLUMNS = {"sent", "start", "end", "start_char", "end_char", "i", "idx", "head"}


def _typed(columns: dict[str, list], order: Sequence[str]) -> dict[str, pa.Array]:
    return {
        c: pa.array(columns[c], pa.int32() if c in _INT_COLUMNS else pa.string()) for c in order
    }


def _empty_tokens() -> pa.Table:
    types = {
        "sent": pa.int32(), "i": pa.int32(), "idx": pa.int32(), "head": pa.int32(),
        "is_stop": pa.bool_(), "is_punct": pa.bool_(), "is_alpha": pa.bool_(),
        "like_num": pa.bool_(), "whitespace": pa.bool_(),
    }  # fmt: skip
    return pa.table({c: pa.array([], types.get(c, pa.string())) for c in TOKEN_COLUMNS})
