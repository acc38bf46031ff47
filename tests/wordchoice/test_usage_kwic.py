"""term_usage shares and evidence, KWIC lines and their escaped HTML (tokenizer-only tables)."""

from __future__ import annotations

import pytest

from analysis.errors import InputError
from analysis.wordchoice.kwic import kwic, kwic_html
from analysis.wordchoice.usage import term_usage, wilson_interval

TEXTS = {
    "ru1": "The Kiev regime shelled Donetsk. Kiev denied it.",
    "ru2": "Officials in Kiev met.",
    "ua1": "Kyiv stands. The invaders retreated from Kyiv. Kiev is the old spelling.",
}
OUTLETS = {"ru1": "Kremlin", "ru2": "Kremlin", "ua1": "Ukraine"}


def test_term_usage_counts_shares_and_documents(blank_tables) -> None:
    tokens, corpus = blank_tables(TEXTS, OUTLETS)
    usage = term_usage(tokens, corpus)
    counts = usage.counts.set_index(["outlet", "concept", "variant"])
    kremlin_kiev = counts.loc[("Kremlin", "kyiv_spelling", "Kiev")]
    assert (kremlin_kiev["count"], kremlin_kiev["concept_total"], kremlin_kiev["share"]) == (
        3,
        3,
        1.0,
    )
    assert kremlin_kiev["doc_ids"] == "ru1,ru2" and kremlin_kiev["n_docs"] == 2
    assert counts.loc[("Kremlin", "kyiv_spelling", "Kyiv"), "count"] == 0  # zeros are listed
    ukraine = counts.loc[("Ukraine", "kyiv_spelling", "Kyiv")]
    assert ukraine["count"] == 2 and ukraine["share"] == pytest.approx(2 / 3)
    # "Kiev regime" is counted under the government concept (and its spelling under kyiv_spelling)
    assert counts.loc[("Kremlin", "ukraine_government", "Kiev regime"), "count"] == 1
    assert counts.loc[("Kremlin", "ukraine_government", "Zelensky regime"), "count"] == 0
    evidence = usage.evidence[usage.evidence["variant"] == "Kiev regime"].iloc[0]
    assert evidence["sentence"] == "The Kiev regime shelled Donetsk."
    assert evidence["matched"] == "Kiev regime"
    low, high = wilson_interval([2], [3])
    assert low[0] == pytest.approx(0.2076, abs=1e-4) and high[0] == pytest.approx(0.9385, abs=1e-4)
    assert set(usage.lexicon.columns) == {"concept", "label", "variant", "stance", "pattern"}


def test_term_usage_groups_by_any_corpus_column(blank_tables) -> None:
    tokens, corpus = blank_tables(TEXTS, OUTLETS)
    corpus["side"] = ["ru", "ru", "ua"]
    counts = term_usage(tokens, corpus, by="side").counts
    assert counts[(counts["side"] == "ru") & (counts["variant"] == "Kiev")]["count"].item() == 3
    with pytest.raises(InputError, match="no column 'period'"):
        term_usage(tokens, corpus, by="period")


def test_kwic_lines_and_window(blank_tables) -> None:
    tokens, corpus = blank_tables(TEXTS, OUTLETS)
    lines = kwic(tokens, ["Kiev", "Kyiv"], window=2, corpus=corpus)
    assert lines.columns.tolist() == ["doc_id", "outlet", "sent", "left", "match", "right"]
    assert lines["match"].tolist() == ["Kiev", "Kiev", "Kiev", "Kyiv", "Kyiv", "Kiev"]
    first = lines.iloc[0]
    assert (first["doc_id"], first["outlet"], first["left"], first["right"]) == (
        "ru1",
        "Kremlin",
        "The",
        "regime shelled",
    )


def test_kwic_names_its_grouping_column_after_by(blank_tables) -> None:
    tokens, corpus = blank_tables(TEXTS, OUTLETS)
    corpus = corpus.assign(leaning=corpus["outlet"].map({"Kremlin": "state", "Ukraine": "gov"}))
    lines = kwic(tokens, "Kyiv", window=1, corpus=corpus, by="leaning")
    assert lines.columns.tolist() == ["doc_id", "leaning", "sent", "left", "match", "right"]
    assert lines["leaning"].tolist() == ["gov", "gov"]
    assert "<th>leaning</th>" in kwic_html(lines)
    phrase = kwic(tokens, "invaders retreated", window=1)
    assert phrase[["left", "match", "right"]].values.tolist() == [
        ["The", "invaders retreated", "from"]
    ]
    with pytest.raises(InputError, match="non-empty term"):
        kwic(tokens, "  ")


def test_kwic_html_escapes_article_text(blank_tables) -> None:
    tokens, _ = blank_tables(
        {"x": "Kiev said <script>alert(1)</script> & left. Then Kiev <b>won</b>."}
    )
    lines = kwic(tokens, "Kiev", window=12)
    assert "<script>" in lines["right"].iloc[0]  # the DataFrame keeps the text as written
    html_table = kwic_html(lines)
    assert "<script" not in html_table and "<b>" not in html_table
    assert "&lt;script&gt;" in html_table and "&amp;" in html_table and "&lt;b&gt;" in html_table
    assert html_table.count("<mark><strong>Kiev</strong></mark>") == 2


def test_kwic_for_terms_takes_each_term_from_its_own_group(blank_tables) -> None:
    import pandas as pd

    from analysis.wordchoice import kwic_for_terms

    tokens, corpus = blank_tables(TEXTS, OUTLETS)
    terms = pd.DataFrame({"group": ["Kremlin", "Ukraine"], "term": ["Kiev", "Kiev"]})
    lines = kwic_for_terms(tokens, terms, corpus=corpus, window=1, per_term=2)
    assert lines.columns.tolist() == ["doc_id", "outlet", "sent", "term", "left", "match", "right"]
    # Kremlin has three "Kiev" lines (two shown), Ukraine one
    assert lines[["outlet", "doc_id"]].values.tolist() == [
        ["Kremlin", "ru1"],
        ["Kremlin", "ru1"],
        ["Ukraine", "ua1"],
    ]
    empty = kwic_for_terms(tokens, terms.iloc[:0], corpus=corpus)
    assert empty.empty and "term" in empty.columns
