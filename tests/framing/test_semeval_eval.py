"""Frame detection against SemEval-2023 Task 3 English gold: floors a little under measured scores.

The full 5-fold evaluation is ``benchmarks/framing_eval.py``; these runs are smaller (3 folds,
the dictionary on a subset) to keep the suite fast. Parsed annotations are cached in
``$ANALYSIS_EVAL_CACHE`` or ``~/.cache/analysis-eval`` (outside the repository), shared with the
benchmark.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ARTICLES = SHARED / "semeval2023_en" / "articles.jsonl"

# measured with seed 0 (issue 5): classifier 3-fold micro 0.680 / macro 0.549 on all 333 articles;
# dictionary 3-fold macro 0.500 on the first 150. Floors sit ~0.03 below.
MICRO_FLOOR = 0.65
MACRO_FLOOR = 0.52
DICTIONARY_MACRO_FLOOR = 0.47

pytestmark = pytest.mark.skipif(
    not ARTICLES.is_file(), reason="../shared/data/semeval2023_en is absent (CI has it)"
)


def _articles() -> list[dict]:
    return [
        json.loads(line)
        for line in ARTICLES.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_classifier_beats_targets_on_three_folds():
    from analysis.evaluation.frame_cv import cross_validate_frames

    rows = _articles()
    result = cross_validate_frames(
        [r["text"] for r in rows],
        [r["frames"] for r in rows],
        methods=("frequent_frames", "classifier"),
        folds=3,
    )
    summary = result.summary.set_index("method")
    assert summary.loc["classifier", "micro_f1"] >= MICRO_FLOOR
    assert summary.loc["classifier", "macro_f1"] >= MACRO_FLOOR
    assert summary.loc["classifier", "macro_f1"] > summary.loc["frequent_frames", "macro_f1"] + 0.2


@pytest.mark.slow
def test_dictionary_beats_frequent_frames_on_macro_f1():
    from analysis.annotation.annotate import annotate
    from analysis.evaluation.frame_cv import cross_validate_frames
    from analysis.framing import frame_scores
    from analysis.io.schema import make_corpus

    rows = _articles()[:150]
    records = []
    for r in rows:
        title, _, body = r["text"].partition("\n\n")
        title, body = (title.strip(), body.strip()) if body.strip() else ("", r["text"].strip())
        records.append(
            {"doc_id": str(r["id"]), "outlet": "semeval2023", "title": title, "text": body}
        )
    corpus = make_corpus(records)
    cache = Path(os.environ.get("ANALYSIS_EVAL_CACHE", Path.home() / ".cache" / "analysis-eval"))
    ann = annotate(corpus, store=cache / "store", progress=False)
    scores = frame_scores(ann.tokens, ann.sentences, corpus)
    result = cross_validate_frames(
        [r["text"] for r in rows], [r["frames"] for r in rows], dictionary_scores=scores.wide(),
        methods=("frequent_frames", "dictionary"), folds=3,
    )  # fmt: skip
    summary = result.summary.set_index("method")
    assert summary.loc["dictionary", "macro_f1"] >= DICTIONARY_MACRO_FLOOR
    assert summary.loc["dictionary", "macro_f1"] > summary.loc["frequent_frames", "macro_f1"] + 0.15
    assert summary.loc["dictionary", "micro_f1"] > summary.loc["frequent_frames", "micro_f1"]
