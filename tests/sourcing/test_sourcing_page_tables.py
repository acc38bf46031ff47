"""The sourcing page's tables, checked against counts made by hand on five short articles.

Two outlets, five articles written for this test: direct quotes, reported speech, "according
to" attributions, titled speakers ("Foreign Minister Anna Berg", "Professor Mark Olsen"), a
pronoun that must resolve to its speaker, an anonymous source, and statements given to other
media ("told Reuters", "told the BBC"). The headlines carry no attributions, so every expected
row below can be read off the article bodies.

Hand coding (outlet, article: speaker — kind, cue, source type, medium):

Daily Ledger
  L1: Anna Berg — indirect, say, government;  Anna Berg ("Berg said") — direct, say, government;
      health ministry — according_to, government
  L2: Mark Olsen — indirect, tell, expert, Reuters;  Mark Olsen ("Olsen said", next paragraph,
      so no medium) — indirect, say, expert
Evening Courier
  C1: Tom Reed — direct, say, government (Senator);  finance ministry — according_to, government
  C2: Anna Berg — indirect, tell, government, BBC;  Anna Berg ("she said", same paragraph, so
      the BBC again) — direct, say, government, BBC
  C3: Sources — indirect, say, anonymous;  Mark Olsen — indirect, say, expert

Daily Ledger has 5 attributions in 2 articles, Evening Courier 6 in 3; every share below is a
count divided by that total, rounded to 4 places as the tables are.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow

LEDGER, COURIER = "Daily Ledger", "Evening Courier"

ARTICLES = [
    (
        "L1", LEDGER, "2024-03-04", "Talks to resume in March",
        "Foreign Minister Anna Berg said on Monday that the talks would resume in March.\n\n"
        '"We are ready to sign the agreement," Berg said.\n\n'
        "The harbour will reopen next week, according to the health ministry.",
    ),
    (
        "L2", LEDGER, "2024-03-05", "Food prices this summer",
        "Professor Mark Olsen told Reuters that food prices would fall this summer.\n\n"
        "Olsen said the forecast was uncertain.",
    ),
    (
        "C1", COURIER, "2024-03-04", "Budget plan under fire",
        '"The plan will fail," said Senator Tom Reed.\n\n'
        "According to the finance ministry, the budget was cut by a tenth.",
    ),
    (
        "C2", COURIER, "2024-03-06", "Ceasefire holds",
        "Foreign Minister Anna Berg told the BBC that the ceasefire was holding. "
        '"Nobody wants a new war," she said.',
    ),
    (
        "C3", COURIER, "2024-03-07", "Farm protest continues",
        "Sources said the protest would continue. Professor Mark Olsen said the harvest was late.",
    ),
]  # fmt: skip

#: (doc_id, kind, speaker, source_type, medium) in corpus order: the hand coding above.
ATTRIBUTIONS = [
    ("L1", "indirect", "Anna Berg", "government", ""),
    ("L1", "direct", "Anna Berg", "government", ""),
    ("L1", "according_to", "health ministry", "government", ""),
    ("L2", "indirect", "Mark Olsen", "expert", "Reuters"),
    ("L2", "indirect", "Mark Olsen", "expert", ""),
    ("C1", "direct", "Tom Reed", "government", ""),
    ("C1", "according_to", "finance ministry", "government", ""),
    ("C2", "indirect", "Anna Berg", "government", "BBC"),
    ("C2", "direct", "Anna Berg", "government", "BBC"),
    ("C3", "indirect", "Sources", "anonymous", ""),
    ("C3", "indirect", "Mark Olsen", "expert", ""),
]

# Expected tables: (outlet, category, attributions, share, documents), sorted as the page
# sorts them: outlet, then count (descending), then category name.
BY_SOURCE_TYPE = [
    (LEDGER, "government", 3, 0.6, 1),  # 3 / 5, all in L1
    (LEDGER, "expert", 2, 0.4, 1),  # 2 / 5, both in L2
    (COURIER, "government", 4, 0.6667, 2),  # 4 / 6: Reed, finance ministry (C1), Berg x2 (C2)
    (COURIER, "anonymous", 1, 0.1667, 1),
    (COURIER, "expert", 1, 0.1667, 1),
]
TOP_SPEAKERS_10 = [
    (LEDGER, "Anna Berg", 2, 0.4, 1),
    (LEDGER, "Mark Olsen", 2, 0.4, 1),
    (LEDGER, "health ministry", 1, 0.2, 1),
    (COURIER, "Anna Berg", 2, 0.3333, 1),  # "she said" resolved to Berg
    (COURIER, "Mark Olsen", 1, 0.1667, 1),
    (COURIER, "Sources", 1, 0.1667, 1),
    (COURIER, "Tom Reed", 1, 0.1667, 1),
    (COURIER, "finance ministry", 1, 0.1667, 1),
]
TOP_SPEAKERS_2 = [  # the rest folded into "(other)", which has no document count
    (LEDGER, "Anna Berg", 2, 0.4, 1),
    (LEDGER, "Mark Olsen", 2, 0.4, 1),
    (LEDGER, "(other)", 1, 0.2, None),
    (COURIER, "Anna Berg", 2, 0.3333, 1),
    (COURIER, "Mark Olsen", 1, 0.1667, 1),
    (COURIER, "(other)", 3, 0.5, None),  # 3 / 6 exactly, not three rounded sixths
]
MEDIA_CITED = [
    (LEDGER, "Reuters", 1, 1.0, 1),
    (COURIER, "BBC", 2, 1.0, 1),  # told the BBC, and the quote after it in the same paragraph
]
KINDS = [
    (LEDGER, "indirect", 3, 0.6, 2),
    (LEDGER, "according_to", 1, 0.2, 1),
    (LEDGER, "direct", 1, 0.2, 1),
    (COURIER, "indirect", 3, 0.5, 2),
    (COURIER, "direct", 2, 0.3333, 2),
    (COURIER, "according_to", 1, 0.1667, 1),
]
VERBS = [  # (outlet, cue lemma, stance, attributions, share, documents)
    (LEDGER, "say", "neutral", 3, 0.6, 2),
    (LEDGER, "according to", "neutral", 1, 0.2, 1),
    (LEDGER, "tell", "neutral", 1, 0.2, 1),
    (COURIER, "say", "neutral", 4, 0.6667, 3),
    (COURIER, "according to", "neutral", 1, 0.1667, 1),
    (COURIER, "tell", "neutral", 1, 0.1667, 1),
]
ANONYMOUS = [  # (outlet, attributions, anonymous, share, documents)
    (LEDGER, 5, 0, 0.0, 2),
    (COURIER, 6, 1, 0.1667, 3),
]


def _rows(table: pd.DataFrame) -> list[tuple]:
    """A table as plain tuples; a missing count (pd.NA, NaN after CSV) becomes None."""
    return [
        tuple(None if pd.isna(value) else value for value in row)
        for row in table.itertuples(index=False)
    ]


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sourcing-page") / "articles.csv"
    frame = pd.DataFrame(ARTICLES, columns=["id", "outlet", "date", "title", "text"])
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def attributions(corpus_file, session_store) -> pd.DataFrame:
    """The attribution table exactly as the 01_sourcing notebook builds it (default parameters)."""
    import analysis
    from analysis import sourcing

    ann = analysis.open_corpus(str(corpus_file), store=str(session_store), model="", query="")
    frame = sourcing.attributions(ann.docs(), ann.corpus, verbs=None, source_types=None)
    return sourcing.keep_acts(frame, "")


def test_extraction_matches_the_hand_coding(attributions):
    got = attributions[["doc_id", "kind", "speaker", "source_type", "medium"]].fillna("")
    assert _rows(got) == ATTRIBUTIONS
    assert set(attributions["act"]) == {"speech"}


def test_share_of_voice_by_source_type(attributions):
    from analysis.sourcing import share_of_voice

    assert _rows(share_of_voice(attributions, by="source_type")) == BY_SOURCE_TYPE


def test_top_speakers(attributions):
    from analysis.sourcing import share_of_voice

    assert _rows(share_of_voice(attributions, by="speaker", top=10)) == TOP_SPEAKERS_10
    assert _rows(share_of_voice(attributions, by="speaker", top=2)) == TOP_SPEAKERS_2


def test_media_cited_kinds_verbs_and_anonymous(attributions):
    from analysis import sourcing

    assert _rows(sourcing.media_cited(attributions)) == MEDIA_CITED
    assert _rows(sourcing.kind_shares(attributions)) == KINDS
    assert _rows(sourcing.verb_profile(attributions)) == VERBS
    assert _rows(sourcing.anonymous_share(attributions)) == ANONYMOUS


def test_the_rendered_page_publishes_the_same_tables(corpus_file, session_store, tmp_path):
    """The real notebook through the report runner: its CSV tables hold the hand counts."""
    from analysis.reports import run_reports

    result = run_reports(
        [corpus_file],
        tmp_path / "report",
        store=session_store,
        only=["01_sourcing"],
        parameters={"top_speakers": 2},
    )
    tables = result.out / "tables"
    expected = {
        "sourcing_share_by_source_type": BY_SOURCE_TYPE,
        "sourcing_top_speakers": TOP_SPEAKERS_2,
        "sourcing_media_cited": MEDIA_CITED,
        "sourcing_kinds": KINDS,
        "sourcing_verbs": VERBS,
        "sourcing_anonymous": ANONYMOUS,
    }
    for name, rows in expected.items():
        table = pd.read_csv(tables / f"{name}.csv", keep_default_na=False, na_values=[""])
        assert _rows(table) == rows, name
    evidence = pd.read_csv(tables / "sourcing_evidence.csv", keep_default_na=False)
    assert len(evidence) == len(ATTRIBUTIONS)
    berg_quote = evidence[(evidence["doc_id"] == "C2") & (evidence["kind"] == "direct")]
    assert berg_quote["evidence_sentence"].tolist() == ['"Nobody wants a new war," she said.']
    page = (result.out / "01_sourcing.html").read_text(encoding="utf-8")
    assert "Anna Berg" in page and "Evening Courier" in page
