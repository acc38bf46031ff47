"""The scorer: span matching at a threshold, speaker and cue accuracy, BRAT reading."""

from analysis.evaluation.attribution_gold import GoldAttribution, polnear_documents, read_brat
from analysis.evaluation.attribution_scores import (
    Prediction,
    match,
    score,
    speaker_correct,
    speaker_correct_strict,
)


def test_match_needs_overlap_on_both_sides_and_is_one_to_one():
    gold = [GoldAttribution(content=((0, 100),)), GoldAttribution(content=((200, 220),))]
    preds = [Prediction(0, 40), Prediction(0, 20), Prediction(190, 400)]
    # t=0.3: pred 0 covers 40% of gold 0; pred 1 only 20%; pred 2 covers all of gold 1 but gold 1
    # is only 20/210 of pred 2
    assert match(preds, gold, 0.3) == [(0, 0)]
    assert match(preds, gold, 0.05) == [(0, 0), (2, 1)]
    assert match(preds, gold, 0.8) == []


def test_speaker_accuracy_rules():
    g = GoldAttribution(content=((0, 5),), source_text="Deputy Foreign Minister Alexander Grushko")
    assert speaker_correct(Prediction(0, 5, "Alexander Grushko"), g)
    assert not speaker_correct(Prediction(0, 5, "Mark Rutte"), g)
    pronoun = GoldAttribution(content=((0, 5),), source_text="he")
    assert speaker_correct(Prediction(0, 5, "Mark Rutte", "he"), pronoun)
    assert not speaker_correct(Prediction(0, 5, "", "he"), pronoun)
    assert speaker_correct(Prediction(0, 5, "x"), GoldAttribution(content=((0, 5),))) is None


def test_strict_speaker_match_drops_the_three_leniencies():
    def gold(source: str) -> GoldAttribution:
        return GoldAttribution(content=((0, 5),), source_text=source)

    # 1. a pronoun-only source: lenient credits any resolved name; strict cannot check it
    wrong_name = Prediction(0, 5, "Mark Rutte", "he")
    assert speaker_correct(wrong_name, gold("he")) is True
    assert speaker_correct_strict(wrong_name, gold("he")) is None
    assert speaker_correct_strict(wrong_name, gold("who")) is None
    # 2. prepositions are not content words: "at" alone does not make a match
    goldman = Prediction(0, 5, "", "Analysts at Goldman")
    assert speaker_correct(goldman, gold("experts at Brookings")) is True
    assert speaker_correct_strict(goldman, gold("experts at Brookings")) is False
    assert speaker_correct_strict(Prediction(0, 5, "", "Brookings"), gold("experts at Brookings"))
    # 3. possessives are normalised, on either side
    barack = Prediction(0, 5, "Barack Obama", "Obama")
    assert speaker_correct(barack, gold("Obama's")) is False
    assert speaker_correct_strict(barack, gold("Obama's")) is True
    assert speaker_correct_strict(barack, gold("Obama’s campaign")) is True
    assert speaker_correct_strict(Prediction(0, 5, "", "Trump's aide"), gold("Donald Trump"))
    # what strict still refuses and still accepts
    assert speaker_correct_strict(Prediction(0, 5, "Mark Rutte"), gold("Obama's")) is False
    grushko = gold("Deputy Foreign Minister Alexander Grushko")
    assert speaker_correct_strict(Prediction(0, 5, "Alexander Grushko"), grushko) is True
    assert speaker_correct_strict(Prediction(0, 5, "x"), gold("")) is None
    # a pronoun source with a resolved gold speaker (our JSONL gold) is checked against the name
    resolved = GoldAttribution(content=((0, 5),), source_text="he", speaker="Mark Rutte")
    assert speaker_correct_strict(wrong_name, resolved) is True
    assert speaker_correct_strict(Prediction(0, 5, "Jens Stoltenberg", "he"), resolved) is False


def test_score_reports_strict_speaker_accuracy_beside_lenient():
    gold = [
        GoldAttribution(content=((0, 10),), source_text="he"),
        GoldAttribution(content=((20, 30),), source_text="experts at Brookings"),
        GoldAttribution(content=((40, 50),), source_text="Obama's"),
    ]
    preds = [
        Prediction(0, 10, "Mark Rutte", "he"),
        Prediction(20, 30, "", "analysts at Goldman"),
        Prediction(40, 50, "Barack Obama", "Obama"),
    ]
    result = score([("d", None, preds, gold)], 0.3)
    assert (result.speaker_n, result.speaker_correct) == (3, 2)
    assert (result.speaker_strict_n, result.speaker_strict_correct) == (2, 1)
    assert result.speaker_accuracy_strict == 0.5
    row = result.as_dict()
    assert (row["speaker_accuracy"], row["speaker_n"]) == (0.6667, 3)
    assert (row["speaker_accuracy_strict"], row["speaker_strict_n"]) == (0.5, 2)


def test_score_counts():
    gold = [GoldAttribution(content=((0, 10),), source_text="Trump", cue_text="said")]
    preds = [Prediction(0, 10, "Donald Trump", "Trump", "said"), Prediction(50, 60)]
    result = score([("d", None, preds, gold)], 0.3)
    assert (result.n_pred, result.n_gold, result.n_matched) == (2, 1, 1)
    assert result.precision == 0.5 and result.recall == 1.0
    assert round(result.f1, 4) == 0.6667
    assert result.speaker_accuracy == 1.0 and result.cue_accuracy == 1.0


def test_read_brat_with_discontinuous_content(tmp_path):
    path = tmp_path / "a_x1.ann"
    path.write_text(
        "T1\tSource 0 5\tTrump\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;30 40\tpart one part two\n"
        "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "T5\tContent 50 60\tno source\nT6\tCue 61 64\tsay\nE2\tAttribution-no-source:T6 Content:T5 Cue:T6\n",
        encoding="utf-8",
    )
    gold = read_brat(path)
    assert [(g.content, g.source_text, g.cue_text) for g in gold] == [
        (((11, 20), (30, 40)), "Trump", "said"),
        (((50, 60),), "", "say"),
    ]
    assert gold[0].length == 19


def test_polnear_documents_uses_first_annotator(tmp_path):
    base = tmp_path / "data" / "dev"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    (base / "text" / "doc.txt").write_text("Trump said yes.", encoding="utf-8")
    (base / "attributions" / "doc_b2.ann").write_text("", encoding="utf-8")
    (base / "attributions" / "doc_a1.ann").write_text(
        "T1\tContent 11 14\tyes\nT2\tCue 6 10\tsaid\nE1\tAttribution:T2 Content:T1 Cue:T2\n",
        encoding="utf-8",
    )
    docs = polnear_documents(tmp_path, "dev")
    assert [(d, len(g)) for d, _, g in docs] == [("doc", 1)]
