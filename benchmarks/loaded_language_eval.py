"""Evaluate the loaded-language detector token by token against two independent gold sets.

Gold: SemEval-2023 Task 3 English persuasion spans of type Loaded_Language and
Name_Calling-Labeling (333 articles), and BASIL lexical-bias spans (bias == "lex", 300
articles). A word token is gold-positive when it overlaps a gold span; punctuation is not
scored. Baseline: flag every adjective. Rule choices (expansion on/off) were looked at on
SemEval; BASIL was not used for any choice. Prints a table, writes
benchmarks/results/loaded_language_eval.json.

Run: .venv/bin/python benchmarks/loaded_language_eval.py [--data DIR]   (parses once, cached in ~/.cache)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data_sources import add_data_argument, missing_dataset  # noqa: E402
from eval_tables import basil_corpus, parsed_tables, semeval_corpus  # noqa: E402

from analysis.evaluation.token_spans import gold_token_mask, token_prf  # noqa: E402
from analysis.wordchoice.loaded import loaded_language  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "loaded_language_eval.json"
SEMEVAL_LABELS = ("Loaded_Language", "Name_Calling-Labeling")


def _systems(tokens) -> dict[str, np.ndarray]:
    n = len(tokens)

    def mask(frame) -> np.ndarray:
        out = np.zeros(n, dtype=bool)
        out[frame["row"].to_numpy(dtype=np.int64)] = True
        return out

    return {
        "baseline: all adjectives": (tokens["pos"] == "ADJ").to_numpy(dtype=bool),
        "detector, words only (expand=False)": mask(loaded_language(tokens, expand=False)),
        "detector (default, expand=True)": mask(loaded_language(tokens)),
        "detector, lexicon rule only": mask(
            loaded_language(tokens, expand=False, rules=("lexicon",))
        ),
    }


def evaluate(data: Path) -> dict:
    """Token P/R/F1 of each system on each gold set found under ``data``."""
    results: dict = {"gold_sets": {}}
    gold_sets = []
    semeval, semeval_spans = semeval_corpus(SEMEVAL_LABELS, data)
    semeval_tokens = parsed_tables("semeval", semeval)
    gold_sets.append(("semeval2023 Loaded_Language+Name_Calling", semeval_tokens, semeval_spans))
    for label in SEMEVAL_LABELS:
        gold_sets.append(
            (f"semeval2023 {label}", semeval_tokens, semeval_spans[semeval_spans["label"] == label])
        )
    basil, basil_spans = basil_corpus(data)
    gold_sets.append(("basil lex", parsed_tables("basil", basil), basil_spans))
    cache: dict[int, dict[str, np.ndarray]] = {}
    for name, tokens, spans in gold_sets:
        scored = (~tokens["is_punct"].to_numpy(dtype=bool)) & (
            tokens["text"].str.strip() != ""
        ).to_numpy(dtype=bool)
        gold = gold_token_mask(tokens, spans)
        key = id(tokens)
        if key not in cache:
            started = time.perf_counter()
            cache[key] = _systems(tokens)
            results.setdefault("seconds", {})[name.split()[0]] = round(
                time.perf_counter() - started, 2
            )
        rows = {
            system: token_prf(predicted, gold, scored) for system, predicted in cache[key].items()
        }
        results["gold_sets"][name] = {
            "documents": int(tokens["doc_id"].nunique()),
            "spans": len(spans),
            "systems": rows,
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser)
    args = parser.parse_args(argv)
    exit_code = missing_dataset(args.data, "semeval2023_en", "basil")
    if exit_code is not None:
        return exit_code
    results = evaluate(args.data)
    print(f"{'gold set':45} {'system':38} {'P':>6} {'R':>6} {'F1':>6} {'pred':>7} {'gold':>6}")
    for name, block in results["gold_sets"].items():
        for system, s in block["systems"].items():
            print(
                f"{name:45} {system:38} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['predicted']:7d} {s['gold']:6d}"
            )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
