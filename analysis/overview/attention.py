"""Attention over time: how many of an outlet's documents match a query, per period, and when
that jumps.

Raw counts follow how much an outlet published; the share of the outlet's documents in the
period (Media Cloud's default, "normalised" view) separates attention from volume. Spikes are
found with a robust z-score — the distance from the median of the preceding periods in units
of their median absolute deviation — so one earlier burst does not hide the next one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.errors import InputError
from analysis.plots import add_caption, new_figure, outlet_colors, wrap_label
from analysis.query import Query, QueryEngine, parse_labelled_queries

__all__ = [
    "attention_over_time",
    "labelled_query_counts",
    "detect_spikes",
    "plot_attention",
    "plot_labelled_counts",
]

FREQS = ("D", "W", "M", "Q", "Y")
ATTENTION_COLUMNS = ["outlet", "period", "matching", "documents", "share"]
#: 1.4826 × MAD estimates the standard deviation of normally distributed data.
MAD_TO_SD = 1.4826


def _resolve_freq(dates: pd.Series, freq: str) -> str:
    if freq != "auto":
        if freq not in FREQS:
            raise InputError(f"freq must be 'auto' or one of {FREQS}, got {freq!r}")
        return freq
    if dates.empty:
        return "M"
    span = max((dates.max() - dates.min()).days, 1)
    return next((f for f, days in (("D", 60), ("W", 420), ("M", 1800), ("Q", 5400)) if span <= days), "Y")  # fmt: skip


def _periods(dates: pd.Series, freq: str) -> pd.Series:
    return dates.dt.to_period(freq).dt.start_time


def attention_over_time(
    matched_ids: Iterable[str], corpus: pd.DataFrame, *, by: str = "outlet", freq: str = "auto"
) -> pd.DataFrame:
    """Matching documents per outlet and period, as counts and as share of the outlet's documents.

    Every period between an outlet's first and last dated document appears, including empty
    ones (``documents`` 0, ``share`` NaN), so gaps stay visible and spike baselines are honest.
    Undated documents are left out; their number is in ``result.attrs["undated"]``.

    Returns
    -------
    DataFrame ``outlet, period, matching, documents, share`` sorted by outlet and period.
    """
    matched = set(matched_ids)
    dated = corpus.dropna(subset=["published"])
    freq = _resolve_freq(dated["published"], freq)
    frame = pd.DataFrame(
        {
            by: dated[by].astype(str).to_numpy(),
            "period": _periods(dated["published"], freq).to_numpy(),
            "match": dated["doc_id"].isin(matched).to_numpy(),
        }
    )
    rows = []
    for outlet, part in frame.groupby(by, sort=True):
        counts = part.groupby("period").agg(matching=("match", "sum"), documents=("match", "size"))
        full = pd.period_range(part["period"].min(), part["period"].max(), freq=freq).start_time
        counts = counts.reindex(full, fill_value=0).rename_axis("period").reset_index()
        counts.insert(0, by, outlet)
        rows.append(counts)
    columns = [by, *ATTENTION_COLUMNS[1:]]
    table = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)
    table = table.astype({"matching": "int64", "documents": "int64"})
    table["share"] = (table["matching"] / table["documents"].where(table["documents"] > 0)).round(4)
    table.attrs.update(freq=freq, undated=int(corpus["published"].isna().sum()))
    return table[columns]


def labelled_query_counts(
    queries: str | Path | Mapping[str, str | Query],
    engine: QueryEngine,
    *,
    by: str = "outlet",
    freq: str | None = None,
    corpus: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Documents matching each labelled query, per outlet (and period when ``freq`` is given).

    ``corpus`` counts the matches over other groups of the engine's documents, such as folded
    ones (default: the engine's corpus), without a second engine over the same words.

    ``queries`` is ``Label = query`` text, a path to such a file, or a ``{label: query}``
    mapping (see :func:`analysis.query.parse_labelled_queries`). ``share`` is matching documents over the
    outlet's documents (in the period). Without ``freq`` undated documents count too.

    Returns
    -------
    DataFrame ``label, outlet, [period,] matching, documents, share`` in label (file) order.
    """
    queries = parse_labelled_queries(queries, columns=set(engine.columns))
    corpus = engine.corpus if corpus is None else corpus
    parts = []
    for order, (label, query) in enumerate(queries.items()):
        ids = engine.matching_ids(query)
        if freq is None:
            counts = (
                corpus.assign(match=corpus["doc_id"].isin(set(ids)), **{by: corpus[by].astype(str)})
                .groupby(by, sort=True)
                .agg(matching=("match", "sum"), documents=("match", "size"))
                .reset_index()
            )
        else:
            counts = attention_over_time(ids, corpus, freq=freq, by=by)
        counts.insert(0, "label", label)
        counts.insert(0, "_order", order)
        parts.append(counts)
    table = pd.concat(parts, ignore_index=True)
    table = table.astype({"matching": "int64", "documents": "int64"})
    table["share"] = (table["matching"] / table["documents"].where(table["documents"] > 0)).round(4)
    keys = ["_order", by] + (["period"] if freq is not None else [])
    table = table.sort_values(keys, kind="stable").drop(columns="_order").reset_index(drop=True)
    return table


def _rolling_mad(values: np.ndarray) -> float:
    return float(np.median(np.abs(values - np.median(values))))


def detect_spikes(
    attention: pd.DataFrame,
    *,
    by: str = "outlet",
    value: str = "matching",
    window: int = 8,
    threshold: float = 3.5,
    min_scale: float | None = None,
    top: int = 10,
    corpus: pd.DataFrame | None = None,
    matched_ids: Iterable[str] | None = None,
    headlines: int = 3,
) -> pd.DataFrame:
    """Periods where attention jumps above its recent level (robust z-score ≥ ``threshold``).

    For each outlet, the baseline of a period is the median of the ``window`` preceding
    periods (at least 3) and its spread 1.4826 × their median absolute deviation, floored at
    ``min_scale`` (default one document for counts, one percentage point for shares) so a flat
    history does not turn a single extra document into an infinite spike.

    With ``corpus`` and ``matched_ids``, the ``headlines`` column lists up to ``headlines``
    titles of matching documents in the period (earliest first).

    Returns
    -------
    DataFrame ``outlet, period, matching, documents, share, baseline, scale, z, headlines``,
    the ``top`` largest z-scores first.
    """
    if value not in ("matching", "share"):
        raise InputError(f"value must be 'matching' or 'share', got {value!r}")
    if window < 3:
        raise InputError(f"window must be at least 3 periods, got {window}")
    floor = min_scale if min_scale is not None else (1.0 if value == "matching" else 0.01)
    parts = []
    for _, part in attention.sort_values([by, "period"]).groupby(by, sort=True):
        series = part[value].astype(float).fillna(0.0)
        history = series.shift(1).rolling(window, min_periods=3)
        baseline = history.median()
        mad = history.apply(_rolling_mad, raw=True)
        scale = np.maximum(MAD_TO_SD * mad, floor)
        parts.append(part.assign(baseline=baseline, scale=scale, z=(series - baseline) / scale))
    columns = [by, *ATTENTION_COLUMNS[1:], "baseline", "scale", "z", "headlines"]
    if not parts:
        return pd.DataFrame(columns=columns)
    scored = pd.concat(parts, ignore_index=True)
    spikes = scored[(scored["z"] >= threshold) & (scored[value] > scored["baseline"])]
    spikes = spikes.sort_values(["z", by, "period"], ascending=[False, True, True]).head(top)
    spikes = spikes.assign(z=spikes["z"].round(2), baseline=spikes["baseline"].round(4))
    spikes["headlines"] = _headlines(
        spikes, corpus, matched_ids, attention.attrs.get("freq"), headlines, by
    )
    return spikes[columns].reset_index(drop=True)


def _headlines(spikes: pd.DataFrame, corpus, matched_ids, freq, n: int, by: str) -> list[str]:  # noqa: ANN001
    if corpus is None or matched_ids is None or freq is None or spikes.empty:
        return [""] * len(spikes)
    matched = corpus[corpus["doc_id"].isin(set(matched_ids))].dropna(subset=["published"])
    matched = matched.assign(
        period=_periods(matched["published"], freq), **{by: matched[by].astype(str)}
    )
    matched = matched.sort_values(["published", "title"], kind="stable")
    result = []
    for group, period in zip(spikes[by], spikes["period"], strict=True):
        rows = matched[(matched[by] == group) & (matched["period"] == period)]
        result.append(" | ".join(str(t) for t in rows["title"].head(n)))
    return result


def plot_attention(
    attention: pd.DataFrame,
    *,
    by: str = "outlet",
    value: str = "share",
    spikes: pd.DataFrame | None = None,
    title: str = "Attention over time",
) -> Figure:
    """Lines per outlet: share (or count) of documents matching the query per period; spikes marked."""
    freq = attention.attrs.get("freq", "")
    unit = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}.get(freq, "period")
    ylabel = (
        "share of the outlet's documents (%)" if value == "share" else "matching documents (count)"
    )
    fig, ax = new_figure(title, f"{unit} (start date)", ylabel)
    colors = outlet_colors(attention[by])
    scale = 100.0 if value == "share" else 1.0
    for outlet, part in attention.groupby(by, sort=True):
        ax.plot(
            part["period"],
            part[value] * scale,
            marker="o",
            markersize=3,
            color=colors[outlet],
            label=wrap_label(outlet),
        )
    if spikes is not None and not spikes.empty:
        ax.scatter(
            spikes["period"],
            spikes[value] * scale,
            s=90,
            facecolors="none",
            edgecolors="#000000",
            label="spike",
            zorder=3,
        )
    ax.legend(fontsize=8)
    fig.autofmt_xdate()
    add_caption(
        fig,
        f"Per {unit} and outlet: documents matching the query"
        + (
            " as a share of all the outlet's documents that period (gaps: no documents)."
            if value == "share"
            else "."
        )
        + (
            " Circles mark spikes (robust z-score over the preceding periods)."
            if spikes is not None and not spikes.empty
            else ""
        ),
    )
    return fig


def plot_labelled_counts(counts: pd.DataFrame, *, by: str = "outlet") -> Figure:
    """Grouped bars: share of each outlet's documents matching each labelled query."""
    if "period" in counts.columns:
        raise InputError("plot_labelled_counts takes the table without periods (freq=None)")
    labels = list(dict.fromkeys(counts["label"]))
    outlets = sorted(counts[by].unique())
    fig, ax = new_figure(
        "Concepts per outlet",
        "share of the outlet's documents (%)",
        "label",
        height=max(2.5, 0.35 * len(labels) * max(len(outlets), 1) / 2 + 1.5),
    )
    colors = outlet_colors(outlets)
    height = 0.8 / max(len(outlets), 1)
    for k, outlet in enumerate(outlets):
        part = counts[counts[by] == outlet].set_index("label").reindex(labels)
        y = np.arange(len(labels)) + k * height
        ax.barh(
            y,
            part["share"].fillna(0) * 100,
            height=height,
            color=colors[outlet],
            label=wrap_label(outlet),
        )
    ax.set_yticks(np.arange(len(labels)) + 0.4 - height / 2, [wrap_label(lbl) for lbl in labels])
    ax.invert_yaxis()
    ax.legend(fontsize=8)
    add_caption(
        fig,
        "Share of each outlet's documents matching each labelled query; counts are in the table. Small outlets give uncertain shares.",
    )
    return fig
