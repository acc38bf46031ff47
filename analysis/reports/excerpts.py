"""Excerpt marks: how a report notebook leaves article text for the runner to grant or withhold.

The snippet budget is per document across every page of a report, but each notebook runs in
its own kernel, possibly in parallel with the others. So in ``snippets`` mode a notebook does
not decide which excerpts are shown: every text cell it displays that could be part of an excerpt
(a row whose text cells have at least :data:`MIN_EXCERPT_WORDS` words) is replaced by a mark
such as ``⟦x:12⟧`` and its text is written to a log in the notebook's tables folder (``.excerpts.jsonl``, never
published). When every notebook has finished, the runner allocates the budget over all marks
and tables (:mod:`analysis.reports.budget`) and writes the granted text — or
``[withheld: snippet budget]`` — in place of each mark.

Log lines are JSON objects: ``{"table": NAME}`` when a table is saved (its rank among the
notebook's tables) and ``{"row": KEY, "rank": R, "cells": [{"id": N, "column": NAME,
"text": TEXT}, …], "layout": […]}`` for a displayed row (R is its row number in the display;
``layout`` lists the row's cells in order, an index into ``cells`` or the text of a cell that
is not a string, such as a number); a KWIC line is
one cell ``line`` with ``"parts": [left, match, right]``, its sides marked ``⟦x:N:l⟧`` and
``⟦x:N:r⟧``.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from pathlib import Path

import pandas as pd

from analysis.reports.snippets import _words

__all__ = ["ExcerptLog", "LOG_NAME", "MARK_PATTERN", "MIN_EXCERPT_WORDS", "mark"]

#: File in a notebook's tables folder holding the text behind its marks.
LOG_NAME = ".excerpts.jsonl"
#: Cells with fewer words cannot hold an 8-word run of article text (names, terms, labels).
MIN_EXCERPT_WORDS = 8
MARK_PATTERN = re.compile(r"⟦x:(\d+)(?::([lr]))?⟧")

_COUNTERS: dict[Path, itertools.count] = {}
_LOCK = threading.Lock()


def _shown(value: object) -> str:
    """A cell that is not text, as it reads on the page ('' if missing)."""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def mark(number: int, part: str = "") -> str:
    """The mark standing for excerpt ``number`` (``part`` ``l``/``r`` for KWIC sides)."""
    return f"⟦x:{number}{':' + part if part else ''}⟧"


class ExcerptLog:
    """The excerpt log of one notebook's tables folder (shared by every page writing there)."""

    def __init__(self, tables_dir: str | Path) -> None:
        self.path = Path(tables_dir) / LOG_NAME
        with _LOCK:
            if self.path not in _COUNTERS:
                _COUNTERS[self.path] = itertools.count(self._lines_written())
            self._counter = _COUNTERS[self.path]

    def _lines_written(self) -> int:
        if not self.path.is_file():
            return 0
        return sum(1 for _ in self.path.open(encoding="utf-8"))

    def _append(self, records: list[dict]) -> None:
        if not records:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as log:
            for record in records:
                log.write(json.dumps(record, ensure_ascii=False) + "\n")

    def note_table(self, name: str) -> None:
        """Record that table ``name`` was saved (tables are ranked in the order saved)."""
        self._append([{"table": name}])

    def mark_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``frame`` whose rows that could hold article text are shown as marks.

        A row is marked when its string cells together have at least
        :data:`MIN_EXCERPT_WORDS` words; then every string cell of it is marked (the runner may
        withhold any of them, since cells read side by side can join into a longer run).
        """
        strings = [
            i for i, c in enumerate(frame.columns) if any(isinstance(v, str) for v in frame[c])
        ]
        if not strings:
            return frame
        display = next(self._counter)
        records = []
        result = frame.copy()
        for i in strings:
            result[result.columns[i]] = result[result.columns[i]].astype(object)
        for row_number in range(len(frame)):
            cells = [(i, frame.iat[row_number, i]) for i in strings]
            cells = [(i, v) for i, v in cells if isinstance(v, str)]
            if sum(len(_words(v)) for _, v in cells) < MIN_EXCERPT_WORDS:
                continue
            logged = []
            for i, value in cells:
                number = next(self._counter)
                logged.append({"id": number, "column": str(frame.columns[i]), "text": value})
                result.iat[row_number, i] = mark(number)
            slots = {i: k for k, (i, _) in enumerate(cells)}
            layout = [
                slots[i] if i in slots else _shown(frame.iat[row_number, i])
                for i in range(len(frame.columns))
            ]
            records.append(
                {"row": f"{display}:{row_number}", "rank": row_number, "cells": logged,
                 "layout": layout}
            )  # fmt: skip
        self._append(records)
        return result

    def mark_kwic(self, lines: pd.DataFrame) -> pd.DataFrame:
        """KWIC lines with their left and right context replaced by marks (one excerpt a line)."""
        display = next(self._counter)
        records = []
        result = lines.copy().astype({"left": object, "right": object})
        left, right = lines.columns.get_loc("left"), lines.columns.get_loc("right")
        for row_number, line in enumerate(
            lines[["left", "match", "right"]].itertuples(index=False)
        ):
            parts = [str(line.left), str(line.match), str(line.right)]
            number = next(self._counter)
            cell = {"id": number, "column": "line", "text": " ".join(parts), "parts": parts}
            records.append({"row": f"{display}:{row_number}", "rank": row_number, "cells": [cell]})
            result.iat[row_number, left] = mark(number, "l")
            result.iat[row_number, right] = mark(number, "r")
        self._append(records)
        return result


def read_log(tables_dir: Path) -> list[dict]:
    """The records of ``tables_dir``'s excerpt log, in the order written ([] if none)."""
    path = Path(tables_dir) / LOG_NAME
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
