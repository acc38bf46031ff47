"""A supervised multi-label frame classifier: train on coded articles, predict, save, load.

TF-IDF word unigrams (in at least 2 and at most half of the training texts; optionally
character n-grams) feed one logistic regression per frame with
balanced class weights, so rare frames are not ignored. The decision threshold is tuned on inner
cross-validated predictions of the training data only: by default one threshold for all frames,
the one that maximises micro-F1 (on SemEval-2023 English this beat per-frame thresholds, a
blend of both, bigrams, character n-grams, dictionary scores as extra features and a stacked
second stage; see ``benchmarks/framing_eval.py``). Every document gets at least its most
probable frame.

Saved models are joblib files with metadata (training-data hash, labels, options, thresholds,
library versions); the same metadata is written beside them as ``<file>.json``. Loading a joblib
file runs pickle: only load models you trained or trust.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.errors import InputError, ModelError

__all__ = [
    "FrameClassifier",
    "THRESHOLD_MODES",
    "parse_labels",
    "train_frame_classifier",
    "predict_frames",
    "save_frame_classifier",
    "load_frame_classifier",
]

log = logging.getLogger(__name__)

#: How decision thresholds are chosen from inner cross-validated probabilities.
THRESHOLD_MODES = ("global", "per_label", "blend", "fixed")
_FORMAT = "analysis.frame_classifier"
_FORMAT_VERSION = 1


@dataclass
class FrameClassifier:
    """A trained frame classifier: features, one model per frame, thresholds and metadata."""

    labels: list[str]
    pipeline: Any
    thresholds: np.ndarray
    metadata: dict[str, Any] = field(default_factory=dict)

    def predict_proba(self, texts: Iterable[str]) -> pd.DataFrame:
        """Probability of each frame (columns, in ``labels`` order) for each text (rows)."""
        texts = _texts(texts)
        if not texts:
            return pd.DataFrame(columns=self.labels, dtype=float)
        return pd.DataFrame(_probabilities(self.pipeline, texts), columns=self.labels)

    def predict(self, texts: Iterable[str]) -> list[list[str]]:
        """The predicted frames of each text (at least one: the most probable)."""
        proba = self.predict_proba(texts).to_numpy()
        chosen = _decide(proba, self.thresholds)
        return [[self.labels[j] for j in np.flatnonzero(row)] for row in chosen]


def parse_labels(values: Iterable[Any], *, sep: str = ";") -> list[list[str]]:
    """Normalise a label column: lists, JSON lists (``'["A", "B"]'``) or ``sep``-delimited strings.

    >>> parse_labels(["Economic; Political", ["Morality"], None])
    [['Economic', 'Political'], ['Morality'], []]
    """
    out: list[list[str]] = []
    for row, value in enumerate(values):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out.append([])
        elif isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    parsed = json.loads(text)
                except json.JSONDecodeError as error:
                    raise InputError(
                        f"labels row {row}: {value!r} looks like a JSON list but is not valid JSON"
                    ) from error
                out.append([str(v).strip() for v in parsed if str(v).strip()])
            else:
                out.append([part.strip() for part in text.split(sep) if part.strip()])
        elif isinstance(value, Iterable):
            out.append([str(v).strip() for v in value if str(v).strip()])
        else:
            raise InputError(
                f"labels row {row}: expected a list or a {sep!r}-delimited string, got {value!r}"
            )
    return out


def train_frame_classifier(
    texts: Iterable[str],
    labels: Iterable[Any],
    *,
    C: float = 1.0,  # noqa: N803 - scikit-learn's name
    char_ngrams: bool = False,
    threshold: str = "global",
    fixed_threshold: float = 0.5,
    inner_folds: int = 5,
    min_label_count: int = 2,
    sep: str = ";",
    seed: int = 0,
) -> FrameClassifier:
    """Train a multi-label frame classifier on coded texts.

    Parameters
    ----------
    texts
        Article texts (title and body).
    labels
        Frames per text: lists, JSON lists or ``sep``-delimited strings (see :func:`parse_labels`).
    C
        Inverse regularisation strength of the logistic regressions.
    char_ngrams
        Add character 3–5-gram features (slower; did not pay off on SemEval-2023 English).
    threshold
        ``"global"`` (default: one threshold maximising micro-F1), ``"per_label"`` (each frame's
        F1-maximising threshold), ``"blend"`` (their mean) or ``"fixed"`` (``fixed_threshold``).
        Tuned on ``inner_folds``-fold cross-validated predictions of the training data.
    min_label_count
        Frames coded in fewer training texts are dropped (logged): a model cannot learn them.
    seed
        Seed for the inner folds; training is otherwise deterministic.

    Examples
    --------
    >>> model = train_frame_classifier(df["text"], df["frames"])  # doctest: +SKIP
    >>> model.predict(["Parliament votes on the budget ..."])  # doctest: +SKIP
    """
    if threshold not in THRESHOLD_MODES:
        raise InputError(f"threshold={threshold!r} is not one of {THRESHOLD_MODES}")
    texts = _texts(texts)
    label_lists = parse_labels(labels, sep=sep)
    if len(texts) != len(label_lists):
        raise InputError(
            f"got {len(texts)} texts but {len(label_lists)} label rows; pass one label list per text"
        )
    if len(texts) < 2 * inner_folds:
        raise InputError(
            f"need at least {2 * inner_folds} coded texts to train and tune thresholds, got {len(texts)}"
        )
    counts = pd.Series([f for row in label_lists for f in row], dtype="string").value_counts()
    kept = sorted(str(f) for f, n in counts.items() if n >= min_label_count)
    dropped = sorted(str(f) for f, n in counts.items() if n < min_label_count)
    if dropped:
        log.warning(
            "frames with fewer than %d coded texts are not learned: %s", min_label_count, dropped
        )
    if not kept:
        raise InputError(
            f"no frame is coded in at least {min_label_count} texts; check the labels column"
        )
    target = _binarize(label_lists, kept)
    options = {
        "C": C,
        "char_ngrams": char_ngrams,
        "threshold": threshold,
        "fixed_threshold": fixed_threshold,
        "inner_folds": inner_folds,
        "seed": seed,
    }
    thresholds = _tune_thresholds(texts, target, options)
    pipeline = _make_pipeline(C=C, char_ngrams=char_ngrams).fit(texts, target)
    metadata = {
        "format": _FORMAT,
        "format_version": _FORMAT_VERSION,
        "labels": kept,
        "dropped_labels": dropped,
        "n_train": len(texts),
        "label_counts": {f: int(counts[f]) for f in kept},
        "training_data_sha256": training_data_hash(texts, label_lists),
        "options": options,
        "thresholds": dict(zip(kept, map(float, thresholds), strict=True)),
        "versions": _versions(),
    }
    return FrameClassifier(kept, pipeline, thresholds, metadata)


def predict_frames(
    model: FrameClassifier, texts: Iterable[str], *, index: Sequence[Any] | None = None
) -> pd.DataFrame:
    """Predicted frames ("; "-joined) and each frame's probability, one row per text.

    ``index`` (e.g. the corpus ``doc_id``) labels the rows.
    """
    proba = model.predict_proba(texts)
    chosen = _decide(proba.to_numpy(), model.thresholds)
    frames = ["; ".join(model.labels[j] for j in np.flatnonzero(row)) for row in chosen]
    out = pd.concat(
        [pd.DataFrame({"frames": pd.array(frames, dtype="string")}), proba.add_prefix("p_")], axis=1
    )
    if index is not None:
        out.index = pd.Index(list(index), name="doc_id")
    return out


def save_frame_classifier(model: FrameClassifier, path: str | Path) -> Path:
    """Write ``path`` (joblib) and ``path.json`` (metadata, for people and provenance)."""
    import joblib

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": _FORMAT, "format_version": _FORMAT_VERSION, "model": model}
    joblib.dump(payload, path)
    Path(f"{path}.json").write_text(
        json.dumps(model.metadata, indent=2, sort_keys=True), encoding="utf-8"
    )
    return path


def load_frame_classifier(path: str | Path) -> FrameClassifier:
    """Read a model written by :func:`save_frame_classifier` (pickle: trusted files only)."""
    import joblib

    path = Path(path)
    if not path.is_file():
        raise ModelError(
            f"frame classifier {path} does not exist; train one with train_frame_classifier or `framing-train`"
        )
    try:
        payload = joblib.load(path)
    except Exception as error:  # noqa: BLE001 - any unpickling failure means an unusable file
        raise ModelError(
            f"{path}: cannot be read as a frame classifier ({error}); retrain it with this version"
        ) from error
    if not isinstance(payload, dict) or payload.get("format") != _FORMAT:
        raise ModelError(
            f"{path}: not a frame classifier written by analysis; train one with `framing-train`"
        )
    if payload.get("format_version") != _FORMAT_VERSION:
        raise ModelError(
            f"{path}: format version {payload.get('format_version')} is not {_FORMAT_VERSION}; retrain the model"
        )
    model: FrameClassifier = payload["model"]
    trained = model.metadata.get("versions", {}).get("scikit-learn")
    current = _versions()["scikit-learn"]
    if trained and trained != current:
        log.warning(
            "%s was trained with scikit-learn %s, running %s: predictions may differ",
            path,
            trained,
            current,
        )
    return model


def training_data_hash(texts: Sequence[str], labels: Sequence[Sequence[str]]) -> str:
    """SHA-256 over the texts and their sorted labels: identifies the training data of a model."""
    digest = hashlib.sha256()
    for text, row in zip(texts, labels, strict=True):
        digest.update(json.dumps([text, sorted(row)], ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def _texts(texts: Iterable[str]) -> list[str]:
    values = list(texts)
    for row, text in enumerate(values):
        if not isinstance(text, str):
            raise InputError(
                f"text row {row}: expected a string, got {type(text).__name__}; fill or drop missing texts first"
            )
    return values


def _binarize(label_lists: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray:
    position = {f: j for j, f in enumerate(labels)}
    target = np.zeros((len(label_lists), len(labels)), dtype=np.int64)
    for i, row in enumerate(label_lists):
        for f in row:
            if f in position:
                target[i, position[f]] = 1
    return target


def _make_pipeline(*, C: float, char_ngrams: bool) -> Any:  # noqa: N803
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline, make_union

    features = [TfidfVectorizer(ngram_range=(1, 1), min_df=2, max_df=0.5, sublinear_tf=True)]
    if char_ngrams:
        features.append(
            TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(3, 5),
                min_df=2,
                sublinear_tf=True,
                max_features=100_000,
            )
        )
    model = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=3000)
    return make_pipeline(make_union(*features), OneVsRestClassifier(model))


def _probabilities(pipeline: Any, texts: Sequence[str]) -> np.ndarray:
    proba = pipeline.predict_proba(list(texts))
    return np.asarray(proba, dtype=float)


def _tune_thresholds(
    texts: Sequence[str], target: np.ndarray, options: dict[str, Any]
) -> np.ndarray:
    if options["threshold"] == "fixed":
        return np.full(target.shape[1], float(options["fixed_threshold"]))
    from sklearn.model_selection import KFold

    inner = np.zeros(target.shape, dtype=float)
    folds = KFold(options["inner_folds"], shuffle=True, random_state=options["seed"])
    for train, test in folds.split(texts):
        fitted = _make_pipeline(C=options["C"], char_ngrams=options["char_ngrams"])
        fitted.fit([texts[i] for i in train], _ensure_both_classes(target[train]))
        inner[test] = _probabilities(fitted, [texts[i] for i in test])
    return choose_thresholds(inner, target, mode=options["threshold"])


def _ensure_both_classes(target: np.ndarray) -> np.ndarray:
    """OneVsRest refuses a label column that is all 0 or all 1 in a fold: nudge one row."""
    fixed = target.copy()
    for j in range(fixed.shape[1]):
        if fixed[:, j].min() == fixed[:, j].max():
            fixed[0, j] = 1 - fixed[0, j]
    return fixed


def choose_thresholds(proba: np.ndarray, target: np.ndarray, *, mode: str = "global") -> np.ndarray:
    """Decision thresholds from held-out probabilities (``mode`` as in :func:`train_frame_classifier`)."""
    grid = np.round(np.linspace(0.05, 0.95, 91), 2)
    global_best = max(
        grid,
        key=lambda t: (
            _micro_f1(target, _decide(proba, np.full(target.shape[1], t))),
            -abs(t - 0.5),
        ),
    )
    if mode == "global":
        return np.full(target.shape[1], float(global_best))
    per_label = np.array(
        [
            max(grid, key=lambda t, j=j: (_f1(target[:, j], proba[:, j] >= t), -abs(t - 0.5)))
            for j in range(target.shape[1])
        ]
    )
    if mode == "per_label":
        return per_label.astype(float)
    return (per_label + global_best) / 2.0


def _decide(proba: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Frames above threshold, plus each row's most probable frame."""
    chosen = proba >= thresholds[None, :]
    if len(proba):
        chosen[np.arange(len(proba)), proba.argmax(axis=1)] = True
    return chosen


def _f1(truth: np.ndarray, pred: np.ndarray) -> float:
    truth, pred = truth.astype(bool), pred.astype(bool)
    tp = float(np.sum(truth & pred))
    denominator = float(np.sum(truth) + np.sum(pred))
    return 2.0 * tp / denominator if denominator else 0.0


def _micro_f1(truth: np.ndarray, pred: np.ndarray) -> float:
    return _f1(truth.astype(bool).ravel(), pred.astype(bool).ravel())


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    import scipy
    import sklearn

    try:
        own = version("analysis")
    except PackageNotFoundError:
        own = "unknown"
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "pandas": pd.__version__,
        "analysis": own,
    }
