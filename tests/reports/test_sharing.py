"""Sharing: trimming and dropping text, and the scanner for long runs of article text."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.reports.snippets import (
    ArticleTextIndex,
    apply_share_mode,
    drop_text_columns,
    longest_article_run,
    trim_text,
    trim_text_columns,
)

WORDS = [f"w{k}" for k in range(200)]
ARTICLE = " ".join(WORDS[:120])
CORPUS = pd.DataFrame(
    {
        "doc_id": ["a"],
        "title": ["A headline here"],
        "standfirst": [""],
        "text": [ARTICLE],
        "caption": [""],
    }
)


def test_trim_counts_words_like_the_scanner():
    assert trim_text("one two three", 5) == "one two three"
    assert trim_text("one two, three four", 2) == "one two …"
    assert trim_text("see twitter.com now", 2) == "see twitter …"
    assert trim_text(12, 2) == 12
    frame = pd.DataFrame({"text": [ARTICLE], "n": [1]})
    trimmed = trim_text_columns(frame, max_words=30)
    assert len(trimmed["text"].iloc[0].split()) == 31  # 30 words and the ellipsis
    assert trimmed["n"].tolist() == [1]


def test_drop_and_modes():
    frame = pd.DataFrame(
        {"outlet": ["RT"], "term": ["Kiev regime"], "sentence": [ARTICLE], "n": [3]}
    )
    assert drop_text_columns(frame).columns.tolist() == ["outlet", "term", "n"]
    assert apply_share_mode(frame, "full") is frame
    assert apply_share_mode(frame, "aggregates").columns.tolist() == ["outlet", "term", "n"]
    assert len(apply_share_mode(frame, "snippets", max_words=10)["sentence"].iloc[0].split()) == 11
    with pytest.raises(InputError, match="share must be one of"):
        apply_share_mode(frame, "some")


def test_scanner_finds_the_longest_run_in_text():
    export = "intro words " + " ".join(WORDS[10:45]) + " other stuff " + " ".join(WORDS[60:70])
    run = longest_article_run(export, CORPUS, min_words=8)
    assert run.length == 35
    assert run.text.split()[0] == "w10"
    assert longest_article_run("w1 w2 w3 nothing w4 w5", CORPUS, min_words=3).length == 3
    assert longest_article_run("unrelated words only", CORPUS, min_words=3).length == 0
    # words out of order are not a run
    shuffled = " ".join(WORDS[20:40][::-1])
    assert longest_article_run(shuffled, CORPUS, min_words=3).length == 0


def test_scanner_reads_html_csv_json_parquet(tmp_path):
    snippet = " ".join(WORDS[0:40])
    (tmp_path / "page.html").write_text(
        f"<html><style>{ARTICLE}</style><table><tr><td>{' '.join(WORDS[0:20])}</td>"
        f"<td>{' '.join(WORDS[20:40])}</td></tr></table></html>",
        encoding="utf-8",
    )
    frame = pd.DataFrame({"left": [" ".join(WORDS[0:20])], "right": [" ".join(WORDS[20:40])]})
    frame.to_csv(tmp_path / "table.csv", index=False)
    frame.to_parquet(tmp_path / "table.parquet")
    (tmp_path / "nb.ipynb").write_text(
        json.dumps({"cells": [{"outputs": [{"text/html": f"<p>{snippet}</p>"}]}]}), encoding="utf-8"
    )
    index = ArticleTextIndex.build(CORPUS, k=8)
    # HTML reads as one stream (adjacent cells run together on screen); style text is invisible
    assert longest_article_run(tmp_path / "page.html", index, min_words=8).length == 40
    # tables: one segment per cell
    assert longest_article_run(tmp_path / "table.csv", index, min_words=8).length == 20
    assert longest_article_run(tmp_path / "table.parquet", index, min_words=8).length == 20
    assert longest_article_run(tmp_path / "nb.ipynb", index, min_words=8).length == 40
    with pytest.raises(InputError, match="built for min_words=8"):
        longest_article_run("x", index, min_words=5)


def test_snippet_mode_keeps_exports_under_the_limit(tmp_path):
    evidence = pd.DataFrame(
        {"doc_id": ["a"] * 3, "sentence": [" ".join(WORDS[0:90]), " ".join(WORDS[5:60]), "w1 w2"]}
    )
    safe = apply_share_mode(evidence, "snippets", max_words=30)
    safe.to_csv(tmp_path / "evidence.csv", index=False)
    assert longest_article_run(tmp_path / "evidence.csv", CORPUS, min_words=8).length == 30
    none = apply_share_mode(evidence, "aggregates")
    none.to_csv(tmp_path / "agg.csv", index=False)
    assert longest_article_run(tmp_path / "agg.csv", CORPUS, min_words=3).length == 0


def test_display_filter_trims_what_a_notebook_shows():
    from types import SimpleNamespace

    from IPython.core.formatters import HTMLFormatter, PlainTextFormatter

    from analysis.reports.snippets import install_display_filter

    shell = SimpleNamespace(
        display_formatter=SimpleNamespace(
            formatters={"text/html": HTMLFormatter(), "text/plain": PlainTextFormatter()}
        )
    )
    frame = pd.DataFrame({"sentence": [ARTICLE]})
    assert install_display_filter("full", shell=shell) is False
    assert install_display_filter("snippets", max_words=10, shell=shell) is True
    shown = shell.display_formatter.formatters["text/html"](frame)
    assert "w9 …" in shown and "w10" not in shown
    install_display_filter("aggregates", shell=shell)
    assert "w0" not in shell.display_formatter.formatters["text/plain"](frame)
