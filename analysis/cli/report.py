"""``report`` (run the report notebooks, export HTML, tables, provenance) and ``check-report``.

``report`` exits with 0 when every notebook succeeded, 1 when a notebook failed (one
``failed:`` line per failed notebook on stderr; with ``--keep-going`` the other pages are
published), and 2 for unusable input or parameters, like every subcommand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli.arguments import Command, load_options, notebook_parameter
from analysis.errors import AnalysisError, NotebookError

__all__ = ["COMMANDS", "EXIT_NOTEBOOK_FAILED"]

#: Exit code of ``report`` when a notebook failed (2 stays for unusable input).
EXIT_NOTEBOOK_FAILED = 1


def _configure_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, help="report folder, e.g. reports/NAME (replaced atomically)"
    )
    parser.add_argument(
        "-p",
        "--parameter",
        dest="parameters",
        action="append",
        type=notebook_parameter,
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
    parser.add_argument(
        "--notebooks",
        help="folder of report notebooks (default: the checkout's notebooks/, else the installed copies)",
    )
    parser.add_argument(
        "--share",
        choices=("full", "snippets", "aggregates"),
        default="full",
        help="full text (default), a few short excerpts per document (--max-snippets, --max-words, --max-share), or none",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        help="notebooks run at once (default 2 where two cores and the free memory allow)",
    )
    parser.add_argument(
        "--n-process",
        type=int,
        help="processes that parse what the store lacks (default: every core that memory allows)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="parse on this Dask cluster (e.g. tcp://host:8786); the store must be on a path "
        "the client can write",
    )
    parser.add_argument(
        "--max-words",
        type=int,
        default=30,
        help="article words per snippet with --share snippets (default 30)",
    )
    parser.add_argument(
        "--max-snippets",
        type=int,
        default=3,
        help="excerpts per document in the whole report with --share snippets (default 3)",
    )
    parser.add_argument(
        "--max-share",
        type=float,
        default=0.10,
        help="share of a document's words all its excerpts may cover with --share snippets (default 0.10)",
    )
    parser.add_argument(
        "--rerun",
        action="store_true",
        help="execute every notebook, even those whose inputs, code and parameters are unchanged",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="when a notebook fails, run the others and publish their pages (exit code still 1)",
    )


def _run_report(args: argparse.Namespace) -> int:
    from analysis.reports import run_reports

    try:
        result = run_reports(
            args.inputs, args.out, parameters=dict(args.parameters), notebooks_dir=args.notebooks,
            only=args.only, store=args.store, model=args.model, load_options=load_options(args),
            share=args.share, max_words=args.max_words, max_snippets=args.max_snippets,
            max_share=args.max_share, jobs=args.jobs, n_process=args.n_process, scheduler=args.scheduler,
            reuse=not args.rerun,
            keep_going=args.keep_going, strict=args.strict,
        )  # fmt: skip
    except NotebookError as exc:
        _print_failures(exc.failures)
        print(f"error: {exc.note}", file=sys.stderr)
        return EXIT_NOTEBOOK_FAILED
    executed = [
        name for name in result.notebooks if name not in result.reused and name not in result.failed
    ]
    print(
        f"{result.documents} documents ({result.cached} from cache, {result.parsed} parsed"
        + (f" in {result.annotate_seconds:,.0f} s" if result.parsed else "")
        + "); "
        f"ran {', '.join(executed) or 'no notebook'}"
        + (
            f"; reused unchanged {', '.join(result.reused)} (--rerun to execute)"
            if result.reused
            else ""
        )
    )
    for line in result.notices:
        print(f"note: {line}")
    for line in result.skip_lines:
        print(f"warning: {line}")
    print(f"open {result.out / 'index.html'}")
    if result.failed:
        _print_failures(result.failed)
        print(
            f"error: {len(result.failed)} of {len(result.notebooks)} notebooks failed "
            f"({', '.join(result.failed)}); the others were published, failures marked in index.html",
            file=sys.stderr,
        )
        return EXIT_NOTEBOOK_FAILED
    return 0


def _print_failures(failures: dict[str, str]) -> None:
    """One line per failed notebook, naming the cell and the error."""
    for message in failures.values():
        print(f"failed: {message}", file=sys.stderr)


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


COMMANDS = (
    Command(
        "report",
        "run the report notebooks and export HTML, tables and provenance",
        _configure_report,
        _run_report,
    ),
    Command(
        "check-report",
        "open report pages offline in headless Chromium; check errors, requests, images; save screenshots",
        _configure_check_report,
        _run_check_report,
        takes_inputs=False,
    ),
)
