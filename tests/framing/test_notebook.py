"""notebooks/02_framing.ipynb runs on the bundled sample with a classifier and writes its tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.framing import save_frame_classifier, train_frame_classifier

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02_framing.ipynb"


@pytest.mark.slow
def test_framing_notebook_writes_tables(tmp_path, session_store, monkeypatch, synthetic_coded):
    import papermill

    texts, labels = synthetic_coded()
    model_path = save_frame_classifier(
        train_frame_classifier(texts, labels), tmp_path / "frames.joblib"
    )
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    tables = tmp_path / "tables"
    papermill.execute_notebook(
        str(NOTEBOOK), str(tmp_path / "out.ipynb"), cwd=str(NOTEBOOK.parent), kernel_name="python3", progress_bar=False,
        parameters={"store": str(session_store), "tables_dir": str(tables), "classifier": str(model_path), "n_boot": 100},
    )  # fmt: skip
    profile = pd.read_csv(tables / "framing_profile.csv")
    assert profile["frame"].nunique() == 14
    assert (profile["ci_low"] <= profile["mean"] + 1e-9).all() and (
        profile["mean"] <= profile["ci_high"] + 1e-9
    ).all()
    docs = pd.read_csv(tables / "framing_doc_scores.csv")
    predictions = pd.read_csv(tables / "framing_classifier_predictions.csv")
    assert len(predictions) == docs["doc_id"].nunique()
    assert set(predictions.columns) >= {"doc_id", "frames", "p_Crime", "p_Economic", "p_Health"}
    evidence = pd.read_csv(tables / "framing_evidence.csv")
    assert evidence["sentence"].notna().all() and len(evidence) > 100
