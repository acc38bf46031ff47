"""A report page applies the share mode it is given to every table and KWIC line it writes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import report_page
from analysis.errors import ReportError
from analysis.reports.excerpts import read_log

LONG = " ".join(f"word{i}" for i in range(60))


def test_full_mode_writes_the_table_as_is(tmp_path):
    page = report_page(tmp_path, share="full")
    page.save_table(pd.DataFrame({"text": [LONG]}), "t")
    assert pd.read_csv(tmp_path / "t.csv")["text"].item() == LONG


def test_snippets_mode_cuts_text_in_saved_and_shown_tables(tmp_path):
    page = report_page(tmp_path, share="snippets", max_words=10)
    page.save_table(pd.DataFrame({"text": [LONG], "n": [1]}), "t")
    saved = pd.read_csv(tmp_path / "t.csv")
    assert saved["text"].item().split()[:10] == LONG.split()[:10]
    assert len(saved["text"].item().split()) == 11  # ten words and the ellipsis
    shown = page.show_table(pd.DataFrame({"text": [LONG]}), "u", save=False)._repr_html_()
    # in a report run the page shows a mark; the runner fills in the trimmed text or withholds it
    assert "word" not in shown and "⟦x:" in shown
    logged = [r for r in read_log(tmp_path) if "row" in r][0]["cells"][0]["text"]
    assert "word9" in logged and "word10" not in logged
    # outside a report run (no tables folder) the trimmed text is shown directly
    alone = report_page(None, share="snippets", max_words=10)
    shown = alone.show_table(pd.DataFrame({"text": [LONG]}), "u", save=False)._repr_html_()
    assert "word10" not in shown and "word9" in shown


def test_aggregates_mode_drops_text_and_withholds_kwic(tmp_path):
    page = report_page(tmp_path, share="aggregates")
    page.save_table(pd.DataFrame({"text": [LONG], "n": [3]}), "t")
    assert "text" not in pd.read_csv(tmp_path / "t.csv").columns
    lines = pd.DataFrame({"doc_id": ["d"], "left": ["a b"], "match": ["c"], "right": ["d e"]})
    assert "withheld" in page.kwic_html(lines)


def test_snippets_mode_keeps_kwic_context_within_the_budget():
    page = report_page(None, share="snippets", max_words=6)
    lines = pd.DataFrame(
        {
            "doc_id": ["d"],
            "left": ["one two three four"],
            "match": ["KEY"],
            "right": ["five six seven"],
        }
    )
    html = page.kwic_html(lines)  # two words a side: the line stays within six words
    assert "three four" in html and "two" not in html.split("three")[0].split("<td")[-1]
    assert "five six" in html and "seven" not in html


def test_unknown_mode_is_refused():
    with pytest.raises(ReportError, match="share must be one of"):
        report_page(None, share="some")
