"""Share modes for reports built from copyrighted coverage: ``full``, ``snippets``, ``aggregates``.

``snippets`` keeps at most ``max_words`` contiguous words of article text in any exported file;
``aggregates`` keeps none (only counts, terms, names and labels). In ``snippets`` mode the
runner also applies a per-document budget over the whole report
(:mod:`analysis.reports.budget`: at most 3 excerpts and 10% of each document by default).
The mode reaches every
notebook as the ``share``/``max_words`` parameters; the notebook's
:class:`~analysis.reports.page.ReportPage` enforces it — in ``save_table``, ``show_table``,
KWIC lines and a DataFrame display filter — so no notebook cell handles it by hand. After the run,
:func:`verify_export` measures what a reader can reassemble from every exported file (union
coverage per document) and refuses to publish a report over the budget.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd

from analysis.errors import ReportError
from analysis.reports.budget import SnippetBudget

__all__ = [
    "inline_figures",
    "redact_executed",
    "verify_export",
    "SCAN_WINDOW",
]

#: Runs of article text shorter than this many words are not counted (names, short phrases).
SCAN_WINDOW = 8


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


def verify_export(
    folder: Path,
    corpus: pd.DataFrame,
    mode: str,
    max_words: int,
    *,
    budget: SnippetBudget | None = None,
) -> pd.DataFrame | None:
    """Refuse to publish a report from which a reader can reassemble more than the mode allows.

    Measures, per document, the union of every piece of its text found in any exported file
    (8-word shingles over pages, tables with each row's cells joined, notebooks, JSON; see
    :func:`~analysis.reports.coverage.export_coverage`). ``aggregates``: nothing may match.
    ``snippets``: per document at most ``budget.max_snippets`` separate excerpts, none longer
    than ``max_words`` contiguous words, together at most ``budget.max_share`` of its words.
    Raises :class:`ReportError` naming the document and the file that shows most of it;
    returns the per-document coverage otherwise (``None`` in ``full`` mode).
    """
    if mode == "full":
        return None
    from analysis.reports.coverage import CorpusShingles, export_coverage

    budget = budget or SnippetBudget(max_words=max_words)
    per_doc = export_coverage(folder, CorpusShingles.build(corpus, k=SCAN_WINDOW))
    if mode == "aggregates":
        allowed = pd.Series(0, index=per_doc.index)
        checks = [("covered", allowed, "words of article text")]
    else:
        allowed = np.floor(per_doc["words"] * budget.max_share + 1e-9).astype(int)
        checks = [
            ("longest", pd.Series(max_words, index=per_doc.index), "contiguous words"),
            ("stretches", pd.Series(budget.max_snippets, index=per_doc.index), "separate excerpts"),
            ("covered", allowed, f"of its {{words}} words (max_share {budget.max_share:g})"),
        ]
    for column, limit, what in checks:
        over = per_doc[per_doc[column] > limit]
        if over.empty:
            continue
        worst = over.loc[(over[column] - limit[over.index]).idxmax()]
        others = f" and {len(over) - 1} other document(s)" if len(over) > 1 else ""
        raise ReportError(
            f"share={mode}: {worst['top_file']} (with the other exported files) shows document "
            f"{worst['doc_id']}{others} beyond the limit: {int(worst[column])} "
            f"{what.format(words=int(worst['words']))}, limit {int(limit[worst.name])}; "
            "the report was not published"
        )
    return per_doc
