"""How much of each document a reader can reassemble from a report's exported files.

A trimmed cell is short, but many short cells of one document, or two cells of one row
read side by side, can still republish it. This module measures what matters for copyright:
for every document, the share of its words covered by the union of every exported piece of
text that matches it (8-word shingles, the scanner's window), over every file of a report —
pages, tables (each row with its cells joined, as a reader sees it), executed notebooks, JSON.

:class:`CorpusShingles` indexes every ``k``-word window of the corpus with its document and
word position; :func:`export_coverage` returns one row per document; :func:`coverage_summary`
gives overall, median and maximum shares. Both the snippet budget
(:mod:`analysis.reports.budget`) and the pre-publish scan use this index, so what the budget
allocates is exactly what the scan measures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.reports.snippets import (
    TEXT_FIELDS,
    _gram_hashes,
    _words,
    document_segments,
)

__all__ = [
    "CorpusShingles",
    "SCANNED_SUFFIXES",
    "export_coverage",
    "coverage_summary",
    "file_segments",
    "row_segments",
]

SCANNED_SUFFIXES = {
    ".html",
    ".htm",
    ".csv",
    ".tsv",
    ".parquet",
    ".json",
    ".jsonl",
    ".ipynb",
    ".txt",
}
_UNSEEN = 1 << 62  # ids of words the corpus never uses start here: they never match


def _mix(ids: np.ndarray) -> np.ndarray:
    """splitmix64 of each id: a bijection, so distinct words keep distinct values, and the
    values are spread over 64 bits, so windows with unseen words cannot sum to a corpus
    window's hash (small consecutive ids would: their polynomial hashes can cancel)."""
    z = ids.astype(np.uint64)
    with np.errstate(over="ignore"):
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _hashes(ids: np.ndarray, k: int) -> np.ndarray:
    return _gram_hashes(_mix(ids), k)


@dataclass
class CorpusShingles:
    """Every ``k``-word window of the corpus's article text, with its document and position.

    Positions are global word offsets: document ``d`` owns words
    ``offsets[d] .. offsets[d + 1] - 1`` (its fields one after another; windows never span
    two fields). ``hashes`` is sorted; ``starts`` holds the matching window start positions.
    """

    k: int
    vocabulary: dict[str, int]
    doc_ids: list[str]
    offsets: np.ndarray  # int64, len(doc_ids) + 1
    hashes: np.ndarray  # uint64, sorted
    starts: np.ndarray  # int64, window start position for each hash

    @classmethod
    def build(
        cls, corpus: pd.DataFrame, *, k: int = 8, fields: Sequence[str] = TEXT_FIELDS
    ) -> CorpusShingles:
        if k < 2:
            raise InputError(f"k must be at least 2, got {k}")
        if "doc_id" not in corpus.columns:
            raise InputError("the corpus has no doc_id column; load it with analysis.load_corpus")
        vocabulary: dict[str, int] = {}
        present = [f for f in fields if f in corpus.columns]
        columns = [corpus[f].tolist() for f in present]
        hashes, starts, offsets = [], [], [0]
        position = 0
        for values in zip(*columns, strict=True) if columns else ():
            for value in values:
                if not isinstance(value, str) or not value:
                    continue
                ids = np.fromiter(
                    (vocabulary.setdefault(w, len(vocabulary)) for w in _words(value)),
                    dtype=np.int64,
                )
                grams = _hashes(ids, k)
                hashes.append(grams)
                starts.append(position + np.arange(len(grams), dtype=np.int64))
                position += len(ids)
            offsets.append(position)
        if not columns:
            offsets.extend([0] * len(corpus))
        all_hashes = np.concatenate(hashes) if hashes else np.empty(0, np.uint64)
        all_starts = np.concatenate(starts) if starts else np.empty(0, np.int64)
        order = np.argsort(all_hashes, kind="stable")
        return cls(
            k,
            vocabulary,
            corpus["doc_id"].astype(str).tolist(),
            np.asarray(offsets, dtype=np.int64),
            all_hashes[order],
            all_starts[order],
        )

    @property
    def n_words(self) -> int:
        return int(self.offsets[-1])

    def doc_words(self) -> np.ndarray:
        """Words per document (all text fields)."""
        return np.diff(self.offsets)

    def doc_of(self, positions: np.ndarray) -> np.ndarray:
        """Index of the document owning each global word position."""
        return np.searchsorted(self.offsets, positions, side="right") - 1

    def segment_hashes(self, segments: Iterable[str], *, owners: bool = False):  # noqa: ANN201
        """Hashes of every ``k``-word window inside each segment (never across two).

        With ``owners=True`` also returns, per window, the number of its segment.
        """
        ids: list[int] = []
        lengths: list[int] = []
        unseen = _UNSEEN
        for segment in segments:
            words = _words(segment)
            for word in words:
                known = self.vocabulary.get(word)
                if known is None:
                    known, unseen = unseen, unseen + 1
                ids.append(known)
            ids.append(unseen)  # a separator no corpus window contains
            unseen += 1
            lengths.append(len(words) + 1)
        grams = _hashes(np.asarray(ids, dtype=np.int64), self.k)
        if not owners:
            return grams
        owner = np.repeat(np.arange(len(lengths)), lengths)[: len(grams)]
        return grams, owner

    def window_starts(self, grams: np.ndarray) -> np.ndarray:
        """Start positions of every corpus window whose hash is in ``grams``."""
        if len(grams) == 0 or len(self.hashes) == 0:
            return np.empty(0, np.int64)
        grams = np.unique(grams)
        left = np.searchsorted(self.hashes, grams, side="left")
        right = np.searchsorted(self.hashes, grams, side="right")
        found = right > left
        if not found.any():
            return np.empty(0, np.int64)
        left, right = left[found], right[found]
        lengths = right - left
        # concatenated ranges left[i]..right[i]-1 without a Python loop
        index = np.repeat(left - np.cumsum(np.concatenate([[0], lengths[:-1]])), lengths)
        index += np.arange(lengths.sum())
        return self.starts[index]

    def covered(self, grams: np.ndarray) -> np.ndarray:
        """Boolean per global word position: covered by a matching window of ``grams``."""
        starts = self.window_starts(grams)
        change = np.zeros(self.n_words + 1, dtype=np.int32)
        np.add.at(change, starts, 1)
        np.add.at(change, starts + self.k, -1)
        return np.cumsum(change[:-1]) > 0


def row_segments(frame: pd.DataFrame) -> list[str]:
    """Each row's string cells joined with spaces: what a reader reads along one row."""
    text = [
        c
        for c in frame.columns
        if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])
    ]
    if not text or frame.empty:
        return []
    parts = [
        frame[c].where(frame[c].map(lambda v: isinstance(v, str)), "").astype(str) for c in text
    ]
    joined = parts[0].str.cat(parts[1:], sep=" ") if len(parts) > 1 else parts[0]
    return [s for s in joined.tolist() if s.strip()]


def file_segments(path: Path) -> list[str]:
    """Text of one exported file as a reader sees it (rows joined, pages as one stream)."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return row_segments(pd.read_parquet(path))
    if suffix in (".csv", ".tsv"):
        sep = "\t" if suffix == ".tsv" else ","
        return row_segments(pd.read_csv(path, dtype=str, keep_default_na=False, sep=sep))
    return document_segments(path)


def exported_files(folder: Path) -> list[Path]:
    """Every file of a report folder the scan reads (sorted, so results are reproducible)."""
    return sorted(
        p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in SCANNED_SUFFIXES
    )


def _stretches(mask: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per document: number of covered stretches and the longest one (words)."""
    n_docs = len(offsets) - 1
    count = np.zeros(n_docs, dtype=np.int64)
    longest = np.zeros(n_docs, dtype=np.int64)
    if not mask.any():
        return count, longest
    first = np.zeros(len(mask), dtype=bool)
    last = np.zeros(len(mask), dtype=bool)
    nonempty = offsets[1:] > offsets[:-1]
    first[offsets[:-1][nonempty]] = True
    last[offsets[1:][nonempty] - 1] = True
    before = np.concatenate([[False], mask[:-1]])
    after = np.concatenate([mask[1:], [False]])
    starts = np.flatnonzero(mask & (~before | first))
    ends = np.flatnonzero(mask & (~after | last)) + 1
    owner = np.searchsorted(offsets, starts, side="right") - 1
    np.add.at(count, owner, 1)
    np.maximum.at(longest, owner, ends - starts)
    return count, longest


def export_coverage(
    folder: str | Path,
    corpus: pd.DataFrame | CorpusShingles,
    *,
    k: int = 8,
    files: Sequence[Path] | None = None,
) -> pd.DataFrame:
    """One row per document: its words, how many a reader finds in the exported files, and where.

    Columns: ``doc_id``, ``words``, ``covered`` (words in the union of all matching
    ``k``-word windows over every file), ``share``, ``stretches`` (separate covered runs, a
    lower bound of the excerpts shown), ``longest`` (longest covered run, words) and
    ``top_file`` (the file covering most of the document, '' if none).

    >>> corpus = pd.DataFrame({"doc_id": ["a"], "text": ["one two three four five six"]})
    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "t.txt").write_text("x two three four y")
    >>> export_coverage(folder, corpus, k=3)[["covered", "longest"]].iloc[0].tolist()
    [3, 3]
    """
    folder = Path(folder)
    index = corpus if isinstance(corpus, CorpusShingles) else CorpusShingles.build(corpus, k=k)
    words = index.doc_words()
    union = np.zeros(index.n_words, dtype=bool)
    best_file = np.full(len(words), "", dtype=object)
    best_cover = np.zeros(len(words), dtype=np.int64)
    for path in files if files is not None else exported_files(folder):
        mask = index.covered(index.segment_hashes(file_segments(path)))
        if not mask.any():
            continue
        union |= mask
        per_doc = np.add.reduceat(mask.astype(np.int64), index.offsets[:-1]) if len(mask) else 0
        per_doc = np.where(words > 0, per_doc, 0)
        better = per_doc > best_cover
        best_cover = np.where(better, per_doc, best_cover)
        best_file[better] = (
            str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)
        )
    covered = (
        np.where(words > 0, np.add.reduceat(union.astype(np.int64), index.offsets[:-1]), 0)
        if index.n_words
        else np.zeros(len(words), dtype=np.int64)
    )
    count, longest = _stretches(union, index.offsets)
    return pd.DataFrame(
        {
            "doc_id": index.doc_ids,
            "words": words,
            "covered": covered,
            "share": np.divide(covered, words, out=np.zeros(len(words)), where=words > 0),
            "stretches": count,
            "longest": longest,
            "top_file": best_file,
        }
    )


def coverage_summary(per_doc: pd.DataFrame) -> dict[str, float]:
    """Overall share of the corpus's words covered, and the median and maximum per document."""
    total = int(per_doc["words"].sum())
    return {
        "documents": len(per_doc),
        "words": total,
        "covered": int(per_doc["covered"].sum()),
        "overall": float(per_doc["covered"].sum() / total) if total else 0.0,
        "median": float(per_doc["share"].median()) if len(per_doc) else 0.0,
        "max": float(per_doc["share"].max()) if len(per_doc) else 0.0,
        "max_stretches": int(per_doc["stretches"].max()) if len(per_doc) else 0,
        "max_longest": int(per_doc["longest"].max()) if len(per_doc) else 0,
    }
