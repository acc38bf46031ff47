"""How much of the corpus a report republishes: union coverage per document over all its files.

Reads every exported file of a report folder (pages, tables with each row's cells joined,
executed notebooks, JSON), matches 8-word shingles against the corpus and prints the share of
the corpus's words a reader can reassemble — overall, median and maximum per document — plus
the files that cover most. This is the measure the snippet budget is held to.

Usage:
    python benchmarks/snippet_coverage.py REPORT_DIR INPUT… [--text-col text …] [--out FILE]

INPUT is what the report was built from (a corpus spec, files, a saved corpus); the column
options are those of ``python -m analysis report``. Writes JSON when ``--out`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("inputs", nargs="+")
    for option in ("text", "title", "outlet", "date", "id"):
        parser.add_argument(f"--{option}-col")
    parser.add_argument("--k", type=int, default=8, help="shingle length in words (default 8)")
    parser.add_argument("--out", type=Path, help="write the summary as JSON here")
    args = parser.parse_args(argv)

    from analysis import load_corpus
    from analysis.reports.coverage import (
        CorpusShingles,
        coverage_summary,
        export_coverage,
        exported_files,
    )

    names = {"text": "text", "title": "title", "outlet": "outlet", "date": "published", "id": "id"}
    columns = {
        target: getattr(args, f"{option}_col")
        for option, target in names.items()
        if getattr(args, f"{option}_col")
    }
    corpus, _ = load_corpus(args.inputs, columns=columns or None)
    started = time.perf_counter()
    index = CorpusShingles.build(corpus, k=args.k)
    files = exported_files(args.report)
    per_doc = export_coverage(args.report, index, files=files)
    seconds = time.perf_counter() - started
    summary = coverage_summary(per_doc)
    by_file = {}
    for path in files:
        one = export_coverage(args.report, index, files=[path])
        if one["covered"].sum():
            by_file[str(path.relative_to(args.report))] = round(
                float(one["covered"].sum() / max(1, one["words"].sum())), 4
            )
    worst = per_doc.sort_values("share", ascending=False).head(5)
    print(f"report {args.report}: {len(files)} files scanned in {seconds:.1f} s")
    print(
        f"documents {summary['documents']:,}, words {summary['words']:,}; covered "
        f"{summary['covered']:,} = {summary['overall']:.1%} overall; per document "
        f"median {summary['median']:.1%}, max {summary['max']:.1%}; most stretches in one "
        f"document {summary['max_stretches']}, longest stretch {summary['max_longest']} words"
    )
    for name, share in sorted(by_file.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {share:7.2%}  {name}")
    print(
        worst[
            ["doc_id", "words", "covered", "share", "stretches", "longest", "top_file"]
        ].to_string(index=False)
    )
    if args.out:
        result = {**summary, "report": str(args.report), "seconds": seconds, "by_file": by_file}
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
