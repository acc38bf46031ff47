"""How well do frame measures agree with coded articles? Cross-validated scores for three methods.

* **frequent frames** — always predict the *k* frames most often coded in the training folds
  (*k* = the mean number of frames per training article, rounded): the bar any method must clear.
* **dictionary** — a frame is predicted when its dictionary score (hits per 1,000 tokens) reaches a
  per-frame threshold chosen on the training folds to maximise that frame's F1.
* **classifier** — :func:`~analysis.framing.classifier.train_frame_classifier` trained on the
  training folds (its own thresholds tuned by inner cross-validation).

All three see only the training folds when they choose anything, and the same folds are used for
all methods (``KFold`` with a fixed seed), so the numbers are comparable. Dictionary scores are
matched to the coded articles by ``doc_id``, never by row position: a score table in another
order (a store may return documents in another order) would otherwise pair each article with
another article's scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.framing.classifier import _binarize, parse_labels, train_frame_classifier

__all__ = [
    "FrameEvaluation",
    "EVALUATION_METHODS",
    "cross_validate_frames",
    "multilabel_scores",
    "frequent_frames",
    "dictionary_thresholds",
    "seed_spread",
]

EVALUATION_METHODS = ("frequent_frames", "dictionary", "classifier")


@dataclass(frozen=True)
class FrameEvaluation:
    """Cross-validated results.

    ``summary``: one row per method — ``method, micro_f1, macro_f1, micro_precision,
    micro_recall, labels_per_doc``; ``per_frame``: ``method, frame, support, precision, recall,
    f1``; ``predictions``: method → documents × frames 0/1 matrix (out-of-fold).
    """

    summary: pd.DataFrame
    per_frame: pd.DataFrame
    predictions: dict[str, pd.DataFrame]
    labels: list[str]
    folds: int
    seed: int


def multilabel_scores(
    truth: np.ndarray, pred: np.ndarray, labels: Sequence[str]
) -> tuple[dict[str, float], pd.DataFrame]:
    """Micro/macro F1 and per-frame precision/recall/F1 of a 0/1 prediction matrix."""
    truth, pred = truth.astype(bool), pred.astype(bool)
    tp = (truth & pred).sum(axis=0).astype(float)
    n_pred = pred.sum(axis=0).astype(float)
    n_true = truth.sum(axis=0).astype(float)
    precision = np.divide(tp, n_pred, out=np.zeros_like(tp), where=n_pred > 0)
    recall = np.divide(tp, n_true, out=np.zeros_like(tp), where=n_true > 0)
    f1 = np.divide(2 * tp, n_pred + n_true, out=np.zeros_like(tp), where=(n_pred + n_true) > 0)
    micro_p = tp.sum() / n_pred.sum() if n_pred.sum() else 0.0
    micro_r = tp.sum() / n_true.sum() if n_true.sum() else 0.0
    micro_f1 = (
        2 * tp.sum() / (n_pred.sum() + n_true.sum()) if (n_pred.sum() + n_true.sum()) else 0.0
    )
    summary = {
        "micro_f1": float(micro_f1),
        "macro_f1": float(f1.mean()) if len(f1) else 0.0,
        "micro_precision": float(micro_p),
        "micro_recall": float(micro_r),
        "labels_per_doc": float(pred.sum() / len(pred)) if len(pred) else 0.0,
    }
    per_frame = pd.DataFrame(
        {
            "frame": list(labels),
            "support": n_true.astype(int),
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }
    )
    return summary, per_frame


def frequent_frames(target: np.ndarray) -> np.ndarray:
    """0/1 vector of the *k* most frequent frames (ties broken by column order)."""
    k = max(1, int(round(target.sum(axis=1).mean())))
    order = np.lexsort((np.arange(target.shape[1]), -target.sum(axis=0)))
    chosen = np.zeros(target.shape[1], dtype=bool)
    chosen[order[:k]] = True
    return chosen


def dictionary_thresholds(scores: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Per-frame score threshold maximising F1 on the given (training) documents.

    Candidates are the observed scores; ties prefer the higher threshold (fewer predictions).
    A frame the dictionary never scores gets ``inf`` (never predicted).
    """
    thresholds = np.full(scores.shape[1], np.inf)
    truth_all = target.astype(bool)
    for j in range(scores.shape[1]):
        column, truth = scores[:, j], truth_all[:, j]
        candidates = np.unique(column[column > 0])
        if not len(candidates) or not truth.any():
            continue
        # F1 for "predict when score >= t", for every candidate t at once
        order = np.argsort(-column, kind="stable")
        ranked, hits = column[order], truth[order].astype(float)
        tp_at = np.cumsum(hits)
        n_pred_at = np.arange(1, len(ranked) + 1, dtype=float)
        last = np.searchsorted(-ranked, -candidates, side="right") - 1  # last index with score >= t
        f1 = 2 * tp_at[last] / (n_pred_at[last] + truth.sum())
        best = np.flatnonzero(f1 == f1.max())
        thresholds[j] = candidates[best].max()
    return thresholds


def cross_validate_frames(
    texts: Iterable[str],
    labels: Iterable[Any],
    *,
    dictionary_scores: pd.DataFrame | np.ndarray | None = None,
    doc_ids: Iterable[Any] | None = None,
    methods: Sequence[str] = EVALUATION_METHODS,
    folds: int = 5,
    seed: int = 0,
    sep: str = ";",
    classifier_options: dict[str, Any] | None = None,
) -> FrameEvaluation:
    """K-fold cross-validated micro/macro F1 of the frequent-frames baseline, dictionary and classifier.

    Parameters
    ----------
    texts, labels
        Coded articles and their frames (labels as in :func:`parse_labels`).
    dictionary_scores
        Documents × frames scores (e.g. ``FrameScores.wide()``: indexed by ``doc_id``, or with a
        ``doc_id`` column; columns named like the labels), matched to ``texts`` through
        ``doc_ids``. A plain array is taken to be in the order of ``texts``. Needed for the
        ``dictionary`` method; skipped when absent.
    doc_ids
        The document id of each of ``texts``, in order; required with a score table.
    methods
        Any of ``frequent_frames``, ``dictionary``, ``classifier``.
    folds, seed
        Outer ``KFold(folds, shuffle=True, random_state=seed)``.
    classifier_options
        Keyword options for :func:`train_frame_classifier`.
    """
    from sklearn.model_selection import KFold

    unknown = [m for m in methods if m not in EVALUATION_METHODS]
    if unknown:
        raise InputError(
            f"unknown evaluation method(s) {unknown}; choose from {EVALUATION_METHODS}"
        )
    texts = list(texts)
    label_lists = parse_labels(labels, sep=sep)
    if len(texts) != len(label_lists):
        raise InputError(f"got {len(texts)} texts but {len(label_lists)} label rows")
    frames = sorted({f for row in label_lists for f in row})
    target = _binarize(label_lists, frames)
    dictionary = _aligned_scores(dictionary_scores, frames, len(texts), doc_ids)
    if dictionary is None:
        methods = [m for m in methods if m != "dictionary"]
    predictions = {m: np.zeros_like(target) for m in methods}
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(texts):
        if "frequent_frames" in predictions:
            predictions["frequent_frames"][test] = frequent_frames(target[train])[None, :]
        if "dictionary" in predictions:
            cut = dictionary_thresholds(dictionary[train], target[train])
            predictions["dictionary"][test] = dictionary[test] >= cut[None, :]
        if "classifier" in predictions:
            train_labels = [label_lists[i] for i in train]
            model = train_frame_classifier(
                [texts[i] for i in train], train_labels, seed=seed, **(classifier_options or {})
            )
            predicted = model.predict([texts[i] for i in test])
            predictions["classifier"][test] = _binarize(predicted, frames)
    rows, per_frame = [], []
    for method in methods:
        summary, table = multilabel_scores(target, predictions[method], frames)
        rows.append({"method": method, **summary})
        per_frame.append(table.assign(method=method))
    per_frame_table = pd.concat(per_frame, ignore_index=True)[
        ["method", "frame", "support", "precision", "recall", "f1"]
    ]
    frames_out = {m: pd.DataFrame(predictions[m], columns=frames) for m in methods}
    return FrameEvaluation(pd.DataFrame(rows), per_frame_table, frames_out, frames, folds, seed)


def seed_spread(
    by_seed: pd.DataFrame, metrics: Sequence[str] = ("micro_f1", "macro_f1")
) -> pd.DataFrame:
    """Mean, sample standard deviation, min and max of each metric over fold seeds.

    One seed's folds can flatter or hurt a method by about as much as most differences between
    variants, so figures are reported as mean ± sd over seeds rather than from the best seed.
    ``by_seed`` has one row per ``seed`` and ``method`` (e.g. the ``summary`` tables of several
    :func:`cross_validate_frames` runs, each with a ``seed`` column); returns ``method, metric,
    mean, sd, min, max, n_seeds`` with methods in their first order.
    """
    long = by_seed.melt(id_vars=["seed", "method"], value_vars=list(metrics), var_name="metric")
    grouped = long.groupby(["method", "metric"], sort=False)["value"]
    out = grouped.agg(["mean", "std", "min", "max", "count"]).reset_index()
    out = out.rename(columns={"std": "sd", "count": "n_seeds"})
    out["sd"] = out["sd"].fillna(0.0)
    rank = {m: k for k, m in enumerate(pd.unique(by_seed["method"]))}
    rank_metric = {m: k for k, m in enumerate(metrics)}
    position = out["method"].map(rank) * len(metrics) + out["metric"].map(rank_metric)
    return out.iloc[np.argsort(position.to_numpy(), kind="stable")].reset_index(drop=True)


def _aligned_scores(
    scores: pd.DataFrame | np.ndarray | None,
    frames: list[str],
    n: int,
    doc_ids: Iterable[Any] | None,
) -> np.ndarray | None:
    """The score matrix in the order of the coded articles (rows looked up by ``doc_id``)."""
    if scores is None:
        return None
    if isinstance(scores, pd.DataFrame):
        if doc_ids is None:
            raise InputError(
                "dictionary_scores is a table: pass doc_ids= (the id of each text, in order) so "
                "its rows are matched to the texts by document, not by position"
            )
        matrix = _rows_by_doc_id(scores, [str(d) for d in doc_ids], n).reindex(columns=frames)
        matrix = matrix.fillna(0.0).to_numpy(dtype=float)
    else:
        matrix = np.asarray(scores, dtype=float)
    if matrix.shape != (n, len(frames)):
        raise InputError(
            f"dictionary_scores has shape {matrix.shape}, expected {(n, len(frames))} (documents × frames {frames})"
        )
    return matrix


def _rows_by_doc_id(scores: pd.DataFrame, ids: list[str], n: int) -> pd.DataFrame:
    if len(ids) != n:
        raise InputError(f"got {n} texts but {len(ids)} doc_ids")
    if len(set(ids)) != len(ids):
        twice = sorted(d for d, k in Counter(ids).items() if k > 1)[:5]
        raise InputError(f"doc_ids must be unique; repeated: {twice}")
    table = scores.set_index("doc_id") if "doc_id" in scores.columns else scores
    table = table.set_axis(table.index.astype(str), axis=0)
    if table.index.has_duplicates:
        twice = sorted(set(table.index[table.index.duplicated()]))[:5]
        raise InputError(f"dictionary_scores has more than one row for doc_id(s) {twice}")
    missing = [d for d in ids if d not in table.index]
    if missing:
        raise InputError(
            f"dictionary_scores lacks {len(missing)} of the {n} documents (e.g. {missing[:3]}); "
            "score every coded article"
        )
    return table.reindex(index=ids)
