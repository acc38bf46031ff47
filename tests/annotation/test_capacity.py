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


def test_return_free_memory_hands_freed_heap_back():
    """Article-sized strings freed leave the heap mapped until it is trimmed (glibc, Linux)."""
    import sys

    import psutil
    import pytest

    from analysis.annotation.capacity import return_free_memory

    if not sys.platform.startswith("linux"):
        pytest.skip("malloc_trim is glibc's")
    process = psutil.Process()
    texts = [f"article {i} " * 200 for i in range(50_000)]  # ~2.6 KB each, 130 MB
    kept = texts[::100]  # a few stay alive between the freed ones, as in a corpus table
    del texts
    before = process.memory_info().rss
    return_free_memory()
    after = process.memory_info().rss
    assert kept and before - after > 50 * 2**20, (before >> 20, after >> 20)
