"""Scale-out: annotate on a Dask cluster and write the same store as the local backend.

The corpus is cut into partitions; each task loads the pipeline once per worker process
(``load_pipeline`` is cached) and returns Arrow tables plus a DocBin, which the client writes
as store shards in partition order. Point it at any cluster by address, e.g. one started by
dask-jobqueue on Slurm or by the Dask Kubernetes operator::

    python -m analysis annotate corpus.yml --backend dask --scheduler tcp://scheduler:8786
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from analysis.annotation.store import TABLES, AnnotationStore
from analysis.errors import AnalysisError
from analysis.io.schema import doc_sections, doc_text

__all__ = ["SCHEDULER_ENV", "annotate_with_dask", "connect", "map_batches", "scheduler_client"]

#: Environment variable naming the Dask scheduler of a report run. ``report --scheduler``
#: sets it for the notebook processes: infrastructure, so it is no notebook parameter and
#: enters no cache key.
SCHEDULER_ENV = "ANALYSIS_SCHEDULER"


def connect(address: str | None = None, *, n_workers: int = 2) -> Any:
    """A ``distributed.Client`` for ``address``, or for a new ``LocalCluster`` when none is given."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise AnalysisError(
            "the Dask backend needs the 'scale' extra: pip install -e '.[scale]'"
        ) from exc
    if address:
        return Client(address)
    cluster = LocalCluster(
        n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    return Client(cluster)


def scheduler_client() -> Any:
    """A client of the scheduler in :data:`SCHEDULER_ENV`, or None to compute here.

    Report notebooks call it once and hand the result to the batched metrics
    (``batched_frame_scores(ann, client=client)``), so the same notebook runs on a laptop and,
    under ``report --scheduler``, on the cluster.
    """
    address = os.environ.get(SCHEDULER_ENV, "").strip()
    return connect(address) if address else None


def map_batches(
    ann: Any, function: Callable[..., Any], *, batch_docs: int, client: Any, **options: Any
) -> list[Any]:
    """``[function(batch, **options) for batch in ann.batches(batch_docs)]`` on the cluster.

    Each task gets its slice of the corpus table and the store's location, and reads the
    slice's tables from the store itself: for these metrics the workers must see the store's
    folder (a shared file system). ``function`` must be importable (module level). Results
    come back in corpus order.
    """
    futures = [
        client.submit(
            _run_batch,
            batch.corpus,
            str(ann.store.root),
            ann.store.model_info,
            function,
            options,
            pure=False,
        )  # fmt: skip
        for batch in ann.batches(batch_docs)
    ]
    return client.gather(futures)


def _run_batch(
    corpus: pd.DataFrame,
    root: str,
    model_info: Any,
    function: Callable[..., Any],
    options: dict[str, Any],
) -> Any:
    """Runs on a worker: the slice as an :class:`Annotations` over the shared store."""
    from analysis.annotation.annotate import Annotations, AnnotationStats

    store = AnnotationStore(root, model_info)
    batch = Annotations(corpus, store, AnnotationStats(len(corpus), len(corpus), 0, 0))
    return function(batch, **options)


def _annotate_partition(
    items: list[tuple[str, str, list]],
    model: str,
    entity_patterns: str | None,
    pipe_batch_size: int,
    disable: tuple[str, ...] = (),
) -> tuple[list[str], dict[str, bytes], bytes, int, list[tuple[str, str, str]]]:
    """Runs on a worker: parse one partition, return serialised tables, Docs and failures."""
    from analysis.annotation.partition import annotate_partition
    from analysis.annotation.pipeline import load_pipeline

    nlp, _ = load_pipeline(model, entity_patterns_path=entity_patterns, disable=disable)
    shard = annotate_partition(nlp, items, batch_size=pipe_batch_size)
    tables = {name: _to_ipc(table) for name, table in shard.tables.items()}
    return shard.keys, tables, shard.docbin, shard.n_tokens, shard.failures


def _to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(payload: bytes) -> pa.Table:
    return pa.ipc.open_stream(payload).read_all()


def annotate_with_dask(
    corpus: pd.DataFrame,
    missing: list[str],
    store: AnnotationStore,
    *,
    client: Any = None,
    model: str | None = None,
    entity_patterns: str | Path | None = None,
    batch_size: int = 16,
    partition_docs: int | None = None,
) -> int:
    """Parse the ``missing`` texts on the cluster and write them to ``store``; returns tokens parsed."""
    own_client = client is None
    client = client or connect()
    try:
        wanted = set(missing)
        items = []
        for row in corpus.to_dict("records"):
            if row["sha256"] in wanted:
                wanted.discard(row["sha256"])
                items.append((row["sha256"], doc_text(row), doc_sections(row)))
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        size = partition_docs or max(1, min(500, math.ceil(len(items) / (2 * workers))))
        partitions = [items[i : i + size] for i in range(0, len(items), size)]
        futures = client.map(
            _annotate_partition,
            partitions,
            model=store.model_info.package,
            entity_patterns=str(entity_patterns) if entity_patterns else None,
            pipe_batch_size=batch_size,
            disable=store.model_info.disabled,
            pure=False,
        )
        n_tokens = 0
        for future in futures:  # in partition order, so shards are written deterministically
            keys, tables, docbin, tokens, failures = future.result()
            if keys:
                store.write_shard(keys, {name: _from_ipc(tables[name]) for name in TABLES}, docbin)
            for key, error_type, message in failures:
                store.record_failure(key, error_type, message)
            n_tokens += tokens
        return n_tokens
    finally:
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
