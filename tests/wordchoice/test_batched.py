"""Each batched word-choice function returns its in-memory twin's table, slice by slice.

On the real annotated sample, with slices of 7 documents (86 documents: 13 slices, most
shards cut across), and with folded groups as the report uses them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import fold_groups
from analysis import wordchoice as wc

pytestmark = pytest.mark.slow
BATCH = 7


@pytest.fixture(scope="module")
def ann(sample_annotations):
    return sample_annotations


@pytest.fixture(scope="module")
def folded(ann):
    view = fold_groups(ann.corpus, by="outlet", max_groups=2)
    assert view.folded
    return view.corpus


def test_term_usage(ann, folded):
    matches, words = wc.batched_lexicon_evidence(ann, batch_docs=BATCH)
    lex = wc.load_lexicon(None)
    for corpus in (ann.corpus, folded):
        whole = wc.term_usage(ann.tokens, corpus, by="outlet", sentences=ann.sentences)
        batched = wc.usage_from_matches(matches, words, corpus, lex, by="outlet")
        assert whole.counts["count"].sum() > 20, "the sample uses the lexicon's terms"
        pd.testing.assert_frame_equal(batched.counts, whole.counts)
        pd.testing.assert_frame_equal(batched.evidence, whole.evidence)


@pytest.mark.parametrize("unit", ["lemma", "noun_phrase"])
def test_keyness(ann, folded, unit):
    counts = wc.batched_doc_term_counts(ann, unit=unit, batch_docs=BATCH)
    for corpus in (ann.corpus, folded):
        whole = wc.keyness(ann.tokens, corpus, by="outlet", unit=unit, min_count=3)
        batched = wc.keyness_from_doc_counts(counts, corpus, by="outlet", min_count=3)
        assert len(whole) > 100
        pd.testing.assert_frame_equal(batched, whole)


def test_kwic_for_terms(ann, folded):
    key = wc.keyness(ann.tokens, folded, by="outlet", unit="lemma", min_count=3)
    terms = wc.top_keyness(key, n=3)[["group", "term"]]
    whole = wc.kwic_for_terms(ann.tokens, terms, corpus=folded, by="outlet", per_term=4)
    batched = wc.batched_kwic_for_terms(
        ann, terms, corpus=folded, by="outlet", per_term=4, batch_docs=BATCH
    )
    assert len(whole) > 10
    pd.testing.assert_frame_equal(batched, whole)


def test_loaded_language(ann, folded):
    flagged, words = wc.batched_loaded_language(ann, batch_docs=BATCH)
    whole = wc.loaded_language(ann.tokens)
    assert len(whole) > 20
    pd.testing.assert_frame_equal(flagged, whole)
    for corpus in (ann.corpus, folded):
        pd.testing.assert_frame_equal(
            wc.loaded_language_rates(
                None, corpus, by="outlet", flagged=flagged, words_per_doc=words
            ),
            wc.loaded_language_rates(ann.tokens, corpus, by="outlet", flagged=whole),
        )


@pytest.mark.parametrize("relation", ["modifier", "window"])
def test_collocations(ann, folded, relation):
    targets = ["Ukraine", "NATO", "Russia"]
    for corpus in (ann.corpus, folded):
        whole = wc.collocations(ann.tokens, targets, corpus=corpus, relation=relation, min_count=1)
        batched = wc.batched_collocations(
            ann, targets, corpus=corpus, relation=relation, min_count=1, batch_docs=BATCH
        )
        assert len(whole) > 10
        pd.testing.assert_frame_equal(batched, whole)


def test_a_batch_is_the_annotations_of_its_documents(ann):
    batches = list(ann.batches(BATCH))
    assert sum(len(b.corpus) for b in batches) == len(ann.corpus)
    joined = pd.concat([b.tokens for b in batches], ignore_index=True)
    assert joined["doc_id"].astype(str).tolist() == ann.tokens["doc_id"].astype(str).tolist()
    assert joined["i"].tolist() == ann.tokens["i"].tolist()


def test_keyness_keeps_used_or_significant_rows(ann):
    counts = wc.batched_doc_term_counts(ann, unit="lemma", batch_docs=BATCH)
    every = wc.keyness_from_doc_counts(counts, ann.corpus, by="outlet", min_count=3)
    kept = wc.keyness_from_doc_counts(
        counts, ann.corpus, by="outlet", min_count=3, keep="used_or_significant"
    )
    expected = every[(every["count"] > 0) | (every["p_value"] < 0.05)].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, expected)
    assert len(kept) < len(every) and (every["count"] == 0).any()
