"""Corpus overview tables and figures: volume per outlet and over time, lengths, entities,
readability. Each ``*_table`` returns counts and shares; each ``plot_*`` a captioned figure.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from spacy.tokens import Doc

from analysis.plots import add_caption, new_figure, note_empty, outlet_colors, wrap_label
from analysis.skips import SkipLog, guard

__all__ = [
    "documents_per_outlet",
    "documents_over_time",
    "length_table",
    "top_entities",
    "readability_scores",
    "readability_by_outlet",
    "plot_documents_per_outlet",
    "plot_documents_over_time",
    "plot_lengths",
    "plot_top_entities",
    "plot_readability",
]

ENTITY_LABELS = ("PERSON", "ORG", "GPE", "NORP")


def word_counts(texts: pd.Series) -> pd.Series:
    """Whitespace-separated words per text, as ``texts.str.split().str.len()`` counts them.

    One text's word list is alive at a time: ``str.split()`` over the whole column holds every
    word of the corpus as a string at once, 1.5 GB for 30,000 articles.
    """
    counts = [len(t.split()) if isinstance(t, str) else np.nan for t in texts]
    return pd.Series(counts, index=texts.index, dtype="float64" if texts.isna().any() else "int64")


def documents_per_outlet(corpus: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Documents and body words per outlet, with shares, largest first."""
    words = word_counts(corpus["text"])
    table = (
        corpus.assign(words=words)
        .groupby(by, sort=True)
        .agg(
            documents=("doc_id", "size"),
            words=("words", "sum"),
            first=("published", "min"),
            last=("published", "max"),
        )
        .reset_index()
    )
    table["share_of_documents"] = (table["documents"] / table["documents"].sum()).round(4)
    table["share_of_words"] = (table["words"] / table["words"].sum()).round(4)
    return table.sort_values(["documents", by], ascending=[False, True]).reset_index(drop=True)


def documents_over_time(
    corpus: pd.DataFrame, *, by: str = "outlet", freq: str = "auto"
) -> pd.DataFrame:
    """Documents per period and outlet (undated documents are left out and counted in ``undated``).

    ``freq`` is a pandas period alias (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``) or ``"auto"``,
    which picks one giving roughly 10–60 periods over the date range.
    """
    dated = corpus.dropna(subset=["published"])
    if dated.empty:
        return pd.DataFrame(columns=["period", by, "documents", "share_of_outlet"])
    if freq == "auto":
        span_days = max((dated["published"].max() - dated["published"].min()).days, 1)
        freq = next(
            (
                f
                for f, days in (("D", 60), ("W", 420), ("M", 1800), ("Q", 5400))
                if span_days <= days
            ),
            "Y",
        )
    periods = dated["published"].dt.to_period(freq).dt.start_time
    table = (
        dated.assign(period=periods)
        .groupby(["period", by], sort=True)
        .size()
        .rename("documents")
        .reset_index()
    )
    totals = table.groupby(by)["documents"].transform("sum")
    table["share_of_outlet"] = (table["documents"] / totals).round(4)
    table.attrs["freq"] = freq
    return table


def length_table(corpus: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Body length in words per outlet: median, quartiles, min and max."""
    words = corpus.assign(words=word_counts(corpus["text"]))
    grouped = words.groupby(by, sort=True)["words"]
    table = pd.DataFrame(
        {
            "documents": grouped.size(),
            "median_words": grouped.median(),
            "q1_words": grouped.quantile(0.25),
            "q3_words": grouped.quantile(0.75),
            "min_words": grouped.min(),
            "max_words": grouped.max(),
        }
    ).reset_index()
    return table.sort_values(["median_words", by], ascending=[False, True]).reset_index(drop=True)


def top_entities(
    entities: pd.DataFrame,
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    labels: Iterable[str] = ENTITY_LABELS,
    n: int = 10,
) -> pd.DataFrame:
    """Most mentioned entities per outlet (by canonical form), with documents and share of mentions."""
    wanted = entities.loc[entities["label"].isin(list(labels)), ["doc_id", "canonical", "label"]]
    # categorical codes, not strings: the entity table of 30,000 articles has 2.7M rows, and
    # grouping it by strings took 1.5 GB more than the table itself
    merged = wanted.astype("category")
    group_of_doc = dict(zip(corpus["doc_id"], corpus[by], strict=True))
    merged[by] = merged["doc_id"].map(group_of_doc)
    counts = (
        merged.groupby([by, "canonical", "label"], sort=True, observed=True)
        .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    counts = counts.astype(
        {
            by: corpus[by].dtype,
            "canonical": entities["canonical"].dtype,
            "label": entities["label"].dtype,
        }
    )
    counts["share_of_outlet_mentions"] = (
        counts["mentions"] / counts.groupby(by)["mentions"].transform("sum")
    ).round(4)
    counts = counts.sort_values([by, "mentions", "canonical"], ascending=[True, False, True])
    return counts.groupby(by, sort=True).head(n).reset_index(drop=True)


#: Bodies shorter than this (in words) get no readability score: the formulas are unstable.
MIN_READABILITY_WORDS = 20


def readability_scores(
    docs: Iterable[tuple[str, Doc]],
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    skips: SkipLog | None = None,
) -> pd.DataFrame:
    """Flesch reading ease and Flesch–Kincaid grade per document (textacy), body text only.

    A document on which scoring raises is recorded in ``skips`` (stage ``readability``).
    """
    title_length = dict(zip(corpus["doc_id"], corpus["title"].str.len(), strict=True))
    rows = []
    for doc_id, doc in docs:
        with guard(skips, doc_id, "readability"):
            row = _readability_row(doc_id, doc, title_length.get(doc_id, 0))
            if row is not None:
                rows.append(row)
    scores = pd.DataFrame(
        rows, columns=["doc_id", "flesch_reading_ease", "flesch_kincaid_grade"]
    ).astype({"doc_id": object, "flesch_reading_ease": float, "flesch_kincaid_grade": float})
    return scores.merge(corpus[["doc_id", by]], on="doc_id", how="left")


def _readability_row(doc_id: str, doc: Doc, title_chars: int) -> dict[str, object] | None:
    """Scores of the body after the title; None when it is too short for stable formulas."""
    from textacy.text_stats import readability

    body = [sent for sent in doc.sents if sent.start_char >= title_chars]
    if not body:
        return None
    span = doc[body[0].start : body[-1].end].as_doc()
    if sum(1 for t in span if t.is_alpha) < MIN_READABILITY_WORDS:
        return None
    return {
        "doc_id": doc_id,
        "flesch_reading_ease": round(float(readability.flesch_reading_ease(span)), 2),
        "flesch_kincaid_grade": round(float(readability.flesch_kincaid_grade_level(span)), 2),
    }


def readability_by_outlet(scores: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Median and interquartile range of the readability scores per outlet."""
    grouped = scores.groupby(by, sort=True)
    table = pd.DataFrame(
        {
            "documents": grouped.size(),
            "median_reading_ease": grouped["flesch_reading_ease"].median().round(1),
            "iqr_reading_ease": (
                grouped["flesch_reading_ease"].quantile(0.75)
                - grouped["flesch_reading_ease"].quantile(0.25)
            ).round(1),
            "median_grade": grouped["flesch_kincaid_grade"].median().round(1),
        }
    ).reset_index()
    return table.sort_values(["median_reading_ease", by], ascending=[False, True]).reset_index(
        drop=True
    )


def plot_documents_per_outlet(table: pd.DataFrame, *, by: str = "outlet") -> Figure:
    """Horizontal bars: documents per outlet."""
    ordered = table.sort_values(["documents", by], ascending=[True, False])
    fig, ax = new_figure(
        "Documents per outlet",
        "documents (count)",
        by,
        height=max(2.5, 0.45 * len(ordered) + 1.2),
    )
    colors = outlet_colors(table[by])
    ax.barh(
        [wrap_label(o) for o in ordered[by]],
        ordered["documents"],
        color=[colors[o] for o in ordered[by]],
    )
    for y, (docs, share) in enumerate(
        zip(ordered["documents"], ordered["share_of_documents"], strict=True)
    ):
        ax.text(docs, y, f" {docs} ({share:.0%})", va="center", fontsize=9)
    ax.set_xlim(0, ordered["documents"].max() * 1.25)
    add_caption(
        fig,
        "Bars count the documents kept after loading (see the manifest for skips); labels give count and share of the corpus.",
    )
    return fig


def plot_documents_over_time(table: pd.DataFrame, *, by: str = "outlet") -> Figure:
    """Documents per period, one line per outlet."""
    freq = table.attrs.get("freq", "")
    names = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
    fig, ax = new_figure(
        "Documents over time", f"period (start of {names.get(freq, 'period')})", "documents (count)"
    )
    colors = outlet_colors(table[by])
    for outlet, part in table.groupby(by, sort=True):
        ax.plot(
            part["period"],
            part["documents"],
            marker="o",
            markersize=3,
            label=wrap_label(outlet),
            color=colors[outlet],
        )
    if len(table):
        ax.legend(loc="upper left", fontsize=8)
    fig.autofmt_xdate()
    add_caption(
        fig,
        f"Each point counts an outlet's documents per {names.get(freq, 'period')}; undated documents are not shown. Outlets often cover different years.",
    )
    return fig


def plot_lengths(corpus: pd.DataFrame, *, by: str = "outlet") -> Figure:
    """Box plot of body length (words) per outlet, log scale."""
    words = corpus.assign(words=word_counts(corpus["text"]))
    outlets = sorted(words[by].unique())
    fig, ax = new_figure(
        "Article length per outlet",
        "body length (words, log scale)",
        by,
        height=max(2.5, 0.45 * len(outlets) + 1.2),
    )
    data = [words.loc[words[by] == o, "words"].to_numpy() for o in outlets]
    ax.boxplot(
        data,
        orientation="horizontal",
        tick_labels=[wrap_label(o) for o in outlets],
        showfliers=True,
    )
    ax.set_xscale("log")
    add_caption(
        fig,
        "Boxes span the middle half of documents, the line marks the median; dots are unusually short or long documents.",
    )
    return fig


def plot_top_entities(table: pd.DataFrame, *, by: str = "outlet", per_outlet: int = 8) -> Figure:
    """Small multiples: each outlet's most mentioned entities."""
    import matplotlib.pyplot as plt

    from analysis.plots import STYLE

    outlets = sorted(table[by].unique())
    columns = min(2, max(1, len(outlets)))
    rows = int(np.ceil(len(outlets) / columns)) or 1
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(
            rows, columns, figsize=(10, 2.6 * rows + 0.8), layout="constrained", squeeze=False
        )
    colors = outlet_colors(outlets)
    for ax, outlet in zip(axes.flat, outlets, strict=False):
        part = table[table[by] == outlet].head(per_outlet).iloc[::-1]
        ax.barh(
            [wrap_label(c, 24) for c in part["canonical"]], part["mentions"], color=colors[outlet]
        )
        ax.set_title(wrap_label(outlet, 40), fontsize=10)
        ax.set_xlabel("mentions (count)")
    for ax in list(axes.flat)[len(outlets) :]:
        ax.set_visible(False)
    fig.suptitle("Most mentioned people, organisations and places", fontweight="bold")
    add_caption(
        fig,
        "Named entities found by spaCy (plus the project's entity patterns), merged by canonical form; automatic, so expect some misses and mislabels.",
    )
    return fig


def plot_readability(scores: pd.DataFrame, *, by: str = "outlet") -> Figure:
    """Distribution of Flesch reading ease per outlet."""
    outlets = sorted(scores[by].unique())
    fig, ax = new_figure(
        "Readability per outlet",
        "Flesch reading ease (higher = easier)",
        by,
        height=max(2.5, 0.45 * len(outlets) + 1.2),
    )
    data = [scores.loc[scores[by] == o, "flesch_reading_ease"].to_numpy() for o in outlets]
    if data:
        ax.boxplot(data, orientation="horizontal", tick_labels=[wrap_label(o) for o in outlets])
    else:
        note_empty(ax, f"no document has a body of {MIN_READABILITY_WORDS}+ words to score")
    add_caption(
        fig,
        "Flesch reading ease of each document's body (textacy); 60–70 is plain English, below 30 is very difficult. Transcripts and speeches read differently from news.",
    )
    return fig
