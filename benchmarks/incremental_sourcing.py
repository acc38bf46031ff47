"""What a grown corpus costs in sourcing: the per-document records cached in the store.

On N real news_bias articles (annotated first, not timed), measured side by side in one run:

1. uncached     ``attributions(ann.docs(), corpus)``: every Doc walked (the path before the cache)
2. cold cache   ``store_attributions(ann)`` on an empty results folder: every Doc walked, and
                each record written to the store
3. grown        the corpus plus M new articles: only the M new Docs walked, then the
                corpus-wide steps over all N + M records
4. warm         the same corpus again: no Doc walked, records read and assembled
5. uncached      the grown corpus walked whole, as without the cache (what 3 is compared with)

Every run returns the same table as the uncached path over its corpus (checked). Usage:
python benchmarks/incremental_sourcing.py [--docs 1000] [--added 100] [--data DIR] [--out FILE]
Prints a table and writes JSON to benchmarks/results/incremental_sourcing.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from data_sources import DATASETS, NEWS_BIAS_COLUMNS, add_data_argument, missing_dataset  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--added", type=int, default=100)
    parser.add_argument("--store", type=Path, help="annotation store (default: a temporary one)")
    add_data_argument(parser)
    parser.add_argument("--out", type=Path, default=RESULTS / "incremental_sourcing.json")
    args = parser.parse_args()
    source = args.data / DATASETS["news_bias"].path
    if not source.exists():
        return missing_dataset(source)

    import pandas as pd

    from analysis import load_corpus
    from analysis.annotation.annotate import annotate
    from analysis.skips import SkipLog
    from analysis.sourcing import attributions, store_attributions

    corpus, _ = load_corpus(source, columns=NEWS_BIAS_COLUMNS)
    grown_corpus = corpus.head(args.docs + args.added).reset_index(drop=True)
    base_corpus = grown_corpus.head(args.docs)
    store = args.store or Path(tempfile.mkdtemp(prefix="incremental-store-"))
    grown = annotate(grown_corpus, store=store, progress=True, n_process=2)
    base = replace(grown, corpus=base_corpus, _tables={})
    shutil.rmtree(grown.store.path / "results", ignore_errors=True)

    def timed(label: str, call) -> dict:  # noqa: ANN001 - a zero-argument callable
        start = time.perf_counter()
        table = call()
        seconds = time.perf_counter() - start
        print(f"{label:<46} {seconds:8.1f} s  {len(table):>7,} attributions", flush=True)
        return {"seconds": round(seconds, 2), "attributions": len(table), "table": table}

    uncached = timed(
        f"uncached, {args.docs:,} docs",
        lambda: attributions(base.docs(), base_corpus, skips=SkipLog()),
    )
    cold = timed(
        f"cold cache, {args.docs:,} docs", lambda: store_attributions(base, skips=SkipLog())
    )
    grown_run = timed(
        f"grown by {args.added:,} docs (only they are walked)",
        lambda: store_attributions(grown, skips=SkipLog()),
    )
    warm = timed(
        f"warm, {len(grown_corpus):,} docs", lambda: store_attributions(grown, skips=SkipLog())
    )
    grown_uncached = timed(
        f"uncached, {len(grown_corpus):,} docs",
        lambda: attributions(grown.docs(), grown_corpus, skips=SkipLog()),
    )
    expected = grown_uncached.pop("table")
    pd.testing.assert_frame_equal(cold.pop("table"), uncached.pop("table"))
    pd.testing.assert_frame_equal(grown_run.pop("table"), expected)
    pd.testing.assert_frame_equal(warm.pop("table"), expected)
    result = {
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "python": platform.python_version(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "docs": args.docs,
        "added": args.added,
        "uncached": uncached,
        "cold_cache": cold,
        "grown": grown_run,
        "warm": warm,
        "uncached_grown": grown_uncached,
        "grown_vs_uncached_full": round(grown_run["seconds"] / grown_uncached["seconds"], 3),
        "cold_cache_vs_uncached": round(cold["seconds"] / uncached["seconds"], 3),
    }
    print(
        f"grown corpus: {result['grown_vs_uncached_full']:.2f} of walking it all again "
        f"(new share {args.added / len(grown_corpus):.0%}); writing the records costs "
        f"x{result['cold_cache_vs_uncached']:.2f} of the uncached pass"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not args.store:
        shutil.rmtree(store, ignore_errors=True)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
