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

# measured with seed 0 (issue 5): classifier 3-fold micro 0.680 / macro 0.549 on all 333 articles;
# dictionary 3-fold macro 0.500 on the first 150. Floors sit ~0.03 below.
MICRO_FLOOR = 0.65
MACRO_FLOOR = 0.52
DICTIONARY_MACRO_FLOOR = 0.47


@pytest.fixture(scope="module")
def articles(gold_dataset) -> list[dict]:
    """The 333 coded articles (skipped without ../shared/data; a failure under CI=true)."""
    path = gold_dataset("semeval2023_en/articles.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_classifier_beats_targets_on_three_folds(articles):
    from analysis.evaluation.frame_cv import cross_validate_frames

    rows = articles
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
def test_dictionary_beats_frequent_frames_on_macro_f1(articles):
    from analysis.annotation.annotate import annotate
    from analysis.evaluation.frame_cv import cross_validate_frames
    from analysis.framing import frame_scores
    from analysis.io.schema import make_corpus

    rows = articles[:150]
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
        doc_ids=[str(r["id"]) for r in rows], methods=("frequent_frames", "dictionary"), folds=3,
    )  # fmt: skip
    summary = result.summary.set_index("method")
    assert summary.loc["dictionary", "macro_f1"] >= DICTIONARY_MACRO_FLOOR
    assert summary.loc["dictionary", "macro_f1"] > summary.loc["frequent_frames", "macro_f1"] + 0.15
    assert summary.loc["dictionary", "micro_f1"] > summary.loc["frequent_frames", "micro_f1"]
