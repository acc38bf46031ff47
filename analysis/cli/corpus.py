"""``load`` (read inputs, print what was kept and skipped) and ``annotate`` (parse into the store)."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.cli.arguments import Command, load_inputs, skips_exit_code

__all__ = ["COMMANDS"]


def _configure_load(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", help="write the corpus: .parquet (keeps the manifest), .csv or .jsonl"
    )
    parser.add_argument(
        "--manifest", help="write the manifest (one row per input unit): .csv, .parquet, …"
    )


def _run_load(args: argparse.Namespace) -> int:
    from analysis.io import save_corpus, write_table

    corpus, manifest = load_inputs(args)
    print(manifest.summary())
    print(
        f"{len(corpus)} documents from {corpus['outlet'].nunique()} outlet(s): "
        + ", ".join(f"{k} {v}" for k, v in corpus["outlet"].value_counts().sort_index().items())
    )
    if args.output:
        target = Path(args.output)
        if target.suffix.lower() in (".parquet", ".pq"):
            save_corpus(corpus, manifest, target)  # keeps the manifest in the file's metadata
        else:
            write_table(corpus, target)
        print(f"wrote {target}")
    if args.manifest:
        print(f"wrote {write_table(manifest.to_frame(), args.manifest)}")
    return 0


def _configure_annotate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--n-process",
        type=int,
        help="parsing processes (default: every core that memory allows; 1 below 200 documents)",
    )
    parser.add_argument(
        "--batch-size", type=int, default=16, help="documents per nlp.pipe batch (default 16)"
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
    from analysis.annotation.annotate import annotate
    from analysis.annotation.capacity import default_annotation_processes
    from analysis.io import write_table

    corpus, manifest = load_inputs(args)
    print(manifest.summary())
    client = None
    if args.backend == "dask":
        from analysis.annotation.dask_backend import connect

        client = connect(args.scheduler)
    ann = annotate(
        corpus,
        model=args.model,
        store=args.store,
        n_process=args.n_process or default_annotation_processes(len(corpus)),
        batch_size=args.batch_size,
        backend=args.backend,
        client=client,
        disable=args.disable,
        manifest=manifest,
    )
    stats = ann.stats
    print(
        f"{stats.n_docs} documents: {stats.n_cached} from cache, {stats.n_parsed} parsed ({stats.n_tokens_parsed:,} tokens, {stats.seconds:,.0f} s); model {ann.model_info.lang_name_version}; store {ann.store.path}"
    )
    if args.export:
        folder = Path(args.export)
        folder.mkdir(parents=True, exist_ok=True)
        meta = corpus[["doc_id", "outlet", "source_file"]]
        for name in ("tokens", "sentences", "entities"):
            table = meta.merge(ann.table(name), on="doc_id", how="inner", sort=False)
            write_table(table, folder / f"{name}.parquet")
        print(f"wrote tokens, sentences and entities to {folder}")
    return skips_exit_code(args, ann.skips)


COMMANDS = (
    Command(
        "load",
        "read inputs into a corpus and print what was kept and skipped",
        _configure_load,
        _run_load,
    ),
    Command(
        "annotate",
        "parse the corpus with spaCy into the annotation store (cached)",
        _configure_annotate,
        _run_annotate,
    ),
)
