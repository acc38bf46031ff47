"""Snippet-only and aggregates-only reports: no exported file quotes more article text than allowed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.errors import ReportError
from analysis.io import load_corpus
from analysis.reports import run_reports
from analysis.reports.coverage import coverage_summary, export_coverage
from analysis.reports.share import SCAN_WINDOW, verify_export
from analysis.reports.snippets import ArticleTextIndex, longest_article_run

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "corpus.yml"


@pytest.mark.parametrize(("share", "limit"), [("snippets", 30), ("aggregates", 0)])
def test_exports_respect_share_mode(tmp_path, session_store, share, limit):
    result = run_reports([SAMPLE], tmp_path / share, store=session_store, share=share)
    corpus, _ = load_corpus(SAMPLE)
    index = ArticleTextIndex.build(corpus, k=SCAN_WINDOW)
    scanned = 0
    for path in sorted(result.out.rglob("*")):
        if path.suffix in {".html", ".csv", ".parquet", ".json", ".ipynb"}:
            scanned += 1
            run = longest_article_run(path, index, min_words=SCAN_WINDOW)
            assert run.length <= limit, (path, run)
    assert scanned > 10
    assert not (result.out / "data" / "corpus.parquet").exists()
    provenance = json.loads((result.out / "provenance.json").read_text())
    assert provenance["share"]["mode"] == share
    # what a reader can reassemble from all files together, per document
    per_doc = export_coverage(result.out, corpus)
    summary = coverage_summary(per_doc)
    if share == "aggregates":
        assert summary["covered"] == 0
    else:
        assert 0 < summary["overall"] <= 0.10
        assert summary["max"] <= 0.10 and per_doc["stretches"].max() <= 3
        assert per_doc["longest"].max() <= 30
        assert provenance["share"]["max_snippets"] == 3
        assert provenance["share"]["excerpts_granted"] > 0
        assert not list(result.out.rglob(".excerpts.jsonl"))
        pages = "".join(p.read_text() for p in result.out.rglob("*.html"))
        assert "⟦x:" not in pages and "withheld: snippet budget" in pages


def test_verify_export_refuses_a_leaking_report(tmp_path):
    corpus, _ = load_corpus(SAMPLE)
    leaked = " ".join(corpus.loc[0, "text"].split()[:45])
    (tmp_path / "page.html").write_text(f"<html><body><p>{leaked}</p></body></html>")
    with pytest.raises(ReportError, match="page.html .* 4[0-9] contiguous words"):
        verify_export(tmp_path, corpus, "snippets", 30)
    verify_export(tmp_path, corpus, "full", 30)  # full mode shares everything
