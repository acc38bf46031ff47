"""Figures of the sourcing tables (share of voice, kinds, verbs, media), in the house style.

Each ``plot_*`` takes a table from :mod:`analysis.sourcing.aggregate` and returns the
matplotlib Figure, drawn through :func:`analysis.plots.new_figure` with a caption saying how
to read it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.plots import add_caption, new_figure, outlet_colors, wrap_label

__all__ = [
    "plot_share_of_voice",
    "plot_kind_shares",
    "plot_anonymous_share",
    "plot_verb_profile",
    "plot_media_cited",
]


def _grouped_barh(
    table: pd.DataFrame,
    category: str,
    *,
    group: str = "outlet",
    title: str,
    xlabel: str,
    caption: str,
    value: str = "share",
) -> Figure:
    """Horizontal bars: one group of bars per category, one bar per outlet."""
    categories = list(dict.fromkeys(table[category].astype(str))) if not table.empty else []
    outlets = sorted(table[group].astype(str).unique()) if not table.empty else []
    height = max(2.5, 0.35 * len(categories) * max(1, len(outlets)) ** 0.5 + 1.5)
    fig, ax = new_figure(title, xlabel, "", height=height)
    colors = outlet_colors(outlets)
    bar = 0.8 / max(1, len(outlets))
    y = np.arange(len(categories))
    for n, outlet in enumerate(outlets):
        sub = table[table[group].astype(str) == outlet]
        rows = sub.assign(_key=sub[category].astype(str)).drop_duplicates("_key").set_index("_key")
        values = [float(rows.loc[c, value]) if c in rows.index else 0.0 for c in categories]
        ax.barh(y + n * bar, values, height=bar, color=colors[outlet], label=outlet)
    ax.set_yticks(y + bar * (len(outlets) - 1) / 2, [wrap_label(c) for c in categories])
    ax.invert_yaxis()
    if value == "share":
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    if outlets:
        ax.legend(title=group, loc="lower right")
    if not categories:
        ax.text(0.5, 0.5, "no attributions found", ha="center", va="center", transform=ax.transAxes)
    add_caption(fig, caption)
    return fig


def plot_share_of_voice(
    table: pd.DataFrame, *, group: str = "outlet", by: str = "source_type"
) -> Figure:
    """Bars of :func:`share_of_voice`: who gets to speak, per outlet."""
    what = {"source_type": "source type", "speaker": "speaker", "speaker_type": "speaker type"}.get(
        by, by
    )
    return _grouped_barh(
        table,
        by,
        group=group,
        title=f"Share of voice by {what}",
        xlabel="share of the outlet's attributions (%)",
        caption=f"Each bar: attributions credited to a {what} as a share of all attributions in that outlet's articles.",
    )


def plot_kind_shares(table: pd.DataFrame, *, group: str = "outlet") -> Figure:
    """Bars of :func:`kind_shares`: direct quotes versus reported speech."""
    return _grouped_barh(
        table,
        "kind",
        group=group,
        title="How sources are quoted",
        xlabel="share of the outlet's attributions (%)",
        caption="direct = in quote marks; partial = reported clause with a quoted fragment; indirect = "
        "reported without quote marks (beliefs and attitudes too); according_to = 'according to X', "
        "'in a poll'; nominal = 'X's claim that', 'his support for X'.",
    )


def plot_anonymous_share(table: pd.DataFrame, *, group: str = "outlet") -> Figure:
    """Bars of :func:`anonymous_share`."""
    data = table.assign(category="anonymous sources")
    return _grouped_barh(
        data,
        "category",
        group=group,
        title="Anonymous sources",
        xlabel="share of the outlet's attributions (%)",
        caption="Attributions to unnamed sources ('sources said', 'an official who asked not to be named').",
    )


def plot_verb_profile(table: pd.DataFrame, *, group: str = "outlet", top: int = 12) -> Figure:
    """Bars of :func:`verb_profile`: the most frequent reporting cues across outlets."""
    if table.empty:
        keep = []
    else:
        keep = (
            table.groupby("cue_lemma")["attributions"]
            .sum()
            .sort_values(ascending=False, kind="stable")
            .head(top)
            .index
        )
    data = table[table["cue_lemma"].isin(list(keep))].copy() if len(keep) else table
    if "stance" in data.columns and not data.empty:
        data["cue_lemma"] = data["cue_lemma"] + np.where(
            data["stance"] == "loaded", " (loaded)", ""
        )
    order = (
        {
            c: i
            for i, c in enumerate(
                data.groupby("cue_lemma")["attributions"]
                .sum()
                .sort_values(ascending=False, kind="stable")
                .index
            )
        }
        if not data.empty
        else {}
    )
    data = data.assign(_o=data["cue_lemma"].map(order)).sort_values(["_o", group], kind="stable")
    return _grouped_barh(
        data,
        "cue_lemma",
        group=group,
        title="Reporting verbs",
        xlabel="share of the outlet's attributions (%)",
        caption="Cue lemmas of attributions; '(loaded)' marks verbs that comment on the claim (claim, admit, insist).",
    )


def plot_media_cited(table: pd.DataFrame, *, group: str = "outlet", top: int = 10) -> Figure:
    """Bars of :func:`media_cited`: outlets statements were given to."""
    data = table.groupby(group, sort=False).head(top) if not table.empty else table
    return _grouped_barh(
        data,
        "medium",
        group=group,
        title="Media cited as the channel of a statement",
        xlabel="attributions (count)",
        value="attributions",
        caption="Statements given to another outlet or platform ('told CNN', 'in remarks to RIA Novosti').",
    )
