"""While the kernels run, the report process holds the corpus without its text."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.io import save_corpus
from analysis.reports.runner import _text_on_disk

pytestmark = pytest.mark.slow


def test_text_is_dropped_during_the_run_and_read_back_after(sample_annotations, tmp_path):
    ann = sample_annotations
    original = ann.corpus.copy()
    corpus_file = save_corpus(ann.corpus, ann.manifest, tmp_path / "corpus.parquet")
    report = SimpleNamespace(corpus=ann.corpus, annotations=ann)
    with _text_on_disk(report, corpus_file):
        assert "text" not in report.corpus.columns
        assert "text" not in report.annotations.corpus.columns
        assert report.corpus["doc_id"].tolist() == original["doc_id"].tolist()
    pd.testing.assert_frame_equal(report.corpus, original)
    assert report.annotations.corpus is report.corpus


def test_text_comes_back_when_a_kernel_fails(sample_annotations, tmp_path):
    ann = sample_annotations
    corpus_file = save_corpus(ann.corpus, ann.manifest, tmp_path / "corpus.parquet")
    report = SimpleNamespace(corpus=ann.corpus, annotations=ann)
    with pytest.raises(RuntimeError, match="kernel died"), _text_on_disk(report, corpus_file):
        raise RuntimeError("kernel died")
    pd.testing.assert_frame_equal(report.corpus, ann.corpus)
