"""Excerpt marks: how a report notebook leaves article text for the runner to grant or withhold.

The snippet budget is per document across every page of a report, but each notebook runs in
its own kernel, possibly in parallel with the others. So in ``snippets`` mode a notebook does
not decide which excerpts are shown: every text cell it displays that could be an excerpt
(at least :data:`MIN_EXCERPT_WORDS` words) is replaced by a mark such as ``⟦x:12⟧`` and its
text is written to a log in the notebook's tables folder (``.excerpts.jsonl``, never
published). When every notebook has finished, the runner allocates the budget over all marks
and tables (:mod:`analysis.reports.budget`) and writes the granted text — or
``[withheld: snippet budget]`` — in place of each mark.

Log lines are JSON objects: ``{"table": NAME}`` when a table is saved (its rank among the
notebook's tables) and ``{"id": N, "row": KEY, "column": NAME, "text": TEXT}`` for a mark;
KWIC lines add ``"parts": [left, match, right]`` and mark the left and right cells as
``⟦x:N:l⟧`` and ``⟦x:N:r⟧``.
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


def mark(number: int, part: str = "") -> str:
    """The mark standing for excerpt ``number`` (``part`` ``l``/``r`` for KWIC sides)."""
    return f"⟦x:{number}{':' + part if part else ''}⟧"


def _is_candidate(value: object) -> bool:
    return isinstance(value, str) and len(_words(value)) >= MIN_EXCERPT_WORDS


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
        """A copy of ``frame`` with every candidate excerpt cell replaced by its mark."""
        columns = [c for c in frame.columns if frame[c].map(_is_candidate).any()]
        if not columns:
            return frame
        display = next(self._counter)
        records = []
        result = frame.copy()
        for column in columns:
            result[column] = result[column].astype(object)
        positions = [frame.columns.get_loc(c) for c in columns]
        for row_number in range(len(frame)):
            for column, position in zip(columns, positions, strict=True):
                value = frame.iat[row_number, position]
                if not _is_candidate(value):
                    continue
                number = next(self._counter)
                records.append(
                    {"id": number, "row": f"{display}:{row_number}", "rank": row_number,
                     "column": str(column), "text": value}
                )  # fmt: skip
                result.iat[row_number, position] = mark(number)
        self._append(records)
        return result

    def mark_kwic(self, lines: pd.DataFrame) -> pd.DataFrame:
        """KWIC lines with their left and right context replaced by marks (one excerpt a line)."""
        display = next(self._counter)
        records = []
        result = lines.copy().astype({"left": object, "right": object})
        left, right = lines.columns.get_loc("left"), lines.columns.get_loc("right")
        for row_number, line in enumerate(lines[["left", "match", "right"]].itertuples(index=False)):
            parts = [str(line.left), str(line.match), str(line.right)]
            number = next(self._counter)
            records.append(
                {"id": number, "row": f"{display}:{row_number}", "rank": row_number,
                 "column": "line", "text": " ".join(parts), "parts": parts}
            )  # fmt: skip
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
