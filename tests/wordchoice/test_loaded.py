"""Loaded-language detector: rules on parsed sentences, and a floor on real gold spans."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from analysis.errors import ResourceError
from analysis.evaluation.token_spans import gold_token_mask, token_prf
from analysis.io.schema import doc_text
from analysis.wordchoice.loaded import load_loaded_lexicon, loaded_language, loaded_language_rates

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_bundled_lexicon_validates_and_bad_files_are_named(tmp_path: Path) -> None:
    lexicon = load_loaded_lexicon()
    assert lexicon.words["thug"] == "name_calling" and lexicon.word_pos["thug"] == frozenset(
        {"NOUN", "PROPN"}
    )
    assert ("witch", "hunt") in lexicon.phrases and "utterly" in lexicon.intensifiers
    bad = tmp_path / "loaded.yml"
    bad.write_text("categories:\n  - category: x\n    lemmas: [ok, 3]\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="loaded.yml: category 'x' 'lemmas' must be a list"):
        load_loaded_lexicon(bad)


def test_gold_token_mask_and_scores(blank_tables) -> None:
    import pandas as pd

    tokens, _ = blank_tables({"d": "A so-called brutal regime fell."})
    spans = pd.DataFrame({"doc_id": ["d"], "start": [2], "end": [11]})  # "so-called"
    gold = gold_token_mask(tokens, spans)
    assert tokens["text"][gold].tolist() == ["so", "-", "called"]
    predicted = tokens["text"].isin(["called", "brutal"]).to_numpy()
    scores = token_prf(predicted, gold)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 1, 2)
    assert (
        scores["precision"] == 0.5
        and scores["recall"] == pytest.approx(1 / 3)
        and scores["f1"] == pytest.approx(0.4)
    )


@pytest.mark.slow
def test_rules_flag_words_phrases_and_expansions(parsed_tables) -> None:
    tokens, corpus = parsed_tables(
        {
            "a": "The thugs slammed the utterly ridiculous plan. This witch hunt must end.",
            "b": "The so-called peace plan was published on Monday. The committee met.",
        },
        {"a": "loud", "b": "calm"},
    )
    flagged = loaded_language(tokens)
    by_text = dict(zip(flagged["text"], flagged["rule"], strict=True))
    assert by_text["thugs"] == "lexicon" and by_text["slammed"] == "lexicon"
    assert by_text["utterly"] == "intensifier" and by_text["ridiculous"] in {
        "lexicon",
        "intensifier",
    }
    assert by_text["witch"] == "phrase" and by_text["hunt"] == "phrase"
    assert flagged[flagged["doc_id"] == "b"]["text"].tolist() == ["so", "called", "peace", "plan"]
    assert (
        "plan" in flagged[(flagged["doc_id"] == "a")]["text"].tolist()
    )  # expanded from "ridiculous"
    assert not flagged["text"].isin(["-", "."]).any()
    words_only = loaded_language(tokens, expand=False)
    assert len(words_only) < len(flagged)
    rates = loaded_language_rates(tokens, corpus, flagged=flagged).set_index("outlet")
    assert rates.loc["loud", "loaded"] > rates.loc["calm", "loaded"]
    assert rates.loc["calm", "docs_with_loaded"] == 1 and rates.loc["loud", "share_docs"] == 1.0


def _gold_subset(name: str, parsed_tables, limit: int, gold_dataset):
    sys.path.insert(0, str(BENCHMARKS))
    from eval_tables import basil_corpus, semeval_corpus

    if name == "semeval":
        data = gold_dataset("semeval2023_en/articles.jsonl").parents[1]
        corpus, spans = semeval_corpus(("Loaded_Language", "Name_Calling-Labeling"), data)
    else:
        data = gold_dataset("basil/articles").parents[1]
        corpus, spans = basil_corpus(data)
    corpus = corpus.head(limit)
    texts = {row["doc_id"]: doc_text(row) for row in corpus.to_dict("records")}
    tokens, _ = parsed_tables(texts)
    spans = spans[spans["doc_id"].isin(list(texts))]
    scored = (~tokens["is_punct"].to_numpy(dtype=bool)) & (
        tokens["text"].str.strip() != ""
    ).to_numpy(dtype=bool)
    gold = gold_token_mask(tokens, spans)
    predicted = np.zeros(len(tokens), dtype=bool)
    predicted[loaded_language(tokens)["row"].to_numpy()] = True
    baseline = (tokens["pos"] == "ADJ").to_numpy(dtype=bool)
    return token_prf(predicted, gold, scored), token_prf(baseline, gold, scored)


@pytest.mark.slow
def test_floor_on_semeval_loaded_language_and_name_calling(parsed_tables, gold_dataset) -> None:
    # full-set numbers are in benchmarks/results/loaded_language_eval.json; this subset (first
    # 30 articles, 29k scored tokens) measured detector F1 0.138 (P 0.158, R 0.122) vs
    # all-adjectives F1 0.090 (P 0.060, R 0.181); the floor sits a little below
    detector, baseline = _gold_subset("semeval", parsed_tables, 30, gold_dataset)
    print("semeval subset", detector, baseline)
    assert detector["f1"] >= 0.12
    assert detector["f1"] > baseline["f1"] and detector["precision"] > baseline["precision"]


@pytest.mark.slow
def test_floor_on_basil_lexical_bias(parsed_tables, gold_dataset) -> None:
    # first 30 BASIL articles (only 83 gold tokens: noisy): detector F1 0.062 (P 0.044,
    # R 0.108) vs all-adjectives F1 0.022 (P 0.012, R 0.157)
    detector, baseline = _gold_subset("basil", parsed_tables, 30, gold_dataset)
    print("basil subset", detector, baseline)
    assert detector["f1"] >= 0.05
    assert detector["f1"] > baseline["f1"]
