"""Run every per-document metric over a corpus, one document at a time, and collect exceptions.

The stages are called directly (not through the report's fault isolation), so that an
exception in any document is seen with its doc id and traceback instead of being recorded
as a skip. Parsing goes through :func:`analysis.annotate` into a store outside the project
(``$XDG_CACHE_HOME/analysis/test-store``, default ``~/.cache/analysis/test-store``, the
store of the ``real_corpus_store`` fixture, so news_bias is parsed once for every real-corpus
test): the store is keyed by text SHA-256 × pipeline fingerprint, so a warm run parses nothing.

Run as a script for a report with tracebacks::

    PYTHONPATH=$PWD python tests/robustness/sweep.py [corpus …] [--json out.json]
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from spacy.tokens import Doc

from analysis import Annotations, annotate


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/analysis/test-store`` (``~/.cache`` when XDG_CACHE_HOME is unset).

    The same folder as the ``real_corpus_store`` fixture in ``tests/conftest.py``.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "analysis" / "test-store"


def annotated(
    corpus: pd.DataFrame, *, store: Path | None = None, n_process: int | None = None
) -> Annotations:
    """The corpus annotated with the project pipeline, parsed only where the cache lacks it.

    A cold run parses with ``SWEEP_N_PROCESS`` processes (default 2: both cores of CI).
    """
    if n_process is None:
        n_process = int(os.environ.get("SWEEP_N_PROCESS", "2"))
    return annotate(corpus, store=store or cache_root(), n_process=n_process, progress=False)


@dataclass
class Failure:
    """One exception of one stage on one document."""

    stage: str
    doc_id: str
    error: str
    traceback: str


@dataclass
class SweepResult:
    """Documents swept and the exceptions met, per corpus."""

    corpus: str
    documents: int
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exceptions(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        return f"{self.corpus}: {self.documents} documents, {self.exceptions} exceptions"


class _Resources:
    """Resources loaded once per process (what the notebooks load once per report)."""

    def __init__(self) -> None:
        from analysis.framing import load_frame_dictionary
        from analysis.sourcing.lexicons import (
            load_media,
            load_reporting_verbs,
            load_source_types,
        )
        from analysis.wordchoice.lexicon import load_lexicon
        from analysis.wordchoice.loaded import load_loaded_lexicon

        self.verbs = load_reporting_verbs()
        self.types = load_source_types()
        self.media = load_media()
        self.frames = load_frame_dictionary(None)
        self.lexicon = load_lexicon(None)
        self.loaded = load_loaded_lexicon()


_RESOURCES: _Resources | None = None


def resources() -> _Resources:
    global _RESOURCES
    if _RESOURCES is None:
        _RESOURCES = _Resources()
    return _RESOURCES


@dataclass
class Batch:
    """Some documents: their Docs, their corpus rows and their rows of every table."""

    docs: list[tuple[str, Doc]]
    corpus: pd.DataFrame
    tokens: pd.DataFrame
    sentences: pd.DataFrame
    entities: pd.DataFrame

    def only(self, doc_id: str) -> Batch:
        """The same batch cut down to one document (to name the one that fails)."""

        def rows(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["doc_id"] == doc_id].reset_index(drop=True)

        return Batch(
            [(i, d) for i, d in self.docs if i == doc_id],
            rows(self.corpus),
            rows(self.tokens),
            rows(self.sentences),
            rows(self.entities),
        )


def _sourcing(b: Batch) -> None:
    from analysis.sourcing.extract import doc_attributions

    r = resources()
    for _, doc in b.docs:
        doc_attributions(doc, verbs=r.verbs, types=r.types, media=r.media)


def _framing(b: Batch) -> None:
    from analysis.framing import frame_scores

    frame_scores(b.tokens, b.sentences, b.corpus, dictionary=resources().frames)


def _term_usage(b: Batch) -> None:
    from analysis.wordchoice import term_usage

    term_usage(b.tokens, b.corpus, lexicon=resources().lexicon, sentences=b.sentences)


def _loaded_language(b: Batch) -> None:
    from analysis.wordchoice import loaded_language, loaded_language_rates

    flagged = loaded_language(b.tokens, lexicon=resources().loaded)
    loaded_language_rates(b.tokens, b.corpus, flagged=flagged, lexicon=resources().loaded)


def _readability(b: Batch) -> None:
    from analysis.overview import readability_scores

    readability_scores(b.docs, b.corpus)


def _actors(b: Batch) -> None:
    from analysis.overview.actors import actor_mentions, top_actors

    top_actors(actor_mentions(b.entities), b.corpus)


#: stage name -> function of a batch of documents; what the four notebooks compute.
STAGES: dict[str, Callable[[Batch], None]] = {
    "sourcing": _sourcing,
    "framing": _framing,
    "term_usage": _term_usage,
    "loaded_language": _loaded_language,
    "readability": _readability,
    "actors": _actors,
}

#: Documents per batch. The table metrics have a fixed cost per call (~25-40 ms), so calling
#: them once per document would make the sweep slower than parsing; a batch that raises is
#: re-run one document at a time, so every exception is still pinned to its document.
BATCH_DOCS = 100


def batches(ann: Annotations, size: int = BATCH_DOCS) -> Iterator[Batch]:
    """The documents of ``ann`` in corpus order, ``size`` at a time, with their table rows."""
    tables = {n: ann.table(n) for n in ("tokens", "sentences", "entities")}
    docs = ann.docs()
    ids = [str(d) for d in ann.corpus["doc_id"]]
    for first in range(0, len(ids), size):
        chunk = ids[first : first + size]
        wanted = set(chunk)
        yield Batch(
            [(str(i), d) for i, d in (next(docs) for _ in chunk)],
            ann.corpus.iloc[first : first + size].reset_index(drop=True),
            *(
                t[t["doc_id"].isin(wanted)].reset_index(drop=True)
                for t in (tables["tokens"], tables["sentences"], tables["entities"])
            ),
        )


def _run(stage: str, batch: Batch, failures: list[Failure]) -> None:
    try:
        STAGES[stage](batch)
        return
    except Exception as exc:  # noqa: BLE001 - find the document(s) below
        batch_failure = Failure(
            stage,
            f"(batch of {len(batch.docs)} from {batch.docs[0][0]})",
            f"{type(exc).__name__}: {exc}",
            traceback.format_exc(),
        )
    found = len(failures)
    for doc_id, _ in batch.docs:
        try:
            STAGES[stage](batch.only(doc_id))
        except Exception as exc:  # noqa: BLE001 - collecting every failure is the point
            failures.append(
                Failure(stage, doc_id, f"{type(exc).__name__}: {exc}", traceback.format_exc())
            )
    if len(failures) == found:  # only the documents together fail: report the batch
        failures.append(batch_failure)


def sweep(
    name: str,
    corpus: pd.DataFrame,
    *,
    stages: tuple[str, ...] = tuple(STAGES),
    store: Path | None = None,
) -> SweepResult:
    """Annotate ``corpus`` (cached) and run every stage over it, naming each failing document."""
    started = time.perf_counter()
    ann = annotated(corpus, store=store)
    result = SweepResult(name, len(ann.corpus))
    for skip in ann.skips.rows:  # a text the parser rejected is a failure of the sweep too
        result.failures.append(
            Failure("annotation", skip["doc_id"], f"{skip['error_type']}: {skip['message']}", "")
        )
    for batch in batches(ann):
        for stage in stages:
            _run(stage, batch, result.failures)
    result.seconds = time.perf_counter() - started
    return result


def _main(argv: list[str] | None = None) -> int:
    import argparse
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corpora

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(corpora.CORPORA))
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    report = []
    total = 0
    for name in args.names:
        corpus = corpora.load(name)
        if corpus is None:
            print(f"{name}: absent ({', '.join(map(str, corpora.missing_paths(name)))})")
            continue
        result = sweep(name, corpus, stages=tuple(args.stages.split(",")))
        total += result.exceptions
        print(f"{result.summary()} ({result.seconds:.1f} s)", flush=True)
        for f in result.failures:
            print(f"  {f.stage} {f.doc_id}: {f.error}")
        report.append(
            {
                "corpus": name,
                "documents": result.documents,
                "exceptions": result.exceptions,
                "seconds": round(result.seconds, 1),
                "failures": [f.__dict__ for f in result.failures],
            }
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(_main())
