"""Corpus overview tables computed without holding the corpus's words or entities as strings."""

from __future__ import annotations

import pandas as pd

from analysis.overview.corpus_overview import top_entities, word_counts


def test_word_counts_match_str_split():
    texts = pd.Series(
        ["two words", "  lead\tand\ntrail  ", "", "non\u00a0breaking space", "x\u2003y z"],
        dtype="string",
        index=[5, 3, 9, 1, 0],
    )
    expected = texts.str.split().str.len().astype("int64")
    pd.testing.assert_series_equal(word_counts(texts), expected, check_names=False)


def _entities() -> tuple[pd.DataFrame, pd.DataFrame]:
    corpus = pd.DataFrame(
        {"doc_id": ["d3", "d1", "d2", "d4"], "outlet": ["Zeta", "Alpha", "Alpha", "Mid"]}
    ).astype("string")
    rows = [
        ("d1", "PERSON", "Putin"),
        ("d1", "PERSON", "Putin"),
        ("d2", "PERSON", "Putin"),
        ("d2", "GPE", "Kyiv"),
        ("d2", "DATE", "Monday"),  # not a listed label
        ("d3", "ORG", "NATO"),
        ("d3", "GPE", "Kyiv"),
        ("d3", "ORG", "NATO"),
        ("d4", "NORP", "Russian"),
    ]
    entities = pd.DataFrame(rows, columns=["doc_id", "label", "canonical"]).astype("string")
    return entities, corpus


def test_top_entities_counted_by_hand():
    entities, corpus = _entities()
    table = top_entities(entities, corpus, n=10)
    assert table[["outlet", "canonical", "label", "mentions", "documents"]].values.tolist() == [
        ["Alpha", "Putin", "PERSON", 3, 2],
        ["Alpha", "Kyiv", "GPE", 1, 1],
        ["Mid", "Russian", "NORP", 1, 1],
        ["Zeta", "NATO", "ORG", 2, 1],
        ["Zeta", "Kyiv", "GPE", 1, 1],
    ]
    assert table["share_of_outlet_mentions"].tolist() == [0.75, 0.25, 1.0, 0.6667, 0.3333]
    assert table["outlet"].dtype == corpus["outlet"].dtype
    assert table["canonical"].dtype == entities["canonical"].dtype
    # one document per group: the groups keep their alphabetical order, not the documents'
    one_each = top_entities(entities[entities["doc_id"] != "d2"], corpus, n=1)
    assert one_each["outlet"].tolist() == ["Alpha", "Mid", "Zeta"]
