"""Who speaks on official communication: agents only, turns, a document's speaker,
definite descriptions and corpus-wide types — small texts parsed with the real model."""

import pandas as pd
import pytest

from analysis.sourcing import attributions, keep_acts, speaker_label

pytestmark = pytest.mark.slow

TRANSCRIPT = (
    "Meeting with Governor Sergei Aksyonov\n\n"
    "Vladimir Putin: Good afternoon. I think that Crimea has done a great deal this year. "
    "Chancellor Angela Merkel said that the talks were useful.\n\n"
    "Question: Does this mean that relations have been paused?\n\n"
    "Vladimir Putin: No. We want Sevastopol to keep its role, and you know that.\n\n"
    "Sergei Aksyonov: We expect an increase of around 7 percent."
)
READOUT = (
    "Talks in Vienna\n\n"
    "President Vladimir Putin held a meeting with Austrian Federal Chancellor Wolfgang "
    "Schuessel. The Chancellor said that Austria supports the project. The Russian President "
    "noted that gas supplies would continue."
)
ADDRESS = (
    "We will defend our land\n\n"
    "Good evening. Volodymyr Zelenskyy speaking. I am sure that we will win. "
    "We believe that partners will help."
)


def _frame(nlp, texts: dict[str, str], corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    return attributions([(key, nlp(text)) for key, text in texts.items()], corpus)


def _corpus(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["source_file"] = ""
    return frame


@pytest.fixture(scope="module")
def transcript(nlp_pipeline):
    return _frame(nlp_pipeline, {"t": TRANSCRIPT})


def test_a_labelled_turn_is_one_attribution_of_its_speaker(transcript):
    turns = transcript[transcript["kind"] == "turn"]
    assert turns["speaker"].tolist() == ["Vladimir Putin", "Vladimir Putin", "Sergei Aksyonov"]
    assert turns.iloc[0]["content"].startswith("Good afternoon.")
    assert set(turns["act"]) == {"speech"}


def test_first_person_and_questions_inside_turns_are_not_new_sources(transcript):
    # "I think …" belongs to the turn; the question turn and "you know" give no row;
    # the second Putin turn ends without a question but its "we want" is his own turn
    assert not transcript["speaker_text"].str.lower().isin(["i", "we", "you"]).any()
    assert not transcript["content"].str.contains("paused").any()
    assert not transcript["speaker"].isin(["Crimea", "Sevastopol", "Russian"]).any()


def test_reported_speech_inside_a_turn_keeps_its_own_speaker(transcript):
    inside = transcript[transcript["kind"] != "turn"]
    merkel = inside[inside["content"].str.contains("talks were useful")]
    assert merkel["speaker"].tolist() == ["Angela Merkel"]
    assert merkel["source_type"].tolist() == ["government"]


def test_a_description_resolves_to_the_titled_person(nlp_pipeline):
    frame = _frame(nlp_pipeline, {"r": READOUT})
    by_content = {r["content"].split()[1]: r for r in frame.to_dict("records")}
    assert by_content["Austria"]["speaker"] == "Wolfgang Schuessel"  # "The Chancellor"
    assert by_content["gas"]["speaker"] == "Vladimir Putin"  # "The Russian President"
    assert set(frame["source_type"]) == {"government"}


def test_a_country_speaks_as_its_government_and_a_region_never(nlp_pipeline):
    frame = _frame(
        nlp_pipeline,
        {
            "country": "Russia said that the sanctions were illegal.",
            "side": "The Russian side told them that the price would fall.",
            "region": "Crimea said that the bridge was finished.",
        },
    )
    rows = {r["doc_id"]: r for r in frame.to_dict("records")}
    assert rows["country"]["speaker"] == "Russia" and rows["country"]["metonym"]
    assert rows["country"]["source_type"] == "government"
    assert rows["side"]["speaker"] == "Russia" and rows["side"]["metonym"]
    assert rows["region"]["speaker"] == "" and rows["region"]["source_type"] == "unresolved"
    assert speaker_label(frame).tolist()[:1] == ["Russia (government)"]


def test_second_person_and_questions_are_not_attributions(nlp_pipeline):
    frame = _frame(
        nlp_pipeline,
        {
            "you": "You said that the plan would work.",
            "question": "Does the minister think that the plan will work?",
        },
    )
    assert frame.empty


def test_the_speaker_column_gives_first_person_its_speaker(nlp_pipeline):
    corpus = _corpus(
        [{"doc_id": "a", "outlet": "President of Ukraine", "speaker": "Володимир Зеленський"}]
    )
    frame = _frame(nlp_pipeline, {"a": ADDRESS}, corpus)
    first = frame[frame["speaker_text"].str.lower().isin(["i", "we"])]
    assert len(first) >= 2
    assert set(first["speaker"]) == {"Volodymyr Zelenskyy"}  # the document's own spelling
    collective = dict(zip(first["speaker_text"].str.lower(), first["collective"], strict=True))
    assert collective == {"i": False, "we": True}


def test_without_a_speaker_column_first_person_stays_unresolved(nlp_pipeline):
    frame = _frame(nlp_pipeline, {"a": ADDRESS})
    first = frame[frame["speaker_text"].str.lower().isin(["i", "we"])]
    assert len(first) >= 2
    assert set(first["speaker"]) == {""}
    assert set(first["source_type"]) == {"unresolved"}


def test_a_title_anywhere_in_the_corpus_types_bare_mentions(nlp_pipeline):
    corpus = _corpus([{"doc_id": d, "outlet": "X"} for d in ("titled", "bare")])
    frame = _frame(
        nlp_pipeline,
        {
            "titled": "Federal Chancellor of Germany Angela Merkel opened the summit.",
            "bare": "Angela Merkel said that the euro would survive.",
        },
        corpus,
    )
    bare = frame[frame["doc_id"] == "bare"]
    assert bare["speaker"].tolist() == ["Angela Merkel"]
    assert bare["source_type"].tolist() == ["government"]


def test_turns_are_counted_apart_from_speech(transcript):
    assert set(keep_acts(transcript, "turn")["kind"]) == {"turn"}
    assert "turn" not in set(keep_acts(transcript, "speech")["kind"])
    assert len(keep_acts(transcript, "speech,turn")) == len(
        transcript[transcript["act"] == "speech"]
    )
    assert len(keep_acts(transcript, "all")) == len(transcript)


def test_headings_with_a_colon_are_not_turns(nlp_pipeline):
    text = (
        "Budget talks\n\nSEE ALSO: Senate passes bill\n\nFacts First: The claim is false.\n\n"
        "The senator said that the bill would pass."
    )
    frame = _frame(nlp_pipeline, {"h": text})
    assert "turn" not in set(frame["kind"])


def test_one_name_per_person_across_the_corpus():
    from analysis.sourcing.extract import _corpus_aliases

    names = ["Donald J. Trump", "Donald Trump", "Donald Trump", "Trump", "Ivanka Trump"]
    names += ["Obama", "Barack Obama", "Barack Obama", "Barack Obama", "Michelle Obama"]
    frame = pd.DataFrame({"speaker": names, "speaker_type": "person"})
    merged = _corpus_aliases(frame)["speaker"].tolist()
    assert merged[:4] == ["Donald Trump"] * 4  # the middle initial goes; 3 of 4 full names
    assert merged[5:] == ["Barack Obama"] * 4 + ["Michelle Obama"]


def test_a_titled_label_gives_the_name_even_when_the_model_misses_the_person(nlp_pipeline):
    text = (
        "Press statements\n\n"
        "Federal Chancellor of the Republic of Austria Sebastian Kurz (retranslated): "
        "Welcome to Austria. Relations have been progressing well.\n\n"
        "President of Russia Vladimir Putin: Thank you. Gas supplies will continue."
    )
    turns = _frame(nlp_pipeline, {"k": text}).query("kind == 'turn'")
    assert turns["speaker"].tolist() == ["Sebastian Kurz", "Vladimir Putin"]
    assert set(turns["source_type"]) == {"government"}
