"""Keyness speed on the 3,000-article news_bias corpus (~2.9M words), in tokens per second.

Parsing 3,000 articles with the full pipeline takes many minutes on two shared cores, so this
benchmark SYNTHESISES the token table: the spaCy English tokenizer only (no tagger, parser,
lemmatizer), giving ``doc_id, sent (0), i, text, lower, lemma (= lower), is_punct, is_stop``
with the right number of rows. The table is cached as Parquet in ~/.cache/analysis-eval and
read back like the store's tokens table. The timed part is what ``keyness`` does on a warm
store: read the Parquet tokens table, then count and score (words, one-vs-rest), for
``leaning`` (3 groups) and ``outlet`` (170 groups). Writes benchmarks/results/keyness_speed.json.

Run: .venv/bin/python benchmarks/keyness_speed.py [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data_sources import DATASETS, add_data_argument, missing_dataset  # noqa: E402
from eval_tables import CACHE  # noqa: E402

from analysis.wordchoice.keyness import keyness  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "keyness_speed.json"


def synthetic_tokens(source: Path) -> tuple[pd.DataFrame, Path]:
    """Tokenizer-only token table of news_bias (cached); returns it and its Parquet path."""
    target = CACHE / "news_bias-tokenizer-tokens.parquet"
    articles = pd.read_parquet(source)
    corpus = articles.rename(columns={"id": "doc_id"})[["doc_id", "outlet", "leaning"]].astype(
        "string"
    )
    if target.exists():
        return corpus, target
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    parts = []
    texts = (articles["title"].fillna("") + "\n\n" + articles["text"].fillna("")).tolist()
    for doc_id, doc in zip(corpus["doc_id"], tokenizer.pipe(texts, batch_size=64), strict=True):
        n = len(doc)
        parts.append(
            pd.DataFrame(
                {
                    "doc_id": np.full(n, doc_id, dtype=object),
                    "sent": np.zeros(n, dtype=np.int32),
                    "i": np.arange(n, dtype=np.int32),
                    "text": [t.text for t in doc],
                    "lower": [t.lower_ for t in doc],
                    "is_punct": [t.is_punct for t in doc],
                    "is_stop": [t.is_stop for t in doc],
                }
            )
        )
    tokens = pd.concat(parts, ignore_index=True)
    tokens["lemma"] = tokens["lower"]
    CACHE.mkdir(parents=True, exist_ok=True)
    tokens.to_parquet(target.with_suffix(".tmp"))
    target.with_suffix(".tmp").rename(target)
    return corpus, target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser)
    args = parser.parse_args(argv)
    exit_code = missing_dataset(args.data, "news_bias")
    if exit_code is not None:
        return exit_code
    corpus, path = synthetic_tokens(args.data / DATASETS["news_bias"].path)
    results: dict = {
        "token_table": "synthesised with the spaCy tokenizer only (blank 'en'); lemma = lower",
        "runs": [],
    }
    started = time.perf_counter()
    tokens = pd.read_parquet(
        path, columns=["doc_id", "sent", "i", "lower", "lemma", "is_punct", "is_stop"]
    )
    read_seconds = time.perf_counter() - started
    n = len(tokens)
    results.update(
        tokens=n, documents=int(tokens["doc_id"].nunique()), read_seconds=round(read_seconds, 3)
    )
    print(
        f"token table: {n:,} tokens, {results['documents']:,} documents; Parquet read {read_seconds:.2f}s"
    )
    for by, measure, unit in (
        ("leaning", "log_odds", "lower"),
        ("leaning", "g2", "lower"),
        ("outlet", "log_odds", "lower"),
    ):
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            table = keyness(tokens, corpus, by=by, measure=measure, unit=unit)
            best = min(best, time.perf_counter() - started)
        run = {
            "by": by,
            "groups": int(corpus[by].nunique()),
            "measure": measure,
            "unit": unit,
            "seconds": round(best, 3),
            "tokens_per_second": round(n / best),
            "tokens_per_second_with_read": round(n / (best + read_seconds)),
            "rows": len(table),
        }
        results["runs"].append(run)
        print(
            f"by={by:8} ({run['groups']:3} groups) measure={measure:8} unit={unit}: {best:.2f}s -> {run['tokens_per_second']:,.0f} tokens/s "
            f"({run['tokens_per_second_with_read']:,.0f} incl. Parquet read)"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
