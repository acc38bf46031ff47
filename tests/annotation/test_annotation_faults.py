"""A text the parser rejects is recorded as an annotation skip; the rest of the corpus is parsed.

The failing text is real, not mocked: spaCy refuses texts longer than ``nlp.max_length``
(error E088), and it raises inside ``nlp.pipe`` in the middle of a batch.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import annotate, load_corpus

pytestmark = pytest.mark.slow

TOO_LONG = "word " * 200_001  # 1,000,005 characters: over spaCy's default max_length


@pytest.fixture(scope="module")
def corpus_with_a_bad_text(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults")
    rows = pd.DataFrame(
        {
            "id": ["ok-1", "too-long", "ok-2"],
            "outlet": ["Daily Example", "Daily Example", "Evening Sample"],
            "title": ["Port reopens", "A very long page", "Rates held"],
            "text": [
                "The port reopened on Monday, officials said, after a week of repairs.",
                TOO_LONG,
                "The central bank held rates steady, its governor told reporters.",
            ],
        }
    )
    rows.to_csv(folder / "corpus.csv", index=False)
    corpus, _ = load_corpus(folder / "corpus.csv", max_chars=2_000_000)
    assert len(corpus) == 3
    return corpus


def _check(ann, corpus) -> None:
    skips = ann.skips.frame()
    assert skips[["doc_id", "stage", "error_type"]].values.tolist() == [
        ["too-long", "annotation", "ValueError"]
    ]
    assert "E088" in skips["message"].iloc[0]
    assert len(ann.corpus) == 3, "a skipped document stays in the corpus"
    assert sorted(ann.tokens["doc_id"].unique()) == ["ok-1", "ok-2"]
    assert [doc_id for doc_id, _ in ann.docs()] == ["ok-1", "ok-2"]


def test_batch_that_raises_is_reparsed_one_by_one(corpus_with_a_bad_text, tmp_path):
    ann = annotate(corpus_with_a_bad_text, store=tmp_path, batch_size=8)
    _check(ann, corpus_with_a_bad_text)
    assert ann.stats.n_parsed == 3

    warm = annotate(corpus_with_a_bad_text, store=tmp_path)
    assert warm.stats.n_parsed == 0, "a text known to fail is not parsed again"
    _check(warm, corpus_with_a_bad_text)


@pytest.mark.dask
def test_dask_partition_that_raises_keeps_its_good_documents(corpus_with_a_bad_text, tmp_path):
    from analysis.annotation.dask_backend import connect

    client = connect(n_workers=1)
    try:
        ann = annotate(corpus_with_a_bad_text, store=tmp_path, backend="dask", client=client)
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    _check(ann, corpus_with_a_bad_text)
    local = annotate(corpus_with_a_bad_text, store=tmp_path / "local")
    pd.testing.assert_frame_equal(ann.tokens, local.tokens)


def test_worker_processes_keep_the_good_documents(corpus_with_a_bad_text, tmp_path):
    ann = annotate(corpus_with_a_bad_text, store=tmp_path, n_process=2, batch_size=8)
    _check(ann, corpus_with_a_bad_text)
    local = annotate(corpus_with_a_bad_text, store=tmp_path / "local")
    pd.testing.assert_frame_equal(ann.tokens, local.tokens)
