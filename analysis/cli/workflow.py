"""Command-line subcommands of the research workflow: ``query`` and ``compare-reports``.

Both are listed in ``COMMANDS``::

    python -m analysis query data/sample/corpus.yml -q 'ceasefire OR truce' --freq M
    python -m analysis query data/sample/corpus.yml --queries concepts.txt
    python -m analysis compare-reports reports/last-week reports/today --threshold 0.1
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis.cli.arguments import Command
from analysis.io import write_table

__all__ = ["COMMANDS"]


def _write(frame: pd.DataFrame, target: str | None) -> None:
    if target:
        print(f"wrote {write_table(frame, target)}")


def configure_query(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("-q", "--query", help="boolean query, e.g. 'ceasefire OR \"peace talks\"~5'")
    what.add_argument(
        "--queries", metavar="FILE", help="labelled queries: one 'Label = query' per line"
    )
    parser.add_argument(
        "--level",
        choices=("document", "sentence"),
        default="document",
        help="match documents (default) or single sentences",
    )
    parser.add_argument(
        "--freq", choices=("D", "W", "M", "Q", "Y"), help="also count per period (day … year)"
    )
    parser.add_argument("--limit", type=int, default=20, help="matches to print (default 20)")
    parser.add_argument("-o", "--output", help="write the matches or counts: .csv, .parquet, …")


def run_query(args: argparse.Namespace) -> int:
    from analysis.annotation.annotate import annotate
    from analysis.cli.arguments import load_inputs
    from analysis.overview.attention import attention_over_time, labelled_query_counts
    from analysis.query import QueryEngine

    corpus, manifest = load_inputs(args)
    ann = annotate(corpus, model=args.model, store=args.store, manifest=manifest)
    sentences = ann.sentences if args.level == "sentence" else None
    engine = QueryEngine(ann.tokens, ann.corpus, sentences)
    with pd.option_context("display.width", 160, "display.max_colwidth", 80):
        if args.queries:
            counts = labelled_query_counts(args.queries, engine, freq=args.freq)
            print(counts.to_string(index=False))
            _write(counts, args.output)
            return 0
        if args.level == "sentence":
            found = engine.sentences(args.query)
            print(f"{len(found)} sentence(s) in {found['doc_id'].nunique()} document(s) match")
            print(found.head(args.limit).to_string(index=False))
            _write(found, args.output)
            return 0
        found = engine.documents(args.query)
        print(f"{len(found)} of {len(ann.corpus)} documents match")
        totals = ann.corpus.groupby("outlet").size().rename("documents")
        per_outlet = (
            found.groupby("outlet").size().rename("matching").to_frame().join(totals, how="right")
        )
        per_outlet = per_outlet.fillna(0).astype("int64")
        per_outlet["share"] = (per_outlet["matching"] / per_outlet["documents"]).round(4)
        print(per_outlet.reset_index().to_string(index=False))
        if args.freq:
            print(
                attention_over_time(found["doc_id"], ann.corpus, freq=args.freq).to_string(
                    index=False
                )
            )
        print(
            found[["doc_id", "outlet", "published", "title"]]
            .head(args.limit)
            .to_string(index=False)
        )
        _write(found.drop(columns=["text", "standfirst", "caption"], errors="ignore"), args.output)
    return 0


def configure_compare(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD_DIR", help="the earlier report folder")
    parser.add_argument("new", metavar="NEW_DIR", help="the later report folder")
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.1,
        help="list metrics that moved by more than this fraction (default 0.1)",
    )
    parser.add_argument(
        "--out", metavar="DIR", help="write documents.csv, tables.csv and deltas.csv here"
    )


def run_compare(args: argparse.Namespace) -> int:
    from analysis.reports.compare import compare_reports

    comparison = compare_reports(args.old, args.new, threshold=args.threshold)
    print(comparison.summary())
    if args.out:
        folder = Path(args.out)
        for name in ("documents", "tables", "deltas"):
            _write(getattr(comparison, name), str(folder / f"{name}.csv"))
    return 0


COMMANDS = (
    Command(
        "query",
        "count and list documents or sentences matching a boolean query (or labelled queries)",
        configure_query,
        run_query,
    ),
    Command(
        "compare-reports",
        "summarise what changed between two report folders",
        configure_compare,
        run_compare,
        takes_inputs=False,
    ),
)
