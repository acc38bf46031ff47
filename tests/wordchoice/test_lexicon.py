"""Competing-terms lexicon: validation and matching rules (tokenizer-only tables, no model)."""

from __future__ import annotations

import pytest

from analysis.errors import ResourceError
from analysis.wordchoice.lexicon import BUNDLED_LEXICONS, load_lexicon, match_lexicon

LEXICON = {
    "name": "test",
    "concepts": [
        {"concept": "capital", "counts_inside_phrases": True, "variants": ["Kyiv", "Kiev"]},
        {
            "concept": "government",
            "variants": [
                {"term": "Ukrainian government", "stance": "neutral"},
                {
                    "term": "Kiev regime",
                    "stance": "russian_official",
                    "patterns": ["kiev regime", "kyiv regime"],
                },
            ],
        },
        {
            "concept": "war_name",
            "exclude": ["cold war", "prisoners of war"],
            "variants": ["war", {"term": "special military operation"}],
        },
        {"concept": "captives", "variants": ["prisoners of war", "captives"]},
    ],
}


def test_bundled_lexicons_load_and_have_required_concepts() -> None:
    for name in BUNDLED_LEXICONS:
        assert load_lexicon(name).concepts
    concepts = {c.concept for c in load_lexicon("russia_ukraine").concepts}
    assert {"kyiv_spelling", "ukraine_government", "war_name", "territories", "donbas_spelling",
            "fighters", "crimea_status", "captives"} <= concepts  # fmt: skip
    government = next(c for c in load_lexicon().concepts if c.concept == "ukraine_government")
    assert [v.term for v in government.variants][:4] == [
        "Ukrainian government", "Kiev regime", "Kyiv authorities", "Zelensky regime"
    ]  # fmt: skip


def test_matching_is_case_and_hyphen_insensitive_and_multiword(blank_tables) -> None:
    tokens, _ = blank_tables(
        {"d1": "The KIEV-REGIME said so. Kyiv replied to the Ukrainian Government."}
    )
    found = match_lexicon(tokens, LEXICON)
    assert list(zip(found["concept"], found["variant"], found["matched"], strict=True)) == [
        ("capital", "Kiev", "KIEV"),
        ("government", "Kiev regime", "KIEV-REGIME"),
        ("capital", "Kyiv", "Kyiv"),
        ("government", "Ukrainian government", "Ukrainian Government"),
    ]
    # The(0) KIEV(1) -(2) REGIME(3) said so . Kyiv(7) replied to the Ukrainian(11) Government(12)
    assert found["start"].tolist() == [1, 1, 7, 11] and found["end"].tolist() == [2, 4, 8, 13]


def test_longer_match_wins_and_exclusions_veto(blank_tables) -> None:
    tokens, _ = blank_tables(
        {"d1": "Prisoners of war were swapped after the war. The Cold War was different."}
    )
    found = match_lexicon(tokens, LEXICON)
    assert found[["concept", "matched"]].values.tolist() == [
        ["captives", "Prisoners of war"],
        ["war_name", "war"],
    ]


def test_phrases_do_not_cross_sentences(blank_tables) -> None:
    tokens, _ = blank_tables({"d1": "He left Kiev. Regime change followed."})
    found = match_lexicon(tokens, LEXICON)
    assert found["variant"].tolist() == ["Kiev"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"concepts": "x"}, "'concepts:' list"),
        (
            {"concepts": [{"concept": "a", "variants": ["only one"]}]},
            "concept 'a' needs a 'variants' list",
        ),
        (
            {"concepts": [{"concept": "a", "variants": ["x", {"stance": "y"}]}]},
            "variant 2 needs a non-empty string 'term'",
        ),
        (
            {
                "concepts": [
                    {"concept": "a", "variants": ["x", "y"]},
                    {"concept": "a", "variants": ["x", "y"]},
                ]
            },
            "defined twice",
        ),
        (
            {"concepts": [{"concept": "a", "variants": ["x", {"term": "y", "patterns": "y"}]}]},
            "'patterns' must be a list",
        ),
    ],
)
def test_invalid_lexicons_name_the_entry(data: dict, message: str) -> None:
    with pytest.raises(ResourceError, match=message):
        load_lexicon(data)


def test_missing_file_says_what_to_pass(tmp_path) -> None:
    with pytest.raises(ResourceError, match="does not exist"):
        load_lexicon(tmp_path / "nope.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("concepts: [unclosed", encoding="utf-8")
    with pytest.raises(ResourceError, match="bad.yml"):
        load_lexicon(bad)
