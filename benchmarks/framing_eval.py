"""Frame detection against gold: SemEval-2023 Task 3 English (333 articles, 14 frames).

Prints 5-fold cross-validated micro/macro F1 for the frequent-frames baseline, the dictionary
method (thresholds chosen inside the training folds) and the classifier, plus per-frame F1 and
the dictionary's matching throughput; writes ``benchmarks/results/framing_eval.json``.

    .venv/bin/python benchmarks/framing_eval.py [--folds 5] [--seed 0] [--dictionary FILE]

Articles are parsed once with ``analysis.annotation.annotate`` into a cache outside the repository
(``$ANALYSIS_EVAL_CACHE`` or ``~/.cache/analysis-eval``), so reruns do not parse again.
The data (``../shared/data/semeval2023_en``) is research-only and never copied into the repo.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

from analysis.annotation.annotate import annotate
from analysis.evaluation.frame_cv import cross_validate_frames
from analysis.framing import (
    frame_scores,
    load_frame_dictionary,
    match_frames,
)
from analysis.io.schema import make_corpus

ROOT = Path(__file__).resolve().parents[1]

DATA = ROOT.parent / "shared" / "data" / "semeval2023_en" / "articles.jsonl"
RESULTS = ROOT / "benchmarks" / "results" / "framing_eval.json"
TARGETS = {"classifier_micro_f1": 0.70, "classifier_macro_f1": 0.50}


def cache_dir() -> Path:
    """Where parsed annotations of evaluation data are cached (outside the repository)."""
    return Path(os.environ.get("ANALYSIS_EVAL_CACHE", Path.home() / ".cache" / "analysis-eval"))


def semeval_articles(path: Path = DATA) -> pd.DataFrame:
    """``id, text, frames`` of the SemEval-2023 English training articles."""
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return pd.DataFrame(
        {
            "id": [str(r["id"]) for r in rows],
            "text": [r["text"] for r in rows],
            "frames": [r["frames"] for r in rows],
        }
    )


def semeval_corpus(articles: pd.DataFrame) -> pd.DataFrame:
    """A corpus table: the first paragraph is the title (some articles have only one paragraph)."""
    records = []
    for doc_id, text in zip(articles["id"], articles["text"], strict=True):
        title, _, body = text.partition("\n\n")
        title, body = (title.strip(), body.strip()) if body.strip() else ("", text.strip())
        records.append({"doc_id": doc_id, "outlet": "semeval2023", "title": title, "text": body})
    return make_corpus(records)


def throughput(
    tokens: pd.DataFrame, dictionary: object, *, min_tokens: int = 1_000_000, repeats: int = 3
) -> dict[str, float]:
    """Tokens per second of dictionary matching and of full scoring (best of ``repeats``)."""
    copies = max(1, -(-min_tokens // max(len(tokens), 1)))
    big = pd.concat(
        [tokens.assign(doc_id=tokens["doc_id"] + f"#{k}") for k in range(copies)], ignore_index=True
    )
    best_match = best_score = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        match_frames(big, dictionary)
        best_match = min(best_match, time.perf_counter() - start)
        start = time.perf_counter()
        frame_scores(big, dictionary=dictionary)
        best_score = min(best_score, time.perf_counter() - start)
    return {
        "n_tokens": len(big),
        "match_tokens_per_s": len(big) / best_match,
        "frame_scores_tokens_per_s": len(big) / best_score,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--folds", type=int, default=5, help="outer cross-validation folds (default 5)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the folds (default 0)")
    parser.add_argument(
        "--dictionary", default="policy_frames", help="frame dictionary name or YAML file"
    )
    parser.add_argument("--no-classifier", action="store_true", help="skip the (slow) classifier")
    parser.add_argument("--out", type=Path, default=RESULTS, help="JSON results file")
    args = parser.parse_args(argv)
    if not DATA.is_file():
        print(
            f"SemEval data not found at {DATA}; this benchmark needs ../shared/data",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    articles = semeval_articles()
    corpus = semeval_corpus(articles)
    ann = annotate(corpus, store=cache_dir() / "store", progress=False)
    dictionary = load_frame_dictionary(args.dictionary)
    scores = frame_scores(ann.tokens, ann.sentences, corpus, dictionary=dictionary)
    methods = (
        ("frequent_frames", "dictionary")
        if args.no_classifier
        else ("frequent_frames", "dictionary", "classifier")
    )
    evaluation = cross_validate_frames(
        articles["text"],
        articles["frames"],
        dictionary_scores=scores.wide(),
        methods=methods,
        folds=args.folds,
        seed=args.seed,
    )
    speed = throughput(ann.tokens, dictionary)
    summary = evaluation.summary
    per_frame = evaluation.per_frame.pivot(index="frame", columns="method", values="f1")[
        list(summary["method"])
    ]
    support = evaluation.per_frame.drop_duplicates("frame").set_index("frame")["support"]
    per_frame.insert(0, "support", support)
    per_frame = per_frame.sort_values(["support"], ascending=False, kind="stable")
    with pd.option_context("display.width", 160, "display.max_columns", 20, "display.precision", 3):
        print(
            f"SemEval-2023 Task 3 English: {len(articles)} articles, {len(evaluation.labels)} frames, {args.folds}-fold CV (seed {args.seed}), dictionary {dictionary.name!r}"
        )
        print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        print("\nPer-frame F1:")
        print(per_frame.to_string(float_format=lambda v: f"{v:.2f}"))
        print(
            f"\nDictionary matching: {speed['match_tokens_per_s']:,.0f} tokens/s; full frame_scores: {speed['frame_scores_tokens_per_s']:,.0f} tokens/s ({speed['n_tokens']:,} tokens)"
        )
    result = {
        "data": "semeval2023_en/articles.jsonl",
        "n_docs": len(articles),
        "n_tokens": len(ann.tokens),
        "frames": evaluation.labels,
        "folds": args.folds,
        "seed": args.seed,
        "dictionary": dictionary.name,
        "model": ann.model_info.as_dict(),
        "summary": summary.to_dict(orient="records"),
        "per_frame": evaluation.per_frame.to_dict(orient="records"),
        "throughput": speed,
        "targets": TARGETS,
        "seconds": time.perf_counter() - started,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
