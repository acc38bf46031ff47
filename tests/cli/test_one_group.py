"""One outlet is a valid corpus: what can be measured on one group is, the rest says why not."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main

pytestmark = pytest.mark.slow


def test_wordchoice_on_the_seed_alone(seed_path, session_store, tmp_path, capsys):
    out = tmp_path / "wc"
    args = ["wordchoice", str(seed_path), "--store", str(session_store), "--by", "outlet"]
    assert main([*args, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "note: keyness compares groups, and this corpus has one outlet" in printed
    usage = pd.read_csv(out / "term_usage.csv")
    used = set(usage.loc[usage["count"] > 0, "variant"])
    assert {"Kiev regime", "servicepeople"} <= used, used
    assert (out / "loaded_language.csv").is_file() and (out / "loaded_language_rates.csv").is_file()
    assert not (out / "keyness.csv").exists()


def test_report_on_the_seed_alone(seed_path, session_store, tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["report", str(seed_path), "--store", str(session_store), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.count("note: Keyness (word choice) compares groups") == 1
    for page in ("00_corpus_overview", "01_sourcing", "02_framing", "03_word_choice"):
        assert (out / f"{page}.html").is_file(), page
    word_choice = (out / "03_word_choice.html").read_text(encoding="utf-8")
    assert "Keyness compares groups, and this corpus has one outlet" in word_choice
    assert (out / "tables" / "wordchoice_term_usage.csv").is_file()
    assert (out / "tables" / "wordchoice_loaded_rates.csv").is_file()
    assert (out / "tables" / "attributions.csv").is_file()
