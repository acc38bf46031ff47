"""The report command end to end on a tiny corpus: real papermill, real notebooks, real HTML."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.errors import ReportError
from analysis.reports import run_reports

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny")
    rows = [
        (
            "t1",
            "Daily Example",
            "2024-01-03",
            "Council approves budget",
            "The council said on Monday that the budget was approved after a long debate. Mayor Jane Smith welcomed the vote.",
        ),
        (
            "t2",
            "Daily Example",
            "2024-01-10",
            "Bridge to reopen",
            "Officials said the bridge in Springfield would reopen in May, according to the transport ministry.",
        ),
        (
            "t3",
            "Evening Sample",
            "2024-02-01",
            "Talks resume in Geneva",
            'Diplomats from France and Germany met in Geneva on Thursday. "We are ready," the French envoy said.',
        ),
    ]
    frame = pd.DataFrame(rows, columns=["id", "outlet", "date", "title", "text"])
    path = folder / "tiny.csv"
    frame.to_csv(path, index=False)
    return path


def test_report_on_tiny_corpus(tiny_corpus, tmp_path, session_store):
    out = tmp_path / "reports" / "tiny"
    result = run_reports(
        [tiny_corpus],
        out,
        store=session_store,
        only=["00_corpus_overview"],
        parameters={"top_n_entities": 3},
    )
    assert result.documents == 3 and result.notebooks == ["00_corpus_overview"]
    for name in (
        "index.html",
        "00_corpus_overview.html",
        "provenance.json",
        "executed/00_corpus_overview.ipynb",
        "data/corpus.parquet",
    ):
        assert (out / name).is_file(), name
    per_outlet = pd.read_csv(out / "tables" / "documents_per_outlet.csv")
    assert dict(zip(per_outlet["outlet"], per_outlet["documents"], strict=True)) == {
        "Daily Example": 2,
        "Evening Sample": 1,
    }
    assert pd.read_parquet(out / "tables" / "manifest.parquet")["status"].tolist() == ["kept"] * 3
    provenance = json.loads((out / "provenance.json").read_text())
    assert provenance["parameters"] == {"top_n_entities": 3}
    assert provenance["corpus"]["documents"] == 3
    assert provenance["model"]["version"] and provenance["model"]["fingerprint"]
    assert provenance["input_files"][0]["sha256"] and provenance["packages"]["spacy"]
    assert provenance["manifest"] == {"read": 3, "kept": 3, "skipped": 0, "skip_reasons": {}}
    page = (out / "00_corpus_overview.html").read_text()
    assert "Corpus overview" in page and "data:image/png;base64," in page
    assert "import analysis" not in page  # no code cells
    assert not re.search(r"""(src|href)=["']https?://""", page), "report must not fetch anything"
    assert "<script" not in page
    index = (out / "index.html").read_text()
    assert 'href="00_corpus_overview.html"' in index and "Daily Example (2)" in index


def test_unknown_parameter_is_rejected_before_running(tiny_corpus, tmp_path):
    with pytest.raises(ReportError, match=r"unknown report parameter\(s\) \['colour'\]"):
        run_reports(
            [tiny_corpus], tmp_path / "r", parameters={"colour": "red"}, only=["00_corpus_overview"]
        )
    with pytest.raises(ReportError, match="set by the runner"):
        run_reports(
            [tiny_corpus], tmp_path / "r", parameters={"corpus": "x"}, only=["00_corpus_overview"]
        )
    assert not (tmp_path / "r").exists()


def test_failing_notebook_names_the_cell_and_keeps_the_previous_report(
    tiny_corpus, tmp_path, session_store
):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    good = nbformat.read(NOTEBOOKS / "00_corpus_overview.ipynb", as_version=4)
    nbformat.write(good, notebooks / "00_corpus_overview.ipynb")
    out = tmp_path / "out"
    run_reports([tiny_corpus], out, store=session_store, notebooks_dir=notebooks)
    before = (out / "index.html").read_text()
    broken = nbformat.read(NOTEBOOKS / "00_corpus_overview.ipynb", as_version=4)
    broken.cells.insert(3, nbformat.v4.new_code_cell("raise ValueError('deliberate failure')"))
    nbformat.write(broken, notebooks / "00_corpus_overview.ipynb")
    with pytest.raises(
        ReportError,
        match=r"00_corpus_overview\.ipynb failed in cell 4 \(ValueError: deliberate failure\)",
    ):
        run_reports([tiny_corpus], out, store=session_store, notebooks_dir=notebooks)
    assert (out / "index.html").read_text() == before
    assert not list(tmp_path.glob(".out.*")), "no staging folders left behind"
    shutil.rmtree(notebooks)


def test_relative_out_with_notebooks_in_parallel(tiny_corpus, tmp_path, session_store, monkeypatch):
    monkeypatch.chdir(tmp_path)  # as `make reports`: a relative --out, notebooks run two at a time
    result = run_reports(
        [tiny_corpus],
        "reports/rel",
        store=session_store,
        only=["00_corpus_overview", "03_word_choice"],
        jobs=2,
        reuse=False,
    )
    assert Path.cwd() == tmp_path, "running notebooks must not change the working directory"
    assert result.out == tmp_path / "reports" / "rel"
    assert (result.out / "00_corpus_overview.html").is_file() and (
        result.out / "03_word_choice.html"
    ).is_file()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_rerun_replaces_the_report_and_a_failed_swap_keeps_it(
    tiny_corpus, tmp_path, session_store, monkeypatch
):
    out = tmp_path / "reports" / "tiny"
    options = {
        "store": session_store,
        "only": ["00_corpus_overview"],
        "parameters": {"top_n_entities": 3},
    }
    run_reports([tiny_corpus], out, **options)
    (out / "notes.txt").write_text("written by hand into the old report", encoding="utf-8")
    (out / "tables" / "stale_table.csv").write_text("x\n1\n", encoding="utf-8")

    second = run_reports([tiny_corpus], out, **options)  # notebook reused: only the swap runs
    assert second.reused == ["00_corpus_overview"]
    assert not (out / "notes.txt").exists() and not (out / "tables" / "stale_table.csv").exists()
    runs = json.loads((out / "provenance.json").read_text())["notebook_runs"]
    assert [run["reused"] for run in runs] == [True], "out/ must hold the second run's report"
    before = _tree(out)

    real_rename = Path.rename

    def rename(self: Path, target):  # noqa: ANN001, ANN202
        if self.name.startswith(".tiny.tmp-") and Path(target) == out:  # the new report, going in
            raise OSError(28, "No space left on device (simulated)", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(
        ReportError, match=r"tiny: cannot move the new report into place .*restored"
    ):
        run_reports([tiny_corpus], out, **options)
    assert _tree(out) == before, "the previous report must be back, byte for byte"
    assert [p.name for p in out.parent.iterdir()] == ["tiny"], "no staging or old copy left"
