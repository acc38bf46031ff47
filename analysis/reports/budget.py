"""The snippet budget: how much of each document a ``snippets`` report may show, in all its files.

Trimming every cell to 30 words is not enough: a report's evidence tables list nearly every
sentence of every document. Copyright practice limits how much of each *work* is shown, so a
snippets report allows, per document and across every page, table and notebook it exports:

* at most ``max_snippets`` excerpts (default 3),
* of at most ``max_words`` words each (default 30),
* covering at most ``max_share`` of the document's words together (default 10%),

and one excerpt per table row (two cells of one row may not join into a longer run).

The allocation (:mod:`analysis.reports.allocation`) is deterministic and runs once, after
every notebook of the report finished (each notebook ran in its own kernel and only logged
its excerpts, see :mod:`analysis.reports.excerpts`); this module holds the limits and the
ledger that decides one row at a time. Excerpts shown on the pages come first — the evidence
behind each page's figures and findings — taken round-robin by row rank across the pages
(every page's first row, then every page's second row, …), then the rows of the saved tables
in the same way. A row over budget keeps its metadata (doc_id, outlet, counts, offsets,
labels); its text becomes ``[withheld: snippet budget]``. Text is matched to documents with
the same 8-word shingles the pre-publish scan uses (:mod:`analysis.reports.coverage`), so an
excerpt shared by two documents counts for both.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import ReportError
from analysis.reports.coverage import CorpusShingles
from analysis.reports.excerpts import MIN_EXCERPT_WORDS
from analysis.reports.snippets import _words, trim_text

__all__ = ["BudgetLedger", "SnippetBudget", "WITHHELD", "PREFERRED_COLUMNS"]

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


Cells = list[tuple[str, object]]  # a row's string cells (column, text) in column order
#: a row in column order: an index into its string cells, or the text of another cell
Layout = Sequence[int | str]


class BudgetLedger:
    """What has been shown so far, per document; :meth:`row` decides one row at a time.

    The ledger keeps, per document, the words covered so far, and grants a row only if,
    for every document the row's text matches, the covered words stay within ``max_share``,
    the separate covered stretches (excerpts, as the scan counts them) within
    ``max_snippets`` and the longest stretch within ``max_words``. Coverage is computed on
    the row's cells joined, as a reader (and the scan) reads them.
    """

    def __init__(self, index: CorpusShingles, budget: SnippetBudget) -> None:
        self.index = index
        self.budget = budget
        words = index.doc_words()
        self.allowed = np.floor(words * budget.max_share + 1e-9).astype(np.int64)
        self.count = np.zeros(len(words), dtype=np.int64)  # covered stretches
        self.used = np.zeros(len(words), dtype=np.int64)  # covered words
        self.covered = np.zeros(index.n_words, dtype=bool)
        self.positions = {doc_id: i for i, doc_id in enumerate(index.doc_ids)}
        self._excerpt: dict[str, bool] = {}
        self._granted_text: set[str] = set()
        self.granted = 0
        self.withheld = 0

    def _positions(self, text: str) -> np.ndarray:
        starts = self.index.window_starts(self.index.segment_hashes([text]))
        if len(starts) == 0:
            return starts
        return np.unique((starts[:, None] + np.arange(self.index.k)).ravel())

    def prime(self, texts: Sequence[object]) -> None:
        """Find out at once which of many texts hold article text (one pass, not one per text)."""
        todo = list(
            dict.fromkeys(
                t
                for t in texts
                if isinstance(t, str)
                and t not in self._excerpt
                and _n_words(t) >= MIN_EXCERPT_WORDS
            )
        )
        if not todo:
            return
        grams, owner = self.index.segment_hashes(todo, owners=True)
        where = np.searchsorted(self.index.hashes, grams).clip(
            max=max(0, len(self.index.hashes) - 1)
        )
        hit = (
            self.index.hashes[where] == grams
            if len(self.index.hashes)
            else np.zeros(len(grams), bool)
        )
        found = np.bincount(owner[hit], minlength=len(todo)) > 0
        self._excerpt.update(zip(todo, found.tolist(), strict=True))

    def is_excerpt(self, text: object) -> bool:
        """Does ``text`` hold a run of article text (an 8-word window of some document)?"""
        if not isinstance(text, str) or _n_words(text) < MIN_EXCERPT_WORDS:
            return False
        if text not in self._excerpt:
            self._excerpt[text] = len(self._positions(text)) > 0
        return self._excerpt[text]

    def _spent(self, doc_id: object) -> bool:
        doc = self.positions.get(str(doc_id)) if doc_id is not None else None
        if doc is None:
            return False
        return bool(
            self.count[doc] >= self.budget.max_snippets or self.used[doc] >= self.allowed[doc]
        )

    def _after(self, fresh: np.ndarray, doc: int) -> tuple[int, int]:
        """Stretches and longest stretch of ``doc`` if ``fresh`` positions were covered."""
        lo, hi = self.index.offsets[doc], self.index.offsets[doc + 1]
        mask = self.covered[lo:hi].copy()
        mask[fresh[(fresh >= lo) & (fresh < hi)] - lo] = True
        padded = np.concatenate([[False], mask, [False]])
        edges = np.flatnonzero(padded[1:] != padded[:-1])
        if not len(edges):
            return 0, 0
        return len(edges) // 2, int(np.max(edges[1::2] - edges[::2]))

    def _fits(self, positions: np.ndarray) -> tuple[bool, int]:
        """Whether ``positions`` fit every document they touch; else the words that would fit."""
        fresh = positions[~self.covered[positions]]
        if len(fresh) == 0:
            return True, 0
        docs, new = np.unique(self.index.doc_of(fresh), return_counts=True)
        room = int(np.min(self.allowed[docs] - self.used[docs]))
        if np.any(self.used[docs] + new > self.allowed[docs]):
            return False, room
        for doc in docs:
            stretches, longest = self._after(fresh, int(doc))
            if stretches > self.budget.max_snippets or longest > self.budget.max_words:
                return False, 0
        return True, 0

    def _grant(self, positions: np.ndarray) -> None:
        fresh = positions[~self.covered[positions]]
        if len(fresh):
            docs, new = np.unique(self.index.doc_of(fresh), return_counts=True)
            for doc in docs:
                self.count[doc] = self._after(fresh, int(doc))[0]
            self.used[docs] += new
            self.covered[fresh] = True

    def _row_positions(self, values: list[object], layout: Layout | None) -> np.ndarray:
        """Corpus positions a row shows, read along its string cells and along all its cells
        (a CSV reader also sees numbers between the texts)."""
        positions = self._positions(_joined(values))
        if layout:
            full = " ".join(
                (WITHHELD if values[x] is None else str(values[x])) if isinstance(x, int) else x
                for x in layout
            )
            positions = np.union1d(positions, self._positions(full))
        return positions

    def row(
        self,
        cells: Cells,
        *,
        doc_id: object = None,
        trim: bool = True,
        layout: Layout | None = None,
    ) -> list[object]:
        """What to publish for each of a row's cells: its text (maybe shortened) or ``None``.

        At most one cell carries an excerpt (preferring :data:`PREFERRED_COLUMNS`, then
        column order); the row's other excerpts are withheld, and so are short cells that
        would still join into more article text than the budget allows. ``layout`` gives the
        row's other cells (numbers, dates) between the string cells, as a CSV shows them.
        """
        values: list[object] = [text for _, text in cells]
        spent = self._spent(doc_id)
        excerpts = [
            i
            for i, (_, text) in enumerate(cells)
            if (
                spent  # the row's document is spent: withhold long cells without looking them up
                and isinstance(text, str)
                and text not in self._granted_text
                and _n_words(text) >= MIN_EXCERPT_WORDS
            )
            or self.is_excerpt(text)
        ]
        for i in excerpts:
            values[i] = None
        for i in sorted(excerpts, key=lambda i: _rank(cells[i][0])):
            text = str(cells[i][1])
            if spent and text not in self._granted_text:
                break
            trial = values.copy()
            trial[i] = trim_text(text, self.budget.max_words)
            positions = self._row_positions(trial, layout)
            fits, room = self._fits(positions)
            if not fits and trim and cells[i][0] != "line" and room >= MIN_EXCERPT_WORDS:
                trial[i] = trim_text(text, min(room, self.budget.max_words))
                positions = self._row_positions(trial, layout)
                fits, _ = self._fits(positions)
            if fits:
                self._grant(positions)
                self._granted_text.add(text)
                self.granted += 1
                self.withheld += len(excerpts) - 1
                return trial
        self.withheld += len(excerpts)
        if _longest_run(values, None) < MIN_EXCERPT_WORDS and (
            not layout or _longest_run(values, layout) < MIN_EXCERPT_WORDS
        ):
            return values  # what is left cannot hold an 8-word window
        positions = self._row_positions(values, layout)
        for i in sorted(
            (i for i, v in enumerate(values) if isinstance(v, str)),
            key=lambda i: -_n_words(str(values[i])),
        ):
            if self._fits(positions)[0]:
                break
            values[i] = None  # short cells that still join into article text
            positions = self._row_positions(values, layout)
        if self._fits(positions)[0]:
            self._grant(positions)
        return values


@functools.lru_cache(maxsize=1 << 18)
def _n_words(text: str) -> int:
    return len(_words(text))


def _longest_run(values: list[object], layout: Layout | None) -> int:
    """Most words a window could span without crossing the inside of a withheld cell's marker
    (along the string cells, or along the layout)."""
    cells = values if layout is None else [values[x] if isinstance(x, int) else x for x in layout]
    marker = _n_words(WITHHELD)  # its words can join a window too ("… budget. Yes, this budget …")
    best = run = 0
    for value in cells:
        if value is None:
            best = max(best, run + marker)
            run = marker
        else:
            run += _n_words(str(value))
            best = max(best, run)
    return best


def _as_csv(value: object) -> str:
    """A non-text cell as a CSV shows it ('' for missing)."""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # lists and arrays are not missing
        pass
    return str(value)


def _joined(values: list[object]) -> str:
    return " ".join(WITHHELD if v is None else str(v) for v in values)


def _rank(column: str) -> int:
    return (
        PREFERRED_COLUMNS.index(column) if column in PREFERRED_COLUMNS else len(PREFERRED_COLUMNS)
    )
