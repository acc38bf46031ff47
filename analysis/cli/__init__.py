"""The command line, ``python -m analysis SUBCOMMAND …``: one module per group of subcommands.

Every subcommand that reads a corpus takes the same input arguments as ``load`` (files,
folders, corpus specs or a saved corpus, plus the column mapping) and prints a short summary.
Deliberate errors print one line naming the file and what to do, and exit with code 2 —
never a traceback.

The CLI is the top layer: it imports the library, and only ``analysis/__main__.py`` imports
it. Each command module lists its subcommands in ``COMMANDS``; :data:`COMMAND_MODULES` is the
registry of those modules.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from analysis.cli import corpus, framing, report, sourcing, wordchoice, workflow
from analysis.cli.arguments import Command, add_input_arguments
from analysis.errors import AnalysisError

__all__ = ["main", "build_parser", "COMMAND_MODULES", "commands"]

EXIT_USAGE = 2

#: The modules whose ``COMMANDS`` make up the CLI, in the order ``--help`` lists them.
COMMAND_MODULES = (corpus, report, sourcing, framing, wordchoice, workflow)


def commands() -> dict[str, Command]:
    """Every subcommand by name."""
    return {command.name: command for module in COMMAND_MODULES for command in module.COMMANDS}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    from analysis import __version__

    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Media-analysis workbench: load news, annotate once, report on sourcing, framing and word choice.",
    )
    parser.add_argument("--version", action="version", version=f"analysis {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in commands().items():
        child = sub.add_parser(name, help=command.summary, description=command.summary)
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
        return commands()[args.command].run(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
