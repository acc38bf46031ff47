"""Token-level precision, recall and F1 of flagged tokens against gold character spans.

Gold annotations of loaded language (SemEval-2023 Task 3, BASIL) are character spans of
phrases; a detector flags tokens. We score on word tokens (punctuation and whitespace are
ignored): a token is gold-positive when its characters overlap any gold span of the document.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.wordchoice._token_index import require_columns

__all__ = ["gold_token_mask", "token_prf"]


def gold_token_mask(tokens: pd.DataFrame, spans: pd.DataFrame) -> np.ndarray:
    """Boolean mask over ``tokens`` rows: does the token overlap a gold span (``doc_id, start, end``)?"""
    require_columns(tokens, ("doc_id", "idx", "text"), "token table")
    mask = np.zeros(len(tokens), dtype=bool)
    if not len(spans):
        return mask
    starts = tokens["idx"].to_numpy(dtype=np.int64)
    ends = starts + tokens["text"].astype("string").str.len().to_numpy(dtype=np.int64)
    doc_ids = tokens["doc_id"].astype("string").to_numpy()
    rows_of = pd.Series(np.arange(len(tokens))).groupby(doc_ids, sort=False).agg(["min", "max"])
    for doc_id, doc_spans in spans.groupby(spans["doc_id"].astype("string"), sort=False):
        if doc_id not in rows_of.index:
            continue
        first, last = int(rows_of.loc[doc_id, "min"]), int(rows_of.loc[doc_id, "max"]) + 1
        length = int(max(ends[first:last].max(initial=0), doc_spans["end"].max())) + 1
        covered = np.zeros(length + 1, dtype=np.int64)
        np.add.at(covered, doc_spans["start"].to_numpy(dtype=np.int64), 1)
        np.add.at(covered, doc_spans["end"].to_numpy(dtype=np.int64), -1)
        chars = np.concatenate([[0], np.cumsum(np.cumsum(covered)[:-1] > 0)])
        mask[first:last] = chars[ends[first:last]] - chars[starts[first:last]] > 0
    return mask


def token_prf(
    predicted: np.ndarray, gold: np.ndarray, scored: np.ndarray | None = None
) -> dict[str, float]:
    """Precision, recall, F1 and counts of a predicted token mask against a gold mask."""
    scored = np.ones(len(gold), dtype=bool) if scored is None else scored
    p, g = predicted & scored, gold & scored
    tp = int((p & g).sum())
    fp = int((p & ~g).sum())
    fn = int((~p & g).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "predicted": int(p.sum()), "gold": int(g.sum()), "tokens": int(scored.sum())}  # fmt: skip
