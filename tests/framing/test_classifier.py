"""Frame classifier: label parsing, training, prediction, save/load with metadata, evaluation maths."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import f1_score

from analysis.errors import InputError, ModelError
from analysis.evaluation.frame_cv import (
    cross_validate_frames,
    dictionary_thresholds,
    frequent_frames,
    multilabel_scores,
)
from analysis.framing import (
    load_frame_classifier,
    parse_labels,
    predict_frames,
    save_frame_classifier,
    train_frame_classifier,
)
from analysis.framing.classifier import choose_thresholds


def test_parse_labels_accepts_lists_json_and_delimited_strings():
    assert parse_labels(["A; B", '["C", "D"]', ("E",), None, ""]) == [
        ["A", "B"],
        ["C", "D"],
        ["E"],
        [],
        [],
    ]
    assert parse_labels(["A|B"], sep="|") == [["A", "B"]]
    with pytest.raises(InputError, match="row 0"):
        parse_labels([3])


def test_train_predict_save_load_roundtrip(tmp_path, synthetic_coded):
    texts, labels = synthetic_coded()
    model = train_frame_classifier(texts, labels)
    assert model.labels == ["Crime", "Economic", "Health"]
    predicted = model.predict(["police arrest the murder suspect", "hospital virus vaccine doctor"])
    assert predicted == [["Crime"], ["Health"]]
    table = predict_frames(model, ["budget tax market jobs"], index=["x1"])
    assert table.loc["x1", "frames"] == "Economic"
    assert table.loc["x1", "p_Economic"] > table.loc["x1", "p_Health"]
    path = save_frame_classifier(model, tmp_path / "frames.joblib")
    loaded = load_frame_classifier(path)
    assert loaded.predict(["police arrest"]) == model.predict(["police arrest"])
    meta = json.loads((tmp_path / "frames.joblib.json").read_text())
    assert meta["labels"] == ["Crime", "Economic", "Health"] and meta["n_train"] == 60
    assert len(meta["training_data_sha256"]) == 64
    assert {"scikit-learn", "numpy", "python"} <= set(meta["versions"])
    retrained = train_frame_classifier(texts, labels)
    assert retrained.metadata["training_data_sha256"] == meta["training_data_sha256"]
    assert np.allclose(retrained.predict_proba(texts[:5]), model.predict_proba(texts[:5]))


def test_rare_labels_are_dropped_and_mismatches_rejected(synthetic_coded):
    texts, labels = synthetic_coded()
    labels[0] = labels[0] + ["Once"]
    model = train_frame_classifier(texts, labels, threshold="fixed")
    assert "Once" not in model.labels and model.metadata["dropped_labels"] == ["Once"]
    with pytest.raises(InputError, match="label rows"):
        train_frame_classifier(texts, labels[:-1])
    with pytest.raises(InputError, match="threshold"):
        train_frame_classifier(texts, labels, threshold="best")


def test_load_rejects_other_files(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        load_frame_classifier(tmp_path / "missing.joblib")
    import joblib

    joblib.dump({"something": 1}, tmp_path / "other.joblib")
    with pytest.raises(ModelError, match="not a frame classifier"):
        load_frame_classifier(tmp_path / "other.joblib")


def test_multilabel_scores_agree_with_sklearn():
    rng = np.random.default_rng(3)
    truth = rng.integers(0, 2, (40, 5))
    pred = rng.integers(0, 2, (40, 5))
    summary, per_frame = multilabel_scores(truth, pred, list("abcde"))
    assert summary["micro_f1"] == pytest.approx(f1_score(truth, pred, average="micro"))
    assert summary["macro_f1"] == pytest.approx(f1_score(truth, pred, average="macro"))
    assert per_frame["f1"].tolist() == pytest.approx(f1_score(truth, pred, average=None).tolist())


def test_baseline_and_threshold_choice():
    target = np.array([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 1, 0]])
    assert frequent_frames(target).tolist() == [True, True, False]  # mean 2 labels per doc
    scores = np.array([[5.0, 0, 0], [4.0, 0, 0], [1.0, 0, 9.0], [0.5, 0, 0]])
    cut = dictionary_thresholds(scores, target)
    assert cut[0] == 1.0  # predicts docs 0-2, all positive: F1 = 1
    assert cut[1] == np.inf  # never scored: never predicted
    assert cut[2] == 9.0
    proba = np.array([[0.9, 0.2], [0.8, 0.6], [0.1, 0.7], [0.3, 0.1]])
    truth = np.array([[1, 0], [1, 1], [0, 1], [0, 0]])
    assert choose_thresholds(proba, truth, mode="per_label").tolist() == pytest.approx(
        [0.5, 0.4], abs=0.11
    )


def test_cross_validation_on_synthetic_data(synthetic_coded):
    texts, labels = synthetic_coded(90, seed=2)
    result = cross_validate_frames(
        texts, labels, folds=3, methods=("frequent_frames", "classifier")
    )
    summary = result.summary.set_index("method")
    assert summary.loc["classifier", "micro_f1"] > 0.9
    assert summary.loc["classifier", "micro_f1"] > summary.loc["frequent_frames", "micro_f1"]
    assert set(result.per_frame["frame"]) == {"Crime", "Economic", "Health"}


def test_load_coded_articles_from_csv_and_jsonl(tmp_path):
    from analysis.framing import load_coded_articles

    csv = tmp_path / "coded.csv"
    csv.write_text('body,codes\n"Tax and budget","Economic; Political"\n"Police",Crime\n')
    assert load_coded_articles(csv, text_col="body", labels_col="codes") == (
        ["Tax and budget", "Police"],
        [["Economic", "Political"], ["Crime"]],
    )
    jsonl = tmp_path / "coded.jsonl"
    jsonl.write_text('{"text": "a", "frames": ["X", "Y"]}\n{"text": "b", "frames": []}\n')
    assert load_coded_articles(jsonl) == (["a", "b"], [["X", "Y"], []])
    with pytest.raises(InputError, match="pass --labels-col"):
        load_coded_articles(csv, text_col="body")
    bad = tmp_path / "bad.csv"
    bad.write_text("text,frames\nok,A\n,B\n")
    with pytest.raises(InputError, match="row 1"):
        load_coded_articles(bad)
