"""Score the sourcing extractor against gold, beside textacy's ``direct_quotations``.

Gold: PolNeAR (``DIR/polnear``, ``--data DIR`` defaulting to ``../shared/data``; first
annotator's file per article; rules were built on ``train``, this reports ``dev`` by default)
and the hand-written seed gold (``tests/gold/seed_attributions.jsonl`` on the bundled
``data/sample/rt_dump.txt``). For each system and threshold t (0.3, 0.8) it prints precision,
recall, F1, speaker accuracy — lenient and strict, each with its n (see
:mod:`analysis.evaluation.attribution_scores`) — and cue accuracy, the time spent parsing and
extracting, and writes everything to ``benchmarks/results/sourcing_eval.json``.

Usage::

    .venv/bin/python benchmarks/sourcing_eval.py [--split dev] [--limit N] [--data DIR] [--out PATH]

``--limit N`` keeps the first N articles of the split in file-name order (deterministic).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from data_sources import add_data_argument, missing_dataset  # noqa: E402

from analysis.annotation.pipeline import load_pipeline  # noqa: E402
from analysis.evaluation.attribution_gold import polnear_documents, seed_documents  # noqa: E402
from analysis.evaluation.attribution_scores import (  # noqa: E402
    predictions_from_frame,
    score,
    textacy_predictions,
)
from analysis.sourcing import attributions  # noqa: E402

THRESHOLDS = (0.3, 0.8)
QUOTE_MARKS = set('"“«„')


def evaluate_set(name: str, items: list[tuple[str, str, list]], nlp, corpus=None) -> dict:  # noqa: ANN001
    """Parse, extract and score one gold set; returns the JSON-ready result."""
    t0 = time.perf_counter()
    docs = [
        (doc_id, doc)
        for (doc_id, _, _), doc in zip(items, nlp.pipe(t for _, t, _ in items), strict=True)
    ]
    parse_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    frame = attributions(docs, corpus)
    extract_s = time.perf_counter() - t0
    gold = {doc_id: g for doc_id, _, g in items}
    result: dict = {
        "set": name,
        "n_docs": len(items),
        "n_gold": sum(len(g) for g in gold.values()),
        "parse_seconds": round(parse_s, 2),
        "extract_seconds": round(extract_s, 2),
        "extract_to_parse_ratio": round(extract_s / parse_s, 3) if parse_s else None,
        "systems": {},
    }
    ours = [(d, doc, predictions_from_frame(frame, d), gold[d]) for d, doc in docs]
    baseline, failed = [], []
    for d, doc in docs:
        preds = textacy_predictions(doc)
        if preds is None:
            failed.append(d)
        baseline.append((d, doc, preds or [], gold[d]))
    for system, rows, fails in (("ours", ours, []), ("textacy", baseline, failed)):
        result["systems"][system] = [
            score(rows, t, failed_docs=fails).as_dict() for t in THRESHOLDS
        ]
    result["kinds"] = frame["kind"].value_counts().sort_index().to_dict()
    result["direct_quote_recall"] = _direct_quote_recall(items, ours, baseline)
    return result


def _direct_quote_recall(items, ours, baseline) -> dict:  # noqa: ANN001
    """Recall at t=0.3 over gold contents that open with a quote mark (what textacy targets)."""
    texts = {doc_id: text for doc_id, text, _ in items}

    def is_direct(doc_id: str, g) -> bool:  # noqa: ANN001
        return texts[doc_id][g.content[0][0] : g.content[0][0] + 1] in QUOTE_MARKS

    out = {}
    for system, rows in (("ours", ours), ("textacy", baseline)):
        subset = [
            (d, doc, preds, [g for g in gold if is_direct(d, g)]) for d, doc, preds, gold in rows
        ]
        s = score(subset, 0.3)
        out[system] = {
            "recall": round(s.n_matched / s.n_gold, 4) if s.n_gold else 0.0,
            "n_gold": s.n_gold,
        }
    return out


def print_table(results: list[dict]) -> None:
    """Print one line per gold set, system and threshold."""
    header = f"{'gold set':<14} {'system':<8} {'t':>4} {'P':>6} {'R':>6} {'F1':>6} {'spk acc (n)':>13} {'strict (n)':>13} {'cue acc':>8} {'pred':>5} {'gold':>5} {'failed docs':>11}"
    print(header)
    print("-" * len(header))
    for res in results:
        for system, scores in res["systems"].items():
            for s in scores:
                print(
                    f"{res['set']:<14} {system:<8} {s['threshold']:>4} {s['precision']:>6.3f} {s['recall']:>6.3f} "
                    f"{s['f1']:>6.3f} {s['speaker_accuracy']:>6.3f} ({s['speaker_n']:>4}) "
                    f"{s['speaker_accuracy_strict']:>6.3f} ({s['speaker_strict_n']:>4}) {s['cue_accuracy']:>8.3f} "
                    f"{s['n_pred']:>5} {s['n_gold']:>5} {len(s['failed_docs']):>11}"
                )
    for res in results:
        dq = res["direct_quote_recall"]
        print(
            f"{res['set']}: recall of gold direct quotes (t=0.3): ours {dq['ours']['recall']:.3f}, "
            f"textacy {dq['textacy']['recall']:.3f} (n={dq['ours']['n_gold']})"
        )
        print(
            f"{res['set']}: {res['n_docs']} docs, parse {res['parse_seconds']} s, extraction "
            f"{res['extract_seconds']} s (extraction/parse = {res['extract_to_parse_ratio']})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_argument(parser)
    parser.add_argument(
        "--split", default="dev", help="PolNeAR split to score (dev; train was used to build rules)"
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="score only the first N articles (file-name order)"
    )
    parser.add_argument("--seed", type=Path, default=ROOT / "data" / "sample" / "rt_dump.txt")
    parser.add_argument(
        "--seed-gold", type=Path, default=ROOT / "tests" / "gold" / "seed_attributions.jsonl"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "sourcing_eval.json"
    )
    args = parser.parse_args(argv)
    exit_code = missing_dataset(args.data, "polnear")
    if exit_code is not None:
        return exit_code
    nlp, info = load_pipeline()
    corpus, items = seed_documents(args.seed, args.seed_gold)
    results = [evaluate_set("seed", items, nlp, corpus)]
    items = polnear_documents(args.data / "polnear", args.split, limit=args.limit)
    results.append(evaluate_set(f"polnear-{args.split}", items, nlp))
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"model": info.as_dict(), "limit": args.limit, "results": results}
    args.out.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
