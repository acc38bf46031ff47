"""Per-outlet aggregations and figures on a small hand-built attribution table."""

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.sourcing import (
    ATTRIBUTION_COLUMNS,
    anonymous_share,
    evidence_table,
    kind_shares,
    media_cited,
    plot_kind_shares,
    plot_media_cited,
    plot_share_of_voice,
    plot_verb_profile,
    share_of_voice,
    verb_profile,
)


def _row(outlet, doc, kind, speaker, source_type, cue, medium="", stance="neutral"):
    row = dict.fromkeys(ATTRIBUTION_COLUMNS, "")
    row.update(doc_id=doc, outlet=outlet, kind=kind, speaker=speaker, source_type=source_type,
               cue_lemma=cue, cue=cue, medium=medium, cue_stance=stance, evidence_sentence=f"{speaker} {cue}.")  # fmt: skip
    return row


@pytest.fixture
def table():
    return pd.DataFrame(
        [
            _row("A", "a1", "direct", "Grushko", "government", "say", "RIA Novosti"),
            _row("A", "a1", "indirect", "Grushko", "government", "say"),
            _row("A", "a2", "indirect", "sources", "anonymous", "claim", stance="loaded"),
            _row("A", "a2", "according_to", "ministry", "military", "according to"),
            _row("B", "b1", "direct", "Rutte", "international_organisation", "state", "Bloomberg"),
        ]
    )


def test_share_of_voice_by_source_type(table):
    result = share_of_voice(table)
    assert result.to_dict("records")[:2] == [
        {
            "outlet": "A",
            "source_type": "government",
            "attributions": 2,
            "share": 0.5,
            "documents": 1,
        },
        {
            "outlet": "A",
            "source_type": "anonymous",
            "attributions": 1,
            "share": 0.25,
            "documents": 1,
        },
    ]
    assert result[result.outlet == "B"]["share"].tolist() == [1.0]


def test_share_of_voice_top_speakers_folds_the_rest(table):
    result = share_of_voice(table, by="speaker", top=1)
    assert result[["outlet", "speaker", "attributions"]].values.tolist() == [
        ["A", "Grushko", 2], ["A", "(other)", 2], ["B", "Rutte", 1],
    ]  # fmt: skip
    with pytest.raises(InputError, match="share_of_voice"):
        share_of_voice(table, by="nope")


def test_kind_anonymous_verbs_media(table):
    kinds = kind_shares(table)
    assert kinds[kinds.outlet == "A"].set_index("kind")["attributions"].to_dict() == {
        "indirect": 2, "according_to": 1, "direct": 1,
    }  # fmt: skip
    anon = anonymous_share(table)
    assert anon.to_dict("records")[0] == {
        "outlet": "A",
        "attributions": 4,
        "anonymous": 1,
        "share": 0.25,
        "documents": 2,
    }
    verbs = verb_profile(table)
    assert verbs[verbs.outlet == "A"][["cue_lemma", "stance", "attributions"]].values.tolist()[:2] == [
        ["say", "neutral", 2], ["according to", "neutral", 1],
    ]  # fmt: skip
    assert media_cited(table)[["outlet", "medium", "share"]].values.tolist() == [
        ["A", "RIA Novosti", 1.0],
        ["B", "Bloomberg", 1.0],
    ]
    assert evidence_table(table, limit=2)["speaker"].tolist() == ["Grushko", "Grushko"]


def test_missing_columns_are_reported():
    with pytest.raises(InputError, match=r"lacks column\(s\)"):
        kind_shares(pd.DataFrame({"doc_id": ["a"]}))


def test_figures_have_titles_labels_and_captions(table):
    for fig in (
        plot_share_of_voice(share_of_voice(table)),
        plot_kind_shares(kind_shares(table)),
        plot_verb_profile(verb_profile(table)),
        plot_media_cited(media_cited(table)),
        plot_share_of_voice(share_of_voice(table.iloc[0:0])),
    ):
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel()
        assert fig._supxlabel is not None and fig._supxlabel.get_text()


def test_keep_acts_selects_what_sources_said():
    from analysis.sourcing import keep_acts

    rows = [
        _row("A", "d1", "indirect", "X", "government", "say"),
        _row("A", "d1", "indirect", "Y", "citizen", "back"),
    ]
    rows[0]["act"], rows[1]["act"] = "speech", "belief"
    frame = pd.DataFrame(rows)
    assert keep_acts(frame, "speech")["speaker"].tolist() == ["X"]
    assert keep_acts(frame, "speech, belief")["speaker"].tolist() == ["X", "Y"]
    assert len(keep_acts(frame, "")) == 2
    with pytest.raises(InputError, match=r"unknown act\(s\) \['opinion'\]"):
        keep_acts(frame, "opinion")
