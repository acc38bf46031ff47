"""Apply the snippet budget to a finished report: rewrite its tables, fill in its pages' marks.

Reads every notebook's excerpt log and saved tables, decides every displayed row and every
table row with one :class:`~analysis.reports.budget.BudgetLedger` — pages first, by row rank
across pages, then tables the same way — and writes the decisions back: tables (CSV and
Parquet) with withheld text, executed notebooks with marks replaced by the granted text (HTML
escaped) or ``[withheld: snippet budget]``. The logs are deleted, so nothing behind a mark is
published.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from analysis.io.writers import write_table
from analysis.reports.budget import WITHHELD, BudgetLedger, SnippetBudget, _as_csv, _n_words
from analysis.reports.coverage import CorpusShingles
from analysis.reports.excerpts import LOG_NAME, MARK_PATTERN, MIN_EXCERPT_WORDS, read_log

__all__ = ["BudgetResult", "allocate_snippets"]


@dataclass
class _Table:
    """A saved table (CSV + Parquet) being rewritten."""

    path: Path  # the .parquet file
    frame: pd.DataFrame
    columns: list[str]  # its string columns, in order
    changed: bool = False


@dataclass
class _Notebook:
    """One notebook's part of the report: its tables folder, executed notebook and marks."""

    tables_dir: Path
    executed: Path | None
    rows: list[dict] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)


def _string_columns(frame: pd.DataFrame) -> list[str]:
    return [
        c
        for c in frame.columns
        if (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c]))
        and any(isinstance(v, str) for v in frame[c])
    ]


def _load_part(tables_dir: Path, executed: Path | None) -> _Notebook:
    part = _Notebook(tables_dir, executed)
    order: list[str] = []
    for record in read_log(tables_dir):
        if "table" in record:
            if record["table"] not in order:
                order.append(record["table"])
        else:
            part.rows.append(record)
    saved = sorted(tables_dir.glob("*.parquet")) if tables_dir.is_dir() else []
    saved.sort(key=lambda p: order.index(p.stem) if p.stem in order else len(order))
    for path in saved:
        frame = pd.read_parquet(path)
        columns = _string_columns(frame)
        long = [c for c in columns if any(isinstance(v, str) for v in frame[c])]
        if long:
            part.tables.append(_Table(path, frame, columns))
    return part


def _allocate_marks(parts: list[_Notebook], ledger: BudgetLedger) -> dict[tuple[int, int], Any]:
    """Decide every marked row on the pages: by row rank, then page order, then display order."""
    decided: dict[tuple[int, int], Any] = {}
    ordered = sorted(
        (
            (record["rank"], n, k, record)
            for n, part in enumerate(parts)
            for k, record in enumerate(part.rows)
        ),
        key=lambda item: item[:3],
    )
    for _, n, _, record in ordered:
        cells = [(c["column"], c["text"]) for c in record["cells"]]
        layout = record.get("layout")
        for cell, value in zip(record["cells"], ledger.row(cells, layout=layout), strict=True):
            decided[(n, int(cell["id"]))] = value
    return decided


def _allocate_tables(parts: list[_Notebook], ledger: BudgetLedger) -> None:
    """Decide every row of every saved table: by row rank, then notebook, then table order."""
    tables = [(n, t, tb) for n, p in enumerate(parts) for t, tb in enumerate(p.tables)]
    values = {(n, t): {c: tb.frame[c].tolist() for c in tb.columns} for n, t, tb in tables}
    doc_ids = {
        (n, t): tb.frame["doc_id"].tolist() if "doc_id" in tb.frame.columns else None
        for n, t, tb in tables
    }
    work = sorted((rank, n, t) for n, t, tb in tables for rank in range(len(tb.frame)))
    ledger.prime([v for columns in values.values() for cells in columns.values() for v in cells])
    others = {
        (n, t): {
            c: tb.frame[c].map(_as_csv).tolist() for c in tb.frame.columns if c not in tb.columns
        }
        for n, t, tb in tables
    }
    for rank, n, t in work:
        key, table = (n, t), parts[n].tables[t]
        cells = [(c, values[key][c][rank]) for c in table.columns]
        cells = [(c, v) for c, v in cells if isinstance(v, str)]
        if sum(_n_words(v) for _, v in cells) < MIN_EXCERPT_WORDS:
            continue
        slots = {c: i for i, (c, _) in enumerate(cells)}
        layout = [
            slots[c] if c in slots else others[key][c][rank] if c in others[key] else ""
            for c in table.frame.columns
        ]
        ids = doc_ids[key]
        new = ledger.row(cells, doc_id=ids[rank] if ids is not None else None, layout=layout)
        for (column, old), value in zip(cells, new, strict=True):
            replacement = WITHHELD if value is None else value
            if replacement != old:
                values[key][column][rank] = replacement
                table.changed = True
    for n, t, table in tables:
        if table.changed:
            for column in table.columns:
                table.frame[column] = pd.array(values[(n, t)][column], dtype=object)


def _fill(
    text: str, decided: dict[tuple[int, int], Any], n: int, parts: dict, *, escape: bool
) -> str:
    def replace(match: Any) -> str:
        number, side = int(match.group(1)), match.group(2)
        value = decided.get((n, number))
        if value is None:
            out = WITHHELD if side != "r" else ""
        elif side:
            left, _, right = parts.get(number, ["", "", ""])
            out = left if side == "l" else right
        else:
            out = str(value)
        return html.escape(out, quote=False) if escape else out

    return MARK_PATTERN.sub(replace, text)


def _fill_notebook(path: Path, decided: dict, n: int, rows: list[dict]) -> None:
    parts = {int(c["id"]): c["parts"] for r in rows for c in r["cells"] if "parts" in c}
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime, value in list(data.items()):
                if isinstance(value, str) and "⟦x:" in value:
                    data[mime] = _fill(value, decided, n, parts, escape=mime == "text/html")
            if isinstance(output.get("text"), str) and "⟦x:" in output["text"]:
                output["text"] = _fill(output["text"], decided, n, parts, escape=False)
    nbformat.write(notebook, path)


@dataclass(frozen=True)
class BudgetResult:
    """What the allocation did (recorded in provenance)."""

    granted: int
    withheld: int
    documents_with_excerpts: int

    def as_dict(self) -> dict[str, int]:
        return {
            "excerpts_granted": self.granted,
            "excerpts_withheld": self.withheld,
            "documents_with_excerpts": self.documents_with_excerpts,
        }


def allocate_snippets(
    parts: Sequence[tuple[Path, Path | None]],
    corpus: pd.DataFrame | CorpusShingles,
    budget: SnippetBudget,
) -> BudgetResult:
    """Apply the snippet budget to a report: rewrite tables and fill in the notebooks' marks.

    ``parts`` lists, in page order, each notebook's tables folder and executed notebook (or
    ``None`` for tables the runner wrote itself). Tables are rewritten in place (CSV and
    Parquet); excerpt logs are removed, so nothing behind a mark is published.
    """
    index = corpus if isinstance(corpus, CorpusShingles) else CorpusShingles.build(corpus)
    ledger = BudgetLedger(index, budget)
    loaded = [_load_part(Path(d), Path(e) if e else None) for d, e in parts]
    decided = _allocate_marks(loaded, ledger)
    _allocate_tables(loaded, ledger)
    for n, part in enumerate(loaded):
        for table in part.tables:
            if table.changed:
                for suffix in (".csv", ".parquet"):
                    write_table(table.frame, table.path.with_suffix(suffix))
        if part.executed is not None and part.executed.is_file():
            _fill_notebook(part.executed, decided, n, part.rows)
        (part.tables_dir / LOG_NAME).unlink(missing_ok=True)
    return BudgetResult(ledger.granted, ledger.withheld, int((ledger.count > 0).sum()))
