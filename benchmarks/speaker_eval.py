"""Score who speaks against the speaker gold: Kremlin pages, Ukrainian addresses, US news.

Gold: ``tests/gold/speakers_{test,dev}.jsonl`` (coding rules and the split in
``tests/gold/README.md``). The documents are read from ``--data DIR`` (default
``../shared/data``), annotated into ``--store`` (default ``~/.cache/analysis/speaker-gold``, so
reruns parse nothing), and extracted with the shipped sourcing rules. For each half and corpus
it prints recall, strict and lenient speaker accuracy, source-type accuracy and the source-type
confusion matrix, and writes them to ``benchmarks/results/speaker_eval.json``. Rules may be
tuned on the dev half only; the test half is scored, never read while tuning.

Usage::

    .venv/bin/python benchmarks/speaker_eval.py [--data DIR] [--errors dev] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from data_sources import add_data_argument, missing_dataset  # noqa: E402

from analysis.evaluation.speaker_gold import (  # noqa: E402
    GOLD_CORPORA,
    gold_attributions,
    score_halves,
)

GOLD = ROOT / "tests" / "gold"
DEFAULT_STORE = Path.home() / ".cache" / "analysis" / "speaker-gold"


def print_table(results: dict) -> None:
    """One line per half and corpus, then the source-type confusion of each half."""
    print(
        f"{'half':5} {'corpus':18} {'gold':>5} {'found':>6} {'spk strict':>10} {'spk lenient':>11} "
        f"{'named strict':>12} {'type':>6}"
    )
    for half, parts in results.items():
        for name in ("all", *GOLD_CORPORA):
            r = parts[name]
            print(
                f"{half:5} {name:18} {r['n_gold']:5d} {r['recall']:6.3f} "
                f"{r['speaker_accuracy_strict']:10.3f} {r['speaker_accuracy_lenient']:11.3f} "
                f"{r['named_speaker_accuracy_strict']:12.3f} {r['source_type_accuracy']:6.3f}"
            )
    for half, parts in results.items():
        print(f"\nsource type confusion, {half} half (rows gold, columns predicted):")
        matrix = parts["all"]["source_type_confusion"]
        columns = sorted({p for row in matrix.values() for p in row})
        print(" " * 14 + " ".join(f"{c[:8]:>8}" for c in columns))
        for gold_type, row in sorted(matrix.items()):
            print(f"{gold_type[:13]:14}" + " ".join(f"{row.get(c, 0):8d}" for c in columns))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser)
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE)
    parser.add_argument("--errors", choices=("dev",), help="print the dev half's errors")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "speaker_eval.json"
    )
    args = parser.parse_args(argv)
    for name in GOLD_CORPORA:
        exit_code = missing_dataset(args.data, name)
        if exit_code is not None:
            return exit_code
    results = score_halves(GOLD, gold_attributions(GOLD, args.data, args.store))
    print_table(results)
    if args.errors and "dev" in results:
        for error in results["dev"]["errors"]:
            print(json.dumps(error, ensure_ascii=False))
    payload = {
        half: {k: v for k, v in parts.items() if k != "errors"} for half, parts in results.items()
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
