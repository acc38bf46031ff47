"""The snippet budget: how much of each document a ``snippets`` report may show, in all its files.

Trimming every cell to 30 words is not enough: a report's evidence tables list nearly every
sentence of every document. Copyright practice limits how much of each *work* is shown, so a
snippets report allows, per document and across every page, table and notebook it exports:

* at most ``max_snippets`` excerpts (default 3),
* of at most ``max_words`` words each (default 30),
* covering at most ``max_share`` of the document's words together (default 10%),

and one excerpt per table row (two cells of one row may not join into a longer run).

The allocation is deterministic and runs once, after every notebook of the report finished
(each notebook ran in its own kernel and only logged its excerpts, see
:mod:`analysis.reports.excerpts`). Excerpts shown on the pages come first — the evidence
behind each page's figures and findings — taken round-robin by row rank across the pages
(every page's first row, then every page's second row, …), then the rows of the saved tables
in the same way. A row over budget keeps its metadata (doc_id, outlet, counts, offsets,
labels); its text becomes ``[withheld: snippet budget]``. Text is matched to documents with
the same 8-word shingles the pre-publish scan uses (:mod:`analysis.reports.coverage`), so an
excerpt shared by two documents counts for both.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pandas as pd

from analysis.errors import ReportError
from analysis.io.writers import write_table
from analysis.reports.coverage import CorpusShingles
from analysis.reports.excerpts import LOG_NAME, MARK_PATTERN, MIN_EXCERPT_WORDS, read_log
from analysis.reports.snippets import _words, trim_text

__all__ = ["SnippetBudget", "WITHHELD", "allocate_snippets", "BudgetLedger"]

WITHHELD = "[withheld: snippet budget]"
#: Text columns tried first when a row has more than one excerpt (the fuller context wins).
PREFERRED_COLUMNS = ("evidence_sentence", "sentence", "content", "text", "line", "headlines")


@dataclass(frozen=True)
class SnippetBudget:
    """Per-document limits of a ``snippets`` report (see the module docstring)."""

    max_snippets: int = 3
    max_words: int = 30
    max_share: float = 0.10

    def __post_init__(self) -> None:
        if self.max_snippets < 0:
            raise ReportError(f"max_snippets must be 0 or more, got {self.max_snippets}")
        if self.max_words < 1:
            raise ReportError(f"max_words must be at least 1, got {self.max_words}")
        if not 0 <= self.max_share <= 1:
            raise ReportError(f"max_share must be between 0 and 1, got {self.max_share}")


_NOT_EXCERPT = object()  # text with no run of article text: published as is, costs nothing


class BudgetLedger:
    """What has been granted so far, per document; :meth:`decide` grants or withholds one text."""

    def __init__(self, index: CorpusShingles, budget: SnippetBudget) -> None:
        self.index = index
        self.budget = budget
        words = index.doc_words()
        self.allowed = np.floor(words * budget.max_share + 1e-9).astype(np.int64)
        self.count = np.zeros(len(words), dtype=np.int64)
        self.used = np.zeros(len(words), dtype=np.int64)
        self.covered = np.zeros(index.n_words, dtype=bool)
        self.positions = {doc_id: i for i, doc_id in enumerate(index.doc_ids)}
        self._decisions: dict[str, Any] = {}
        self._excerpt: dict[str, bool] = {}
        self.granted = 0
        self.withheld = 0

    def _positions(self, text: str) -> np.ndarray:
        starts = self.index.window_starts(self.index.segment_hashes([text]))
        if len(starts) == 0:
            return starts
        return np.unique((starts[:, None] + np.arange(self.index.k)).ravel())

    def is_excerpt(self, text: object) -> bool:
        """Does ``text`` hold a run of article text (an 8-word window of some document)?"""
        if not isinstance(text, str) or len(_words(text)) < MIN_EXCERPT_WORDS:
            return False
        if text not in self._excerpt:
            self._excerpt[text] = len(self._positions(text)) > 0
        return self._excerpt[text]

    def _fits(self, positions: np.ndarray) -> tuple[bool, int]:
        """Whether ``positions`` fit every document they touch; else the words that would fit."""
        fresh = positions[~self.covered[positions]]
        if len(fresh) == 0:
            return True, 0
        docs, new = np.unique(self.index.doc_of(fresh), return_counts=True)
        room = int(np.min(self.allowed[docs] - self.used[docs]))
        if np.any(self.count[docs] >= self.budget.max_snippets):
            return False, 0
        if np.any(self.used[docs] + new > self.allowed[docs]):
            return False, room
        for doc in docs:  # no covered stretch may grow past max_words
            lo, hi = self.index.offsets[doc], self.index.offsets[doc + 1]
            mask = self.covered[lo:hi].copy()
            mask[fresh[(fresh >= lo) & (fresh < hi)] - lo] = True
            padded = np.concatenate([[False], mask, [False]])
            edges = np.flatnonzero(padded[1:] != padded[:-1])
            if len(edges) and int(np.max(edges[1::2] - edges[::2])) > self.budget.max_words:
                return False, 0
        return True, 0

    def _grant(self, positions: np.ndarray) -> None:
        fresh = positions[~self.covered[positions]]
        if len(fresh):
            docs, new = np.unique(self.index.doc_of(fresh), return_counts=True)
            self.count[docs] += 1
            self.used[docs] += new
            self.covered[fresh] = True

    def decide(self, text: str, *, doc_id: object = None, trim: bool = True) -> Any:
        """The text to publish for ``text`` (maybe shortened), ``None`` to withhold it, or
        ``_NOT_EXCERPT`` if it holds no article text. The same text gets the same answer."""
        if text in self._decisions:
            return self._decisions[text]
        if not self.is_excerpt(text):
            return _NOT_EXCERPT
        hint = self.positions.get(str(doc_id)) if doc_id is not None else None
        if hint is not None and self.count[hint] >= self.budget.max_snippets:
            decision = None  # the row's document is spent (cheap path for long tables)
        else:
            shown = trim_text(text, self.budget.max_words)
            positions = self._positions(shown)
            fits, room = self._fits(positions)
            if not fits and trim and room >= MIN_EXCERPT_WORDS:
                shown = trim_text(shown, room)
                positions = self._positions(shown)
                fits, _ = self._fits(positions)
            decision = shown if fits else None
            if fits:
                self._grant(positions)
        self._decisions[text] = decision
        if decision is None:
            self.withheld += 1
        else:
            self.granted += 1
        return decision

    def row(self, cells: dict[str, object], *, doc_id: object = None) -> dict[str, object]:
        """New values for a row's text cells: one excerpt at most, the rest withheld."""
        order = sorted(cells, key=lambda c: (c not in PREFERRED_COLUMNS, _rank(c)))
        result: dict[str, object] = {}
        carried = False
        for column in order:
            value = cells[column]
            if not self.is_excerpt(value):
                continue
            if carried:
                result[column] = None
                continue
            decision = self.decide(value, doc_id=doc_id, trim=column != "line")
            result[column] = decision
            carried = decision is not None
        return result


def _rank(column: str) -> int:
    return PREFERRED_COLUMNS.index(column) if column in PREFERRED_COLUMNS else 0


@dataclass
class _Table:
    """A saved table (CSV + Parquet) being rewritten."""

    path: Path  # the .parquet file
    frame: pd.DataFrame
    columns: list[str]
    changed: bool = False


@dataclass
class _Notebook:
    """One notebook's part of the report: its tables folder, executed notebook and marks."""

    tables_dir: Path
    executed: Path | None
    marks: dict[int, dict] = field(default_factory=dict)
    tables: list[_Table] = field(default_factory=list)


def _load_part(tables_dir: Path, executed: Path | None) -> _Notebook:
    part = _Notebook(tables_dir, executed)
    order: list[str] = []
    for record in read_log(tables_dir):
        if "table" in record:
            if record["table"] not in order:
                order.append(record["table"])
        else:
            part.marks[int(record["id"])] = record
    saved = sorted(tables_dir.glob("*.parquet")) if tables_dir.is_dir() else []
    saved.sort(key=lambda p: order.index(p.stem) if p.stem in order else len(order))
    for path in saved:
        frame = pd.read_parquet(path)
        columns = [
            c
            for c in frame.columns
            if (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c]))
            and frame[c].map(lambda v: isinstance(v, str) and len(_words(v)) >= MIN_EXCERPT_WORDS).any()
        ]
        if columns:
            part.tables.append(_Table(path, frame, columns))
    return part


def _allocate_marks(parts: list[_Notebook], ledger: BudgetLedger) -> dict[tuple[int, int], Any]:
    """Decide every mark on the pages, by row rank, then page order, then display order."""
    rows: dict[tuple[int, str], list[dict]] = {}
    for n, part in enumerate(parts):
        for record in part.marks.values():
            rows.setdefault((n, record["row"]), []).append(record)
    decided: dict[tuple[int, int], Any] = {}
    ordered = sorted(rows.items(), key=lambda kv: (kv[1][0]["rank"], kv[0][0], kv[1][0]["id"]))
    for (n, _), records in ordered:
        cells = {r["column"]: r["text"] for r in records}
        values = ledger.row(cells)
        for record in records:
            decided[(n, record["id"])] = values.get(record["column"], _NOT_EXCERPT)
    return decided


def _allocate_tables(parts: list[_Notebook], ledger: BudgetLedger) -> None:
    """Decide every row of every saved table, by row rank, then notebook, then table order."""
    work = []
    for n, part in enumerate(parts):
        for t, table in enumerate(part.tables):
            work.extend((rank, n, t) for rank in range(len(table.frame)))
    work.sort()
    columns = {(n, t): tb.columns for n, p in enumerate(parts) for t, tb in enumerate(p.tables)}
    values = {
        (n, t): {c: tb.frame[c].tolist() for c in tb.columns}
        for n, p in enumerate(parts)
        for t, tb in enumerate(p.tables)
    }
    doc_ids = {
        (n, t): tb.frame["doc_id"].tolist() if "doc_id" in tb.frame.columns else None
        for n, p in enumerate(parts)
        for t, tb in enumerate(p.tables)
    }
    for rank, n, t in work:
        key = (n, t)
        cells = {c: values[key][c][rank] for c in columns[key]}
        ids = doc_ids[key]
        new = ledger.row(cells, doc_id=ids[rank] if ids is not None else None)
        for column, value in new.items():
            if value is _NOT_EXCERPT:
                continue
            replacement = WITHHELD if value is None else value
            if replacement != cells[column]:
                values[key][column][rank] = replacement
                parts[n].tables[t].changed = True
    for n, part in enumerate(parts):
        for t, table in enumerate(part.tables):
            if table.changed:
                for column in table.columns:
                    table.frame[column] = pd.array(values[(n, t)][column], dtype=object)


def _fill(text: str, decided: dict[tuple[int, int], Any], n: int, marks: dict, *, escape: bool) -> str:
    def replace(match: Any) -> str:
        number, part = int(match.group(1)), match.group(2)
        record = marks.get(number)
        value = decided.get((n, number), None)
        if record is None or value is None:
            out = WITHHELD if part != "r" else ""
        elif value is _NOT_EXCERPT:
            out = _part(record, part, record["text"])
        else:
            out = _part(record, part, value)
        return html.escape(out, quote=False) if escape else out

    return MARK_PATTERN.sub(replace, text)


def _part(record: dict, part: str | None, value: str) -> str:
    """The text for one mark: a KWIC side, or the whole cell."""
    if not part:
        return value
    left, _, right = record.get("parts", ["", "", ""])
    return left if part == "l" else right


def _fill_notebook(path: Path, decided: dict, n: int, marks: dict) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime, value in list(data.items()):
                if isinstance(value, str) and "⟦x:" in value:
                    data[mime] = _fill(value, decided, n, marks, escape=mime == "text/html")
            if isinstance(output.get("text"), str) and "⟦x:" in output["text"]:
                output["text"] = _fill(output["text"], decided, n, marks, escape=False)
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
            _fill_notebook(part.executed, decided, n, part.marks)
        (part.tables_dir / LOG_NAME).unlink(missing_ok=True)
    return BudgetResult(ledger.granted, ledger.withheld, int((ledger.count > 0).sum()))
