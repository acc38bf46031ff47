"""Annotate a corpus once: stream ``nlp.pipe`` into the Parquet store, then read tables back.

``annotate`` parses only texts the store has not seen with the same pipeline fingerprint, so
a warm re-run reads tables and parses nothing. The returned :class:`Annotations` loads each
table lazily, with ``doc_id`` joined in and rows in corpus order.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from spacy.tokens import Doc
from tqdm import tqdm

from analysis.annotation.capacity import return_free_memory
from analysis.annotation.model_info_cache import pipeline_info
from analysis.annotation.partition import ShardCollector
from analysis.annotation.pipeline import ModelInfo, load_pipeline
from analysis.annotation.store import TABLES, AnnotationStore, default_store_path
from analysis.errors import AnalysisError
from analysis.io import Manifest, load_corpus
from analysis.io.schema import doc_sections, doc_text, validate_corpus
from analysis.skips import SkipLog, short_message

__all__ = ["Annotations", "AnnotationStats", "annotate", "open_annotated", "progress_enabled"]

log = logging.getLogger(__name__)

#: Documents per store shard: bounds memory while annotating and while reading Docs back.
SHARD_DOCS = 500
#: Texts per ``nlp.pipe`` batch. spaCy's working set grows with it (200 news articles in one
#: process peaked at 1,748 MiB with 64, 936 MiB with 16, 655 MiB with 4, and was no slower
#: with 16 in that run), and every annotation worker has its own.
BATCH_SIZE = 16
#: Documents per slice in :meth:`Annotations.batches`: ~0.6M tokens of news, tens of MB.
BATCH_DOCS = 500
#: Token columns with few distinct values, read as pandas categoricals: a 4-byte code per row
#: instead of a string (the token table shrinks by about half; values and comparisons are the
#: same).
_REPEATED_COLUMNS = {"tokens": ("doc_id", "pos", "tag", "dep", "ent_type", "ent_iob", "section")}
BACKENDS = ("local", "dask")


def progress_enabled(requested: bool | None = None) -> bool:
    """Progress bars only for people: off when not a terminal or when ``CI=true``."""
    if requested is not None:
        return requested
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("true", "1")


@dataclass(frozen=True)
class AnnotationStats:
    """What an ``annotate`` call did."""

    n_docs: int
    n_cached: int
    n_parsed: int
    n_tokens_parsed: int
    #: Wall time of the call: finding what the store lacks, parsing it and writing it.
    seconds: float = 0.0


@dataclass
class Annotations:
    """A corpus with its annotation tables (loaded on first use) and Docs from the store."""

    corpus: pd.DataFrame
    store: AnnotationStore
    stats: AnnotationStats
    manifest: Manifest = field(default_factory=Manifest)
    skips: SkipLog = field(default_factory=SkipLog)
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def model_info(self) -> ModelInfo:
        return self.store.model_info

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` (tokens, sentences or entities) with ``doc_id``, in corpus order."""
        if name not in TABLES:
            raise AnalysisError(f"unknown table {name!r}; choose one of {TABLES}")
        if name not in self._tables:
            self._tables[name] = self._read(name)
        return self._tables[name]

    @property
    def tokens(self) -> pd.DataFrame:
        return self.table("tokens")

    @property
    def sentences(self) -> pd.DataFrame:
        return self.table("sentences")

    @property
    def entities(self) -> pd.DataFrame:
        return self.table("entities")

    def release(self, *names: str) -> None:
        """Forget the tables read so far (or only ``names``); they are read again when asked for.

        A notebook done with the entity table of 30,000 articles gives back its memory before
        a long step such as readability, which runs beside another notebook's kernel.
        """
        for name in names or tuple(self._tables):
            self._tables.pop(name, None)
        return_free_memory()

    def count(self, name: str = "tokens") -> int:
        """Rows of table ``name`` for this corpus, counted in the store without loading them."""
        if name not in TABLES:
            raise AnalysisError(f"unknown table {name!r}; choose one of {TABLES}")
        if name in self._tables:
            return len(self._tables[name])
        if not self.store.files(name):
            return 0
        connection = self.store.duckdb()
        keys = pa.table({"key": pa.array(self.corpus["sha256"].astype(str).tolist(), pa.string())})
        connection.register("_keys", keys)
        query = f"SELECT count(*) FROM {name} t JOIN _keys k ON t.key = k.key"
        return int(connection.execute(query).fetchone()[0])

    def batches(self, docs: int = BATCH_DOCS) -> Iterator[Annotations]:
        """The corpus in consecutive slices of ``docs`` documents, each an :class:`Annotations`.

        Metrics that work document by document run slice by slice on a large corpus, so one
        slice's tables are in memory at a time rather than the whole corpus's (the batched
        metrics in :mod:`analysis.framing.batched` and :mod:`analysis.wordchoice.batched`).
        An empty corpus is one empty slice, so a batched metric always has a result to return.
        """
        if docs < 1:
            raise AnalysisError(f"batches need at least one document each, got docs={docs}")
        for start in range(0, max(len(self.corpus), 1), docs):
            yield replace(self, corpus=self.corpus.iloc[start : start + docs], _tables={})

    def annotated(self) -> pd.DataFrame:
        """The corpus rows whose text is in the store (a text that failed to parse is not)."""
        known = self.store.index()
        return self.corpus[[key in known for key in self.corpus["sha256"]]]

    def _read(self, name: str) -> pd.DataFrame:
        annotated = self.annotated()
        keys = annotated["sha256"].tolist()
        table = self.store.read_table(name, keys)
        doc_ids = pa.array(annotated["doc_id"].tolist(), pa.string())
        if len(set(keys)) == len(keys):
            # each row's document by its position among the keys: integer work, where a join
            # on the 64-character keys and a sort of the joined table took 1.5 GB more than the
            # entity table of 30,000 articles itself
            order = pc.index_in(table.column("key"), value_set=pa.array(keys, pa.string()))
        else:  # one text under two doc_ids: each gets the text's rows
            order, table = _rows_per_document(table, keys)
        within = "i" if name == "tokens" else "start"
        ranking = pa.table({"o": order, "s": table.column("sent"), "w": table.column(within)})
        rows = pc.sort_indices(ranking, sort_keys=[(c, "ascending") for c in ("o", "s", "w")])
        del ranking
        table = table.drop_columns(["key"]).take(rows)
        table = table.add_column(0, "doc_id", doc_ids.take(order.take(rows)))
        del rows, order
        for column in _REPEATED_COLUMNS.get(name, ()):
            position = table.schema.get_field_index(column)
            encoded = pc.dictionary_encode(table.column(column))
            table = table.set_column(position, column, encoded)
        frame = table.to_pandas(self_destruct=True, split_blocks=True)
        del table
        # Arrow's allocator keeps freed buffers for reuse: reading the entity table of 30,000
        # articles (266 MiB as a DataFrame) left a process 1.4 GB larger until released.
        pa.default_memory_pool().release_unused()
        return frame

    def docs(self) -> Iterator[tuple[str, Doc]]:
        """``(doc_id, Doc)`` in corpus order, re-read from the store (no parsing).

        A document whose text failed to parse (see :attr:`skips`) has no Doc and is left out.
        """
        nlp, _ = load_pipeline(self.model_info.package)
        annotated = self.annotated()
        doc_ids = annotated["doc_id"].tolist()
        for doc_id, (_, doc) in zip(
            doc_ids, self.store.iter_docs(annotated["sha256"].tolist(), nlp.vocab), strict=True
        ):
            yield doc_id, doc

    def duckdb(self):  # noqa: ANN201 - duckdb connection type
        """DuckDB connection with ``tokens``/``sentences``/``entities`` views plus ``corpus``.

        >>> ann.duckdb().sql("SELECT c.outlet, count(*) FROM tokens t JOIN corpus c ON t.key = c.sha256 GROUP BY 1")  # doctest: +SKIP
        """
        connection = self.store.duckdb()
        connection.register("corpus", self.corpus)
        return connection


def _batches(corpus: pd.DataFrame, keys: Sequence[str]) -> Iterator[tuple[str, tuple[str, list]]]:
    wanted = set(keys)
    for row in corpus.to_dict("records"):
        key = row["sha256"]
        if key in wanted:
            wanted.discard(key)
            yield doc_text(row), (key, doc_sections(row))


def annotate(
    corpus: pd.DataFrame,
    *,
    model: str | None = None,
    store: str | Path | None = None,
    n_process: int = 1,
    batch_size: int = BATCH_SIZE,
    backend: str = "local",
    client: Any = None,
    entity_patterns: str | Path | None = None,
    disable: Sequence[str] = (),
    progress: bool | None = None,
    manifest: Manifest | None = None,
    skips: SkipLog | None = None,
) -> Annotations:
    """Parse what the store lacks, write it, and return the corpus's :class:`Annotations`.

    Parameters
    ----------
    corpus
        A corpus table from :func:`analysis.load_corpus`.
    model
        spaCy model; default resolution in :func:`analysis.annotation.pipeline.resolve_model_name`.
    store
        Store folder; default ``ANALYSIS_STORE`` or ``data/store``.
    n_process
        Processes that parse. Above 1, each is a worker that parses and writes whole shards
        (:mod:`analysis.annotation.workers`), so the tables are built on every core.
    batch_size
        Passed to ``nlp.pipe``.
    backend, client
        ``"local"`` or ``"dask"`` (with a ``distributed.Client``; see :mod:`analysis.annotation.dask_backend`).
    disable
        Pipes to leave out (e.g. ``("ner",)`` when only lexical tables are needed: faster).
        Part of the pipeline fingerprint, so such annotations are cached separately.
    skips
        Where documents that cannot be parsed are recorded (stage ``annotation``); a new
        :class:`~analysis.skips.SkipLog` when None. Either way they are in ``Annotations.skips``,
        stay in the corpus and are absent from the tables and Docs.

    Examples
    --------
    >>> ann = annotate(corpus)  # doctest: +SKIP
    >>> ann.stats.n_parsed, ann.tokens.head()  # doctest: +SKIP
    """
    started = time.perf_counter()
    validate_corpus(corpus)
    if backend not in BACKENDS:
        raise AnalysisError(f"unknown backend {backend!r}; use one of {BACKENDS}")
    root = Path(store) if store else default_store_path()
    info = pipeline_info(model, root, entity_patterns=entity_patterns, disable=tuple(disable))
    annotation_store = AnnotationStore(root, info)
    missing = annotation_store.missing(corpus["sha256"].tolist())
    n_tokens = 0
    if missing and backend == "dask":
        from analysis.annotation.dask_backend import annotate_with_dask

        n_tokens = annotate_with_dask(
            corpus,
            missing,
            annotation_store,
            client=client,
            model=model,
            entity_patterns=entity_patterns,
            batch_size=batch_size,
        )
    elif missing and n_process > 1:
        from analysis.annotation.workers import annotate_in_workers

        n_tokens = annotate_in_workers(
            ((key, text, sections) for text, (key, sections) in _batches(corpus, missing)),
            len(missing),
            annotation_store,
            n_process=n_process,
            batch_size=batch_size,
            shard_docs=SHARD_DOCS,
            entity_patterns=entity_patterns,
            progress=progress_enabled(progress),
        )
    elif missing:
        nlp, _ = load_pipeline(model, entity_patterns_path=entity_patterns, disable=tuple(disable))
        n_tokens = _annotate_local(
            nlp,
            corpus,
            missing,
            annotation_store,
            batch_size=batch_size,
            progress=progress_enabled(progress),
        )
    skips = skips if skips is not None else SkipLog()
    failures = annotation_store.failures()
    for doc_id, key in corpus[["doc_id", "sha256"]].itertuples(index=False):
        if key in failures:
            skips.add(doc_id, "annotation", failures[key]["error_type"], failures[key]["message"])
    stats = AnnotationStats(
        len(corpus),
        len(corpus) - len(missing),
        len(missing),
        n_tokens,
        round(time.perf_counter() - started, 1),
    )
    log.info(
        "annotated %d documents: %d from cache, %d parsed",
        stats.n_docs,
        stats.n_cached,
        stats.n_parsed,
    )
    return Annotations(
        corpus=corpus,
        store=annotation_store,
        stats=stats,
        manifest=manifest or Manifest(),
        skips=skips,
    )


def _annotate_local(
    nlp,
    corpus: pd.DataFrame,
    missing: list[str],
    store: AnnotationStore,
    *,
    batch_size: int,
    progress: bool,
) -> int:  # noqa: ANN001
    """Stream ``nlp.pipe`` into shards; a batch that raises is re-run one document at a time.

    ``nlp.pipe`` yields in input order, so when the stream raises, the culprit is among the
    next ``batch_size`` texts: those are parsed one by one, the
    one that fails is recorded in the store as a failure, and the stream resumes after them.
    """
    pending = list(_batches(corpus, missing))
    shard = _ShardWriter(store)
    position = 0
    with tqdm(total=len(pending), unit="doc", desc="annotating", disable=not progress) as bar:
        while position < len(pending):
            stream = nlp.pipe(iter(pending[position:]), as_tuples=True, batch_size=batch_size)
            try:
                for doc, (key, sections) in stream:
                    shard.add(doc, key, sections)
                    position += 1
                    bar.update(1)
            except Exception:  # noqa: BLE001 - isolate the document that broke the batch
                suspects = pending[position : position + batch_size]
                log.warning(
                    "a parsing batch failed; re-parsing %d documents one by one", len(suspects)
                )
                for text, (key, sections) in suspects:
                    try:
                        doc = nlp(text)
                    except Exception as error:  # noqa: BLE001
                        store.record_failure(key, type(error).__name__, short_message(error))
                    else:
                        shard.add(doc, key, sections)
                    position += 1
                    bar.update(1)
    return shard.close()


class _ShardWriter:
    """Collects parsed Docs and writes a shard every :data:`SHARD_DOCS` documents."""

    def __init__(self, store: AnnotationStore) -> None:
        self.store, self.n_tokens, self.collector = store, 0, ShardCollector()

    def add(self, doc: Doc, key: str, sections: list) -> None:
        self.collector.add(doc, key, sections)
        if len(self.collector.keys) >= SHARD_DOCS:
            self.flush()

    def flush(self) -> None:
        if self.collector.keys:
            shard = self.collector.parts([])
            self.store.write_shard(shard.keys, shard.tables, shard.docbin)
            self.n_tokens += shard.n_tokens
            self.collector = ShardCollector()

    def close(self) -> int:
        self.flush()
        return self.n_tokens


def open_annotated(
    corpus: str | Path | pd.DataFrame,
    *,
    store: str | Path | None = None,
    model: str | None = None,
    skips: SkipLog | None = None,
    **load_options: Any,
) -> Annotations:
    """Load (a path) and annotate in one call: what notebooks use.

    ``corpus`` may be a corpus spec (``.yml``), files or folders, a saved corpus (``.parquet``)
    or an already loaded corpus table. Warm runs read the store and parse nothing.
    """
    if isinstance(corpus, pd.DataFrame):
        table, manifest = corpus, Manifest()
    else:
        table, manifest = load_corpus(corpus, **load_options)
    annotations = annotate(table, model=model, store=store, manifest=manifest, skips=skips)
    # reading and normalising a corpus frees several times its size, kept mapped by the
    # allocator: 1.3 GB for the 165 MB table of 30,000 articles, 0.4 GB once handed back
    return_free_memory()
    return annotations


def _rows_per_document(table: pa.Table, keys: list[str]) -> tuple[pa.Array, pa.Table]:
    """Rows repeated for every position of their key among ``keys`` (texts shared by several
    documents), with each row's position."""
    positions = pa.table({"key": pa.array(keys, pa.string()), "_o": pa.array(range(len(keys)))})
    joined = table.join(positions, "key", join_type="inner")
    return joined.column("_o").combine_chunks(), joined.drop_columns(["_o"])
