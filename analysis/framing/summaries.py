"""Tables a framing report shows beside its scores: the dictionary's definitions, the frames
that lead, and the classifier's predictions next to the dictionary's counts.

They live here, not in the notebook, so a report stays load → call → show and the same
tables can be computed outside a report.
"""

from __future__ import annotations

import pandas as pd

from analysis.framing.dictionary import FrameDictionary
from analysis.io.schema import require_columns

__all__ = ["dictionary_definitions", "leading_frames", "classifier_beside_dictionary"]


def dictionary_definitions(dictionary: FrameDictionary) -> pd.DataFrame:
    """One row per frame: its name, how many entries match it, and its definition."""
    return pd.DataFrame(
        {
            "frame": dictionary.frames,
            "entries": [len(dictionary.terms(f)) for f in dictionary.frames],
            "definition": [dictionary.definitions[f] for f in dictionary.frames],
        }
    )


def leading_frames(profile: pd.DataFrame, n: int = 3) -> list[str]:
    """The ``n`` frames with the highest mean score, averaged over the profile's groups.

    Groups count equally (a small outlet weighs as much as a large one), so the frames shown
    are those that lead across the comparison, not only in the biggest group.
    """
    require_columns(profile, ("frame", "mean"), "frame profile")
    means = profile.groupby("frame", sort=False)["mean"].mean()
    return list(means.sort_values(ascending=False, kind="stable").index[:n])


def classifier_beside_dictionary(
    predicted: pd.DataFrame, profile: pd.DataFrame, corpus: pd.DataFrame, *, by: str = "outlet"
) -> pd.DataFrame:
    """Documents per group and frame as the classifier predicts them, beside the dictionary's.

    ``predicted`` is :func:`~analysis.framing.classifier.predict_frames` indexed by ``doc_id``;
    ``profile`` is :func:`~analysis.framing.scores.frame_profile` by the same ``by``. Columns:
    ``by, frame, classifier_docs, classifier_share, docs_with_frame, share_docs`` (0 where a
    method found no document), sorted by group and classifier count.
    """
    require_columns(corpus, ("doc_id", by), "corpus table")
    require_columns(profile, (by, "frame", "docs_with_frame", "share_docs"), "frame profile")
    long = predicted["frames"].str.split("; ").explode().rename("frame").reset_index().dropna()
    long = long[long["frame"] != ""].merge(corpus[["doc_id", by]], on="doc_id")
    counts = long.groupby([by, "frame"]).size().rename("classifier_docs").reset_index()
    counts["classifier_share"] = counts["classifier_docs"] / counts[by].map(
        corpus[by].value_counts()
    )
    beside = counts.merge(
        profile[[by, "frame", "docs_with_frame", "share_docs"]], on=[by, "frame"], how="outer"
    ).fillna(0)
    beside["classifier_docs"] = beside["classifier_docs"].astype("int64")
    return beside.sort_values(
        [by, "classifier_docs"], ascending=[True, False], kind="stable"
    ).reset_index(drop=True)
