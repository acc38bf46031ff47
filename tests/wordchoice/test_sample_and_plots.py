"""Acceptance on the bundled sample (real model), collocations, and the word-choice figures."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from analysis.errors import InputError  # noqa: E402
from analysis.wordchoice import (  # noqa: E402
    collocations,
    keyness,
    kwic,
    plot_fightin_words,
    plot_keyness_scatter,
    plot_term_shares,
    term_usage,
)

KREMLIN = "Kremlin (en.kremlin.ru)"
UKRAINE = "President of Ukraine (addresses)"


@pytest.mark.slow
def test_sample_shows_kiev_kyiv_split_and_kiev_regime(sample_annotations) -> None:
    ann = sample_annotations
    usage = term_usage(ann.tokens, ann.corpus, sentences=ann.sentences)
    counts = usage.counts.set_index(["outlet", "concept", "variant"])["count"]
    assert (
        counts[(KREMLIN, "kyiv_spelling", "Kiev")] >= 3
        and counts[(KREMLIN, "kyiv_spelling", "Kyiv")] == 0
    )
    assert (
        counts[(UKRAINE, "kyiv_spelling", "Kyiv")] >= 40
        and counts[(UKRAINE, "kyiv_spelling", "Kiev")] == 0
    )
    assert counts[("RT", "ukraine_government", "Kiev regime")] == 1
    assert (
        counts[(UKRAINE, "donbas_spelling", "Donbas")] > 0
        and counts[(KREMLIN, "donbas_spelling", "Donbass")] > 0
    )
    regime = usage.evidence[usage.evidence["variant"] == "Kiev regime"].iloc[0]
    assert regime["outlet"] == "RT" and "controlled by the Kiev regime" in regime["sentence"]
    lines = kwic(ann.tokens, "Kiev regime", corpus=ann.corpus)
    assert lines["outlet"].tolist() == ["RT"]


@pytest.mark.slow
def test_collocations_modifiers_per_outlet(parsed_tables) -> None:
    tokens, corpus = parsed_tables(
        {
            "a": "Western Ukraine protested. Neutral Ukraine was proposed. Western Ukraine voted.",
            "b": "Sovereign Ukraine resists. Sovereign Ukraine will win. Russia attacked.",
        },
        {"a": "RU", "b": "UA"},
    )
    table = collocations(tokens, ["Ukraine"], corpus=corpus, min_count=1)
    top = table.groupby("outlet").head(1).set_index("outlet")["collocate"].to_dict()
    assert top == {"RU": "western", "UA": "sovereign"}
    row = table[(table["outlet"] == "UA") & (table["collocate"] == "sovereign")].iloc[0]
    assert (row["count"], row["docs"], row["target_count"]) == (2, 1, 2)
    assert row["log_dice"] == pytest.approx(14.0)  # 14 + log2(2*2 / (2 + 2))
    window = collocations(
        tokens, "Ukraine", corpus=corpus, relation="window", window=2, min_count=1
    )
    assert "resist" in set(window["collocate"])
    with pytest.raises(InputError, match="single words"):
        collocations(tokens, ["Kiev regime"], corpus=corpus)


def test_plots_have_titles_labels_and_captions(blank_tables) -> None:
    texts = {
        "a": "kiev kiev regime regime war",
        "b": "kyiv kyiv invaders war war",
        "c": "Kyiv and Kiev and war",
    }
    tokens, corpus = blank_tables(texts, {"a": "RU", "b": "UA", "c": "NEWS"})
    table = keyness(tokens, corpus, target="RU", reference="UA", min_count=1)
    for figure in (plot_fightin_words(table, top=3), plot_keyness_scatter(table, top=2)):
        ax = figure.axes[0]
        assert "RU" in ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert (
            figure._supxlabel is not None and "Each dot is a term" in figure._supxlabel.get_text()
        )
        labels = {t.get_text() for t in ax.texts}
        assert "kiev" in labels
        plt.close(figure)
    counts = term_usage(tokens, corpus).counts
    figure = plot_term_shares(counts, "kyiv_spelling")
    ax = figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["UA", "RU", "NEWS"]
    assert sorted(t.get_text() for t in ax.texts) == ["n=2", "n=2", "n=2"]
    plt.close(figure)
    with pytest.raises(InputError, match="concept 'nope' is not in the counts table"):
        plot_term_shares(counts, "nope")
    with pytest.raises(InputError, match="needs the log_odds measure"):
        plot_fightin_words(keyness(tokens, corpus, target="RU", measure="g2", min_count=1))


@pytest.mark.slow
def test_word_choice_notebook_runs_and_writes_tables(
    tmp_path, session_store, sample_annotations
) -> None:
    import pandas as pd
    import papermill

    root = Path(__file__).resolve().parents[2]
    papermill.execute_notebook(
        str(root / "notebooks" / "03_word_choice.ipynb"),
        str(tmp_path / "out.ipynb"),
        parameters={"store": str(session_store), "tables_dir": str(tmp_path / "tables")},
        cwd=str(root / "notebooks"),
        progress_bar=False,
    )
    usage = pd.read_parquet(tmp_path / "tables" / "wordchoice_term_usage.parquet")
    kiev = usage[(usage["outlet"] == KREMLIN) & (usage["variant"] == "Kiev")]["count"].item()
    kyiv = usage[(usage["outlet"] == UKRAINE) & (usage["variant"] == "Kyiv")]["count"].item()
    assert kiev >= 3 and kyiv >= 40
    for name in ("keyness", "term_evidence", "loaded_rates", "collocations"):
        assert len(pd.read_csv(tmp_path / "tables" / f"wordchoice_{name}.csv")) > 0
