"""Who speaks, against the hand-coded speaker gold (tests/gold/README.md), strictly.

The floors sit just under the scores of the rules as committed, on the **test** half (never
tuned on), so a change that makes the extractor worse at official communication fails here;
``benchmarks/speaker_eval.py`` prints the full table and the confusion matrix.
"""

from pathlib import Path

import pandas as pd
import pytest

from analysis.evaluation.speaker_gold import (
    GOLD_CORPORA,
    GoldDocument,
    GoldSpeaker,
    gold_attributions,
    same_speaker,
    score_halves,
    score_speakers,
)

GOLD = Path(__file__).resolve().parents[1] / "gold"


@pytest.mark.parametrize(
    ("predicted", "gold", "strict", "lenient"),
    [
        ("Vladimir Putin", "Vladimir Putin", True, True),
        ("the Russian Defense Ministry's", "Russian Defense Ministry", True, True),
        ("Vladimir Putin", "Putin", True, True),  # the document names him by surname only
        ("Putin", "Vladimir Putin", False, True),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", False, True),  # a spelling variant
        ("Joe Biden", "Boris Johnson", False, False),
        ("", "", True, True),
        ("Russia", "", False, False),
        ("", "Russia", False, False),
    ],
)
def test_same_speaker(predicted, gold, strict, lenient):
    assert same_speaker(predicted, gold, strict=True) is strict
    assert same_speaker(predicted, gold, strict=False) is lenient


def test_scoring_matches_one_prediction_per_gold_item_and_ignores_the_uncoded_rest():
    doc = GoldDocument("c", "d", "d", "test", region_end=100)
    gold = [
        GoldSpeaker("c", "d", "test", 10, 40, "indirect", "speech", "Vladimir Putin", "government"),
        GoldSpeaker("c", "d", "test", 50, 80, "direct", "speech", "", "anonymous"),
    ]
    predictions = pd.DataFrame(
        {
            "corpus": ["c"] * 4,
            "gold_doc": ["d"] * 4,
            "content_start": [12, 15, 52, 120],  # the last one lies past the coded region
            "content_end": [40, 38, 70, 130],
            "speaker": ["Putin", "Vladimir Putin", "", "X"],
            "source_type": ["government", "government", "anonymous", "other"],
        }
    )
    score = score_speakers(gold, predictions, {("c", "d"): doc}).as_dict()
    assert (score["n_gold"], score["n_pred"], score["n_matched"]) == (2, 3, 2)
    # the first prediction overlaps most and wins the first item: "Putin" is not strict
    assert score["speaker_accuracy_strict"] == 0.5
    assert score["speaker_accuracy_lenient"] == 1.0
    assert score["source_type_accuracy"] == 1.0
    assert score["source_type_confusion"] == {
        "anonymous": {"anonymous": 1},
        "government": {"government": 1},
    }


@pytest.fixture(scope="module")
def halves(shared_data, gold_dataset, real_corpus_store):
    for name in GOLD_CORPORA:
        gold_dataset(name)
    predictions = gold_attributions(GOLD, shared_data, real_corpus_store)
    return score_halves(GOLD, predictions)


@pytest.mark.slow
def test_the_gold_has_at_least_300_attributions_in_two_halves(halves):
    assert halves["test"]["all"]["n_gold"] + halves["dev"]["all"]["n_gold"] >= 300
    assert halves["test"]["all"]["n_gold"] >= 150


@pytest.mark.slow
@pytest.mark.parametrize(
    ("figure", "floor"),
    [
        ("recall", 0.74),
        ("speaker_accuracy_strict", 0.55),
        ("speaker_accuracy_lenient", 0.66),
        ("source_type_accuracy", 0.62),
    ],
)
def test_test_half_floors(halves, figure, floor):
    assert halves["test"]["all"][figure] >= floor, halves["test"]["all"]


@pytest.mark.slow
def test_transcripts_and_readouts_are_where_the_rules_are_strongest(halves):
    kremlin = halves["test"]["kremlin_en"]
    assert kremlin["speaker_accuracy_strict"] >= 0.78
    assert kremlin["source_type_accuracy"] >= 0.88
