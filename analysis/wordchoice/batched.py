"""Word-choice tables of a whole annotated corpus, a slice of documents at a time.

The word-choice functions take a token table; at 30,000 articles that is ~35M rows in one
kernel. Each of them counts or finds things inside documents, so the corpus can be read in
consecutive slices (:meth:`Annotations.batches`) and the per-slice results combined: matches,
flags and concordance lines concatenate, counts of disjoint documents add up. Each function
here returns the same table as its in-memory twin on ``ann.tokens`` (tests check it), with
one slice's tokens in memory at a time.

>>> found = batched_lexicon_evidence(ann)  # doctest: +SKIP
>>> usage = usage_from_matches(*found, ann.corpus, load_lexicon(None), by="outlet")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from analysis.annotation.annotate import BATCH_DOCS, Annotations
from analysis.annotation.dask_backend import map_batches
from analysis.wordchoice.collocations import (
    CollocationCounts,
    collocation_counts,
    collocation_table,
)
from analysis.wordchoice.keyness import doc_term_counts
from analysis.wordchoice.kwic import kwic_for_terms
from analysis.wordchoice.lexicon import Lexicon, load_lexicon
from analysis.wordchoice.loaded import LoadedLexicon, load_loaded_lexicon, loaded_language
from analysis.wordchoice.usage import lexicon_evidence, words_per_document

__all__ = [
    "batched_collocations",
    "batched_doc_term_counts",
    "batched_kwic_for_terms",
    "batched_lexicon_evidence",
    "batched_loaded_language",
]


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of every slice; slices without rows left out (their empty columns have no dtype)."""
    filled = [frame for frame in frames if len(frame)]
    if len(filled) > 1:
        return pd.concat(filled, ignore_index=True)
    return (filled or frames)[0].reset_index(drop=True)


def _concat_words(words: list[pd.Series]) -> pd.Series:
    return pd.concat(words) if len(words) > 1 else words[0]


def batched_lexicon_evidence(
    ann: Annotations,
    *,
    lexicon: str | Path | Lexicon | dict | None = None,
    batch_docs: int = BATCH_DOCS,
) -> tuple[pd.DataFrame, pd.Series]:
    """Lexicon matches with their sentences, and word tokens per document.

    The inputs of :func:`~analysis.wordchoice.usage.usage_from_matches`, which gives
    ``term_usage(ann.tokens, corpus, lexicon=…, by=…, sentences=ann.sentences)`` for any
    ``corpus`` and ``by`` (the report's full and folded groups) without reading tokens again.
    """
    lex = load_lexicon(lexicon)
    matches, words = [], []
    for batch in ann.batches(batch_docs):
        matches.append(lexicon_evidence(batch.tokens, lex, sentences=batch.sentences))
        words.append(words_per_document(batch.tokens))
    return _concat(matches), _concat_words(words)


def batched_doc_term_counts(
    ann: Annotations,
    *,
    unit: str = "lower",
    drop_stopwords: bool = False,
    batch_docs: int = BATCH_DOCS,
) -> pd.DataFrame:
    """``doc_term_counts(ann.tokens, …)``: keyness for any grouping comes from it
    (:func:`~analysis.wordchoice.keyness.keyness_from_doc_counts`).

    ``doc_id`` and ``term`` are categoricals (terms in sorted order): a 4-byte code a row, since
    the table has a row per document and distinct term (~1.1M rows at 3,000 articles).
    """
    parts = [
        doc_term_counts(batch.tokens, unit=unit, drop_stopwords=drop_stopwords).astype(
            {"doc_id": "category", "term": "category"}
        )
        for batch in ann.batches(batch_docs)
    ]
    parts = [part for part in parts if len(part)] or parts
    return pd.DataFrame(
        {
            "doc_id": union_categoricals([part["doc_id"] for part in parts]),
            "term": union_categoricals([part["term"] for part in parts], sort_categories=True),
            "count": np.concatenate([part["count"].to_numpy() for part in parts]),
        }
    )


def batched_kwic_for_terms(
    ann: Annotations,
    terms: pd.DataFrame,
    *,
    corpus: pd.DataFrame,
    by: str = "outlet",
    window: int = 8,
    per_term: int = 5,
    batch_docs: int = BATCH_DOCS,
) -> pd.DataFrame:
    """``kwic_for_terms(ann.tokens, terms, …)``: the first ``per_term`` lines of each term."""
    parts = [
        kwic_for_terms(batch.tokens, terms, corpus=corpus, by=by, window=window, per_term=per_term)
        for batch in ann.batches(batch_docs)
    ]
    lines = _concat(parts)
    if lines.empty:
        return lines
    order = {(str(g), str(t)): k for k, (g, t) in enumerate(terms[["group", "term"]].to_numpy())}
    rank = [
        order.get((str(g), str(t)), len(order))
        for g, t in zip(lines[by], lines["term"], strict=True)
    ]
    lines = lines.assign(_rank=rank).sort_values("_rank", kind="stable")
    lines = lines.groupby("_rank", sort=False).head(per_term)
    return lines.drop(columns="_rank").reset_index(drop=True)


def batched_loaded_language(
    ann: Annotations,
    *,
    lexicon: str | Path | LoadedLexicon | None = None,
    batch_docs: int = BATCH_DOCS,
    client: Any = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """``loaded_language(ann.tokens)`` and word tokens per document, for
    ``loaded_language_rates(None, corpus, flagged=…, words_per_doc=…)``.

    With a Dask ``client`` the slices run on the cluster's workers (which must see the
    store's folder); the tables are the same.
    """
    lexicon = load_loaded_lexicon(lexicon)
    if client is not None:
        parts = map_batches(ann, _flag_slice, batch_docs=batch_docs, client=client, lexicon=lexicon)
    else:
        parts = [_flag_slice(batch, lexicon) for batch in ann.batches(batch_docs)]
    flagged, words, offset = [], [], 0
    for found, counted, n_tokens in parts:
        flagged.append(found.assign(row=found["row"] + offset))  # rows of the whole table
        words.append(counted)
        offset += n_tokens
    return _concat(flagged), _concat_words(words)


def _flag_slice(batch: Annotations, lexicon: LoadedLexicon) -> tuple[pd.DataFrame, pd.Series, int]:
    tokens = batch.tokens
    return loaded_language(tokens, lexicon=lexicon), words_per_document(tokens), len(tokens)


def batched_collocations(
    ann: Annotations,
    targets: Sequence[str] | str,
    *,
    corpus: pd.DataFrame,
    by: str = "outlet",
    relation: str = "modifier",
    window: int = 4,
    min_count: int = 2,
    use_lemma: bool = True,
    batch_docs: int = BATCH_DOCS,
) -> pd.DataFrame:
    """``collocations(ann.tokens, targets, corpus=…, …)``, counted slice by slice."""
    options = {"corpus": corpus, "by": by, "relation": relation, "window": window}
    parts = [
        collocation_counts(batch.tokens, targets, use_lemma=use_lemma, **options)
        for batch in ann.batches(batch_docs)
    ]
    counts = parts[0] if len(parts) == 1 else CollocationCounts.concat(parts, by)
    return collocation_table(counts, by=by, relation=relation, min_count=min_count)
