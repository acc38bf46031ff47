"""Share modes for reports built from copyrighted coverage: ``full``, ``snippets``, ``aggregates``.

``snippets`` keeps at most ``max_words`` contiguous words of article text in any exported file;
``aggregates`` keeps none (only counts, terms, names and labels). The mode reaches every
notebook as the ``share``/``max_words`` parameters; the notebook's
:class:`~analysis.reports.page.ReportPage` enforces it — in ``save_table``, ``show_table``,
KWIC lines and a DataFrame display filter — so no notebook cell handles it by hand. After the run,
:func:`verify_export` scans every exported file for runs of article text and refuses to
publish a report that leaks more than the mode allows.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pandas as pd

from analysis.errors import ReportError

__all__ = [
    "inline_figures",
    "redact_executed",
    "verify_export",
    "SCAN_WINDOW",
]

#: Runs of article text shorter than this many words are not counted (names, short phrases).
SCAN_WINDOW = 8
_SCANNED = {".html", ".csv", ".tsv", ".parquet", ".json", ".jsonl", ".ipynb", ".txt"}


@contextlib.contextmanager
def inline_figures() -> Iterator[None]:
    """Kernels started inside draw figures with the inline backend (PNG in the notebook)."""
    backup = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        yield
    finally:
        if backup is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = backup


def redact_executed(path: Path, mode: str) -> None:
    """In ``snippets``/``aggregates`` mode, drop printed output from an executed notebook.

    Printed text bypasses the DataFrame display filter, so it is not shared; tables and figures
    stay (they went through the filter).
    """
    if mode == "full":
        return
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if o.output_type != "stream"]
    nbformat.write(notebook, path)


def verify_export(folder: Path, corpus: pd.DataFrame, mode: str, max_words: int) -> None:
    """Raise :class:`ReportError` if any exported file holds more article text than allowed."""
    if mode == "full":
        return
    from analysis.reports.snippets import ArticleTextIndex, longest_article_run

    index = ArticleTextIndex.build(corpus, k=SCAN_WINDOW)
    limit = max_words if mode == "snippets" else 0
    for path in sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in _SCANNED
    ):
        run = longest_article_run(path, index, min_words=SCAN_WINDOW)
        if run.length > limit:
            raise ReportError(
                f"share={mode}: {path.relative_to(folder)} contains {run.length} contiguous words of article text "
                f"(limit {limit}): {run.text[:80]!r}…; the report was not published"
            )
