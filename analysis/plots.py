"""Figures with one consistent look: titles, axis labels, captions and stable outlet colours.

Every ``plot_*`` function in the package draws through :func:`new_figure`, so reports look
alike and deterministic (fixed fonts, sizes and colour order; no timestamps in the images).
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["PALETTE", "STYLE", "new_figure", "outlet_colors", "add_caption", "wrap_label"]

#: Colour-blind-safe palette (Okabe–Ito), then four of Paul Tol's muted colours, so the
#: 11 largest groups of a folded figure keep distinct colours; assigned in sorted order.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
    "#882255", "#44AA99", "#999933", "#AA4499",
)  # fmt: skip
#: The folded rest ("other outlets (159)") is drawn in grey: it is not a group of its own.
OTHER_COLOR = "#BBBBBB"

STYLE: dict[str, object] = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "analysis",
    "path.simplify": True,
}


def new_figure(
    title: str,
    xlabel: str,
    ylabel: str,
    *,
    width: float = 8.0,
    height: float = 4.5,
) -> tuple[Figure, Axes]:
    """A figure with the house style, a title and labelled axes (units belong in the labels)."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
    return fig, ax


def outlet_colors(groups: Iterable[str]) -> dict[str, str]:
    """Stable colour per group: the same outlet gets the same colour in every figure of a run."""
    ordered = sorted({str(g) for g in groups})
    folded = [g for g in ordered if g.startswith("other ") and g.endswith(")")]
    colors = {
        g: PALETTE[i % len(PALETTE)] for i, g in enumerate(g for g in ordered if g not in folded)
    }
    return colors | {g: OTHER_COLOR for g in folded}


def add_caption(fig: Figure, text: str) -> None:
    """Put a one- or two-line caption under the figure (how to read it, what it counts)."""
    fig.supxlabel(text, fontsize=8.5, color="#444444", wrap=True)


def note_empty(ax: Axes, message: str) -> None:
    """Say on the axes why a figure has nothing to show, instead of failing the report."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])


def wrap_label(text: str, width: int = 28) -> str:
    """Shorten a long label so it does not squeeze the plot; escape text matplotlib would parse."""
    text = " ".join(str(text).split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.replace("$", r"\$")  # a '$' in corpus text must not start matplotlib mathtext
