"""How many processes fit this machine: annotation workers and report notebooks at once.

Both defaults follow the cores *and* the memory that is free now, because each process costs
memory whether or not a core is free for it: an annotation worker holds the spaCy model and a
partition of parsed Docs; a report kernel holds the tables of the corpus it reports on, which
grow with the corpus. The per-process figures come from ``benchmarks/scale.py`` (peak PSS by
role), rounded up.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import sys

import psutil
import pyarrow as pa

__all__ = ["default_annotation_processes", "default_notebook_jobs", "return_free_memory"]

#: Peak memory of one annotation worker (model, one partition's Docs and tables).
WORKER_BYTES = 1_200 * 2**20
#: A report kernel before it reads any table (Python, pandas, matplotlib, spaCy imported).
KERNEL_BASE_BYTES = 700 * 2**20
#: What a kernel holds per character of corpus text (result tables, entities, one slice of
#: tokens): at 3,000 articles (17M characters) two kernels peaked at 1,620 MiB together.
KERNEL_BYTES_PER_CHAR = 10
#: Below this many documents to parse, starting workers costs more than it saves.
MIN_DOCS_FOR_WORKERS = 200
#: Keep this share of the free memory for everything else.
_HEADROOM = 0.8


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _fits(bytes_each: float, available: int | None = None) -> int:
    free = psutil.virtual_memory().available if available is None else available
    return max(1, int(free * _HEADROOM // max(bytes_each, 1)))


def default_annotation_processes(n_docs: int, *, available: int | None = None) -> int:
    """Worker processes for parsing ``n_docs`` texts: every core that memory allows, else 1."""
    if n_docs < MIN_DOCS_FOR_WORKERS:
        return 1
    return max(1, min(_cores(), _fits(WORKER_BYTES, available)))


def default_notebook_jobs(n_chars: int, *, available: int | None = None) -> int:
    """Notebooks run at once for a corpus of ``n_chars`` characters: at most 2, as memory allows.

    Two at once keep both cores of a small machine busy; more gain little, because the
    notebooks differ in length and the longest one sets the time.
    """
    per_kernel = KERNEL_BASE_BYTES + KERNEL_BYTES_PER_CHAR * max(n_chars, 0)
    return max(1, min(2, _cores(), _fits(per_kernel, available)))


def return_free_memory() -> None:
    """Collect garbage and hand the heap's free pages back to the system (glibc only).

    Reading a large corpus leaves most of its intermediate memory freed but still mapped: at
    30,000 articles the report process kept 1.3 GB for a 165 MB corpus table, 560 MB after
    ``malloc_trim``. The report process calls this before its kernels start.
    """
    gc.collect()
    # Arrow's allocator (mimalloc or jemalloc) keeps freed buffers for reuse: reading a corpus
    # from Parquet leaves hundreds of megabytes there
    pa.default_memory_pool().release_unused()
    if sys.platform.startswith("linux"):
        # another C library (musl) has no malloc_trim: nothing to hand back then
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").malloc_trim(0)
