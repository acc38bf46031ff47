"""Frame scores computed slice by slice equal those of the whole corpus at once."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.framing import batched_frame_scores, frame_scores

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("batch_docs", [7, 1000])
def test_batched_scores_equal_whole_corpus_scores(sample_annotations, batch_docs):
    ann = sample_annotations
    whole = frame_scores(ann.tokens, ann.sentences, ann.corpus)
    batched = batched_frame_scores(ann, batch_docs=batch_docs)
    assert len(whole.evidence) > 100, "the sample has frame hits to compare"
    for name in ("doc", "sentence", "evidence"):
        pd.testing.assert_frame_equal(getattr(batched, name), getattr(whole, name))
    assert batched.dictionary.name == whole.dictionary.name
