"""Cold annotation on several cores: worker processes that each parse *and write* whole shards.

``nlp.pipe(n_process=2)`` gave only ~1.2× on two cores here: its workers parse, but every Doc
comes back to the parent, which alone turns Docs into rows, serialises DocBins and writes
Parquet — about a third of the work, on one core, while the workers wait on a full queue.
Here each worker process loads the pipeline once, parses a partition of texts
(:func:`~analysis.annotation.partition.annotate_partition`), builds its tables and writes the shard
itself (the store's writes are atomic renames, safe from several processes). The parent only
hands out partitions and counts; it never holds a Doc.

Workers start with ``forkserver`` (``spawn`` where that is missing): a clean process, never a
fork of a parent holding threads, the model or the corpus.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from tqdm import tqdm

from analysis.annotation.partition import Item, annotate_partition
from analysis.annotation.store import AnnotationStore
from analysis.errors import AnalysisError

__all__ = ["annotate_in_workers", "partition_size"]

#: Partitions per worker: small enough that the last partitions keep both cores busy.
_PARTITIONS_PER_WORKER = 8


def partition_size(n_items: int, n_process: int, *, most: int) -> int:
    """Documents per partition: about ``_PARTITIONS_PER_WORKER`` per worker, at most ``most``."""
    return max(1, min(most, math.ceil(n_items / (n_process * _PARTITIONS_PER_WORKER))))


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _parse_and_write(
    items: list[Item],
    store_root: str,
    fingerprint: str,
    model: str,
    entity_patterns: str | None,
    disable: tuple[str, ...],
    batch_size: int,
) -> tuple[int, int]:
    """Runs in a worker: parse ``items``, write them as one shard; returns (docs, tokens)."""
    from analysis.annotation.pipeline import load_pipeline

    nlp, info = load_pipeline(model, entity_patterns_path=entity_patterns, disable=disable)
    if info.fingerprint != fingerprint:
        raise AnalysisError(
            f"annotation worker loaded pipeline {info.fingerprint}, the parent {fingerprint}: "
            "the installed package or model changed during the run; run again"
        )
    store = AnnotationStore(store_root, info)
    shard = annotate_partition(nlp, items, batch_size=batch_size)
    if shard.keys:
        store.write_shard(shard.keys, shard.tables, shard.docbin)
    for key, error_type, message in shard.failures:
        store.record_failure(key, error_type, message)
    return len(items), shard.n_tokens


def annotate_in_workers(
    items: Iterator[Item],
    n_items: int,
    store: AnnotationStore,
    *,
    n_process: int,
    batch_size: int,
    shard_docs: int,
    entity_patterns: str | Path | None = None,
    progress: bool = False,
) -> int:
    """Parse ``items`` in ``n_process`` worker processes into ``store``; returns tokens parsed.

    At most two partitions per worker are in flight, so the parent holds only those texts
    beyond the corpus it already has.
    """
    info = store.model_info
    size = partition_size(n_items, n_process, most=shard_docs)
    arguments = (
        str(store.root),
        info.fingerprint,
        info.package,
        str(entity_patterns) if entity_patterns else None,
        info.disabled,
        batch_size,
    )
    n_tokens = 0
    pending: set[Future] = set()
    with (
        tqdm(total=n_items, unit="doc", desc="annotating", disable=not progress) as bar,
        ProcessPoolExecutor(max_workers=n_process, mp_context=_context()) as pool,
    ):
        try:
            for partition in _partitions(items, size):
                pending.add(pool.submit(_parse_and_write, partition, *arguments))
                if len(pending) >= 2 * n_process:
                    n_tokens += _collect(pending, bar)
            while pending:
                n_tokens += _collect(pending, bar)
        except BrokenProcessPool as exc:
            raise AnalysisError(
                "an annotation worker process died (out of memory, or a crash inside spaCy); "
                "the shards written so far are kept: run again with --n-process 1 to find and "
                "skip the document that causes it"
            ) from exc
    store.refresh()
    return n_tokens


def _partitions(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    partition: list[Item] = []
    for item in items:
        partition.append(item)
        if len(partition) >= size:
            yield partition
            partition = []
    if partition:
        yield partition


def _collect(pending: set[Future], bar: tqdm) -> int:
    """Wait for at least one partition; return the tokens of those that finished."""
    done, _ = wait(pending, return_when=FIRST_COMPLETED)
    n_tokens = 0
    for future in done:
        pending.discard(future)
        n_docs, tokens = future.result()
        n_tokens += tokens
        bar.update(n_docs)
    return n_tokens
