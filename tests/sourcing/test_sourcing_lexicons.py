"""The sourcing YAML resources load, and broken user files fail with messages that help."""

import pytest

from analysis.errors import ResourceError
from analysis.sourcing import load_media, load_reporting_verbs, load_source_types


def test_default_verbs_have_stances_and_groups():
    verbs = load_reporting_verbs()
    assert verbs.stance["say"] == "neutral"
    assert verbs.stance["claim"] == "loaded"
    assert verbs.stance["admit"] == "loaded"
    assert verbs.group["think"] == "belief"
    assert verbs.nominal["claim"] == "loaded"
    assert verbs.nominal["suggestion"] == "neutral"


def test_default_source_types_and_media():
    types = load_source_types()
    names = [name for name, _ in types.types]
    assert names[:3] == ["military", "international_organisation", "government"]
    assert "sources" in types.anonymous_bare
    assert types.abbreviations["MoD"][0] == "defense ministry"
    media = load_media()
    assert "RIA Novosti" in media.outlets and "Twitter" in media.platforms
    assert "AP" in media.photo_credits


def test_verb_listed_under_both_stances_is_an_error(tmp_path):
    path = tmp_path / "verbs.yml"
    path.write_text(
        "neutral:\n  speech: [say, claim]\nloaded:\n  speech: [claim]\n", encoding="utf-8"
    )
    with pytest.raises(ResourceError, match="'claim' is listed as both neutral and loaded"):
        load_reporting_verbs(path)


def test_unknown_group_and_missing_file_are_errors(tmp_path):
    path = tmp_path / "verbs.yml"
    path.write_text("neutral:\n  shouting: [yell]\nloaded:\n  speech: []\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="unknown group 'neutral.shouting'"):
        load_reporting_verbs(path)
    with pytest.raises(ResourceError, match="cannot read"):
        load_source_types(tmp_path / "missing.yml")


def test_user_verbs_extend_the_cues(tmp_path):
    path = tmp_path / "verbs.yml"
    path.write_text(
        "neutral:\n  speech: [say, opine]\nloaded:\n  speech: [gripe]\n", encoding="utf-8"
    )
    verbs = load_reporting_verbs(path)
    assert verbs.is_cue("opine") and verbs.stance["gripe"] == "loaded" and not verbs.is_cue("claim")


def test_default_frames_for_prepositions_adjectives_and_polls():
    verbs = load_reporting_verbs()
    assert "against" in verbs.verb_preps["warn"] and "for" in verbs.verb_preps["call"]
    assert "for" in verbs.noun_preps["support"]
    assert verbs.adjectives["critical"] == ("of",)
    assert verbs.stance_of("critical") == "loaded" and verbs.stance_of("say") == "neutral"
    assert "poll" in verbs.evidence_nouns


def test_preposition_frame_for_an_unlisted_cue_is_an_error(tmp_path):
    path = tmp_path / "verbs.yml"
    path.write_text(
        "neutral:\n  speech: [say]\nloaded:\n  speech: []\n"
        "prepositions:\n  verbs:\n    rant: [about]\n",
        encoding="utf-8",
    )
    with pytest.raises(ResourceError, match="'prepositions.verbs.rant' is not a listed cue"):
        load_reporting_verbs(path)
