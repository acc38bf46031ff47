"""Keyness on BASIL: fox vs nyt vs hpo on the same 100 events, one-vs-rest.

Prints the top over-used terms per outlet for lowercase words, lemmas and noun phrases
(weighted log-odds with an informative Dirichlet prior, Monroe et al. 2008), and writes
benchmarks/results/keyness_basil.json. Parses the 300 articles once (cached in ~/.cache).

Run: .venv/bin/python benchmarks/keyness_basil.py [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data_sources import add_data_argument, missing_dataset  # noqa: E402
from eval_tables import basil_corpus, parsed_tables  # noqa: E402

from analysis.wordchoice.keyness import keyness, top_keyness  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "keyness_basil.json"
TOP = 15


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser)
    args = parser.parse_args(argv)
    exit_code = missing_dataset(args.data, "basil")
    if exit_code is not None:
        return exit_code
    corpus, _ = basil_corpus(args.data)
    tokens = parsed_tables("basil", corpus)
    results: dict = {"documents": len(corpus), "tokens": len(tokens), "top": TOP, "units": {}}
    for unit in ("lower", "lemma", "noun_phrase"):
        started = time.perf_counter()
        table = keyness(tokens, corpus, by="outlet", unit=unit, min_count=5)
        seconds = time.perf_counter() - started
        top = top_keyness(table, n=TOP)
        results["units"][unit] = {
            "seconds": round(seconds, 3),
            "top": {
                group: [
                    {
                        "term": r.term,
                        "count": int(r.count),
                        "count_rest": int(r.count_reference),
                        "docs": int(r.docs),
                        "z": round(float(r.z), 2),
                    }
                    for r in part.itertuples()
                ]
                for group, part in top.groupby("group", sort=True)
            },
        }
        print(
            f"\n== unit={unit}  ({len(tokens):,} tokens, {seconds:.2f}s; z of weighted log-odds, one-vs-rest, min_count=5)"
        )
        for group, rows in results["units"][unit]["top"].items():
            print(f"{group:>4}: " + ", ".join(f"{r['term']} ({r['z']:.1f})" for r in rows))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
