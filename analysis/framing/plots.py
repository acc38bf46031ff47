"""Figures for frame scores: outlet × frame heatmap, frames over time, top terms of a frame.

All draw through :func:`analysis.plots.new_figure` and carry a caption saying how to read them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.io.schema import require_columns
from analysis.plots import PALETTE, add_caption, new_figure, wrap_label

__all__ = ["plot_frame_heatmap", "plot_frames_over_time", "plot_top_terms"]


def _need(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    source = what.split("(")[0].strip()
    require_columns(table, columns, what, hint=f"pass the table {source} returns")


def plot_frame_heatmap(
    profile: pd.DataFrame, *, group: str = "outlet", value: str = "mean"
) -> Figure:
    """Heatmap of groups (rows) × frames (columns) from :func:`frame_profile` output.

    Cells show ``value`` (default the mean hits per 1,000 tokens), annotated with the number.
    """
    _need(profile, [group, "frame", value], "plot_frame_heatmap(profile from frame_profile)")
    frames = list(pd.unique(profile["frame"]))
    matrix = profile.pivot_table(
        index=group, columns="frame", values=value, aggfunc="first", sort=True
    )[frames]
    n_rows, n_cols = matrix.shape
    fig, ax = new_figure(
        "Frame profile by " + group,
        "frame",
        group,
        width=max(7.0, 0.55 * n_cols + 2.5),
        height=max(4.0, 0.4 * n_rows + 3.2),
    )
    ax.grid(False)
    image = ax.imshow(matrix.to_numpy(dtype=float), aspect="auto", cmap="Blues")
    ax.set_xticks(
        range(n_cols),
        [wrap_label(f.replace("_", " "), 32) for f in frames],
        rotation=45,
        ha="right",
    )
    ax.set_yticks(range(n_rows), [wrap_label(str(g), 24) for g in matrix.index])
    peak = float(np.nanmax(matrix.to_numpy(dtype=float))) if matrix.size else 0.0
    for (i, j), cell in np.ndenumerate(matrix.to_numpy(dtype=float)):
        if np.isfinite(cell):
            ax.text(
                j,
                i,
                f"{cell:.1f}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if cell > 0.6 * peak else "black",
            )
    label = "mean hits per 1,000 tokens" if value == "mean" else value
    fig.colorbar(image, ax=ax, label="hits per 1,000 tokens" if value == "mean" else value)
    add_caption(
        fig,
        f"Each cell: {label} of the frame's dictionary terms in that {group}'s articles. Compare down a column (one frame across groups); word lists differ in size and generality, so cells within a row do not compare.",
    )
    return fig


def plot_frames_over_time(
    profile: pd.DataFrame, *, frames: Sequence[str] | None = None, top: int = 5
) -> Figure:
    """Lines of mean frame score per period with bootstrap interval bands.

    ``profile`` is :func:`frame_profile` output with ``period`` (and no other group, or one
    group whose values are pooled by mean). Shows ``frames`` or the ``top`` frames by mean.
    """
    _need(
        profile,
        ["period", "frame", "mean", "ci_low", "ci_high"],
        "plot_frames_over_time(profile from frame_profile(period=...))",
    )
    table = (
        profile.groupby(["period", "frame"], sort=True)[["mean", "ci_low", "ci_high"]]
        .mean()
        .reset_index()
    )
    if frames is None:
        ranking = table.groupby("frame")["mean"].mean().sort_values(ascending=False, kind="stable")
        frames = list(ranking.index[:top])
    periods = sorted(table["period"].unique())
    fig, ax = new_figure("Frames over time", "period", "mean hits per 1,000 tokens")
    x = np.arange(len(periods))
    for k, frame in enumerate(frames):
        rows = table[table["frame"] == frame].set_index("period").reindex(periods)
        colour = PALETTE[k % len(PALETTE)]
        ax.plot(x, rows["mean"], marker="o", color=colour, label=frame.replace("_", " "))
        ax.fill_between(x, rows["ci_low"], rows["ci_high"], color=colour, alpha=0.15, linewidth=0)
    ax.set_xticks(
        x,
        [str(p) for p in periods],
        rotation=45 if len(periods) > 6 else 0,
        ha="right" if len(periods) > 6 else "center",
    )
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    add_caption(
        fig,
        "Lines: mean dictionary hits per 1,000 tokens per period; bands: 95% bootstrap intervals over articles. Periods with few articles have wide bands.",
    )
    return fig


def plot_top_terms(
    terms: pd.DataFrame, frame: str, *, n: int = 10, group: str | None = None
) -> Figure:
    """Horizontal bars of a frame's most frequent dictionary entries (from :func:`top_frame_terms`)."""
    _need(terms, ["frame", "term", "weight"], "plot_top_terms(terms from top_frame_terms)")
    rows = terms[terms["frame"] == frame]
    if group is not None:
        _need(terms, [group], "plot_top_terms(terms from top_frame_terms(by=...))")
        rows = rows.groupby("term", sort=False)["weight"].sum().reset_index()
    rows = rows.sort_values(["weight", "term"], ascending=[False, True], kind="stable").head(n)
    fig, ax = new_figure(
        f"Top terms: {frame.replace('_', ' ')}",
        "weighted hits (count)",
        "dictionary entry",
        height=max(3.0, 0.3 * len(rows) + 1.8),
    )
    ax.barh(np.arange(len(rows)), rows["weight"].to_numpy(dtype=float), color=PALETTE[0])
    ax.set_yticks(np.arange(len(rows)), [wrap_label(t, 28) for t in rows["term"]])
    ax.invert_yaxis()
    add_caption(
        fig,
        "Bars: how often each dictionary entry of the frame matched (times its weight). A frame carried by one or two generic words deserves a look at the evidence sentences.",
    )
    return fig
