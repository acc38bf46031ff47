"""The per-document snippet budget and the scan of what a reader can reassemble from a report."""

from __future__ import annotations

import re

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis import report_page
from analysis.errors import ReportError
from analysis.io.writers import write_table
from analysis.reports.allocation import allocate_snippets
from analysis.reports.budget import WITHHELD, SnippetBudget
from analysis.reports.coverage import CorpusShingles, coverage_summary, export_coverage
from analysis.reports.excerpts import LOG_NAME, MARK_PATTERN, read_log
from analysis.reports.share import verify_export

#: two documents of 400 distinct words each (so every 8-word window is unique)
DOC_A = [f"a{i}" for i in range(400)]
DOC_B = [f"b{i}" for i in range(400)]
CORPUS = pd.DataFrame(
    {
        "doc_id": ["A", "B"],
        "title": ["", ""],
        "standfirst": ["", ""],
        "text": [" ".join(DOC_A), " ".join(DOC_B)],
        "caption": ["", ""],
    }
)


def _piece(words: list[str], start: int, length: int) -> str:
    return " ".join(words[start : start + length])


def _save(folder, name, frame):
    for suffix in (".csv", ".parquet"):
        write_table(frame, folder / f"{name}{suffix}")


def test_coverage_is_the_union_over_files_and_rows(tmp_path):
    (tmp_path / "page.html").write_text(f"<p>{_piece(DOC_A, 0, 20)}</p>")
    frame = pd.DataFrame({"doc_id": ["A", "A"], "sentence": [_piece(DOC_A, 10, 20), "x"]})
    _save(tmp_path, "t", frame)
    per_doc = export_coverage(tmp_path, CORPUS).set_index("doc_id")
    assert per_doc.loc["A", "covered"] == 30  # words 0-29: the page and the table overlap
    assert per_doc.loc["A", "stretches"] == 1 and per_doc.loc["A", "longest"] == 30
    assert per_doc.loc["B", "covered"] == 0
    summary = coverage_summary(per_doc.reset_index())
    assert summary["overall"] == pytest.approx(30 / 800)
    assert summary["max"] == pytest.approx(30 / 400)


def test_a_leaky_table_of_many_short_excerpts_is_refused(tmp_path):
    # 12 rows of 20 words, each within max_words, none overlapping: 240 of 400 words of A
    rows = [_piece(DOC_A, 30 * i, 20) for i in range(12)]
    _save(tmp_path, "evidence", pd.DataFrame({"doc_id": ["A"] * 12, "sentence": rows}))
    with pytest.raises(ReportError, match=r"evidence\.(csv|parquet).*document A"):
        verify_export(tmp_path, CORPUS, "snippets", 30)
    with pytest.raises(ReportError, match="document A"):
        verify_export(tmp_path, CORPUS, "aggregates", 30)


def test_two_overlapping_cells_in_one_row_are_caught(tmp_path):
    # each cell is 25 words (under 30); read along the row they are words 0-44 of A
    row = {"doc_id": "A", "content": _piece(DOC_A, 0, 25), "sentence": _piece(DOC_A, 20, 25)}
    _save(tmp_path, "attributions", pd.DataFrame([row]))
    budget = SnippetBudget(max_share=0.5, max_snippets=10)
    with pytest.raises(ReportError, match="45 contiguous words"):
        verify_export(tmp_path, CORPUS, "snippets", 30, budget=budget)
    # the budget keeps one excerpt per row: the other cell is withheld
    allocate_snippets([(tmp_path, None)], CORPUS, budget)
    saved = pd.read_csv(tmp_path / "attributions.csv")
    assert saved["content"].item() == WITHHELD
    assert saved["sentence"].item() == row["sentence"]
    assert saved["doc_id"].item() == "A"  # metadata stays
    verify_export(tmp_path, CORPUS, "snippets", 30, budget=budget)


def test_budget_caps_excerpts_words_and_share_per_document(tmp_path):
    sentences = [_piece(DOC_A, 25 * i, 25) for i in range(16)]  # all of A, sentence by sentence
    frame = pd.DataFrame(
        {"doc_id": ["A"] * 16 + ["B"], "n": range(17), "sentence": sentences + [" ".join(DOC_B)]}
    )
    _save(tmp_path, "framing_evidence", frame)
    result = allocate_snippets([(tmp_path, None)], CORPUS, SnippetBudget())
    saved = pd.read_parquet(tmp_path / "framing_evidence.parquet")
    kept = saved[saved["sentence"] != WITHHELD]
    # A: 10% of 400 words = 40: one 25-word sentence, then one trimmed to 15 words; B: 30 words
    assert kept["doc_id"].tolist() == ["A", "A", "B"]
    assert kept["sentence"].iloc[0] == sentences[0]
    assert len(re.findall(r"\w+", kept["sentence"].iloc[1])) == 15
    assert len(re.findall(r"\w+", kept["sentence"].iloc[2])) == 30
    assert saved["n"].tolist() == list(range(17))  # every row keeps its metadata
    assert result.granted == 3 and result.withheld == 14
    per_doc = verify_export(tmp_path, CORPUS, "snippets", 30).set_index("doc_id")
    assert per_doc.loc["A", "covered"] == 40 and per_doc.loc["B", "covered"] == 30


def test_three_excerpts_per_document_at_most(tmp_path):
    pieces = [_piece(DOC_A, 40 * i, 9) for i in range(6)]  # short, far apart: 54 words
    _save(tmp_path, "t", pd.DataFrame({"sentence": pieces}))
    allocate_snippets([(tmp_path, None)], CORPUS, SnippetBudget(max_share=0.5))
    kept = pd.read_csv(tmp_path / "t.csv")["sentence"].tolist()
    assert kept[:3] == pieces[:3] and kept[3:] == [WITHHELD] * 3
    assert export_coverage(tmp_path, CORPUS)["stretches"].max() == 3


def test_page_marks_what_it_shows_and_the_runner_fills_it_in(tmp_path):
    tables, executed = tmp_path / "tables", tmp_path / "nb.ipynb"
    page = report_page(tables, share="snippets", max_words=30)
    evidence = pd.DataFrame(
        {"doc_id": ["A", "A", "A", "A"], "sentence": [_piece(DOC_A, 60 * i, 12) for i in range(4)]}
    )
    view = page.show_table(evidence, "evidence")
    shown = view._repr_html_()
    assert "a0 " not in shown and len(MARK_PATTERN.findall(shown)) == 8  # doc_id and sentence
    rows = [r for r in read_log(tables) if "row" in r]
    assert [r["rank"] for r in rows] == [0, 1, 2, 3]
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("page.show_table(evidence, 'evidence')")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": shown, "text/plain": repr(view)})
    ]
    notebook.cells = [cell]
    nbformat.write(notebook, executed)
    allocate_snippets([(tables, executed)], CORPUS, SnippetBudget(max_share=0.5))
    filled = nbformat.read(executed, as_version=4).cells[0].outputs[0]["data"]["text/html"]
    assert "⟦x:" not in filled
    assert _piece(DOC_A, 0, 12) in filled and _piece(DOC_A, 120, 12) in filled
    assert _piece(DOC_A, 180, 12) not in filled and filled.count(WITHHELD) == 1
    assert not (tables / LOG_NAME).exists()  # the log behind the marks is never published
    # the saved table got the same decisions as the page
    assert pd.read_csv(tables / "evidence.csv")["sentence"].tolist()[3] == WITHHELD


def test_kwic_lines_are_one_excerpt_each(tmp_path):
    page = report_page(tmp_path, share="snippets", max_words=30)
    lines = pd.DataFrame(
        {"doc_id": ["A"], "left": [_piece(DOC_A, 0, 20)], "match": ["a20"],
         "right": [_piece(DOC_A, 21, 20)]}
    )  # fmt: skip
    html = page.kwic_html(lines)
    record = [r for r in read_log(tmp_path) if "row" in r][0]
    left, match, right = record["cells"][0]["parts"]
    assert len(left.split()) + 1 + len(right.split()) <= 30
    assert "a0" not in html and "a20" in html


def test_shingle_index_positions_follow_documents():
    index = CorpusShingles.build(CORPUS)
    assert index.doc_words().tolist() == [400, 400]
    starts = index.window_starts(index.segment_hashes([_piece(DOC_B, 5, 8)]))
    assert starts.tolist() == [405] and index.doc_of(np.array([405])).tolist() == [1]
    # windows never span two segments
    assert (
        len(index.window_starts(index.segment_hashes([_piece(DOC_A, 0, 4), _piece(DOC_A, 4, 4)])))
        == 0
    )


def test_budget_rejects_bad_limits():
    with pytest.raises(ReportError, match="max_share"):
        SnippetBudget(max_share=1.5)
    with pytest.raises(ReportError, match="max_snippets"):
        SnippetBudget(max_snippets=-1)


@pytest.mark.slow
def test_budget_holds_on_the_news_bias_articles(tmp_path, shared_data):
    """Evidence tables listing every sentence of 3,000 real articles, twice per row."""
    from analysis import load_corpus

    source = shared_data / "news_bias" / "articles.parquet"
    if not source.is_file():
        pytest.skip(f"{source} is not present")
    columns = {
        "text": "text",
        "title": "title",
        "outlet": "outlet",
        "published": "date",
        "id": "id",
    }
    corpus, _ = load_corpus(source, columns=columns)
    assert len(corpus) >= 3000
    rows = [
        {"doc_id": doc_id, "outlet": outlet, "sent": i, "sentence": sentence}
        for doc_id, outlet, text in zip(
            corpus["doc_id"], corpus["outlet"], corpus["text"], strict=True
        )
        for i, sentence in enumerate(re.split(r"(?<=[.!?])\s+", text))
    ]
    evidence = pd.DataFrame(rows)
    evidence["content"] = evidence["sentence"].shift(-1)  # a second excerpt in every row
    _save(tmp_path, "framing_evidence", evidence)
    _save(tmp_path, "titles", corpus[["doc_id", "title"]])
    result = allocate_snippets([(tmp_path, None)], corpus, SnippetBudget())
    assert result.documents_with_excerpts > 0.9 * len(corpus)
    per_doc = verify_export(tmp_path, corpus, "snippets", 30)  # raises if over budget
    summary = coverage_summary(per_doc)
    assert 0.01 < summary["overall"] <= 0.10 and summary["max"] <= 0.10
    assert per_doc["stretches"].max() <= 3 and per_doc["longest"].max() <= 30
    saved = pd.read_parquet(tmp_path / "framing_evidence.parquet")
    assert len(saved) == len(evidence) and saved["sent"].tolist() == evidence["sent"].tolist()

    def excerpt(column: str) -> pd.Series:  # kept, and long enough to hold an 8-word window
        kept = saved[column].fillna(WITHHELD)
        return (kept != WITHHELD) & (kept.map(lambda v: len(re.findall(r"\w+", v))) >= 8)

    assert excerpt("sentence").any() and excerpt("content").any()
    assert not (excerpt("sentence") & excerpt("content")).any()  # one excerpt per row


def test_report_command_passes_the_budget_options(monkeypatch, tmp_path):
    from analysis.cli import main

    seen = {}

    def fake_run_reports(inputs, out, **options):  # the report itself is tested above
        seen.update(options)
        raise ReportError("stopped before running")

    monkeypatch.setattr("analysis.reports.run_reports", fake_run_reports)
    code = main(
        ["report", "corpus.yml", "--out", str(tmp_path), "--share", "snippets",
         "--max-snippets", "2", "--max-share", "0.05", "--max-words", "20"]
    )  # fmt: skip
    assert code == 2
    assert (seen["max_snippets"], seen["max_share"], seen["max_words"]) == (2, 0.05, 20)
    assert seen["share"] == "snippets"


def test_an_empty_table_with_dates_is_shown_unmarked(tmp_path):
    """An empty table (no attention spikes) keeps its datetime column; marking must not fail."""
    page = report_page(tmp_path / "tables", share="snippets", max_words=30)
    empty = pd.DataFrame({"outlet": pd.Series([], dtype=object), "period": pd.to_datetime([])})
    view = page.show_table(empty, "attention_spikes", save=False)
    assert "<table" in view._repr_html_()
