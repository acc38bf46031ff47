"""``python -m analysis framing`` (dictionary scores, optional classifier predictions) and
``python -m analysis framing-train`` (train a frame classifier on coded articles)."""

from __future__ import annotations

import argparse

from analysis.cli.arguments import Command, open_inputs, skips_exit_code

__all__ = ["COMMANDS"]


def configure_scores(parser: argparse.ArgumentParser) -> None:
    """Options of the ``framing`` subcommand."""
    parser.add_argument(
        "-o", "--output", required=True, help="per-document frame table (.csv or .parquet)"
    )
    parser.add_argument(
        "--dictionary",
        help="frame dictionary: policy_frames (default), generic_frames or a YAML file",
    )
    parser.add_argument(
        "--classifier",
        metavar="FILE",
        help="a classifier trained with framing-train (.joblib): adds predicted frames",
    )
    parser.add_argument(
        "--evidence", metavar="FILE", help="also write the evidence table (frame, term, sentence)"
    )


def run_scores(args: argparse.Namespace) -> int:
    """Load, annotate (cached), score frames and write the tables."""
    from analysis import framing
    from analysis.io import write_table
    from analysis.io.schema import doc_text

    # read the dictionary and the classifier first: a typo must not cost a parse of the corpus
    dictionary = framing.load_frame_dictionary(args.dictionary or None)
    model = framing.load_frame_classifier(args.classifier) if args.classifier else None
    ann = open_inputs(args)
    scores = framing.frame_scores(ann.tokens, ann.sentences, ann.corpus, dictionary=dictionary)
    predictions = None
    if model is not None:
        predictions = framing.predict_frames(
            model, [doc_text(r) for r in ann.corpus.to_dict("records")], index=ann.corpus["doc_id"]
        )
    table = framing.document_frames(scores, ann.corpus, predictions=predictions)
    write_table(table, args.output)
    if args.evidence:
        write_table(scores.evidence, args.evidence)
    print(
        f"{len(table)} documents scored on {len(scores.evidence):,} dictionary hits; wrote {args.output}"
    )
    return skips_exit_code(args, ann.skips)


def configure_train(parser: argparse.ArgumentParser) -> None:
    """Options of the ``framing-train`` subcommand."""
    parser.add_argument("data", help="coded articles: CSV, TSV, JSONL, JSON or Parquet")
    parser.add_argument(
        "--text-col", default="text", help="column with the article text (default text)"
    )
    parser.add_argument(
        "--labels-col",
        default="frames",
        help="column with the frame labels: a list or a delimited string (default frames)",
    )
    parser.add_argument("--sep", default=";", help="label delimiter in a string column (default ;)")
    parser.add_argument(
        "--threshold",
        default="global",
        choices=("global", "per_label", "blend", "fixed"),
        help="decision threshold strategy (default global)",
    )
    parser.add_argument(
        "--C",
        dest="c",
        type=float,
        default=1.0,
        help="inverse regularisation strength (default 1.0)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--cv",
        type=int,
        default=0,
        metavar="N",
        help="also print N-fold cross-validated scores beside the frequent-frames baseline",
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        help="model file (.joblib); metadata is written beside it as .json",
    )


def run_train(args: argparse.Namespace) -> int:
    """Train (and optionally cross-validate) a frame classifier."""
    from analysis import framing

    texts, labels = framing.load_coded_articles(
        args.data, text_col=args.text_col, labels_col=args.labels_col, sep=args.sep
    )
    if args.cv:
        from analysis.evaluation.frame_cv import cross_validate_frames

        evaluation = cross_validate_frames(
            texts, labels, folds=args.cv, methods=("frequent_frames", "classifier"), seed=args.seed
        )
        print(evaluation.summary.to_string(index=False))
    model = framing.train_frame_classifier(
        texts, labels, C=args.c, threshold=args.threshold, seed=args.seed
    )
    target = framing.save_frame_classifier(model, args.output)
    print(f"trained on {len(texts)} articles, {len(model.labels)} frames; wrote {target}")
    return 0


COMMANDS = (
    Command(
        "framing",
        "frame scores per document from a frame dictionary (and a trained classifier)",
        configure_scores,
        run_scores,
    ),
    Command(
        "framing-train",
        "train a multi-label frame classifier on coded articles",
        configure_train,
        run_train,
        takes_inputs=False,
    ),
)
