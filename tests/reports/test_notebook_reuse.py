"""A warm report reuses executed notebooks only while everything they depend on is unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.reports import run_reports
from analysis.reports.notebook_cache import NotebookCache

ROOT = Path(__file__).resolve().parents[2]
OVERVIEW = ROOT / "notebooks" / "00_corpus_overview.ipynb"


def _corpus(folder: Path, extra: str = "") -> Path:
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "outlet": ["Daily Example", "Evening Sample"],
            "date": ["2024-03-01", "2024-03-02"],
            "title": ["Port reopens", "Rates held"],
            "text": [
                "The port reopened on Monday, officials said, after a week of repairs." + extra,
                "The central bank held rates steady, its governor told reporters in Paris.",
            ],
        }
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "corpus.csv"
    frame.to_csv(path, index=False)
    return path


def _runs(report: Path) -> dict[str, bool]:
    provenance = json.loads((report / "provenance.json").read_text())
    return {run["notebook"]: run["reused"] for run in provenance["notebook_runs"]}


def _without_timestamp(page: str) -> str:
    return re.sub(r"<dt>Generated</dt><dd>[^<]*</dd>", "", page)


@pytest.mark.slow
def test_unchanged_notebook_is_reused_and_publishes_the_same_report(tmp_path, session_store):
    corpus = _corpus(tmp_path / "in")
    options = {"store": session_store, "only": ["00_corpus_overview"]}
    first = run_reports([corpus], tmp_path / "first", **options, reuse=False)
    assert first.reused == [] and _runs(first.out) == {"00_corpus_overview": False}

    second = run_reports([corpus], tmp_path / "second", **options)
    assert second.reused == ["00_corpus_overview"]
    assert _runs(second.out) == {"00_corpus_overview": True}
    tables = sorted(p.name for p in (first.out / "tables").iterdir())
    assert tables == sorted(p.name for p in (second.out / "tables").iterdir())
    assert "documents_per_outlet.csv" in tables, "a reused notebook must publish its tables"
    for name in tables:
        assert (first.out / "tables" / name).read_bytes() == (
            second.out / "tables" / name
        ).read_bytes(), name
    assert _without_timestamp((first.out / "00_corpus_overview.html").read_text()) == (
        _without_timestamp((second.out / "00_corpus_overview.html").read_text())
    )

    changed = run_reports([corpus], tmp_path / "param", **options, parameters={"top_n_entities": 2})
    assert changed.reused == [], "a new parameter value must execute the notebook"

    edited = _corpus(tmp_path / "in", extra=" Ships queued overnight.")
    assert run_reports([edited], tmp_path / "edited", **options).reused == [], (
        "changed article text must execute the notebook"
    )


def test_key_follows_content_not_run_folders(tmp_path):
    corpus_a = tmp_path / "a.parquet"
    corpus_a.write_bytes(b"one corpus")
    corpus_b = tmp_path / "b.parquet"
    corpus_b.write_bytes(b"another corpus")
    cache = NotebookCache(tmp_path / "cache", corpus_file=corpus_a, fingerprint="f1")
    base = {"corpus": str(corpus_a), "store": "/x", "tables_dir": "/run-1/tables", "top_n": 5}
    key = cache.key(OVERVIEW, base)
    moved = {**base, "store": "/elsewhere", "tables_dir": "/run-2/tables"}
    assert cache.key(OVERVIEW, moved) == key, "per-run folders must not change the key"
    assert cache.key(OVERVIEW, {**base, "top_n": 6}) != key
    other_corpus = NotebookCache(tmp_path / "cache", corpus_file=corpus_b, fingerprint="f1")
    assert other_corpus.key(OVERVIEW, base) != key
    other_model = NotebookCache(tmp_path / "cache", corpus_file=corpus_a, fingerprint="f2")
    assert other_model.key(OVERVIEW, base) != key

    model_file = tmp_path / "frames.joblib"
    model_file.write_bytes(b"model v1")
    with_file = cache.key(OVERVIEW, {**base, "model_path": str(model_file)})
    model_file.write_bytes(b"model v2")
    assert cache.key(OVERVIEW, {**base, "model_path": str(model_file)}) != with_file, (
        "a parameter naming a file is keyed by the file's content"
    )


def test_environment_and_code_enter_the_key(tmp_path, monkeypatch):
    corpus = tmp_path / "c.parquet"
    corpus.write_bytes(b"corpus")
    params = {"corpus": str(corpus), "store": "", "tables_dir": ""}
    key = NotebookCache(tmp_path, corpus_file=corpus, fingerprint="f").key(OVERVIEW, params)
    monkeypatch.setenv("ANALYSIS_SHARE", "snippets")
    snippets = NotebookCache(tmp_path, corpus_file=corpus, fingerprint="f")
    assert snippets.key(OVERVIEW, params) != key, "the share mode must enter the key"
    monkeypatch.delenv("ANALYSIS_SHARE")
    notebook = tmp_path / "00_copy.ipynb"
    notebook.write_bytes(OVERVIEW.read_bytes() + b"\n")
    assert NotebookCache(tmp_path, corpus_file=corpus, fingerprint="f").key(notebook, params) != key
