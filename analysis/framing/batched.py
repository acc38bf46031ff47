"""Frame scores of a whole annotated corpus, a slice of documents at a time.

:func:`~analysis.framing.scores.frame_scores` reads the token and sentence tables of every
document at once: at 30,000 articles that is ~35M token rows in one kernel. Every score and
every piece of evidence belongs to one document, so the corpus can be scored in consecutive
slices (:meth:`Annotations.batches`) and the tables concatenated: the result is the same
table, in the same order, while only one slice's tokens are in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from pandas.api.types import union_categoricals

from analysis.annotation.annotate import BATCH_DOCS, Annotations
from analysis.annotation.dask_backend import map_batches
from analysis.framing.dictionary import FrameDictionary, load_frame_dictionary
from analysis.framing.scores import FrameScores, frame_scores

__all__ = ["batched_frame_scores"]


def batched_frame_scores(
    ann: Annotations,
    *,
    dictionary: FrameDictionary | str | Path | None = None,
    batch_docs: int = BATCH_DOCS,
    client: Any = None,
) -> FrameScores:
    """``frame_scores(ann.tokens, ann.sentences, ann.corpus)``, one slice of documents at a time.

    With a Dask ``client`` the slices are scored on the cluster's workers (which must see the
    store's folder), in parallel; the table is the same.

    >>> scores = batched_frame_scores(ann)  # doctest: +SKIP
    """
    dictionary = load_frame_dictionary(dictionary)
    if client is not None:
        parts = map_batches(
            ann, _score_slice, batch_docs=batch_docs, client=client, dictionary=dictionary
        )
    else:
        parts = [_score_slice(batch, dictionary) for batch in ann.batches(batch_docs)]
    if len(parts) == 1:
        return parts[0]
    tables = {
        name: _concat([getattr(part, name) for part in parts])
        for name in ("doc", "sentence", "evidence")
    }
    return FrameScores(**tables, dictionary=dictionary)


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat`` that keeps categorical columns categorical across differing categories
    (``pd.concat`` makes them one Python string per row)."""
    columns = list(parts[0].columns)
    categorical = [c for c in columns if isinstance(parts[0][c].dtype, pd.CategoricalDtype)]
    table = pd.concat([part.drop(columns=categorical) for part in parts], ignore_index=True)
    for column in categorical:
        values = union_categoricals([part[column] for part in parts], sort_categories=True)
        table[column] = pd.Series(values, index=table.index)
    return table[columns]


def _score_slice(batch: Annotations, dictionary: FrameDictionary) -> FrameScores:
    return frame_scores(batch.tokens, batch.sentences, batch.corpus, dictionary=dictionary)
