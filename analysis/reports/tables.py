"""Metric tables written next to a report: every number in a report can be re-read as data."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.errors import ReportError
from analysis.io.writers import write_table
from analysis.reports.snippets import DEFAULT_MAX_WORDS, apply_share_mode

if TYPE_CHECKING:
    from analysis.reports.excerpts import ExcerptLog

__all__ = ["save_table", "show_table", "TableView"]

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")


def save_table(
    frame: pd.DataFrame,
    name: str,
    tables_dir: str | Path | None,
    *,
    share: str = "full",
    max_words: int = DEFAULT_MAX_WORDS,
) -> pd.DataFrame:
    """Write ``<tables_dir>/<name>.csv`` and ``.parquet``; a no-op when ``tables_dir`` is empty.

    ``share``/``max_words`` cut or drop article text as the report's share mode requires
    (see :mod:`analysis.reports.share`). Returns the frame unchanged, so a notebook can save
    and display in one line.
    """
    if not tables_dir:
        return frame
    if not _SAFE_NAME.match(name):
        raise ReportError(f"table name {name!r} must be letters, digits, '_', '-' or '.'")
    folder = Path(tables_dir)
    folder.mkdir(parents=True, exist_ok=True)
    flat = frame.reset_index() if not isinstance(frame.index, pd.RangeIndex) else frame
    flat = apply_share_mode(flat, share, max_words=max_words)
    for suffix in (".csv", ".parquet"):
        write_table(flat, folder / f"{name}{suffix}")
    return frame


@dataclass
class TableView:
    """A table as readers see it: the first rows, the total, and where the full table is.

    Renders as escaped HTML (pandas escapes cell text), so article text can never become markup.
    With an excerpt ``log`` (snippets mode in a report run) candidate excerpts are shown as
    marks the runner later fills in or withholds (see :mod:`analysis.reports.excerpts`).
    """

    frame: pd.DataFrame
    name: str
    max_rows: int
    saved: bool
    share: str = "full"
    max_words: int = DEFAULT_MAX_WORDS
    log: ExcerptLog | None = None
    _marked: pd.DataFrame | None = field(default=None, init=False, repr=False)

    def _shown(self) -> pd.DataFrame:
        if self._marked is None:  # marked once, so HTML and plain text share the marks
            shown = apply_share_mode(
                self.frame.head(self.max_rows), self.share, max_words=self.max_words
            )
            self._marked = self.log.mark_frame(shown) if self.log is not None else shown
        return self._marked

    def _repr_html_(self) -> str:
        shown = self._shown()
        table = shown.to_html(
            index=False, escape=True, border=0, na_rep="", float_format=lambda v: f"{v:,.4g}"
        )
        total = len(self.frame)
        note = f"{total:,} row{'s' if total != 1 else ''}"
        if total > self.max_rows:
            note = f"first {self.max_rows:,} of {note}"
        if self.saved:
            link = html.escape(f"tables/{self.name}.csv")
            note += f'; full table: <a href="{link}">{link}</a> (also .parquet)'
        return f'{table}<p class="table-note">{note}</p>'

    def __repr__(self) -> str:
        return self._shown().to_string(index=False)


def show_table(
    frame: pd.DataFrame,
    name: str,
    tables_dir: str | Path | None,
    *,
    max_rows: int = 20,
    save: bool = True,
    share: str = "full",
    max_words: int = DEFAULT_MAX_WORDS,
    log: ExcerptLog | None = None,
) -> TableView:
    """Save the full table (see :func:`save_table`) and return a view for display in a report.

    With ``save=False`` the view shows ``frame`` (e.g. a selection) and links to a table
    ``name`` saved earlier.
    """
    if save:
        save_table(frame, name, tables_dir, share=share, max_words=max_words)
    if save and log is not None and tables_dir:
        log.note_table(name)
    return TableView(frame, name, max_rows, bool(tables_dir), share, max_words, log)
