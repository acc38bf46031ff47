"""How the whole workbench grows with the corpus: 1k, 3k, 10k, 30k articles on this machine.

For each size N it builds (once) a corpus of N real articles with ``scale-corpus`` (the real
articles in ``--data`` first, then paragraph-rotated variants of them), then measures, each as a
command of its own in a fresh process tree:

1. cold report    ``python -m analysis report`` into an empty store, as a user runs it: parse
                  (its seconds and words/s, as the report prints them) and every notebook
2. notebooks      ``report --rerun`` on the annotated store: every notebook executed again
                  (the report's cost without the parse), seconds per notebook
3. warm report    the same command again: annotations and executed notebooks reused

and for each command the peak **PSS summed over the whole process tree** (parent, notebook
processes, kernels, annotation workers; sampled every 0.5 s, see ``process_memory.py``), plus
the store's size on disk and the report's page sizes. Prints a table, writes JSON to
``benchmarks/results/scale.json`` and a log-log plot to ``docs/scale.png``.

Usage: python benchmarks/scale.py [--sizes 1000,3000,10000,30000] [--n-process 2]
       [--runs cold,notebooks,warm] [--merge] [--work DIR] [--corpus-tool PATH] [--out FILE]
       [--plot FILE]
``--runs cold`` measures only the cold report (at 30k articles the other two runs add most of
an hour; the cold run's notebook times still give the report's cost without the parse);
``--runs notebooks`` alone re-executes the notebooks on the store a cold run left. ``--merge``
keeps the sizes already in ``--out``, adding a run without a cold one to its size's row.
Each run also records its peak by phase (``parse`` while annotation workers run,
``notebooks`` while kernels run).
``scale-corpus`` reads the datasets in the ``data`` folder beside it. Corpora and stores are
kept in ``--work`` (default ``~/.cache/analysis/scale``) so a size can be measured again
without rebuilding its corpus; every store is emptied before its cold run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from process_memory import TreeMemory, run_measured  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
SCALE_CORPUS = ROOT.parent / "shared" / "tools" / "scale-corpus"
COLUMNS = [
    "--text-col", "text", "--title-col", "title", "--outlet-col", "outlet",
    "--date-col", "date", "--id-col", "id",
]  # fmt: skip


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "analysis" / "scale"


def build_corpus(n: int, work: Path, tool: Path) -> Path:
    """The N-article corpus, built once with ``scale-corpus`` and kept in ``work``."""
    target = work / f"corpus-{n}.parquet"
    if not target.exists():
        if not tool.exists():
            raise SystemExit(f"{tool} is missing: pass --corpus-tool, or build {target} yourself")
        env = {**os.environ, "PYTHON": sys.executable}
        subprocess.run([str(tool), str(n), str(target)], check=True, cwd=ROOT, env=env)
    return target


def _words(corpus: Path) -> int:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    text = pq.read_table(corpus, columns=["text"]).column("text")
    return int(pc.sum(pc.list_value_length(pc.utf8_split_whitespace(text))).as_py() or 0)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _notebook_seconds(report: Path) -> dict[str, float]:
    """Execution time of each notebook, as papermill recorded it in the executed copy."""
    seconds = {}
    for executed in sorted((report / "executed").glob("*.ipynb")):
        meta = json.loads(executed.read_text(encoding="utf-8")).get("metadata", {})
        seconds[executed.stem] = round(float(meta.get("papermill", {}).get("duration") or 0), 1)
    return seconds


def _memory(run: TreeMemory) -> dict:
    return {
        "seconds": round(run.seconds, 1),
        "peak_pss_mib": round(run.peak_mib),
        "peak_pss_by_role_mib": {k: round(v / 2**20) for k, v in sorted(run.peak_by_role.items())},
        "peak_pss_by_phase_mib": {
            k: round(v / 2**20) for k, v in sorted(run.peak_by_phase.items())
        },
        "samples": run.samples,
    }


def _checked(run: TreeMemory, what: str, log: Path) -> TreeMemory:
    if run.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{what} failed (exit {run.returncode}); log {log}:\n{tail}")
    return run


def _annotate_seconds(log: Path) -> float:
    """The parse time the report printed ("… 3000 parsed in 356 s)")."""
    found = re.search(r"parsed in ([\d,.]+) s", log.read_text(encoding="utf-8", errors="replace"))
    return float(found.group(1).replace(",", "")) if found else float("nan")


RUNS = ("cold", "notebooks", "warm")


def measure_size(
    n: int,
    corpus: Path,
    work: Path,
    *,
    n_process: int | None,
    by: str,
    runs: tuple[str, ...] = RUNS,
) -> dict:
    """A cold report, the notebooks re-executed, a warm report: each in its own process tree."""
    store, report = work / f"store-{n}", work / f"report-{n}"
    if "cold" in runs:
        shutil.rmtree(store, ignore_errors=True)
        shutil.rmtree(report, ignore_errors=True)
    elif not store.is_dir():
        raise SystemExit(f"{store} is missing: measure the cold run first (--runs cold,...)")
    env = {**os.environ, "CI": "true", "MPLBACKEND": "Agg"}
    log = work / f"log-{n}"
    log.mkdir(exist_ok=True)
    command = [
        sys.executable, "-m", "analysis", "report", str(corpus), *COLUMNS, "--store", str(store),
        "--out", str(report), "-p", f"by={by}",
        *(["--n-process", str(n_process)] if n_process else []),
    ]  # fmt: skip

    def run(name: str, *extra: str) -> TreeMemory:
        measured = run_measured([*command, *extra], cwd=ROOT, env=env, log=log / f"{name}.log")
        return _checked(measured, name, log / f"{name}.log")

    row: dict = {"docs": n, "words": _words(corpus)}
    if "cold" in runs:
        cold = run("cold")
        annotate_seconds = _annotate_seconds(log / "cold.log")
        row["annotate"] = {
            "seconds": annotate_seconds,
            "words_per_second": round(row["words"] / annotate_seconds),
        }
        row["report_cold"] = {
            **_memory(cold),
            "notebook_seconds": _notebook_seconds(report),
            "seconds_without_parse": round(cold.seconds - annotate_seconds, 1),
        }
    if "notebooks" in runs:
        notebooks = run("notebooks", "--rerun")
        row["report_notebooks"] = {
            **_memory(notebooks),
            "notebook_seconds": _notebook_seconds(report),
        }
    if "warm" in runs:
        row["report_warm"] = _memory(run("warm"))
    pages = {p.name: p.stat().st_size for p in sorted(report.glob("*.html"))}
    row["store_mib"] = round(_folder_bytes(store) / 2**20, 1)
    row["page_mib"] = {name: round(size / 2**20, 2) for name, size in pages.items()}
    return row


def _without_parse(row: dict) -> float:
    """The report's seconds without the parse: the notebooks run, else the cold run less its parse."""
    if "report_notebooks" in row:
        return float(row["report_notebooks"]["seconds"])
    if "report_cold" in row:
        return float(row["report_cold"]["seconds_without_parse"])
    return float("nan")


def _cell(row: dict, run: str, key: str, fmt: str, unit: str = "") -> str:
    return format(row[run][key], fmt) + unit if run in row else "—"


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'docs':>7} {'words':>11} {'parse s':>8} {'words/s':>8} {'cold s':>7} {'cold PSS':>9} "
        f"{'w/o parse s':>11} {'nb. PSS':>9} {'warm s':>7} {'store':>8} {'largest page':>13}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        largest = max(row["page_mib"].values(), default=0)
        print(
            f"{row['docs']:>7,} {row['words']:>11,} {_cell(row, 'annotate', 'seconds', ',.0f'):>8} "
            f"{_cell(row, 'annotate', 'words_per_second', ','):>8} "
            f"{_cell(row, 'report_cold', 'seconds', ',.0f'):>7} "
            f"{_cell(row, 'report_cold', 'peak_pss_mib', ',', ' MiB'):>9} {_without_parse(row):>11,.0f} "
            f"{_cell(row, 'report_notebooks', 'peak_pss_mib', ',', ' MiB'):>9} "
            f"{_cell(row, 'report_warm', 'seconds', ',.1f'):>7} "
            f"{row['store_mib']:>4,.0f} MiB {largest:>9.2f} MiB"
        )
    for row in rows:
        run = "report_notebooks" if "report_notebooks" in row else "report_cold"
        seconds = row[run].get("notebook_seconds", {})
        print(
            f"{row['docs']:>7,} docs, seconds per notebook ({run}): "
            + ", ".join(f"{k} {v:.0f}" for k, v in seconds.items())
        )
        for name in ("report_cold", "report_notebooks"):
            if name in row:
                roles = row[name]["peak_pss_by_role_mib"]
                print(
                    f"{'':>7}  {name} peak PSS by role (MiB): "
                    + ", ".join(f"{k} {v:,}" for k, v in roles.items())
                )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = last["words"] / first["words"]
        ratio = _without_parse(last) / _without_parse(first)
        print(
            f"report time without the parse x{ratio:.1f} for x{growth:.1f} words "
            f"({first['docs']:,} → {last['docs']:,} docs; linear or better: ≤ x{growth:.1f})"
        )


def plot(rows: list[dict], target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.plots import STYLE, add_caption

    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
        for key, marker, label in (
            ("report_cold", "o-", "cold report (parse + notebooks)"),
            ("report_notebooks", "s-", "notebooks only"),
            ("report_warm", "^-", "warm report"),
        ):
            shown = [r for r in rows if key in r]
            left.loglog(
                [r["docs"] for r in shown], [r[key]["seconds"] for r in shown], marker, label=label
            )
        left.set(xlabel="articles", ylabel="seconds", title="Time")
        left.legend()
        for key, marker, label in (
            ("report_cold", "o-", "cold report"),
            ("report_notebooks", "s-", "notebooks only"),
        ):
            shown = [r for r in rows if key in r]
            right.semilogx(
                [r["docs"] for r in shown],
                [r[key]["peak_pss_mib"] for r in shown],
                marker,
                label=label,
            )
        right.axhline(
            3 * 1024, color="grey", linestyle="--", linewidth=1, label="3 GiB (3k target)"
        )
        right.axhline(
            4 * 1024, color="grey", linestyle=":", linewidth=1, label="4 GiB (30k target)"
        )
        right.set_ylim(bottom=0)
        right.set(xlabel="articles", ylabel="peak PSS, whole process tree (MiB)", title="Memory")
        right.legend()
        add_caption(
            fig,
            "benchmarks/scale.py on this project's 2-core machine; corpora from scale-corpus.",
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(target, dpi=110)
        plt.close(fig)


def _merged(out: Path, rows: list[dict]) -> list[dict]:
    """The sizes in ``out`` plus ``rows``, by size.

    A row with a cold run replaces the size's row; one without (``--runs notebooks``, on the
    store a cold run left) adds its runs to it.
    """
    measured = {}
    if out.exists():
        measured = {r["docs"]: r for r in json.loads(out.read_text(encoding="utf-8"))["sizes"]}
    for row in rows:
        if "report_cold" in row or row["docs"] not in measured:
            measured[row["docs"]] = row
        else:
            measured[row["docs"]] = {**measured[row["docs"]], **row}
    return [measured[n] for n in sorted(measured)]


def _save(out: Path, rows: list[dict], args: argparse.Namespace) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "machine": {
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                    "python": platform.python_version(),
                },
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "n_process": args.n_process,
                "by": args.by,
                "sizes": rows,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,3000,10000,30000")
    parser.add_argument(
        "--n-process", type=int, help="parsing processes (default: the report's own default)"
    )
    parser.add_argument("--by", default="outlet", help="the report's grouping column")
    parser.add_argument(
        "--runs",
        default=",".join(RUNS),
        help="which of cold,notebooks,warm to measure (cold always)",
    )
    parser.add_argument(
        "--merge", action="store_true", help="keep the sizes already in --out not measured now"
    )
    parser.add_argument("--work", type=Path, default=_cache_home())
    parser.add_argument("--corpus-tool", type=Path, default=SCALE_CORPUS)
    parser.add_argument("--out", type=Path, default=RESULTS / "scale.json")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "scale.png")
    parser.add_argument(
        "--replot", action="store_true", help="only redraw --plot from the JSON in --out"
    )
    args = parser.parse_args()
    if args.replot:
        plot(json.loads(args.out.read_text(encoding="utf-8"))["sizes"], args.plot)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    runs = tuple(r.strip() for r in args.runs.split(",") if r.strip())
    unknown = set(runs) - set(RUNS)
    if unknown:
        parser.error(f"--runs: unknown {sorted(unknown)}; choose from {RUNS}")
    if "cold" not in runs and not args.merge:
        parser.error("--runs without cold adds to a measured size: pass --merge")
    rows = []
    for n in [int(size) for size in args.sizes.split(",") if size.strip()]:
        corpus = build_corpus(n, args.work, args.corpus_tool)
        print(f"measuring {n:,} articles …", file=sys.stderr, flush=True)
        rows.append(
            measure_size(n, corpus, args.work, n_process=args.n_process, by=args.by, runs=runs)
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)  # each size as it is measured
        if args.merge:  # saved after each size: a long run keeps what it measured
            _save(args.out, _merged(args.out, rows), args)
    if args.merge:
        rows = _merged(args.out, rows)
    print_table(rows)
    _save(args.out, rows, args)
    if args.plot and str(args.plot):
        plot(rows, args.plot)
    print(f"wrote {args.out}" + (f" and {args.plot}" if args.plot else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
