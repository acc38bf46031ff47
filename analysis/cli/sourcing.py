"""``python -m analysis sourcing``: every attribution in the corpus, written to one table."""

from __future__ import annotations

import argparse

from analysis.cli.arguments import Command, open_inputs, skips_exit_code

__all__ = ["COMMANDS"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of the ``sourcing`` subcommand."""
    parser.add_argument(
        "-o", "--output", required=True, help="attributions table: .csv, .parquet, .jsonl, …"
    )
    parser.add_argument("--verbs", help="reporting-verb YAML replacing the shipped one")
    parser.add_argument("--source-types", help="source-type YAML replacing the shipped one")
    parser.add_argument("--media", help="media-outlet YAML replacing the shipped one")
    parser.add_argument(
        "--acts",
        default="",
        help="keep only these acts, comma-separated: speech, turn, belief, evidence (default: all)",
    )


def run(args: argparse.Namespace) -> int:
    """Load, annotate (cached), extract attributions and write them."""
    from analysis import sourcing
    from analysis.errors import InputError
    from analysis.io import write_table

    # check the options and read the lexicons first: a typo must not cost a parse of the corpus
    known = [*sourcing.ACTS, "turn", "all"]
    unknown = sorted({a.strip() for a in args.acts.split(",") if a.strip()} - set(known))
    if unknown:
        raise InputError(
            f"--acts {args.acts!r}: unknown act(s) {unknown}; use any of {known}, comma-separated"
        )
    verbs = sourcing.load_reporting_verbs(args.verbs or None)
    source_types = sourcing.load_source_types(args.source_types or None)
    media = sourcing.load_media(args.media or None)
    ann = open_inputs(args)
    frame = sourcing.attributions(
        ann.docs(),
        ann.corpus,
        verbs=verbs,
        source_types=source_types,
        media=media,
        skips=ann.skips,
    )
    frame = sourcing.keep_acts(frame, args.acts)
    target = write_table(frame, args.output)
    kinds = (
        ", ".join(f"{k} {v}" for k, v in frame["kind"].value_counts().sort_index().items())
        or "none"
    )
    print(
        f"{len(frame)} attributions in {frame['doc_id'].nunique()} of {len(ann.corpus)} documents ({kinds}); wrote {target}"
    )
    return skips_exit_code(args, ann.skips)


COMMANDS = (
    Command(
        "sourcing",
        "extract who is quoted or paraphrased, how, and through which medium",
        configure,
        run,
    ),
)
