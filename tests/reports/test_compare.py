"""Run-to-run comparison of two report folders."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.reports.compare import compare_reports


def _report(folder, *, docs, outlets, rows, model="3.8.0"):
    (folder / "tables").mkdir(parents=True)
    (folder / "data").mkdir()
    provenance = {
        "corpus": {"outlets": outlets},
        "model": {"version": model},
        "parameters": {},
        "input_files": [{"path": "a.csv", "sha256": model}],
        "git": {"commit": "abc"},
    }
    (folder / "provenance.json").write_text(json.dumps(provenance), encoding="utf-8")
    pd.DataFrame(docs, columns=["doc_id", "outlet"]).to_parquet(folder / "data" / "corpus.parquet")
    pd.DataFrame(rows, columns=["outlet", "term", "count", "share"]).to_parquet(
        folder / "tables" / "term_usage.parquet"
    )
    pd.DataFrame({"unit": ["x"]}).to_parquet(folder / "tables" / "manifest.parquet")
    return folder


def test_compare_reports_documents_and_deltas(tmp_path):
    old = _report(
        tmp_path / "old",
        docs=[("1", "RT"), ("2", "RT"), ("3", "BBC")],
        outlets={"RT": 2, "BBC": 1},
        rows=[
            ("RT", "Kiev", 10, 0.5),
            ("RT", "Kyiv", 10, 0.5),
            ("BBC", "Kyiv", 4, 1.0),
            ("BBC", "Kiev", 1, 0.2),
        ],
    )
    new = _report(
        tmp_path / "new",
        docs=[("1", "RT"), ("4", "RT"), ("5", "RT"), ("3", "BBC")],
        outlets={"RT": 3, "BBC": 1},
        rows=[
            ("RT", "Kiev", 12, 0.52),
            ("RT", "Kyiv", 11, 0.48),
            ("BBC", "Kyiv", 4, 1.0),
            ("BBC", "Ukraine", 2, 0.5),
        ],
        model="3.8.1",
    )
    result = compare_reports(old, new, threshold=0.15)
    assert result.documents.values.tolist() == [["BBC", 1, 1, 0, 0], ["RT", 2, 3, 2, 1]]
    assert result.tables.values.tolist() == [["term_usage", 4, 4, 1, 1, 1]]
    assert result.deltas[["outlet", "key", "metric", "old", "new"]].values.tolist() == [
        ["RT", "Kiev", "count", 10.0, 12.0]
    ]
    text = result.summary()
    assert "model changed: 3.8.0 -> 3.8.1" in text
    assert "documents RT: 2 -> 3 (+2 / -1)" in text
    assert "input files changed: a.csv" in text
    assert "term_usage [RT] Kiev count: 10 -> 12" in text


def test_compare_reports_needs_report_folders(tmp_path):
    with pytest.raises(InputError, match="no provenance.json"):
        compare_reports(tmp_path, tmp_path)
