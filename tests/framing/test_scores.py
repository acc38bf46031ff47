"""Frame scores per document and sentence, evidence, aggregation with bootstrap intervals, plots."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.framing import (
    example_sentences,
    frame_profile,
    frame_scores,
    plot_frame_heatmap,
    plot_frames_over_time,
    plot_top_terms,
    top_frame_terms,
)


@pytest.fixture
def scored(tables, small_dictionary):
    tokens, sentences = tables(
        {
            "d1": [
                "The tax cuts hit the economies hard .",
                "Human rights went to the Supreme Court .",
            ],
            "d2": ["A budget tax .", "cut policies ."],
            "d3": ["Nothing here ."],
        }
    )
    corpus = pd.DataFrame(
        {
            "doc_id": ["d0", "d1", "d2", "d3"],
            "outlet": ["B", "A", "A", "B"],
            "published": pd.to_datetime(["2020-01-05", "2020-01-10", "2020-02-01", None]),
        }
    )
    return frame_scores(tokens, sentences, corpus, dictionary=small_dictionary), corpus


def test_doc_scores_per_1000_tokens_and_dominant(scored):
    scores, _ = scored
    wide = scores.wide()
    assert list(wide.index) == ["d0", "d1", "d2", "d3"]  # corpus order; d0 has no tokens
    assert list(wide.columns) == ["Economic", "Legal", "Policy"]
    # d1: 14 word tokens (16 minus two '.'); Economic = tax cut + econom* = 2 hits
    assert wide.loc["d1", "Economic"] == pytest.approx(2 / 14 * 1000)
    assert wide.loc["d1", "Legal"] == pytest.approx(2 / 14 * 1000)
    # d2: 5 word tokens; budget (weight 2) + tax = 3
    assert wide.loc["d2", "Economic"] == pytest.approx(3 / 5 * 1000)
    assert scores.wide("hits").loc["d2", "Economic"] == 2
    assert (wide.loc[["d0", "d3"]] == 0).all().all()
    dominant = scores.dominant().set_index("doc_id")["dominant_frames"].to_dict()
    assert dominant == {"d0": "", "d1": "Economic; Legal", "d2": "Economic", "d3": ""}


def test_sentence_scores_and_evidence(scored):
    scores, _ = scored
    sent = scores.sentence
    assert sent[(sent["doc_id"] == "d1") & (sent["sent"] == 1)][
        ["frame", "hits"]
    ].values.tolist() == [["Legal", 2]]
    ev = scores.evidence
    row = ev[(ev["term"] == "supreme court")].iloc[0]
    assert row["text"] == "Supreme Court"
    assert row["sentence"] == "Human rights went to the Supreme Court ."
    assert ev.loc[ev["term"] == "econom*", "text"].tolist() == ["economies"]
    assert list(ev["doc_id"].unique()) == ["d1", "d2"]


def test_profile_by_outlet_with_bootstrap(scored):
    scores, corpus = scored
    profile = frame_profile(scores.doc, corpus, by="outlet", n_boot=200, seed=1)
    a = profile[(profile["outlet"] == "A") & (profile["frame"] == "Economic")].iloc[0]
    assert a["n_docs"] == 2 and a["docs_with_frame"] == 2 and a["share_docs"] == 1.0
    assert a["mean"] == pytest.approx((2 / 14 * 1000 + 600) / 2)
    assert a["ci_low"] <= a["mean"] <= a["ci_high"]
    assert a["ci_low"] >= 2 / 14 * 1000 - 1e-9 and a["ci_high"] <= 600 + 1e-9
    again = frame_profile(scores.doc, corpus, by="outlet", n_boot=200, seed=1)
    pd.testing.assert_frame_equal(profile, again)  # fixed seed: identical intervals
    b = profile[profile["outlet"] == "B"]
    assert (b["mean"] == 0).all() and (b["ci_high"] == 0).all()


def test_profile_by_period_drops_undated(scored):
    scores, corpus = scored
    profile = frame_profile(scores.doc, corpus, by=(), period="M", n_boot=50)
    assert sorted(profile["period"].unique()) == ["2020-01", "2020-02"]
    assert profile.groupby("period")["n_docs"].first().to_dict() == {"2020-01": 2, "2020-02": 1}


def test_profile_rejects_unknown_group(scored):
    scores, corpus = scored
    with pytest.raises(InputError, match=r"lacks column\(s\) \[.leaning.\]; group by one of"):
        frame_profile(scores.doc, corpus, by="leaning")


def test_top_terms_and_examples(scored):
    scores, corpus = scored
    terms = top_frame_terms(scores.evidence, corpus, by="outlet", n=2)
    economic = terms[terms["frame"] == "Economic"]
    assert economic["term"].tolist() == ["budget", "econom*"]  # budget weight 2 first; ties by term
    assert economic["share"].iloc[0] == pytest.approx(2 / 5)
    examples = example_sentences(scores, "Legal", n=1)
    assert examples.loc[0, "sentence"] == "Human rights went to the Supreme Court ."
    assert examples.loc[0, "terms"] == "human rights, supreme court"
    with pytest.raises(InputError, match="not in dictionary"):
        example_sentences(scores, "Nope")


def test_plots_have_titles_labels_and_captions(scored):
    scores, corpus = scored
    profile = frame_profile(scores.doc, corpus, n_boot=20)
    fig = plot_frame_heatmap(profile)
    ax = fig.axes[0]
    assert ax.get_title() == "Frame profile by outlet" and ax.get_xlabel() == "frame"
    assert fig._supxlabel is not None and "1,000 tokens" in fig._supxlabel.get_text()
    timeline = frame_profile(scores.doc, corpus, by=(), period="M", n_boot=20)
    fig2 = plot_frames_over_time(timeline, top=2)
    assert fig2.axes[0].get_ylabel() == "mean hits per 1,000 tokens"
    assert len(fig2.axes[0].get_lines()) == 2
    fig3 = plot_top_terms(top_frame_terms(scores.evidence), "Economic", n=3)
    widths = [bar.get_width() for bar in fig3.axes[0].patches]
    assert widths == [2.0, 1.0, 1.0]
    assert np.isfinite(widths).all()


def test_dominant_frame_counts(scored):
    from analysis.framing import dominant_frame_counts

    scores, corpus = scored
    table = dominant_frame_counts(scores, corpus, by="outlet")
    rows = list(table.itertuples(index=False, name=None))
    assert rows == [("A", "Economic", 2, 1.0), ("A", "Legal", 1, 0.5), ("B", "(none)", 2, 1.0)]


def test_document_frames_table(scored):
    from analysis.framing import document_frames

    scores, corpus = scored
    table = document_frames(scores, corpus.assign(title=["t0", "t1", "t2", "t3"]))
    assert list(table.columns) == [
        "doc_id",
        "outlet",
        "title",
        "n_tokens",
        "Economic",
        "Legal",
        "Policy",
        "dominant_frames",
    ]
    assert table["doc_id"].tolist() == ["d0", "d1", "d2", "d3"]
    assert table.loc[2, "Economic"] == pytest.approx(600.0) and table.loc[2, "n_tokens"] == 5
    predictions = pd.DataFrame(
        {"frames": ["Legal"], "p_Legal": [0.9]}, index=pd.Index(["d1"], name="doc_id")
    )
    with_model = document_frames(scores, corpus, predictions=predictions)
    assert (
        with_model.loc[1, "predicted_frames"] == "Legal" and with_model["p_Legal"].isna().sum() == 3
    )


def test_a_one_word_match_on_the_table_s_last_token_beside_longer_matches(tables):
    """Found at 30,000 articles: in a slice whose last token is a one-word match while another
    match is three words long, the evidence text read a whitespace flag past the table's end."""
    dictionary = {
        "name": "test",
        "frames": {"Economic": {"definition": "Money.", "terms": ["budget", "tax cut plan"]}},
    }
    tokens, sentences = tables({"d1": ["The tax cut plan ."], "d2": ["More budget"]})
    corpus = pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": ["A", "B"]})
    scores = frame_scores(tokens, sentences, corpus, dictionary=dictionary)
    assert sorted(scores.evidence["text"]) == ["budget", "tax cut plan"]
