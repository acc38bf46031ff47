"""Sourcing at the edges of paragraphs and documents, where span arithmetic goes wrong.

Every text here was written for these tests. The first group reproduces ``IndexError [E035]``
(a span whose start is after its end) that ended corpus runs; the rest pins what the
extractor returns for the shapes next to it, so a fix for one cannot break the others.
"""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from analysis.sourcing import attributions
from analysis.sourcing.quote_merge import quote_groups, truncate_unclosed
from analysis.sourcing.quotes import quote_spans

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def attribute(nlp_pipeline):
    def run(text: str) -> list[tuple[str, str, str, str]]:
        table = attributions([("doc", nlp_pipeline(text))])
        assert (table["content_start"] <= table["content_end"]).all()
        return [
            (r.kind, r.content, r.cue, r.speaker)
            for r in table[["kind", "content", "cue", "speaker"]].itertuples()
        ]

    return run


# -- the E035 crash: a stray quote mark between a paragraph's content and its trailing clause --


@pytest.mark.parametrize(
    "text",
    [
        'Five people were killed in the blast," authorities said.\n\nThe attack came at dawn.',
        "Five people were killed in the blast, “authorities said.\n\nThe attack came at dawn.",
        'Five people were killed in the blast, " authorities said.\n\nThe attack came at dawn.',
    ],
    ids=["straight-after-comma", "curly-before-clause", "straight-spaced"],
)
def test_trailing_reporting_clause_after_a_stray_mark_before_a_blank_line(attribute, text):
    assert attribute(text) == [
        ("indirect", "Five people were killed in the blast", "said", "authorities")
    ]


def test_trailing_reporting_clause_after_a_stray_mark_at_document_end(attribute):
    assert attribute('The bridge will reopen next week, "the minister said.') == [
        ("indirect", "The bridge will reopen next week", "said", "minister")
    ]


def test_unclosed_quote_is_never_inverted_by_its_clause(nlp_pipeline):
    doc: Doc = nlp_pipeline('Five people were killed in the blast," authorities said.')
    groups = quote_groups(quote_spans(doc.text))
    assert groups == [(37, 56, False)]  # the straight mark opens a quote running to the end
    from analysis.sourcing.lexicons import load_reporting_verbs
    from analysis.sourcing.rules import rule_candidates

    cands = rule_candidates(doc, load_reporting_verbs())
    assert [(c.content_start, c.content_end) for c in cands] == [(0, 36)]
    # before the fix this was [(37, 36)], which doc.char_span turned into E035
    assert truncate_unclosed(doc, groups, cands) == []


# -- the shapes next to it ---------------------------------------------------------------------


def test_trailing_reporting_clause_before_a_blank_line(attribute):
    text = "Five people were killed in the blast on Monday, authorities said.\n\nThe attack came at dawn."
    assert attribute(text) == [
        ("indirect", "Five people were killed in the blast on Monday", "said", "authorities")
    ]


@pytest.mark.parametrize("end", ["", ".", ".\n\n", "\n"])
def test_reporting_clause_at_the_very_end_of_a_document(attribute, end):
    text = f"Prices rose again.\n\nThe talks will resume next week, the minister said{end}"
    assert attribute(text) == [("indirect", "The talks will resume next week", "said", "minister")]


def test_quote_that_never_closes_ends_at_its_reporting_clause(attribute):
    text = "“We will not give up, the mayor said.\n\nThe attack came later."
    assert attribute(text) == [("direct", "“We will not give up", "said", "mayor")]


def test_quote_that_never_closes_at_document_end_floats(attribute):
    text = "The mayor spoke briefly. “We will not give up on this city"
    assert attribute(text) == [("direct", "“We will not give up on this city", "", "")]


def test_document_that_is_one_long_quote(attribute):
    text = "“We will rebuild every house, every school and every road in this city.”"
    assert attribute(text) == [("direct", text, "", "")]


@pytest.mark.parametrize("text", ["Storm over the capital", "Kyiv, Monday"])
def test_headline_without_a_verb_has_no_attribution(attribute, text):
    assert attribute(text) == []


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n", "   \n\n ... !!! \n", "“ ”", '""', "— — —", "«»\n\n“"]
)
def test_document_of_only_whitespace_or_punctuation(attribute, text):
    assert attribute(text) == []


def test_curly_quote_nested_in_guillemets_at_paragraph_end(attribute):
    text = "The minister said: «We will not accept “temporary” solutions.»\n\nThe talks ended."
    assert attribute(text) == [
        ("direct", "«We will not accept “temporary” solutions.»", "said", "minister")
    ]


def test_single_quote_nested_in_curly_quote_at_paragraph_end(attribute):
    text = "“We will not accept ‘temporary’ solutions,” the minister said.\n\n“Never,” he added."
    rows = attribute(text)
    assert rows[0] == (
        "direct",
        "“We will not accept ‘temporary’ solutions,”",
        "said",
        "minister",
    )
    assert rows[1][:3] == ("direct", "“Never,”", "added")


def test_quote_opened_curly_and_closed_straight_at_document_end(attribute):
    """Found by the corpus sweep (BASIL): a curly quote over two paragraphs whose closing
    mark is straight, then the trailing clause and a blank line at the document end."""
    text = (
        "The paper responded on Friday.\n\n“We checked every figure twice. \n\n"
        'We stand by the story and will say more when we can," the editor said.\n\n'
    )
    assert attribute(text) == [
        ("direct", "“We checked every figure twice.", "", ""),
        ("indirect", "We stand by the story and will say more when we can", "said", "editor"),
    ]


def test_opening_curly_mark_typed_for_the_closing_one(attribute):
    """Found by the corpus sweep (news_bias, PolNeAR): “…,“ he said — the second mark is a
    typo for ” and used to open a quote that its own clause then inverted (E035)."""
    assert attribute("“We want unity in the party,“ the senator said.\n\nThe vote is Tuesday.") == [
        ("direct", "“We want unity in the party,“", "said", "senator")
    ]
    typo = "“We want unity in the party,“ the senator said. “We must end this fight.”\n\nThe vote."
    assert attribute(typo) == [
        (kind, content.replace("”", "“", 1), cue, speaker)
        for kind, content, cue, speaker in attribute(typo.replace("“", "”", 2).replace("”", "“", 1))
    ]
