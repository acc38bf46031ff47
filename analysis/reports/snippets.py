"""Sharing copyrighted coverage: trim or drop article text, and check exports for long runs.

Reports can be shared in three modes (the report parameter ``share``):

* ``full`` — tables and pages as computed;
* ``snippets`` — no exported table or page holds more than ``max_words`` (default 30)
  contiguous words of article text: :func:`trim_text_columns` cuts every text cell;
* ``aggregates`` — no article text at all: :func:`drop_text_columns` removes text columns.

:func:`longest_article_run` is the check: it finds the longest run of contiguous article
words in an exported file (HTML, CSV, JSON, notebook, Parquet, text) by hashing word n-grams.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError

__all__ = [
    "SHARE_MODES",
    "TEXT_FIELDS",
    "ArticleRun",
    "ArticleTextIndex",
    "apply_share_mode",
    "trim_text",
    "trim_text_columns",
    "drop_text_columns",
    "longest_article_run",
    "export_text_segments",
    "install_display_filter",
]

DEFAULT_MAX_WORDS = 30
#: Corpus fields holding article text (each hashed on its own: runs never span two fields).
TEXT_FIELDS = ("title", "standfirst", "text", "caption")
_WORD = re.compile(r"\w+")
_ELLIPSIS = " …"
_PRIME = np.uint64(1_000_003)


def trim_text(value: object, max_words: int = DEFAULT_MAX_WORDS) -> object:
    """The first ``max_words`` words of a string, with "…" if cut.

    Words are counted as the scanner counts them (runs of letters and digits, so
    "twitter.com" is two), which keeps trimmed text under the limit the check enforces.
    """
    if not isinstance(value, str):
        return value
    matches = list(islice(_WORD.finditer(value), max_words + 1))
    if len(matches) <= max_words:
        return value
    return " ".join(value[: matches[max_words - 1].end()].split()) + _ELLIPSIS


def _text_columns(frame: pd.DataFrame, columns: Sequence[str] | None) -> list[str]:
    if columns is not None:
        return [c for c in columns if c in frame.columns]
    return [
        c
        for c in frame.columns
        if pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object
    ]


def trim_text_columns(
    frame: pd.DataFrame, *, max_words: int = DEFAULT_MAX_WORDS, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """A copy with every text cell cut to at most ``max_words`` contiguous words.

    ``columns`` defaults to every string column (labels and names are short, so untouched).
    """
    if max_words < 1:
        raise InputError(f"max_words must be at least 1, got {max_words}")
    result = frame.copy()
    for column in _text_columns(frame, columns):
        result[column] = frame[column].map(lambda v: trim_text(v, max_words))
    return result


def drop_text_columns(
    frame: pd.DataFrame, *, max_words: int = 4, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """A copy without article text: the named ``columns`` and every string column with a cell
    longer than ``max_words`` words are dropped (names, labels and terms stay)."""
    drop = set(columns or ()) & set(frame.columns)
    for column in _text_columns(frame, None):
        lengths = frame[column].map(lambda v: len(v.split()) if isinstance(v, str) else 0)
        if len(lengths) and int(lengths.max()) > max_words:
            drop.add(column)
    return frame.drop(columns=[c for c in frame.columns if c in drop])


#: share mode → how a table is made safe to export (a registry, so modes can be added).
SHARE_MODES: dict[str, Callable[..., pd.DataFrame]] = {
    "full": lambda frame, **_: frame,
    "snippets": lambda frame, max_words=DEFAULT_MAX_WORDS, **_: trim_text_columns(
        frame, max_words=max_words
    ),
    "aggregates": lambda frame, **_: drop_text_columns(frame),
}


def apply_share_mode(
    frame: pd.DataFrame, share: str, *, max_words: int = DEFAULT_MAX_WORDS
) -> pd.DataFrame:
    """``frame`` made fit for the ``share`` mode (``full``, ``snippets`` or ``aggregates``)."""
    if share not in SHARE_MODES:
        raise InputError(f"share must be one of {sorted(SHARE_MODES)}, got {share!r}")
    return SHARE_MODES[share](frame, max_words=max_words)


def install_display_filter(
    share: str,
    *,
    max_words: int = DEFAULT_MAX_WORDS,
    shell=None,  # noqa: ANN001
    log=None,  # noqa: ANN001
) -> bool:
    """Make every DataFrame a notebook displays pass through :func:`apply_share_mode`.

    For report runs in ``snippets``/``aggregates`` mode: registered as IPython HTML and plain
    text formatters, so the executed notebook and its HTML never hold the untrimmed table.
    Returns False outside IPython (nothing to install) or in ``full`` mode.
    """
    if share not in SHARE_MODES:
        raise InputError(f"share must be one of {sorted(SHARE_MODES)}, got {share!r}")
    if share == "full":
        return False
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
        if shell is None:
            return False

    def shown(frame: pd.DataFrame) -> pd.DataFrame:
        safe = apply_share_mode(frame, share, max_words=max_words)
        return log.mark_frame(safe) if log is not None else safe

    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(pd.DataFrame, lambda df: shown(df).to_html())
    formatters["text/plain"].for_type(
        pd.DataFrame, lambda df, p, cycle: p.text(shown(df).to_string())
    )
    return True


# -- scanning exports --------------------------------------------------------------------------
class _TextOnly(HTMLParser):
    """Visible text of an HTML page, one segment per text node (no style/script content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _json_strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def export_text_segments(path_or_text: str | Path) -> list[str]:
    """Text of an exported file as segments a reader sees as one stream.

    HTML: the visible text of the page as one segment (table cells run together, as on
    screen). CSV/Parquet: one segment per cell. JSON/notebooks: one per string (notebook
    sources and outputs, which may themselves be HTML, are read the same way). Else raw text.
    """
    if isinstance(path_or_text, Path) or _is_file(path_or_text):
        path = Path(path_or_text)
        suffix = path.suffix.lower()
        if suffix in (".parquet", ".pq"):
            frame = pd.read_parquet(path)
            return [
                str(v)
                for c in frame.columns
                for v in frame[c].dropna().tolist()
                if isinstance(v, str)
            ]
        if suffix in (".csv", ".tsv"):
            frame = pd.read_csv(
                path, dtype=str, keep_default_na=False, sep="\t" if suffix == ".tsv" else ","
            )
            return [v for c in frame.columns for v in frame[c].tolist() if v]
        return document_segments(path)
    return [str(path_or_text)]


def document_segments(path: Path) -> list[str]:
    """Text of a non-tabular exported file (JSON, notebook, HTML, text) as a reader sees it.

    JSON and notebooks: one segment per string (notebook sources and outputs, which may
    themselves be HTML, are read the same way); HTML: the visible text; else the raw text.
    """
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8", errors="replace")
    if suffix in (".json", ".ipynb", ".jsonl"):
        try:
            data = (
                json.loads(text)
                if suffix != ".jsonl"
                else [json.loads(x) for x in text.splitlines() if x.strip()]
            )
        except json.JSONDecodeError:
            return [text]
        return [seg for s in _json_strings(data) for seg in _html_or_text(s)]
    if suffix in (".html", ".htm"):
        return _html_or_text(text, force_html=True)
    return [text]


def _is_file(text: str) -> bool:
    if len(text) > 1024 or "\n" in text:
        return False
    try:
        return Path(text).is_file()
    except OSError:
        return False


def _html_or_text(text: str, *, force_html: bool = False) -> list[str]:
    if force_html or ("<" in text and ">" in text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        return [" ".join(parser.parts)]
    return [html.unescape(text)]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _gram_hashes(ids: np.ndarray, k: int) -> np.ndarray:
    """Polynomial hash of every window of ``k`` word ids (uint64 arithmetic wraps around)."""
    if len(ids) < k:
        return np.empty(0, dtype=np.uint64)
    values = ids.astype(np.uint64)
    hashes = np.zeros(len(ids) - k + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            hashes = hashes * _PRIME + values[j : len(ids) - k + 1 + j] + np.uint64(1)
    return hashes


@dataclass
class ArticleTextIndex:
    """Hashes of every ``k``-word window of the corpus's article text (built once, reused)."""

    k: int
    vocabulary: dict[str, int]
    hashes: np.ndarray  # sorted unique uint64

    @classmethod
    def build(
        cls, corpus: pd.DataFrame, *, k: int, fields: Sequence[str] = TEXT_FIELDS
    ) -> ArticleTextIndex:
        if k < 2:
            raise InputError(f"min_words must be at least 2, got {k}")
        vocabulary: dict[str, int] = {}
        chunks = []
        for field in fields:
            if field not in corpus.columns:
                continue
            for value in corpus[field].dropna().tolist():
                ids = np.fromiter(
                    (vocabulary.setdefault(w, len(vocabulary)) for w in _words(str(value))),
                    dtype=np.int64,
                )
                chunks.append(_gram_hashes(ids, k))
        hashes = np.unique(np.concatenate(chunks)) if chunks else np.empty(0, np.uint64)
        return cls(k, vocabulary, hashes)

    def matches(self, words: list[str]) -> np.ndarray:
        """Boolean per window start: is this ``k``-word window article text?"""
        unknown = -1 - np.arange(len(words))  # unseen words never match (distinct ids)
        ids = np.array(
            [self.vocabulary.get(w, u) for w, u in zip(words, unknown, strict=True)], dtype=np.int64
        )
        grams = _gram_hashes(np.where(ids < 0, ids + (1 << 62), ids), self.k)
        if len(grams) == 0 or len(self.hashes) == 0:
            return np.zeros(len(grams), dtype=bool)
        where = np.searchsorted(self.hashes, grams)
        where = np.minimum(where, len(self.hashes) - 1)
        return self.hashes[where] == grams


@dataclass(frozen=True)
class ArticleRun:
    """The longest run of contiguous article words found in an export (0 if none ≥ min_words)."""

    length: int
    text: str


def longest_article_run(
    path_or_text: str | Path,
    corpus: pd.DataFrame | ArticleTextIndex,
    *,
    min_words: int = 8,
) -> ArticleRun:
    """Longest run of words in an export that occurs contiguously in the article text.

    A run counts when every window of ``min_words`` consecutive words in it is a window of
    some article field; runs shorter than ``min_words`` are not reported (length 0). Joining
    overlapping windows can only overstate a run, never miss one, which is the safe direction
    for a copyright check. Pass a prebuilt :class:`ArticleTextIndex` to scan many files.

    >>> corpus = pd.DataFrame({"title": ["a b c d e f g h i j"], "text": [""]})
    >>> longest_article_run("x b c d e f g y", corpus, min_words=3).length
    6
    """
    index = (
        corpus
        if isinstance(corpus, ArticleTextIndex)
        else ArticleTextIndex.build(corpus, k=min_words)
    )
    if index.k != min_words:
        raise InputError(f"the index was built for min_words={index.k}, not {min_words}")
    best = ArticleRun(0, "")
    for segment in export_text_segments(path_or_text):
        words = _words(segment)
        hits = index.matches(words)
        if not hits.any():
            continue
        # lengths of consecutive True runs in hits: a run of r window starts covers r + k - 1 words
        padded = np.concatenate([[False], hits, [False]])
        edges = np.flatnonzero(padded[1:] != padded[:-1])
        starts, ends = edges[::2], edges[1::2]
        longest = int(np.argmax(ends - starts))
        length = int(ends[longest] - starts[longest]) + index.k - 1
        if length > best.length:
            first = int(starts[longest])
            best = ArticleRun(length, " ".join(words[first : first + length]))
    return best
