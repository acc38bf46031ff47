"""Normalised token arrays and vectorised phrase search over a token table.

Lexicon matching, KWIC and the loaded-language detector all look for word sequences in the
token table. Doing it here once keeps the three consistent: a phrase word matches a token when
it equals the token's lowercase form or its lowercase lemma; hyphen tokens and whitespace tokens
are skipped ("so-called" = "so called", "Kiev-regime" = "Kiev regime"); curly apostrophes
count as straight ones; a match never crosses a sentence.

Strings are factorised once, so a search compares integer arrays, not strings.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.io.schema import require_columns
from analysis.wordchoice._shared_strings import shared_strings

__all__ = ["TokenIndex", "normalise_phrase", "require_columns", "surface_text"]

_HYPHENS = "-\u2010\u2011\u2012"
_HYPHEN_RUN = re.compile(f"[{_HYPHENS}]+")


def _normalise_form(value: str) -> str:
    """Lowercase, straight apostrophes, hyphen-only or blank tokens become ''."""
    value = str(value).lower().replace("\u2019", "'").strip()
    if not value or not value.strip(_HYPHENS):
        return ""
    return value


def normalise_phrase(phrase: str) -> tuple[str, ...]:
    """Words of a search phrase as the index compares them.

    >>> normalise_phrase("Crimea’s so-called  Reunification")
    ('crimea', "'s", 'so', 'called', 'reunification')
    """
    words: list[str] = []
    for chunk in str(phrase).lower().replace("\u2019", "'").split():
        for piece in _HYPHEN_RUN.split(chunk):
            if not piece:
                continue
            if piece.endswith("'s") and len(piece) > 2:
                words.extend((piece[:-2], "'s"))
            else:
                words.append(piece)
    return tuple(words)


def _codes_for(values: pd.Series, vocabulary: dict[str, int]) -> np.ndarray:
    codes, uniques = pd.factorize(values, sort=False)  # Arrow strings factorise fast; NA -> -1
    forms = [_normalise_form(u) for u in uniques] + [""]
    codes = np.where(codes < 0, len(forms) - 1, codes)
    for form in forms:
        vocabulary.setdefault(form, len(vocabulary))
    lookup = np.array([vocabulary[f] for f in forms], dtype=np.int64)
    return lookup[codes] if len(codes) else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class TokenIndex:
    """Word tokens of a token table (hyphens and whitespace removed) as integer arrays.

    ``rows`` are positions in the original table, ``token_i`` the document-level token indices,
    ``segment`` identifies the sentence; ``lower`` and ``lemma`` are codes into ``vocabulary``.
    """

    rows: np.ndarray
    doc_code: np.ndarray
    doc_ids: np.ndarray
    sent: np.ndarray
    token_i: np.ndarray
    segment: np.ndarray
    lower: np.ndarray
    lemma: np.ndarray
    vocabulary: dict[str, int]

    @classmethod
    def build(cls, tokens: pd.DataFrame) -> TokenIndex:
        """Index a token table (columns ``doc_id, sent, i, lower``; ``lemma`` optional)."""
        require_columns(tokens, ("doc_id", "sent", "i", "lower"), "token table")
        vocabulary: dict[str, int] = {"": 0}
        lower = _codes_for(tokens["lower"], vocabulary)
        lemma = _codes_for(tokens["lemma"], vocabulary) if "lemma" in tokens.columns else lower
        keep = np.flatnonzero(lower != 0)
        doc_code, doc_ids = pd.factorize(tokens["doc_id"], sort=False)
        sent = tokens["sent"].to_numpy(dtype=np.int64)
        segment = doc_code.astype(np.int64) * (int(sent.max(initial=0)) + 1) + sent
        return cls(
            rows=keep,
            doc_code=doc_code[keep],
            doc_ids=np.asarray(doc_ids, dtype=object),
            sent=sent[keep],
            token_i=tokens["i"].to_numpy(dtype=np.int64)[keep],
            segment=segment[keep],
            lower=lower[keep],
            lemma=lemma[keep],
            vocabulary=vocabulary,
        )

    def __len__(self) -> int:
        return len(self.rows)

    @functools.cached_property
    def _postings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Positions sorted by lowercase code and by lemma code (an inverted index, built once)."""
        by_lower = np.argsort(self.lower, kind="stable")
        by_lemma = np.argsort(self.lemma, kind="stable")
        return by_lower, self.lower[by_lower], by_lemma, self.lemma[by_lemma]

    def positions(self, code: int) -> np.ndarray:
        """Sorted positions whose lowercase form or lemma has this vocabulary code."""
        by_lower, lower_sorted, by_lemma, lemma_sorted = self._postings
        a = by_lower[
            np.searchsorted(lower_sorted, code, "left") : np.searchsorted(
                lower_sorted, code, "right"
            )
        ]
        b = by_lemma[
            np.searchsorted(lemma_sorted, code, "left") : np.searchsorted(
                lemma_sorted, code, "right"
            )
        ]
        return np.union1d(a, b)

    def word_mask(self, word: str) -> np.ndarray:
        """Boolean mask of positions whose lowercase form or lemma equals ``word``."""
        code = self.vocabulary.get(_normalise_form(word))
        if code is None or code == 0:
            return np.zeros(len(self), dtype=bool)
        return (self.lower == code) | (self.lemma == code)

    def find(self, words: tuple[str, ...]) -> np.ndarray:
        """Start positions (into the index arrays) of every match of the word sequence."""
        if not words:
            return np.zeros(0, dtype=np.int64)
        codes = [self.vocabulary.get(_normalise_form(w)) for w in words]
        if any(c is None or c == 0 for c in codes):
            return np.zeros(0, dtype=np.int64)
        starts = self.positions(codes[0])
        n = len(self)
        for offset, code in enumerate(codes[1:], start=1):
            starts = starts[starts + offset < n]
            at = starts + offset
            ok = ((self.lower[at] == code) | (self.lemma[at] == code)) & (
                self.segment[at] == self.segment[starts]
            )
            starts = starts[ok]
        return starts

    def spans(self, starts: np.ndarray, length: int | np.ndarray) -> pd.DataFrame:
        """Matches as ``doc_id, sent, start, end`` (document token indices, end exclusive)."""
        last = starts + length - 1
        return pd.DataFrame(
            {
                "doc_id": pd.array(self.doc_ids[self.doc_code[starts]], dtype="string"),
                "sent": self.sent[starts],
                "start": self.token_i[starts],
                "end": self.token_i[last] + 1,
            }
        )


def surface_text(tokens: pd.DataFrame, rows_start: np.ndarray, rows_end: np.ndarray) -> list[str]:
    """The original text of token-row ranges ``[start, end)``, with the document's spacing."""
    text = shared_strings(tokens["text"])
    space = tokens["whitespace"].to_numpy(dtype=bool) if "whitespace" in tokens.columns else None
    pieces = []
    for a, b in zip(rows_start.tolist(), rows_end.tolist(), strict=True):
        parts = []
        for r in range(a, b):
            parts.append(str(text[r]))
            if r < b - 1 and (space is None or space[r]):
                parts.append(" ")
        pieces.append(" ".join("".join(parts).split()))
    return pieces
