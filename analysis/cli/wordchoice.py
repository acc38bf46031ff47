"""``python -m analysis wordchoice``: competing terms, keyness, loaded language and collocations
for every group of a column (default ``outlet``), written as tables to a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.cli.arguments import Command, open_inputs, skips_exit_code

__all__ = ["COMMANDS"]


def configure(parser: argparse.ArgumentParser) -> None:
    """Options of the ``wordchoice`` subcommand."""
    parser.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="folder for the tables (CSV + Parquet)"
    )
    parser.add_argument("--by", default="outlet", help="corpus column to compare (default outlet)")
    parser.add_argument(
        "--lexicon",
        help="competing-terms lexicon: a YAML file or a bundled name (default russia_ukraine)",
    )
    parser.add_argument(
        "--unit",
        default="lower",
        choices=("lower", "lemma", "noun_phrase"),
        help="keyness unit (default lower)",
    )
    parser.add_argument(
        "--measure",
        default="log_odds",
        choices=("log_odds", "chi2", "g2"),
        help="keyness measure (default log_odds)",
    )
    parser.add_argument(
        "--min-count", type=int, default=5, help="minimum count of a term across groups (default 5)"
    )
    parser.add_argument(
        "--prior-scale",
        type=float,
        default=1.0,
        help="Dirichlet prior scale for log-odds (default 1.0)",
    )
    parser.add_argument(
        "--targets", default="Ukraine,NATO,Russia", help="comma-separated collocation targets"
    )
    parser.add_argument(
        "--no-loaded", action="store_true", help="skip the loaded-language detector"
    )


def run(args: argparse.Namespace) -> int:
    """Load, annotate (cached) and write the word-choice tables."""
    from analysis import fold_groups, save_table, wordchoice

    ann = open_inputs(args)
    out = Path(args.output)
    usage = wordchoice.term_usage(
        ann.tokens, ann.corpus, lexicon=args.lexicon, by=args.by, sentences=ann.sentences
    )
    save_table(usage.counts, "term_usage", out)
    save_table(usage.evidence, "term_usage_evidence", out)
    written = ["term_usage", "term_usage_evidence"]
    view = fold_groups(ann.corpus, by=args.by)
    if view.n_groups < 2:
        print(f"note: {view.needs_two('keyness')}")
    else:
        key = wordchoice.keyness(
            ann.tokens,
            ann.corpus,
            by=args.by,
            unit=args.unit,
            measure=args.measure,
            min_count=args.min_count,
            prior_scale=args.prior_scale,
        )
        save_table(key, "keyness", out)
        written.append("keyness")
    if not args.no_loaded:
        flagged = wordchoice.loaded_language(ann.tokens)
        save_table(flagged, "loaded_language", out)
        save_table(
            wordchoice.loaded_language_rates(ann.tokens, ann.corpus, by=args.by, flagged=flagged),
            "loaded_language_rates",
            out,
        )
        written += ["loaded_language", "loaded_language_rates"]
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    if targets:
        save_table(
            wordchoice.collocations(ann.tokens, targets, corpus=ann.corpus, by=args.by),
            "collocations",
            out,
        )
        written.append("collocations")
    print(
        f"{len(ann.corpus)} documents by {args.by}: {ann.corpus[args.by].nunique()} group(s); wrote {', '.join(written)} to {out}"
    )
    return skips_exit_code(args, ann.skips)


COMMANDS = (
    Command(
        "wordchoice",
        "competing terms, keyness, loaded language and collocations per group",
        configure,
        run,
    ),
)
