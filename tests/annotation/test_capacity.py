"""Process counts follow the free memory as well as the cores."""

from __future__ import annotations

from analysis.annotation.capacity import (
    KERNEL_BASE_BYTES,
    MIN_DOCS_FOR_WORKERS,
    WORKER_BYTES,
    default_annotation_processes,
    default_notebook_jobs,
)

GIB = 2**30


def test_small_corpora_parse_in_one_process():
    assert default_annotation_processes(MIN_DOCS_FOR_WORKERS - 1, available=64 * GIB) == 1


def test_workers_are_limited_by_memory():
    assert default_annotation_processes(10_000, available=int(WORKER_BYTES * 1.1)) == 1
    assert default_annotation_processes(10_000, available=64 * GIB) >= 1


def test_notebook_jobs_shrink_as_the_corpus_grows():
    roomy = default_notebook_jobs(1_000_000, available=64 * GIB)
    assert 1 <= roomy <= 2
    assert default_notebook_jobs(10**9, available=4 * GIB) == 1
    assert default_notebook_jobs(0, available=int(KERNEL_BASE_BYTES * 1.1)) == 1
