"""Speed and memory of the annotation pipeline, measured side by side in one run.

1. overhead     our annotate() (tables + Parquet + DocBin) vs bare nlp.pipe on the same texts,
                same model, n_process and batch size → ratio of throughputs (target ≥ 0.90)
2. warm/cold    load + annotate + read tables, cold (empty store) vs warm (filled store);
                and the full report (all notebooks) cold vs warm (target ≥ 20× faster warm)
3. memory       peak RSS of annotate() at N and 4N documents, each in a fresh process
                (streaming: target ≤ 1.3× growth)
4. parallelism  annotate() and bare nlp.pipe at n_process 1 and 2 on the same texts
                (target: annotate ×1.6 on two cores, and ≥ 0.90 of bare spaCy at each n_process)

Usage: python benchmarks/bench_pipeline.py [--docs N] [--skip-report] [--data DIR] [--out FILE]
Data: DIR/news_bias/articles.parquet (3,000 real articles from Article-Bias-Prediction; DIR
defaults to ../shared/data beside the repository, see benchmarks/README.md). Prints a table and
writes JSON to benchmarks/results/pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from data_sources import DATASETS, NEWS_BIAS_COLUMNS, add_data_argument, missing_dataset  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def _corpus(n_docs: int, source: Path):
    from analysis import load_corpus

    corpus, _ = load_corpus(source, columns=NEWS_BIAS_COLUMNS)
    return corpus.head(n_docs).reset_index(drop=True)


def _words(corpus) -> int:
    from analysis.io.schema import doc_text

    return sum(len(doc_text(row).split()) for row in corpus.to_dict("records"))


def bench_overhead(corpus, *, batch_size: int, n_process: int) -> dict:
    """Bare spaCy, spaCy with our pipeline additions, and annotate(), interleaved twice."""
    import spacy

    from analysis import annotate
    from analysis.annotation.pipeline import load_pipeline, resolve_model_name
    from analysis.io.schema import doc_text

    texts = [doc_text(row) for row in corpus.to_dict("records")]
    words = _words(corpus)
    bare = spacy.load(resolve_model_name())
    ours, _ = load_pipeline()
    timings: dict[str, list[float]] = {
        "bare nlp.pipe": [],
        "nlp.pipe with our pipes": [],
        "annotate()": [],
        "annotate(disable=ner)": [],
    }
    for _ in range(2):  # interleave to share the machine's noise
        start = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
        timings["bare nlp.pipe"].append(time.perf_counter() - start)
        start = time.perf_counter()
        for _doc in ours.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
        timings["nlp.pipe with our pipes"].append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as store:
            start = time.perf_counter()
            annotate(
                corpus, store=store, batch_size=batch_size, n_process=n_process, progress=False
            )
            timings["annotate()"].append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as store:
            start = time.perf_counter()
            annotate(
                corpus,
                store=store,
                batch_size=batch_size,
                n_process=n_process,
                progress=False,
                disable=("ner",),
            )
            timings["annotate(disable=ner)"].append(time.perf_counter() - start)
    best = {name: min(values) for name, values in timings.items()}
    return {
        "docs": len(corpus),
        "words": words,
        "seconds": best,
        "words_per_second": {name: round(words / seconds) for name, seconds in best.items()},
        "ratio_annotate_vs_bare": round(best["bare nlp.pipe"] / best["annotate()"], 3),
        "ratio_annotate_vs_same_pipes": round(
            best["nlp.pipe with our pipes"] / best["annotate()"], 3
        ),
    }


def bench_warm_cold(corpus, source: Path, *, with_report: bool) -> dict:
    from analysis import annotate, save_corpus
    from analysis.io import Manifest

    result: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        timings = {}
        for label in ("cold", "warm"):
            start = time.perf_counter()
            ann = annotate(corpus, store=store, progress=False)
            _ = ann.tokens, ann.sentences, ann.entities
            timings[label] = time.perf_counter() - start
        result["annotate_and_read_tables"] = {
            **{k: round(v, 3) for k, v in timings.items()},
            "ratio": round(timings["cold"] / timings["warm"], 1),
        }
        if with_report:
            from analysis.reports import run_reports

            saved = save_corpus(corpus, Manifest(), Path(tmp) / "corpus.parquet")
            report_store = Path(tmp) / "report-store"
            timings = {}
            # cold: empty store; warm: annotations and executed notebooks cached; the last run
            # re-executes the notebooks on cached annotations (what a changed parameter costs)
            for label, reuse in (("cold", True), ("warm", True), ("warm_notebooks_rerun", False)):
                start = time.perf_counter()
                run_reports(
                    [saved], Path(tmp) / f"report-{label}", store=report_store, progress=False,
                    reuse=reuse,
                )  # fmt: skip
                timings[label] = time.perf_counter() - start
            result["full_report"] = {
                **{k: round(v, 2) for k, v in timings.items()},
                "ratio": round(timings["cold"] / timings["warm"], 2),
                "ratio_notebooks_rerun": round(
                    timings["cold"] / timings["warm_notebooks_rerun"], 2
                ),
            }
    return result


def _child_run(n_docs: int, data: Path) -> tuple[float, float, float]:
    """(RSS before annotating, peak RSS, seconds) of a fresh process annotating N documents."""
    command = [sys.executable, __file__, "--memory-child", str(n_docs), "--data", str(data)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    before, peak, seconds = output.strip().splitlines()[-1].split()
    return int(before) / 1024, int(peak) / 1024, float(seconds)  # KiB → MiB


def _memory_child(n_docs: int, source: Path) -> int:
    from analysis import annotate
    from analysis.annotation.pipeline import load_pipeline

    corpus = _corpus(n_docs, source)
    load_pipeline()  # the model's own memory is not the pipeline's growth
    before = _peak_rss_kib()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as store:
        annotate(corpus, store=store, progress=False)
    seconds = time.perf_counter() - start
    print(before, _peak_rss_kib(), f"{seconds:.2f}")
    return 0


def _peak_rss_kib() -> int:
    """This process's peak RSS. Linux's VmHWM belongs to the address space, so unlike
    ``ru_maxrss`` (which a child inherits from the parent that forked it) it starts afresh
    at exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def bench_memory(n_docs: int, data: Path) -> dict:
    """Peak RSS and time at N and 4N documents, each in a fresh process."""
    runs = [_child_run(n, data) for n in (n_docs, 4 * n_docs)]
    (base_small, small, t_small), (base_large, large, t_large) = runs
    return {
        "docs": [n_docs, 4 * n_docs],
        "rss_before_annotate_mib": [round(base_small), round(base_large)],
        "peak_rss_mib": [round(small), round(large)],
        "growth": round(large / small, 2),
        "annotation_growth_mib": [round(small - base_small), round(large - base_large)],
        "seconds": [t_small, t_large],
        "time_growth": round(t_large / t_small, 2),
    }


def bench_parallel(corpus, *, batch_size: int) -> dict:
    """annotate() and bare ``nlp.pipe`` at n_process 1 and 2 on the same texts, side by side.

    Bare spaCy runs before and after ours at each n_process (the faster of its two runs
    counts), so a noisy moment cannot favour our code. The model is loaded before timing.
    """
    import spacy

    from analysis import annotate
    from analysis.annotation.pipeline import load_pipeline, resolve_model_name
    from analysis.io.schema import doc_text

    texts = [doc_text(row) for row in corpus.to_dict("records")]
    words = _words(corpus)
    bare = spacy.load(resolve_model_name())
    load_pipeline()
    seconds: dict[str, dict[int, float]] = {"bare": {}, "annotate": {}}

    def time_bare(n_process: int) -> float:
        start = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
        return time.perf_counter() - start

    for n_process in (1, 2):
        before = time_bare(n_process)
        with tempfile.TemporaryDirectory() as store:
            start = time.perf_counter()
            annotate(
                corpus, store=store, batch_size=batch_size, n_process=n_process, progress=False
            )
            seconds["annotate"][n_process] = time.perf_counter() - start
        seconds["bare"][n_process] = min(before, time_bare(n_process))
    rates = {
        name: {str(n): round(words / t) for n, t in by_n.items()} for name, by_n in seconds.items()
    }
    return {
        "docs": len(corpus),
        "words": words,
        "words_per_second": rates["annotate"],
        "bare_words_per_second": rates["bare"],
        "speedup": round(seconds["annotate"][1] / seconds["annotate"][2], 2),
        "bare_speedup": round(seconds["bare"][1] / seconds["bare"][2], 2),
        "ratio_annotate_vs_bare": {
            str(n): round(seconds["bare"][n] / seconds["annotate"][n], 3) for n in (1, 2)
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--docs",
        type=int,
        default=150,
        help="documents per measurement (default 150; memory uses N and 4N)",
    )
    parser.add_argument("--batch-size", type=int, default=16)
    add_data_argument(parser)
    parser.add_argument(
        "--skip-report", action="store_true", help="skip the full-report warm/cold run"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "pipeline.json")
    parser.add_argument(
        "--only",
        action="append",
        choices=("overhead", "warm_cold", "memory", "parallel"),
        help="run only these measures (repeatable); the others are kept from --out",
    )
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    source = args.data / DATASETS["news_bias"].path
    if args.memory_child:
        return _memory_child(args.memory_child, source)
    exit_code = missing_dataset(args.data, "news_bias")
    if exit_code is not None:
        return exit_code
    corpus = _corpus(args.docs, source)
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "processor": platform.processor() or platform.machine(),
        },
        "docs": args.docs,
    }
    print(
        f"benchmark corpus: {len(corpus)} documents, {_words(corpus):,} words ({source.name})",
        flush=True,
    )
    if args.only and args.out.is_file():  # re-measure some parts, keep the others
        results = {**json.loads(args.out.read_text()), **results}
    measures = {
        "overhead": lambda: bench_overhead(corpus, batch_size=args.batch_size, n_process=1),
        "warm_cold": lambda: bench_warm_cold(corpus, source, with_report=not args.skip_report),
        "memory": lambda: bench_memory(args.docs, args.data),
        "parallel": lambda: bench_parallel(corpus, batch_size=args.batch_size),
    }
    for name, measure in measures.items():
        if not args.only or name in args.only:
            results[name] = measure()
    rows = [
        (
            "annotation overhead: annotate vs bare nlp.pipe (throughput ratio)",
            results["overhead"]["ratio_annotate_vs_bare"],
            "≥ 0.90",
        ),
        (
            "  … vs nlp.pipe with the same pipes",
            results["overhead"]["ratio_annotate_vs_same_pipes"],
            "",
        ),
        (
            "  words/s: bare / our pipes / annotate",
            " / ".join(f"{v:,}" for v in results["overhead"]["words_per_second"].values()),
            "",
        ),
        (
            "warm vs cold: annotate + read tables (× faster warm)",
            results["warm_cold"]["annotate_and_read_tables"]["ratio"],
            "≥ 20",
        ),
    ]
    if "full_report" in results["warm_cold"]:
        full = results["warm_cold"]["full_report"]
        rows.append(
            (
                f"warm vs cold: full report ({full['cold']} s → {full['warm']} s)",
                full["ratio"],
                "≥ 20",
            )
        )
        if "ratio_notebooks_rerun" in full:
            rows.append(
                (
                    f"  … notebooks re-executed on cached annotations (→ {full['warm_notebooks_rerun']} s)",
                    full["ratio_notebooks_rerun"],
                    "",
                )
            )
    memory = results["memory"]
    rows.append(
        (
            f"time: annotate at {memory['docs'][0]} → {memory['docs'][1]} docs ({memory['seconds'][0]} → {memory['seconds'][1]} s)",
            memory["time_growth"],
            "≈ 4 (linear)",
        )
    )
    rows.append(
        (
            f"memory: peak RSS at {memory['docs'][0]} → {memory['docs'][1]} docs ({memory['peak_rss_mib'][0]} → {memory['peak_rss_mib'][1]} MiB)",
            memory["growth"],
            "≤ 1.3",
        )
    )
    parallel = results["parallel"]
    rows.append(
        (
            f"parallelism: annotate n_process 2 vs 1 ({' → '.join(f'{v:,}' for v in parallel['words_per_second'].values())} words/s)",
            parallel["speedup"],
            "≥ 1.6",
        )
    )
    if "bare_speedup" in parallel:
        rows.append(
            (
                f"  … bare nlp.pipe n_process 2 vs 1 ({' → '.join(f'{v:,}' for v in parallel['bare_words_per_second'].values())} words/s)",
                parallel["bare_speedup"],
                "",
            )
        )
        rows.append(
            (
                "  … annotate vs bare nlp.pipe at n_process 1 / 2",
                " / ".join(str(v) for v in parallel["ratio_annotate_vs_bare"].values()),
                "≥ 0.90",
            )
        )
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'result':>12}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value!s:>12}  {target}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
