"""Keyness: a hand-worked example of Monroe et al.'s log-odds, chi-square, G², and the table API."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.wordchoice.keyness import (
    MEASURES,
    keyness,
    keyness_from_counts,
    register_measure,
    top_keyness,
)


def test_log_odds_matches_hand_worked_example() -> None:
    # Target: x x x y (n_t = 4); reference: x y y y (n_r = 4). Prior a_w = count of w in both
    # groups: a_x = 4, a_y = 4, a_0 = 8.
    # x: target odds (3 + 4) / (4 + 8 - 3 - 4) = 7/5; reference odds (1 + 4) / (4 + 8 - 1 - 4) = 5/7
    #    delta = ln(7/5) - ln(5/7) = 2 ln 1.4 = 0.672944...
    #    var = 1/(3 + 4) + 1/(1 + 4) = 12/35, se = 0.585540..., z = 1.149271...
    # y is the mirror image: delta = -0.672944, z = -1.149271.
    table = keyness_from_counts({"x": 3, "y": 1}, {"x": 1, "y": 3})
    x = table.set_index("term").loc["x"]
    assert x["log_odds_ratio"] == pytest.approx(2 * math.log(1.4))
    assert x["log_odds_ratio"] == pytest.approx(0.6729444732)
    assert x["se"] == pytest.approx(math.sqrt(12 / 35))
    assert x["z"] == pytest.approx(1.1492714809)
    y = table.set_index("term").loc["y"]
    assert y["z"] == pytest.approx(-1.1492714809)
    assert table["term"].tolist() == ["x", "y"]  # sorted by descending score


def test_explicit_prior_changes_the_shrinkage() -> None:
    # a_x = a_y = 1 (a_0 = 2): x target odds 4 / (4 + 2 - 4) = 2, reference odds 2 / (4 + 2 - 2) = 0.5
    # delta = ln 2 - ln 0.5 = ln 4; var = 1/4 + 1/2 = 0.75
    table = keyness_from_counts({"x": 3, "y": 1}, {"x": 1, "y": 3}, prior={"x": 1, "y": 1})
    x = table.set_index("term").loc["x"]
    assert x["log_odds_ratio"] == pytest.approx(math.log(4))
    assert x["z"] == pytest.approx(math.log(4) / math.sqrt(0.75))


def test_chi_square_and_g2_match_hand_worked_example() -> None:
    # 2x2 table for x: [[3, 1], [1, 3]]; every expected count is 2.
    # Yates: 4 cells x (|3-2| - 0.5)^2 / 2 = 4 x 0.125 = 0.5
    # G2 = 2 (3 ln(3/2) + 1 ln(1/2) + 1 ln(1/2) + 3 ln(3/2)) = 2.0929925750
    chi2 = keyness_from_counts({"x": 3, "y": 1}, {"x": 1, "y": 3}, measure="chi2").set_index("term")
    assert chi2.loc["x", "statistic"] == pytest.approx(0.5)
    assert chi2.loc["x", "score"] == pytest.approx(0.5) and chi2.loc["y", "score"] == pytest.approx(
        -0.5
    )
    g2 = keyness_from_counts({"x": 3, "y": 1}, {"x": 1, "y": 3}, measure="g2").set_index("term")
    assert g2.loc["x", "statistic"] == pytest.approx(2.0929925750)


def test_keyness_on_token_table_equals_counts_version(blank_tables) -> None:
    tokens, corpus = blank_tables({"a1": "x x x y.", "b1": "x y y y."}, {"a1": "A", "b1": "B"})
    table = keyness(tokens, corpus, target="A", reference="B", min_count=1)
    x = table.set_index("term").loc["x"]
    assert (x["group"], x["reference"], x["count"], x["count_reference"], x["docs"]) == (
        "A",
        "B",
        3,
        1,
        1,
    )
    assert x["z"] == pytest.approx(1.1492714809)
    assert x["per_10k"] == pytest.approx(3 / 4 * 1e4)  # punctuation is not a word


def test_one_vs_rest_for_three_groups(blank_tables) -> None:
    texts = {
        "a": "kiev kiev regime",
        "b": "kyiv kyiv invaders",
        "c": "kyiv kiev war",
        "c2": "war war war",
    }
    tokens, corpus = blank_tables(texts, {"a": "RU", "b": "UA", "c": "NEWS", "c2": "NEWS"})
    table = keyness(tokens, corpus, min_count=1)
    assert sorted(table["group"].unique()) == ["NEWS", "RU", "UA"]
    assert set(table["reference"]) == {"rest"}
    top = top_keyness(table, n=1)
    assert top.set_index("group")["term"].to_dict() == {"NEWS": "war", "RU": "kiev", "UA": "kyiv"}
    news = table[(table["group"] == "NEWS") & (table["term"] == "war")].iloc[0]
    assert (news["count"], news["count_reference"], news["docs"]) == (4, 0, 2)
    # group order, then descending score
    assert table["group"].tolist() == sorted(table["group"].tolist())


def test_noun_phrase_unit_uses_the_parse_columns() -> None:
    rows = [  # "the Kiev regime fell ; the regime" by hand: det, compound, noun, verb, punct, det, noun
        ("the", "DET", "det"), ("kiev", "PROPN", "compound"), ("regime", "NOUN", "nsubj"),
        ("fell", "VERB", "ROOT"), (";", "PUNCT", "punct"), ("the", "DET", "det"), ("regime", "NOUN", "dobj"),
    ]  # fmt: skip
    tokens = pd.DataFrame(
        {
            "doc_id": ["d"] * 7, "sent": [0] * 7, "i": range(7), "lower": [r[0] for r in rows],
            "lemma": [r[0] for r in rows], "pos": [r[1] for r in rows], "dep": [r[2] for r in rows],
            "is_stop": [False] * 7, "outlet": ["A"] * 7,
        }
    )  # fmt: skip
    other = tokens.assign(
        doc_id="e", outlet="B", lower=["the", "big", "war", "fell", ";", "the", "war"]
    )
    other = other.assign(
        pos=["DET", "ADJ", "NOUN", "VERB", "PUNCT", "DET", "NOUN"],
        dep=["det", "amod", "nsubj", "ROOT", "punct", "det", "dobj"],
    )
    table = keyness(pd.concat([tokens, other], ignore_index=True), unit="noun_phrase", min_count=1)
    used = table[table["count"] > 0]
    assert sorted(used[used["group"] == "A"]["term"]) == ["kiev regime", "regime"]
    assert sorted(used[used["group"] == "B"]["term"]) == ["big war", "war"]


def test_measure_registry_and_errors(blank_tables) -> None:
    assert {"log_odds", "chi2", "g2"} <= set(MEASURES)

    @register_measure("rate_difference")
    def rate_difference(y_t, y_r, n_t, n_r, alpha):  # noqa: ARG001
        return {"score": y_t / n_t - y_r / n_r}

    try:
        table = keyness_from_counts({"x": 3, "y": 1}, {"x": 1, "y": 3}, measure="rate_difference")
        assert table.set_index("term")["score"].to_dict() == pytest.approx({"x": 0.5, "y": -0.5})
    finally:
        MEASURES.pop("rate_difference")
    tokens, corpus = blank_tables({"a": "x", "b": "y"})
    with pytest.raises(InputError, match="unknown keyness measure 'nope'"):
        keyness(tokens, corpus, measure="nope")
    with pytest.raises(InputError, match="unknown keyness unit"):
        keyness(tokens, corpus, unit="bigram")
    with pytest.raises(InputError, match=r"groups \['zz'\] are not in the data"):
        keyness(tokens, corpus, target="zz")
    with pytest.raises(InputError, match="no column 'leaning'"):
        keyness(tokens, corpus, by="leaning")
    assert np.isfinite(keyness(tokens, corpus, min_count=1)["z"]).all()
