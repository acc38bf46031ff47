"""Counting units for keyness: lowercase words, lemmas, noun phrases — a registry of extractors.

Each unit function takes the token table and returns ``doc_id, term`` rows (one per
occurrence), computed column-wise. Words are tokens with at least one letter (punctuation,
numbers and whitespace are not words). Noun phrases are approximated from the parse columns
of the token table, because the store keeps tokens, not spaCy's ``noun_chunks``: a phrase is a
maximal run of adjacent tokens in one sentence that are nouns, proper nouns, adjectival
modifiers (``amod``) or compounds, trimmed so it ends on a noun — "eastward expansion",
"Kiev regime", "special military operation". Determiners and possessives are left out, so
"the regime" and "its regime" count as the same phrase.

Word units return categorical ``doc_id``/``term`` columns (codes + distinct values) that
keyness counts without touching the strings again.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.wordchoice._shared_strings import shared_strings
from analysis.wordchoice._token_index import require_columns

__all__ = ["UNITS", "register_unit"]

UnitFunction = Callable[..., pd.DataFrame]
UNITS: dict[str, UnitFunction] = {}


def register_unit(name: str) -> Callable[[UnitFunction], UnitFunction]:
    """Add a unit extractor under ``name`` (usable as ``keyness(..., unit=name)``)."""

    def decorate(function: UnitFunction) -> UnitFunction:
        UNITS[name] = function
        return function

    return decorate


def _word_forms(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes of lowercased forms, the forms, and a word mask (has a letter), via distinct values.

    Factorising first keeps the per-token work in numpy (Arrow-backed strings factorise fast);
    Python only touches the few tens of thousands of distinct strings.
    """
    codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    lowered = [str(u).lower().replace("\u2019", "'") for u in uniques]
    form_codes, forms = pd.factorize(pd.Series(lowered + [""], dtype="object"), sort=True)
    forms = np.asarray(forms, dtype=object)
    is_word_form = np.array([any(ch.isalpha() for ch in f) for f in forms], dtype=bool)
    codes = np.where(codes < 0, len(lowered), codes)  # missing values map to ""
    token_codes = form_codes[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    return token_codes, forms, is_word_form[token_codes] if len(codes) else np.zeros(0, dtype=bool)


def _categorical(codes: np.ndarray, categories: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype="object"))


def _doc_codes(tokens: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(tokens["doc_id"], sort=False)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _words(tokens: pd.DataFrame, column: str, drop_stopwords: bool) -> pd.DataFrame:
    require_columns(tokens, ("doc_id", column), "token table")
    codes, forms, keep = _word_forms(tokens[column])
    if "lower" in tokens.columns and column != "lower":
        keep = keep & _word_forms(tokens["lower"])[2]
    if drop_stopwords and "is_stop" in tokens.columns:
        keep = keep & ~tokens["is_stop"].to_numpy(dtype=bool)
    doc_codes, doc_ids = _doc_codes(tokens)
    return pd.DataFrame(
        {"doc_id": _categorical(doc_codes[keep], doc_ids), "term": _categorical(codes[keep], forms)}
    )


@register_unit("lower")
def lowercase_words(tokens: pd.DataFrame, *, drop_stopwords: bool = False) -> pd.DataFrame:
    """Every word token's lowercase form."""
    return _words(tokens, "lower", drop_stopwords)


@register_unit("lemma")
def lemmas(tokens: pd.DataFrame, *, drop_stopwords: bool = False) -> pd.DataFrame:
    """Every word token's lemma, lowercased."""
    return _words(tokens, "lemma", drop_stopwords)


_NP_POS = ("NOUN", "PROPN")
_NP_MODIFIER_DEPS = ("amod", "compound", "nmod")


@register_unit("noun_phrase")
def noun_phrases(tokens: pd.DataFrame, *, drop_stopwords: bool = False) -> pd.DataFrame:
    """Noun phrases (adjective/compound modifiers + nouns) as lowercase strings."""
    require_columns(
        tokens,
        ("doc_id", "sent", "lower", "pos", "dep"),
        "token table (noun phrases need the parse)",
    )
    pos = shared_strings(tokens["pos"])
    dep = shared_strings(tokens["dep"])
    form_codes, form_values, is_word = _word_forms(tokens["lower"])
    forms = form_values[form_codes]
    nounish = np.isin(pos, _NP_POS) & is_word
    member = (
        nounish | np.isin(dep, _NP_MODIFIER_DEPS) & np.isin(pos, ("ADJ", "NOUN", "PROPN", "VERB"))
    ) & is_word
    doc_codes, _ = _doc_codes(tokens)
    sent = tokens["sent"].to_numpy(dtype=np.int64)
    n = len(tokens)
    boundary = np.ones(n, dtype=bool)
    if n > 1:
        boundary[1:] = (~member[:-1]) | (doc_codes[1:] != doc_codes[:-1]) | (sent[1:] != sent[:-1])
    run = np.cumsum(boundary | ~member) - 1
    rows = np.flatnonzero(member)
    if not len(rows):
        return pd.DataFrame(
            {"doc_id": pd.Series(dtype="string"), "term": pd.Series(dtype="string")}
        )
    run_of = run[rows]
    last_noun = (
        pd.Series(np.where(nounish[rows], rows, -1)).groupby(run_of).transform("max").to_numpy()
    )
    rows = rows[rows <= last_noun]
    run_of = run[rows]
    pieces = pd.Series(forms[rows]).groupby(run_of, sort=False).agg(" ".join)
    firsts = pd.Series(rows).groupby(run_of, sort=False).first()
    docs = tokens["doc_id"].to_numpy()[firsts.to_numpy()]
    frame = pd.DataFrame({"doc_id": docs, "term": pieces.to_numpy()})
    if drop_stopwords and "is_stop" in tokens.columns:
        stop = tokens["is_stop"].to_numpy(dtype=bool)[firsts.to_numpy()]
        frame = frame[~(stop & ~frame["term"].str.contains(" ", regex=False))]
    return frame.reset_index(drop=True)
