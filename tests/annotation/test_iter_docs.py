"""Docs re-read from the store come back in the asked order, streamed or not (real store)."""

from __future__ import annotations

import random

from spacy.tokens import DocBin

from analysis.annotation.pipeline import load_pipeline


def _expected(store, vocab) -> dict[str, str]:
    """key → Doc as JSON, read shard by shard the plain way."""
    found = {}
    for shard in store.shard_names():
        keys, docbin = store.shard_docs(shard)
        for key, doc in zip(keys, DocBin().from_bytes(docbin).get_docs(vocab), strict=True):
            found.setdefault(key, doc.to_json())
    return found


def test_any_order_and_repeats_give_the_right_docs(sample_annotations):
    store = sample_annotations.store
    vocab = load_pipeline(sample_annotations.model_info.package)[0].vocab
    expected = _expected(store, vocab)
    keys = sample_annotations.annotated()["sha256"].tolist()
    shuffled = keys[:]
    random.Random(7).shuffle(shuffled)
    repeated = [keys[0], keys[0], *keys[1:5], keys[2]]  # a text twice in a row, and once again
    for order in (keys, sorted(keys, key=lambda k: store.index()[k].position), shuffled, repeated):
        got = list(store.iter_docs(order, vocab))
        assert [key for key, _ in got] == order
        assert all(doc.to_json() == expected[key] for key, doc in got)
