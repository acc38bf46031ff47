"""One report notebook's output settings — where its tables go, how much text it may share.

A report notebook receives ``tables_dir``, ``share`` and ``max_words`` as papermill
parameters and builds a :class:`ReportPage` from them; every table it saves or shows goes
through the page, so the share mode is a parameter passed down, never a setting read from the
environment by lower layers::

    page = analysis.report_page(tables_dir, share=share, max_words=max_words)
    page.show_table(per_outlet, "documents_per_outlet")
    display(HTML(page.kwic_html(lines)))

In ``snippets`` and ``aggregates`` mode the page also filters every DataFrame the notebook
displays directly, so nothing bypasses the mode. In a report run in ``snippets`` mode (a
``tables_dir`` is set) excerpts are displayed as marks and logged; the runner then allocates
the per-document snippet budget over the whole report (:mod:`analysis.reports.budget`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.annotation.capacity import return_free_memory
from analysis.errors import ReportError
from analysis.reports.excerpts import ExcerptLog
from analysis.reports.snippets import (
    DEFAULT_MAX_WORDS,
    SHARE_MODES,
    apply_share_mode,
    install_display_filter,
)
from analysis.reports.tables import TableView, save_table, show_table
from analysis.skips import SKIPS_TABLE, SkipLog

__all__ = ["ReportPage", "report_page"]

_WITHHELD_KWIC = (
    '<p class="table-note">Concordance lines are withheld: this report shares aggregates only.</p>'
)


@dataclass(frozen=True)
class ReportPage:
    """The tables folder and share mode of one report page (see :func:`report_page`)."""

    tables_dir: str | Path | None = None
    share: str = "full"
    max_words: int = DEFAULT_MAX_WORDS
    #: Documents a stage could not analyse; saved as ``tables/analysis_skips`` on each record,
    #: so the runner finds them even if the notebook fails later.
    skips: SkipLog = field(init=False, repr=False, compare=False)
    log: ExcerptLog | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.share not in SHARE_MODES:
            raise ReportError(f"share must be one of {sorted(SHARE_MODES)}, got {self.share!r}")
        if self.max_words < 1:
            raise ReportError(f"max_words must be at least 1, got {self.max_words}")
        skips = SkipLog(on_record=lambda _row: self.save_table(skips.frame(), SKIPS_TABLE))
        object.__setattr__(self, "skips", skips)
        if self.share == "snippets" and self.tables_dir:
            object.__setattr__(self, "log", ExcerptLog(self.tables_dir))

    def save_table(self, frame: pd.DataFrame, name: str) -> pd.DataFrame:
        """Write ``frame`` as ``tables/<name>.csv|parquet`` in the page's share mode."""
        saved = save_table(
            frame, name, self.tables_dir or None, share=self.share, max_words=self.max_words
        )
        if self.log is not None:
            self.log.note_table(name)
        return saved

    def show_table(
        self, frame: pd.DataFrame, name: str, *, max_rows: int = 20, save: bool = True
    ) -> TableView:
        """Save ``frame`` (unless ``save=False``) and return its first rows for display."""
        return show_table(
            frame,
            name,
            self.tables_dir or None,
            max_rows=max_rows,
            save=save,
            share=self.share,
            max_words=self.max_words,
            log=self.log,
        )

    def shareable(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with article text cut or dropped as the share mode requires."""
        return apply_share_mode(frame, self.share, max_words=self.max_words)

    def kwic_html(self, lines: pd.DataFrame, *, max_rows: int = 200) -> str:
        """Concordance lines as escaped HTML; withheld in ``aggregates`` mode, cut in ``snippets``."""
        from analysis.wordchoice import kwic_html

        if self.share == "aggregates":
            return _WITHHELD_KWIC
        if self.share == "snippets":  # the line (both sides and the keyword) within the budget
            half = max(1, (self.max_words - 2) // 2)
            lines = lines.assign(
                left=lines["left"].map(lambda s: " ".join(str(s).split()[-half:])),
                right=lines["right"].map(lambda s: " ".join(str(s).split()[:half])),
            )
            if self.log is not None:
                lines = self.log.mark_kwic(lines.head(max_rows))
        return kwic_html(lines, max_rows=max_rows)


def report_page(
    tables_dir: str | Path | None = None, *, share: str = "full", max_words: int = DEFAULT_MAX_WORDS
) -> ReportPage:
    """The :class:`ReportPage` for a notebook's parameters; installs the display filter.

    Outside a report run (``share="full"``, no ``tables_dir``) it writes nothing and changes
    nothing, so the same notebook runs interactively in JupyterLab.
    """
    page = ReportPage(tables_dir or None, share, max_words)
    if share != "full":
        install_display_filter(share, max_words=max_words, log=page.log)
    if tables_dir:
        _return_memory_after_cells()
    return page


def _return_memory_after_cells() -> None:
    """In a report kernel, hand freed memory back to the system after every cell.

    A cell's intermediate tables are freed when it ends but stay mapped by the allocator, so a
    kernel's footprint ratchets up cell by cell towards the sum of its cells' peaks; two
    kernels run side by side in a report.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return
    shell = get_ipython()
    if shell is None:
        return
    callbacks = shell.events.callbacks["post_run_cell"]
    if not any(getattr(c, "__name__", "") == "_return_free_memory" for c in callbacks):
        shell.events.register("post_run_cell", _return_free_memory)


def _return_free_memory(_result: object = None) -> None:
    return_free_memory()
