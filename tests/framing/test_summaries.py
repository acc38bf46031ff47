"""The tables a framing report shows beside its scores, checked on hand-made inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.framing import (
    classifier_beside_dictionary,
    dictionary_definitions,
    leading_frames,
    load_frame_dictionary,
)


def test_dictionary_definitions_lists_every_frame_with_its_entries():
    dictionary = load_frame_dictionary("generic_frames")
    table = dictionary_definitions(dictionary)
    assert table["frame"].tolist() == dictionary.frames
    assert (table["entries"] > 0).all() and table["definition"].str.len().gt(10).all()


def test_leading_frames_weighs_groups_equally():
    profile = pd.DataFrame(
        {
            "outlet": ["A", "A", "B", "B"],
            "frame": ["conflict", "economic", "conflict", "economic"],
            "mean": [1.0, 3.0, 4.0, 0.5],  # conflict: 2.5, economic: 1.75
        }
    )
    assert leading_frames(profile, n=1) == ["conflict"]
    assert leading_frames(profile, n=5) == ["conflict", "economic"]
    with pytest.raises(InputError, match="frame profile lacks"):
        leading_frames(profile.drop(columns="mean"))


def test_classifier_beside_dictionary_counts_documents_per_group_and_frame():
    corpus = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "outlet": ["A", "A", "B"]})
    predicted = pd.DataFrame(
        {"frames": ["conflict; economic", "conflict", ""]},
        index=pd.Index(["d1", "d2", "d3"], name="doc_id"),
    )
    profile = pd.DataFrame(
        {
            "outlet": ["A", "B"],
            "frame": ["conflict", "morality"],
            "docs_with_frame": [1, 1],
            "share_docs": [0.5, 1.0],
        }
    )
    table = classifier_beside_dictionary(predicted, profile, corpus, by="outlet")
    rows = {(r.outlet, r.frame): r for r in table.itertuples()}
    assert (rows["A", "conflict"].classifier_docs, rows["A", "conflict"].classifier_share) == (
        2,
        1.0,
    )
    assert rows["A", "conflict"].docs_with_frame == 1
    assert (rows["A", "economic"].classifier_docs, rows["A", "economic"].docs_with_frame) == (1, 0)
    assert (rows["B", "morality"].classifier_docs, rows["B", "morality"].share_docs) == (0, 1.0)
    assert table["outlet"].tolist() == ["A", "A", "B"]
