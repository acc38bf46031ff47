"""Cross-validated frame scores: dictionary scores are matched to articles by doc_id."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.evaluation.frame_cv import cross_validate_frames, seed_spread

FRAMES = ["Economic", "Health", "Political"]


def _coded(
    n: int = 60, seed: int = 3
) -> tuple[list[str], list[list[str]], list[str], pd.DataFrame]:
    """Articles whose dictionary scores track their labels (noisily), indexed by doc_id."""
    rng = np.random.default_rng(seed)
    truth = rng.random((n, len(FRAMES))) < 0.4
    truth[truth.sum(axis=1) == 0, 0] = True
    scores = truth * rng.uniform(2, 6, truth.shape) + rng.uniform(0, 3, truth.shape)
    ids = [f"art-{i:03d}" for i in range(n)]
    labels = [[f for f, on in zip(FRAMES, row, strict=True) if on] for row in truth]
    texts = [f"text {i}" for i in range(n)]
    return (
        texts,
        labels,
        ids,
        pd.DataFrame(scores, index=pd.Index(ids, name="doc_id"), columns=FRAMES),
    )


def _dictionary_run(texts, labels, scores, doc_ids=None):
    return cross_validate_frames(
        texts,
        labels,
        dictionary_scores=scores,
        doc_ids=doc_ids,
        methods=("frequent_frames", "dictionary"),
        folds=3,
    )


def test_shuffled_score_rows_give_the_same_result():
    texts, labels, ids, scores = _coded()
    shuffled = scores.sample(frac=1.0, random_state=7)
    assert list(shuffled.index) != ids
    first = _dictionary_run(texts, labels, scores, ids)
    again = _dictionary_run(texts, labels, shuffled, ids)
    pd.testing.assert_frame_equal(first.summary, again.summary)
    pd.testing.assert_frame_equal(first.predictions["dictionary"], again.predictions["dictionary"])
    # a doc_id column instead of the index is matched the same way
    as_column = _dictionary_run(texts, labels, shuffled.reset_index(), ids)
    pd.testing.assert_frame_equal(first.summary, as_column.summary)
    # the same shuffled rows taken by position pair articles with other articles' scores
    positional = _dictionary_run(texts, labels, shuffled.to_numpy())
    dictionary = first.summary.set_index("method").loc["dictionary"]
    assert dictionary["micro_f1"] > 0.8
    assert positional.summary.set_index("method").loc["dictionary", "micro_f1"] < (
        dictionary["micro_f1"] - 0.1
    )


def test_score_table_needs_doc_ids_and_every_document():
    texts, labels, ids, scores = _coded(12)
    with pytest.raises(InputError, match="pass doc_ids="):
        _dictionary_run(texts, labels, scores)
    with pytest.raises(InputError, match=r"lacks 1 of the 12 documents \(e.g. \['art-011'\]\)"):
        _dictionary_run(texts, labels, scores.drop(index="art-011"), ids)
    with pytest.raises(InputError, match="doc_ids must be unique"):
        _dictionary_run(texts, labels, scores, ids[:-1] + ids[:1])


def test_seed_spread_gives_mean_sd_min_max_per_method_and_metric():
    by_seed = pd.DataFrame(
        {
            "seed": [0, 0, 1, 1, 2, 2],
            "method": ["classifier", "dictionary"] * 3,
            "micro_f1": [0.60, 0.50, 0.70, 0.50, 0.80, 0.50],
            "macro_f1": [0.40, 0.30, 0.50, 0.35, 0.60, 0.40],
        }
    )
    spread = seed_spread(by_seed).set_index(["method", "metric"])
    row = spread.loc[("classifier", "micro_f1")]
    assert row["mean"] == pytest.approx(0.70)
    assert row["sd"] == pytest.approx(0.10)  # sample sd (ddof=1) over the three seeds
    assert (row["min"], row["max"], row["n_seeds"]) == (0.60, 0.80, 3)
    assert spread.loc[("dictionary", "micro_f1"), "sd"] == 0.0
    assert spread.loc[("dictionary", "macro_f1"), "mean"] == pytest.approx(0.35)
    assert list(spread.index.get_level_values("method").unique()) == ["classifier", "dictionary"]
