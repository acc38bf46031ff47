"""Actors: titles stripped, aliases and surnames merged, user corrections, quoted vs mentioned."""

from __future__ import annotations

import pandas as pd

from analysis.overview.actors import (
    actor_mentions,
    actors_over_time,
    canonical_actor,
    load_actor_names,
    quoted_vs_mentioned,
    top_actors,
)

ENTITIES = [
    ("a", "Donald Trump", "PERSON"),
    ("a", "Trump", "PERSON"),
    ("a", "President Trump", "PERSON"),
    ("a", "Trump", "ORG"),  # spaCy's common mislabel, merged because the person is named here
    ("b", "Trump", "PERSON"),  # no full name in b: the corpus-wide one
    ("b", "US President Donald J. Trump's", "PERSON"),
    ("c", "Zelensky", "PERSON"),
    ("c", "Zelenskyy", "PERSON"),
    ("c", "Volodymyr Zelensky", "PERSON"),
    ("c", "Ukrainian President Volodymyr Zelenskyy", "PERSON"),
    ("c", "Vladimir Zelensky", "PERSON"),
    ("c", "Volodymyr Zelenskyi", "PERSON"),
    ("d", "Johnson", "PERSON"),
    ("d", "Andrew Johnson", "PERSON"),
    ("e", "Johnson", "PERSON"),
    ("e", "Boris Johnson", "PERSON"),
    ("f", "Johnson", "PERSON"),  # two Johnsons tie corpus-wide: left alone
    ("f", "UN", "ORG"),
    ("f", "the United Nations", "ORG"),
]


def _entities() -> pd.DataFrame:
    rows = [
        {"doc_id": d, "sent": k, "label": label, "text": text, "canonical": text}
        for k, (d, text, label) in enumerate(ENTITIES)
    ]
    return pd.DataFrame(rows)


def test_titles_and_possessives_are_stripped():
    names = load_actor_names()
    assert canonical_actor("US President Donald Trump's", "PERSON", names) == "Donald Trump"
    assert (
        canonical_actor("Deputy Foreign Minister Alexander Grushko", "PERSON", names)
        == "Alexander Grushko"
    )
    assert canonical_actor("Mr. Putin", "PERSON", names) == "Putin"
    assert canonical_actor("President", "PERSON", names) == "President"  # never strip to nothing
    assert canonical_actor("the Kremlin's", "ORG", names) == "Kremlin"


def test_variants_merge_into_one_actor():
    mentions = actor_mentions(_entities())
    actor = dict(zip(mentions.index, mentions["actor"], strict=True))
    assert {actor[i] for i in range(6)} == {"Donald Trump"}
    assert {actor[i] for i in range(6, 12)} == {"Volodymyr Zelensky"}
    assert actor[12] == "Andrew Johnson"  # same-document full name wins
    assert actor[14] == "Boris Johnson"
    assert actor[16] == "Johnson"
    assert actor[17] == actor[18] == "United Nations"
    assert mentions.loc[3, "actor_label"] == "PERSON" and mentions.loc[3, "label"] == "ORG"


def test_user_alias_file_corrects_and_keeps(tmp_path):
    aliases = tmp_path / "aliases.yml"
    aliases.write_text(
        "aliases:\n  The Donald: [Donald Trump]\nkeep: [Johnson]\n", encoding="utf-8"
    )
    mentions = actor_mentions(_entities(), aliases=aliases)
    assert set(mentions.loc[0:5, "actor"]) == {"The Donald"}
    assert mentions.loc[12, "actor"] == "Johnson"  # kept apart by the user


def test_top_actors_over_time_and_quotes():
    entities = _entities()
    mentions = actor_mentions(entities)
    corpus = pd.DataFrame(
        {
            "doc_id": list("abcdef"),
            "outlet": ["X", "X", "Y", "Y", "Y", "Y"],
            "published": pd.to_datetime(
                ["2022-01-05", "2022-02-01", "2022-02-02", None, "2022-03-01", "2022-03-02"]
            ),
        }
    )
    top = top_actors(mentions, corpus, n=2)
    x = top[top["outlet"] == "X"].iloc[0]
    assert (x["actor"], x["mentions"], x["documents"]) == ("Donald Trump", 6, 2)
    assert x["variants"].startswith("Trump; ")
    over_time = actors_over_time(mentions, corpus, actors=["Donald Trump"], freq="M")
    assert over_time[["outlet", "mentions"]].values.tolist() == [["X", 4], ["X", 2]]
    quoted = quoted_vs_mentioned(
        mentions, pd.DataFrame({"speaker": ["Trump", "Zelenskyy", "Ms. Nobody", None, ""]})
    )
    status = dict(zip(quoted["actor"], quoted["status"], strict=True))
    assert status["Donald Trump"] == "quoted" and status["Volodymyr Zelensky"] == "quoted"
    assert status["United Nations"] == "mentioned only"
    assert quoted.set_index("actor").loc["Nobody", "mentions"] == 0


def test_corpus_without_people_or_organisations_gives_empty_tables():
    places_only = pd.DataFrame(
        {"doc_id": ["a"], "sent": [0], "label": ["GPE"], "text": ["Paris"], "canonical": ["Paris"]}
    )
    mentions = actor_mentions(places_only)
    assert mentions.empty and {"name", "actor", "actor_label"} <= set(mentions.columns)
    table = top_actors(mentions, pd.DataFrame({"doc_id": ["a"], "outlet": ["x"]}), n=5)
    assert table.empty and "mentions" in table.columns
