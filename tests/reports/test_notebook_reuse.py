"""A warm report reuses executed notebooks only while everything they depend on is unchanged."""

from __future__ import annotations

import json
import re
import shutil
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


# -- the key, one input at a time ----------------------------------------------------------
# Each test builds a fresh NotebookCache (the package digest and versions are read when the
# cache is made, as in a report run) and compares keys for one notebook and one parameter set.

_PARAMS = {
    "corpus": "/run/corpus.parquet",
    "store": "/run/store",
    "tables_dir": "/run/tables",
    "model": "en_core_web_sm",
    "share": "full",
    "max_words": 30,
    "top_n_entities": 10,
}


@pytest.fixture
def corpus_file(tmp_path) -> Path:
    path = tmp_path / "corpus.parquet"
    path.write_bytes(b"the saved corpus")
    return path


def _key(corpus_file: Path, parameters=None, notebook: Path = OVERVIEW) -> str:
    cache = NotebookCache(corpus_file.parent / "cache", corpus_file=corpus_file, fingerprint="f")
    return cache.key(notebook, dict(_PARAMS if parameters is None else parameters))


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """A byte copy of the ``analysis`` package that the key reads instead of the real one."""
    from analysis.reports import notebook_cache

    copy = tmp_path / "pkg" / "analysis"
    shutil.copytree(
        notebook_cache._PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    monkeypatch.setattr(notebook_cache, "_PACKAGE_DIR", copy)
    return copy


def test_nothing_changed_gives_the_same_key(corpus_file, monkeypatch):
    key = _key(corpus_file)
    assert len(key) == 32 and int(key, 16) >= 0
    assert _key(corpus_file) == key, "two caches over the same inputs must agree"
    reordered = dict(reversed(list(_PARAMS.items())))
    assert _key(corpus_file, reordered) == key, "parameter order must not matter"
    monkeypatch.setenv("UNRELATED_SETTING", "1")  # only ANALYSIS_* variables count
    assert _key(corpus_file) == key


def test_package_source_change_changes_the_key(corpus_file, package_copy):
    key = _key(corpus_file)
    module = package_copy / "sourcing" / "aggregate.py"
    original = module.read_bytes()
    module.write_bytes(original + b"\n# an edited line\n")
    edited = _key(corpus_file)
    assert edited != key, "an edited .py file under analysis/ must change the key"

    module.write_bytes(original)  # same bytes again, newer mtime
    assert _key(corpus_file) == key, "the key follows file content, not timestamps"

    (package_copy / "sourcing" / "new_rule.py").write_text("RULE = 1\n", encoding="utf-8")
    assert _key(corpus_file) not in (key, edited), "a new module must change the key"


def test_compiled_files_do_not_change_the_key(corpus_file, package_copy):
    key = _key(corpus_file)
    cached = package_copy / "sourcing" / "__pycache__"
    cached.mkdir()
    (cached / "aggregate.cpython-311.pyc").write_bytes(b"\x00compiled")
    (package_copy / "stray.pyc").write_bytes(b"\x00compiled")
    assert _key(corpus_file) == key


def test_resource_change_changes_the_key(corpus_file, package_copy):
    key = _key(corpus_file)
    verbs = package_copy / "resources" / "sourcing" / "reporting_verbs.yml"
    assert verbs.is_file(), "the shipped reporting verbs moved; update this test"
    original = verbs.read_text(encoding="utf-8")
    verbs.write_text(original + "\n# a comment is still a change to the file\n", encoding="utf-8")
    assert _key(corpus_file) != key, "an edited resource must change the key"
    verbs.write_text(original, encoding="utf-8")
    assert _key(corpus_file) == key
    css = package_copy / "resources" / "report" / "report.css"
    css.write_text(css.read_text(encoding="utf-8").replace("}", "} ", 1), encoding="utf-8")
    assert _key(corpus_file) != key, "every bundled resource counts, not only YAML"


def test_package_versions_change_the_key(corpus_file, monkeypatch):
    import importlib.metadata
    import platform

    key = _key(corpus_file)
    real_version = importlib.metadata.version

    def newer_pandas(name: str) -> str:
        return "99.0.0" if name == "pandas" else real_version(name)

    monkeypatch.setattr(importlib.metadata, "version", newer_pandas)
    upgraded = _key(corpus_file)
    assert upgraded != key, "a different pandas version must change the key"
    monkeypatch.setattr(importlib.metadata, "version", real_version)
    assert _key(corpus_file) == key

    monkeypatch.setattr(platform, "python_version", lambda: "3.99.0")
    assert _key(corpus_file) not in (key, upgraded), "the Python version must enter the key"


@pytest.mark.parametrize(
    ("name", "value"),
    [("share", "snippets"), ("share", "aggregates"), ("max_words", 12), ("top_n_entities", 3)],
)
def test_each_parameter_changes_the_key(corpus_file, name, value):
    assert _PARAMS[name] != value
    assert _key(corpus_file, {**_PARAMS, name: value}) != _key(corpus_file)


def test_share_modes_and_budgets_all_get_their_own_key(corpus_file):
    keys = {
        (share, words): _key(corpus_file, {**_PARAMS, "share": share, "max_words": words})
        for share in ("full", "snippets", "aggregates")
        for words in (10, 30)
    }
    assert len(set(keys.values())) == len(keys)


def _injected(report: Path, notebook: str = "00_corpus_overview") -> dict[str, str]:
    """``name = value`` lines of the parameters papermill injected into an executed notebook."""
    import nbformat

    nb = nbformat.read(report / "executed" / f"{notebook}.ipynb", as_version=4)
    (cell,) = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    pairs = (line.split(" = ", 1) for line in cell.source.splitlines() if " = " in line)
    return {name.strip(): value.strip() for name, value in pairs}


@pytest.mark.slow
def test_share_mode_decides_which_stored_run_is_published(tmp_path, session_store):
    corpus = _corpus(tmp_path / "in", extra=" The harbour master thanked the crews.")
    options = {"store": session_store, "only": ["00_corpus_overview"]}
    full = run_reports([corpus], tmp_path / "full", **options)
    snippets = run_reports(
        [corpus], tmp_path / "snippets", **options, share="snippets", max_words=5
    )
    assert _runs(snippets.out) == {"00_corpus_overview": False}, (
        "a new share mode must execute the notebook, not publish the full-text run"
    )
    keys = {
        name: json.loads((report.out / "provenance.json").read_text())["notebook_runs"][0]["key"]
        for name, report in (("full", full), ("snippets", snippets))
    }
    assert keys["full"] != keys["snippets"]

    # both runs stay stored: switching back and forth publishes each one, executing nothing
    for share, words in (("snippets", 5), ("full", 30)):
        again = run_reports(
            [corpus], tmp_path / f"again-{share}", **options, share=share, max_words=words
        )
        assert again.reused == ["00_corpus_overview"], share
        provenance = json.loads((again.out / "provenance.json").read_text())
        assert provenance["notebook_runs"][0]["key"] == keys[share]
        assert provenance["share"]["mode"] == share
        injected = _injected(again.out)
        assert (injected["share"], injected["max_words"]) == (f'"{share}"', str(words)), (
            "the published notebook must be the run made with this share mode"
        )


def test_the_cache_keeps_the_newest_runs_of_each_notebook(tmp_path):
    """Old entries are deleted when a run is stored: the newest ENTRIES_PER_NOTEBOOK remain."""
    from analysis.reports.notebook_cache import ENTRIES_PER_NOTEBOOK

    corpus = tmp_path / "corpus.parquet"
    corpus.write_bytes(b"corpus")
    cache = NotebookCache(tmp_path / "cache", corpus_file=corpus, fingerprint="f")
    executed, tables = tmp_path / "run.ipynb", tmp_path / "tables"
    executed.write_text("{}", encoding="utf-8")
    tables.mkdir()
    (tables / "t.csv").write_text("a\n1\n", encoding="utf-8")
    cache.store("other-1", executed, tables, notebook="01_sourcing")
    keys = [f"overview-{n}" for n in range(ENTRIES_PER_NOTEBOOK + 2)]
    for key in keys:
        cache.store(key, executed, tables, notebook="00_corpus_overview")
    left = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert left == sorted(["other-1", *keys[-ENTRIES_PER_NOTEBOOK:]])
    assert cache.restore(keys[-1], tmp_path / "again.ipynb", tmp_path / "again") is not None
    assert cache.restore(keys[0], tmp_path / "gone.ipynb", tmp_path / "gone") is None
