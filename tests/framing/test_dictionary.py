"""Frame dictionaries: shipped files, validation errors that name the entry, and matching."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError, ResourceError
from analysis.framing import load_frame_dictionary, match_frames

SEMEVAL_FRAMES = [
    "Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation",
    "Crime_and_punishment", "Security_and_defense", "Health_and_safety", "Quality_of_life",
    "Cultural_identity", "Public_opinion", "Political", "External_regulation_and_reputation",
]  # fmt: skip


def test_policy_frames_dictionary_has_the_fourteen_codebook_frames():
    d = load_frame_dictionary()
    assert d.name == "policy_frames"
    assert d.frames == SEMEVAL_FRAMES
    assert all(len(text) > 30 for text in d.definitions.values())
    assert all(len(d.terms(f)) >= 20 for f in d.frames)
    assert (d.entries["weight"] > 0).all()


def test_generic_frames_dictionary_has_semetko_valkenburg_frames():
    d = load_frame_dictionary("generic_frames")
    assert d.frames == [
        "Attribution_of_responsibility",
        "Conflict",
        "Human_interest",
        "Economic_consequences",
        "Morality",
    ]


def test_user_file_is_loaded(tmp_path, small_dictionary):
    path = tmp_path / "mine.yml"
    path.write_text(
        "name: mine\nframes:\n  A:\n    definition: an a frame\n    terms: [alpha, beta gamma]\n"
    )
    d = load_frame_dictionary(path)
    assert d.name == "mine" and d.terms("A") == ["alpha", "beta gamma"]
    assert load_frame_dictionary(small_dictionary).frames == ["Economic", "Legal", "Policy"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("frames: {}", "non-empty 'frames'"),
        ("frames:\n  A:\n    definition: x\n    terms: [a, a]", "term #2: 'a' is listed twice"),
        (
            "frames:\n  A:\n    definition: x\n    terms: [{term: a, weight: -1}]",
            "weight must be a positive number",
        ),
        (
            "frames:\n  A:\n    definition: x\n    terms: [{term: a, wieght: 2}]",
            "unknown keys ['wieght']",
        ),
        ("frames:\n  A:\n    definition: x\n    terms: []", "'terms' must be a non-empty list"),
        ("frames:\n  A:\n    terms: [a]", "'definition' must be a non-empty"),
        ("frames:\n  A b:\n    definition: x\n    terms: [a]", "frame keys use letters"),
        ("frames:\n  A:\n    definition: x\n    terms: ['*a']", "'*' is only allowed at the end"),
        (
            "frames:\n  A:\n    definition: x\n    terms: [3]",
            "term #1: expected a non-empty string",
        ),
        ("frames: [a", "not valid YAML"),
    ],
)
def test_invalid_dictionary_names_file_and_entry(tmp_path, text, message):
    path = tmp_path / "bad.yml"
    path.write_text(text)
    with pytest.raises(ResourceError) as error:
        load_frame_dictionary(path)
    assert message in str(error.value)
    assert "bad.yml" in str(error.value)


def test_unknown_dictionary_says_what_exists():
    with pytest.raises(ResourceError, match="policy_frames, generic_frames"):
        load_frame_dictionary("no_such_dictionary")


def test_matching_lemmas_phrases_wildcards_and_nesting(tables, small_dictionary):
    tokens, _ = tables(
        {
            "d1": [
                "The tax cuts hit the economies hard .",
                "Human rights went to the Supreme Court .",
            ],
            "d2": ["A budget tax .", "cut policies ."],
        }
    )
    m = match_frames(tokens, small_dictionary)
    got = list(m[["doc_id", "start", "end", "frame", "term"]].itertuples(index=False, name=None))
    assert got == [
        ("d1", 1, 3, "Economic", "tax cut"),  # longer match wins over "tax" inside the same frame
        ("d1", 1, 3, "Policy", "tax cut"),  # other frames may count the same words
        ("d1", 5, 6, "Economic", "econom*"),  # wildcard on "economies"
        ("d1", 8, 10, "Legal", "human right"),  # lemma "right" of "rights"
        ("d1", 13, 15, "Legal", "supreme court"),  # "court" inside it is not counted again
        ("d2", 1, 2, "Economic", "budget"),
        ("d2", 2, 3, "Economic", "tax"),  # "tax" + next sentence "cut" is no phrase
        ("d2", 5, 6, "Policy", "policy"),  # "policy" (lemma) and "policies" (lower): one hit
    ]
    assert m.loc[m["term"] == "budget", "weight"].item() == 2.0


def test_phrases_do_not_cross_documents(tables):
    tokens, _ = tables({"a": ["we pay tax"], "b": ["cut it"]})
    m = match_frames(tokens, {"frames": {"E": {"definition": "x", "terms": ["tax cut"]}}})
    assert m.empty and list(m.columns) == [
        "doc_id",
        "sent",
        "start",
        "end",
        "frame",
        "term",
        "weight",
    ]


def test_match_requires_token_columns():
    with pytest.raises(InputError, match=r"lacks column\(s\)"):
        match_frames(pd.DataFrame({"doc_id": ["a"]}))


def test_empty_tokens_give_empty_matches(tables):
    tokens, _ = tables({"a": ["x"]})
    assert match_frames(tokens.iloc[:0]).empty
