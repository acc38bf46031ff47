"""Attitude, belief and evidence attributions beyond "X said": objects, passives, nouns,
adjectives and polls, on small sentences parsed with the real model."""

import pytest

from analysis.sourcing import attributions

pytestmark = pytest.mark.slow

TEXTS = {
    "object_predicate": "Carson called the report a boldfaced lie.",
    "backs": "The union backs Clinton.",
    "call_for": "Sanders supporters have long called for her ouster.",
    "accuse": "The senator accused the agency of hiding the documents.",
    "passive": "The decision is widely expected to be unfavorable for Beijing.",
    "seem": "Trump's supporters seemed equally unperturbed by the dispute.",
    "adjective": "Many Republicans are critical of the new trade agreement.",
    "anaphoric": "Grushko was skeptical of the prospect.",
    "nominal": "Herschel Walker lost bookings over his open support for Trump.",
    "poll": "In the latest Washington Post-ABC News poll, Clinton led Trump among young voters.",
    "parenthetical": "Mayor Lee spoke on Monday. Many of the closures, he said, have involved public courses.",
    "that_clause": "The senator figures that the bill will pass easily.",
}


@pytest.fixture(scope="module")
def table(nlp_pipeline):
    return attributions([(key, nlp_pipeline(text)) for key, text in TEXTS.items()])


def _one(table, doc_id):
    rows = table[table["doc_id"] == doc_id].to_dict("records")
    assert len(rows) == 1, rows
    return rows[0]


@pytest.mark.parametrize(
    ("doc_id", "content", "cue", "speaker"),
    [
        ("object_predicate", "the report a boldfaced lie", "call", "Carson"),
        ("backs", "Clinton", "back", "The union"),
        ("call_for", "for her ouster", "call", "Sanders supporters"),
        ("accuse", "the agency of hiding the documents", "accuse", "The senator"),
        ("adjective", "of the new trade agreement", "critical", "Many Republicans"),
        ("nominal", "for Trump", "support", "his"),
        (
            "poll",
            "Clinton led Trump among young voters",
            "in",
            "the latest Washington Post-ABC News poll",
        ),
        ("that_clause", "that the bill will pass easily", "figure", "The senator"),
    ],
)
def test_attitudes_with_a_source(table, doc_id, content, cue, speaker):
    row = _one(table, doc_id)
    assert (row["content"], row["cue_lemma"], row["speaker_text"]) == (content, cue, speaker)


def test_kinds_and_stance(table):
    assert _one(table, "nominal")["kind"] == "nominal"
    assert _one(table, "poll")["kind"] == "according_to"
    assert _one(table, "adjective")["cue_stance"] == "loaded"
    assert _one(table, "nominal")["speaker"] == "Herschel Walker"


@pytest.mark.parametrize(
    ("doc_id", "act"),
    [
        ("backs", "belief"),
        ("adjective", "belief"),
        ("nominal", "belief"),
        ("poll", "evidence"),
        ("accuse", "speech"),
        ("parenthetical", "speech"),
    ],
)
def test_act_says_whether_a_source_spoke(table, doc_id, act):
    assert _one(table, doc_id)["act"] == act


@pytest.mark.parametrize(
    ("doc_id", "content", "cue"),
    [
        ("passive", "The decision is widely expected to be unfavorable for Beijing", "expect"),
        ("seem", "Trump's supporters seemed equally unperturbed by the dispute", "seem"),
    ],
)
def test_assessments_without_a_speaker(table, doc_id, content, cue):
    row = _one(table, doc_id)
    assert (row["content"], row["cue_lemma"], row["speaker_text"]) == (content, cue, "")


def test_parenthetical_reporting_clause_keeps_its_speaker(table):
    row = _one(table, "parenthetical")
    assert row["content"].startswith("Many of the closures, he said")
    assert row["speaker"] == "Lee"


def test_attitude_about_a_bare_definite_is_not_content(table):
    assert table[table["doc_id"] == "anaphoric"].empty
