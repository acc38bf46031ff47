"""Query language: every operator on a hand-checked corpus, errors with positions, labelled queries."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.query import QueryEngine, parse_labelled_queries, parse_query
from analysis.query.syntax import And, Not, Or, Phrase, Term


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ceasefire", ["d1", "d4"]),
        ("Ceasefire OR truce", ["d1", "d4"]),
        ("truce AND Minsk", ["d1"]),
        ("truce Minsk", ["d1"]),  # implicit AND
        ("talks NOT peace", ["d1"]),
        ("NOT talks", ["d5"]),
        ("NOT NOT talks", ["d1", "d2", "d3", "d4"]),
        ('"peace talks"', ["d2", "d4"]),  # "Peace-talks": the hyphen is punctuation
        ('"peace talks"~1', ["d2", "d4"]),
        ('"peace talks"~2', ["d2", "d3", "d4"]),  # "Talks about peace"
        ("negotiat*", ["d1", "d5"]),
        ("title:truce", ["d4"]),
        ("title:(ceasefire OR truce)", ["d1", "d4"]),
        ('outlet:"rt"', ["d1", "d2"]),
        ("outlet:B*", ["d3", "d4", "d5"]),
        ("published:[2022-01-01 TO 2022-01-31]", ["d1", "d2", "d3"]),
        ("published:[2022-01-05 TO *]", ["d2", "d4"]),
        ("published:2022-02", ["d4"]),
        ("(truce OR ceasefire) AND outlet:BBC", ["d4"]),
        ("Minsk OR Kyiv AND Oil", ["d1"]),  # AND binds tighter than OR
        ("(Minsk OR Kyiv) AND NOT outlet:BBC", ["d1", "d2"]),
    ],
)
def test_document_matches(engine, query, expected):
    assert engine.matching_ids(query) == expected


def test_sentence_level_keeps_words_in_one_sentence(engine):
    assert engine.sentences("truce AND Minsk").empty
    found = engine.sentences('"peace talks"~2')
    assert list(zip(found["doc_id"], found["sent"], strict=True)) == [
        ("d2", 1),
        ("d3", 2),
        ("d4", 2),
    ]
    rt = engine.sentences("outlet:RT AND truce")
    assert rt[["doc_id", "sent", "text"]].values.tolist() == [["d1", 2, "No truce was agreed."]]


def test_ast_shapes():
    root = parse_query('a OR b c NOT "x y"~3').root
    assert isinstance(root, Or)
    assert root.items[0] == Term("a", False, None, 0)
    second = root.items[1]
    assert isinstance(second, And) and isinstance(second.items[2], Not)
    assert second.items[2].item == Phrase((("x", False), ("y", False)), 3, None, 13)
    assert parse_query("negotiat*").root == Term("negotiat", True, None, 0)


@pytest.mark.parametrize(
    ("query", "position", "message"),
    [
        ("(ceasefire OR truce", 20, "expected ')'"),
        ("ceasefire OR", 13, "expected a word"),
        ('"peace talks', 1, "never closed"),
        ("neg*tiate", 4, "only trailing wildcards"),
        ("ceasefire ~3", 11, "~N must follow a quoted phrase"),
        ("published:[2022-01-01 TO ]", 26, "expected an end date"),
        ("published:[2022-01-01 2022-02-01]", 23, "expected TO"),
        ("published:2022-13", 11, "is not a date"),
        ("a AND AND b", 7, "expected a word"),
        ("a )", 3, "unexpected ')'"),
        ("", 1, "empty"),
    ],
)
def test_syntax_errors_name_the_position(query, position, message):
    with pytest.raises(InputError) as info:
        parse_query(query)
    text = str(info.value)
    assert f"position {position}:" in text
    assert message in text
    lines = text.splitlines()
    assert lines[1] == f"  {query}"
    assert lines[2] == "  " + " " * (position - 1) + "^"


def test_unknown_field_is_reported(engine):
    with pytest.raises(InputError, match=r"position 1: unknown field 'author'"):
        engine.sql("author:smith")


def test_labelled_queries_parse_and_errors(tmp_path):
    path = tmp_path / "concepts.txt"
    path.write_text(
        "# concepts\nCeasefire = ceasefire OR truce\n\nTalks = negotiat*\n", encoding="utf-8"
    )
    assert list(parse_labelled_queries(path)) == ["Ceasefire", "Talks"]
    with pytest.raises(InputError, match=r"line 2 \(B\): query syntax error at position 3"):
        parse_labelled_queries("A = a\nB = (b")
    with pytest.raises(InputError, match="line 1: expected 'Label = query'"):
        parse_labelled_queries("just a query\nX = y")
    with pytest.raises(InputError, match="defined twice"):
        parse_labelled_queries("A = a\nA = b")


def test_labelled_query_counts_hand_checked(engine):
    from analysis.overview.attention import labelled_query_counts

    text = 'Ceasefire = ceasefire OR truce\nTalks = "peace talks" OR negotiat*\nKyiv = Kyiv'
    counts = labelled_query_counts(text, engine)
    assert counts.values.tolist() == [
        ["Ceasefire", "BBC", 1, 3, 0.3333],
        ["Ceasefire", "RT", 1, 2, 0.5],
        ["Talks", "BBC", 2, 3, 0.6667],
        ["Talks", "RT", 2, 2, 1.0],
        ["Kyiv", "BBC", 0, 3, 0.0],
        ["Kyiv", "RT", 1, 2, 0.5],
    ]
    monthly = labelled_query_counts(text, engine, freq="M")
    ceasefire = monthly[monthly["label"] == "Ceasefire"]
    assert ceasefire[["outlet", "matching", "documents"]].values.tolist() == [
        ["BBC", 0, 1],
        ["BBC", 1, 1],
        ["RT", 1, 2],
    ]
    assert str(ceasefire["period"].iloc[1].date()) == "2022-02-01"


def test_labelled_query_counts_over_other_groups_of_the_same_documents(engine):
    """Folded groups are counted with the engine's matches: no second engine over the words."""
    from analysis.overview.attention import labelled_query_counts

    merged = engine.corpus.assign(outlet="all outlets")
    counts = labelled_query_counts("Talks = negotiat*", engine, corpus=merged)
    assert counts.values.tolist() == [["Talks", "all outlets", 2, 5, 0.4]]
    assert labelled_query_counts("Talks = negotiat*", engine)["matching"].sum() == 2


def test_body_words_match_without_the_body_as_a_field(engine):
    """The corpus DuckDB sees has no text column; body words still match through the words."""
    registered = engine.con.execute("SELECT * FROM corpus LIMIT 0").df().columns
    assert "text" not in registered and "title" in registered
    assert engine.matching_ids("ceasefire") == ["d1", "d4"]


@pytest.mark.slow
def test_restrict_annotations_filters_the_corpus(sample_annotations):
    from analysis.query import restrict_annotations

    ann = sample_annotations
    assert restrict_annotations(ann, "") is ann
    wikinews = restrict_annotations(ann, 'outlet:"Wikinews"')
    expected = ann.corpus.loc[ann.corpus["outlet"] == "Wikinews", "doc_id"].tolist()
    assert wikinews.corpus["doc_id"].tolist() == expected and len(expected) > 5
    assert set(wikinews.tokens["doc_id"].astype(str)) == set(expected)
    with pytest.raises(InputError, match="no document matches"):
        restrict_annotations(ann, "zebra")


def test_labelled_queries_from_a_mapping(engine):
    from analysis.overview.attention import labelled_query_counts

    counts = labelled_query_counts({"Kyiv": "Kyiv", "Minsk": "title:Minsk OR Minsk"}, engine)
    assert counts.groupby("label", sort=False)["matching"].sum().to_dict() == {
        "Kyiv": 1,
        "Minsk": 1,
    }
    with pytest.raises(InputError, match="labelled query 'Bad': query syntax error at position 1"):
        parse_labelled_queries({"Bad": ")"})


@pytest.mark.slow
def test_engine_over_the_store_matches_the_engine_over_the_token_table(sample_annotations):
    from analysis import fold_groups

    ann = sample_annotations
    folded = fold_groups(ann.corpus, by="outlet", max_groups=2).corpus
    queries = [
        "Ukrain* OR Kyiv OR Kiev",
        '"peace talks"~5 AND NOT sanction*',
        'title:Putin OR outlet:"Wikinews"',
        "war AND published:[2022-02-01 TO 2022-12-31]",
    ]
    for corpus in (ann.corpus, folded):
        in_memory = QueryEngine(ann.tokens, corpus, ann.sentences)
        from_store = QueryEngine.from_annotations(ann, corpus, ann.sentences)
        for query in queries:
            assert from_store.matching_ids(query) == in_memory.matching_ids(query)
            pd.testing.assert_frame_equal(from_store.sentences(query), in_memory.sentences(query))
    assert len(in_memory.matching_ids(queries[0])) > 20


def test_a_closed_engine_runs_no_query(tiny):
    corpus, tokens, sentences = tiny
    engine = QueryEngine(tokens, corpus, sentences)
    assert engine.matching_ids("ceasefire") == ["d1", "d4"]
    engine.close()
    with pytest.raises(Exception, match="closed"):
        engine.matching_ids("ceasefire")
