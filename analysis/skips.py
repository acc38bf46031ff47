"""Per-document fault isolation: one document that breaks a stage is recorded, not fatal.

Real corpora hold documents no rule was written for. A stage that walks documents (annotation,
sourcing, readability, …) runs each one inside :meth:`SkipLog.guard`; an exception there is
recorded as a row of the *analysis skips* table — ``doc_id``, stage, error type and a short
message — and the stage goes on with the next document. The document stays in the corpus and
the store; it is only absent from that stage's tables. Reports publish the table as
``tables/analysis_skips.csv``, name it on the overview page and count it in ``provenance.json``.

Without a log (``skips=None``) a failing document raises :class:`DocumentError` naming the
document and stage, so library callers never lose a document silently either::

    skips = SkipLog()
    attr = sourcing.attributions(ann.docs(), ann.corpus, skips=skips)
    skips.frame()      # what could not be analysed, and why
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.errors import AnalysisError

__all__ = [
    "SKIP_COLUMNS",
    "DocumentError",
    "SkipLog",
    "guard",
    "read_skips",
    "report_failure",
    "short_message",
    "skip_summary",
]

log = logging.getLogger(__name__)

SKIP_COLUMNS = ("doc_id", "stage", "error_type", "message")
#: Longest message kept: enough for the error, too short to carry an article's text.
MAX_MESSAGE_CHARS = 160
SKIPS_TABLE = "analysis_skips"


class DocumentError(AnalysisError, RuntimeError):
    """One document could not be analysed by one stage (raised when no :class:`SkipLog` is given)."""


def short_message(error: BaseException) -> str:
    """The error's first line, at most :data:`MAX_MESSAGE_CHARS` long (what a skip records)."""
    lines = str(error).strip().splitlines()
    first = " ".join(lines[0].split()) if lines else ""
    return first if len(first) <= MAX_MESSAGE_CHARS else first[: MAX_MESSAGE_CHARS - 1] + "…"


@dataclass
class SkipLog:
    """The documents each stage skipped; written to ``path`` (CSV) on every record when given.

    Writing on each record means a notebook that fails later still leaves its skips behind.
    """

    path: Path | None = None
    rows: list[dict[str, str]] = field(default_factory=list)
    on_record: Callable[[dict[str, str]], None] | None = field(default=None, repr=False)

    def record(self, doc_id: object, stage: str, error: BaseException) -> None:
        """Add one skip for ``error`` (a repeat of the same document and stage is ignored)."""
        self.add(doc_id, stage, type(error).__name__, short_message(error))

    def add(self, doc_id: object, stage: str, error_type: str, message: str) -> None:
        """Add one skip from its parts (e.g. a parsing failure remembered by the store)."""
        row = {"doc_id": str(doc_id), "stage": stage, "error_type": error_type, "message": message}
        if any(r["doc_id"] == row["doc_id"] and r["stage"] == stage for r in self.rows):
            return
        self.rows.append(row)
        log.warning("skipped document %s in %s: %s: %s", *row.values())
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.frame().to_csv(self.path, index=False)
        if self.on_record is not None:
            self.on_record(row)

    @contextlib.contextmanager
    def guard(self, doc_id: object, stage: str) -> Iterator[None]:
        """Run a block for one document; an exception in it is recorded and swallowed.

        Errors we raise on purpose about the call itself (:class:`AnalysisError`, e.g. a
        missing parser) are not about one document and still propagate.
        """
        try:
            yield
        except AnalysisError:
            raise
        except Exception as error:  # noqa: BLE001 - the point: any per-document failure
            self.record(doc_id, stage, error)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(SKIP_COLUMNS))

    def for_stage(self, stage: str) -> list[str]:
        return [r["doc_id"] for r in self.rows if r["stage"] == stage]

    def __len__(self) -> int:
        return len(self.rows)

    def summary(self) -> str:
        """One line per stage, e.g. ``2 documents could not be analysed for sourcing: a, b``."""
        return skip_summary(self.frame())


@contextlib.contextmanager
def guard(skips: SkipLog | None, doc_id: object, stage: str) -> Iterator[None]:
    """:meth:`SkipLog.guard` when a log is given, else re-raise naming the document and stage."""
    if skips is not None:
        with skips.guard(doc_id, stage):
            yield
        return
    try:
        yield
    except AnalysisError:
        raise
    except Exception as error:
        raise DocumentError(
            f"document {str(doc_id)!r} could not be analysed for {stage}: "
            f"{type(error).__name__}: {short_message(error)}; "
            "pass skips=SkipLog() to record such documents and go on"
        ) from error


def report_failure(
    skips: SkipLog | None, doc_id: object, stage: str, error_type: str, message: str
) -> None:
    """A failure found earlier (or in another process): recorded, or raised without a log."""
    if skips is not None:
        skips.add(doc_id, stage, error_type, message)
        return
    raise DocumentError(
        f"document {str(doc_id)!r} could not be analysed for {stage}: {error_type}: {message}; "
        "pass skips=SkipLog() to record such documents and go on"
    )


def read_skips(paths: list[Path]) -> pd.DataFrame:
    """The skips tables at ``paths`` in one table, duplicates dropped, sorted by stage and doc."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths if p.is_file()]
    if not frames:
        return pd.DataFrame(columns=list(SKIP_COLUMNS))
    # the message column is dropped from tables shared as aggregates only
    table = pd.concat(frames, ignore_index=True).reindex(columns=list(SKIP_COLUMNS))
    table = table.fillna("")
    table = table.drop_duplicates(["doc_id", "stage"])
    return table.sort_values(["stage", "doc_id"], kind="stable").reset_index(drop=True)


def skip_summary(table: pd.DataFrame, *, where: str = "", shown: int = 5) -> str:
    """One line per stage naming up to ``shown`` documents; empty when nothing was skipped."""
    lines = []
    for stage, group in table.groupby("stage", sort=True):
        ids = group["doc_id"].tolist()
        named = ", ".join(ids[:shown]) + (
            f" and {len(ids) - shown} more" if len(ids) > shown else ""
        )
        noun = "document" if len(ids) == 1 else "documents"
        lines.append(
            f"{len(ids)} {noun} could not be analysed for {stage}: {named}"
            + (f"; see {where}" if where else "")
        )
    return "\n".join(lines)
