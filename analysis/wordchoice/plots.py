"""Word-choice figures: Fightin' Words, a Scattertext-style scatter, competing-term shares.

All figures go through :func:`analysis.plots.new_figure` (title, axis labels with units) and
carry a caption saying how to read them. Labels are chosen deterministically (by score, then
alphabetically), so the same table gives the same picture.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.errors import InputError
from analysis.plots import add_caption, new_figure, outlet_colors, wrap_label

__all__ = ["plot_fightin_words", "plot_keyness_scatter", "plot_loaded_rates", "plot_term_shares"]


def _one_comparison(result: pd.DataFrame, group: str | None) -> tuple[pd.DataFrame, str]:
    groups = sorted(result["group"].astype(str).unique())
    if not groups:
        raise InputError("the keyness table is empty; lower min_count or check the groups")
    group = group or groups[0]
    if group not in groups:
        raise InputError(f"group {group!r} is not in the keyness table; groups are {groups}")
    return result[result["group"] == group], group


def plot_fightin_words(
    result: pd.DataFrame, *, group: str | None = None, top: int = 12, z_line: float = 1.96
) -> Figure:
    """Monroe et al.'s plot: log frequency (x) against z-score (y), the top terms labelled.

    ``result`` is a :func:`~analysis.wordchoice.keyness.keyness` table with the ``log_odds``
    measure; ``group`` picks one comparison (default: the first group).
    """
    frame, group = _one_comparison(result, group)
    if "z" not in frame.columns:
        raise InputError(
            "plot_fightin_words needs the log_odds measure (a 'z' column); use keyness(..., measure='log_odds')"
        )
    reference = str(frame["reference"].iloc[0]) if len(frame) else "rest"
    total = (frame["count"] + frame["count_reference"]).to_numpy(dtype=float)
    z = frame["z"].to_numpy(dtype=float)
    fig, ax = new_figure(
        f"Fightin' Words: {group} vs {reference}",
        "frequency in both groups (log10 count)",
        f"z-score of weighted log-odds ({group} > 0 > {reference})",
        width=8.5,
        height=5.5,
    )
    colors = outlet_colors([group, reference])
    significant = np.abs(z) >= z_line
    ax.scatter(np.log10(total[~significant]), z[~significant], s=6, color="#BBBBBB", linewidths=0)
    point_colors = np.where(z[significant] > 0, colors[group], colors[reference])
    ax.scatter(
        np.log10(total[significant]), z[significant], s=10, c=list(point_colors), linewidths=0
    )
    ax.axhline(z_line, color="#888888", lw=0.7, ls="--")
    ax.axhline(-z_line, color="#888888", lw=0.7, ls="--")
    ordered = frame.assign(_abs=np.abs(z)).sort_values(
        ["_abs", "term"], ascending=[False, True], kind="stable"
    )
    for side in (1, -1):
        chosen = ordered[np.sign(ordered["z"]) == side].head(top)
        for record in chosen.itertuples():
            ax.annotate(
                wrap_label(str(record.term), 22),
                (np.log10(record.count + record.count_reference), record.z),
                fontsize=7.5,
                xytext=(3, 0),
                textcoords="offset points",
                color=colors[group] if side > 0 else colors[reference],
            )
    add_caption(
        fig,
        f"Each dot is a term. Up: used more by {group}; down: more by {reference}. Dashed lines: |z| = {z_line}. "
        "z is the weighted log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008) divided by its standard error.",
    )
    return fig


def plot_keyness_scatter(
    result: pd.DataFrame, *, group: str | None = None, top: int = 10
) -> Figure:
    """Scattertext-style static scatter: rank of each term's rate in the group (x) vs the reference (y).

    Terms near the lower right are characteristic of the group, upper left of the reference;
    colour is the keyness score. Ranks are percentiles of the per-10k rates (ties averaged),
    as in Scattertext, so the long tail does not crowd one corner.
    """
    frame, group = _one_comparison(result, group)
    reference = str(frame["reference"].iloc[0]) if len(frame) else "rest"
    x = frame["per_10k"].rank(pct=True, method="average").to_numpy()
    y = frame["per_10k_reference"].rank(pct=True, method="average").to_numpy()
    score = frame["score"].to_numpy(dtype=float)
    fig, ax = new_figure(
        f"Term use: {group} vs {reference}",
        f"rank of frequency in {group} (percentile)",
        f"rank of frequency in {reference} (percentile)",
        width=7.5,
        height=7.0,
    )
    limit = float(np.nanmax(np.abs(score))) if len(score) else 1.0
    points = ax.scatter(
        x, y, c=score, cmap="coolwarm_r", vmin=-limit, vmax=limit, s=8, linewidths=0
    )
    fig.colorbar(points, ax=ax, label=f"keyness score (+ = {group})", shrink=0.7)
    ax.plot([0, 1], [0, 1], color="#888888", lw=0.7, ls="--")
    ordered = frame.assign(rank_x=x, rank_y=y).sort_values(
        ["score", "term"], ascending=[False, True], kind="stable"
    )
    for chosen in (ordered.head(top), ordered.tail(top)):
        for record in chosen.itertuples():
            ax.annotate(
                wrap_label(str(record.term), 20),
                (record.rank_x, record.rank_y),
                fontsize=7.5,
                xytext=(3, 0),
                textcoords="offset points",
            )
    add_caption(
        fig,
        f"Each dot is a term, placed by how common it is in {group} (x) and in {reference} (y). "
        "Below the diagonal: relatively more frequent in the group. Labelled: the most distinctive terms each way.",
    )
    return fig


def plot_term_shares(counts: pd.DataFrame, concept: str, *, by: str = "outlet") -> Figure:
    """Stacked horizontal bars: share of each competing variant of ``concept`` per group.

    ``counts`` is ``term_usage(...).counts``; each bar is labelled with the number of mentions.
    """
    frame = counts[counts["concept"] == concept]
    if frame.empty:
        raise InputError(
            f"concept {concept!r} is not in the counts table; concepts are {sorted(counts['concept'].unique())}"
        )
    label = str(frame["concept_label"].iloc[0])
    variants = list(dict.fromkeys(frame["variant"].astype(str)))
    table = frame.pivot_table(
        index=by, columns="variant", values="count", aggfunc="sum", fill_value=0, observed=True
    )
    table = table.reindex(columns=variants, fill_value=0)
    totals = table.sum(axis=1)
    table = table[totals > 0].sort_index(ascending=False)
    if table.empty:
        raise InputError(f"no group uses any variant of {concept!r}; nothing to plot")
    shares = table.div(table.sum(axis=1), axis=0)
    fig, ax = new_figure(
        label,
        "share of the concept's mentions (%)",
        by,
        width=9.5,
        height=max(1.6 + 0.45 * len(table), 1.2 + 0.25 * len(variants)),
    )
    colors = outlet_colors(variants)
    left = np.zeros(len(shares))
    for variant in variants:
        values = shares[variant].to_numpy() * 100
        ax.barh(
            [wrap_label(g, 30) for g in shares.index],
            values,
            left=left,
            color=colors[variant],
            label=variant,
        )
        left += values
    for row, total in enumerate(table.sum(axis=1).to_numpy()):
        ax.text(101, row, f"n={int(total)}", va="center", fontsize=8)
    ax.set_xlim(0, 112)
    ax.legend(
        loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8, title="variant", title_fontsize=8
    )
    add_caption(
        fig,
        "Each bar splits one group's mentions of the concept among the competing variants; n = mentions. "
        "Shares resting on a few mentions are fragile: see the share_low/share_high columns.",
    )
    return fig


def plot_loaded_rates(rates: pd.DataFrame, *, by: str = "outlet") -> Figure:
    """Horizontal bars: loaded-language tokens per 1,000 words per group (``loaded_language_rates``)."""
    if rates.empty:
        raise InputError("the loaded-language rates table is empty; is the corpus annotated?")
    frame = rates.sort_values(["per_1k_words", by], ascending=[True, True], kind="stable")
    fig, ax = new_figure(
        "Loaded and emotive language",
        "flagged tokens per 1,000 words",
        by,
        width=8.0,
        height=1.4 + 0.4 * len(frame),
    )
    colors = outlet_colors(frame[by].astype(str))
    labels = [wrap_label(g, 30) for g in frame[by].astype(str)]
    ax.barh(labels, frame["per_1k_words"], color=[colors[g] for g in frame[by].astype(str)])
    for row, (value, words) in enumerate(zip(frame["per_1k_words"], frame["words"], strict=True)):
        ax.text(value, row, f" {value:.1f} ({int(words):,} words)", va="center", fontsize=8)
    add_caption(
        fig,
        "Tokens flagged by the loaded-language lexicon and rules per 1,000 words. Token-level F1 against "
        "human annotation is low (about 0.1-0.2, see benchmarks/results): compare groups, not absolute levels.",
    )
    return fig
