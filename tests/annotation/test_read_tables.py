"""Annotation tables read from the store: corpus order, every document's rows, released on request."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

pytestmark = pytest.mark.slow


def _expected(ann, name: str) -> pd.DataFrame:
    """The table by a plain merge on the text hash: one document's rows after another's."""
    own = ann.store.read_table(name, ann.corpus["sha256"].tolist()).to_pandas()
    order = pd.DataFrame(
        {"key": ann.corpus["sha256"].astype(str), "doc_id": ann.corpus["doc_id"].astype(str)}
    ).assign(_order=range(len(ann.corpus)))
    merged = own.merge(order, on="key")
    within = "i" if name == "tokens" else "start"
    merged = merged.sort_values(["_order", "sent", within]).reset_index(drop=True)
    return merged[["doc_id", *[c for c in own.columns if c != "key"]]]


@pytest.mark.parametrize("name", ["tokens", "sentences", "entities"])
def test_tables_follow_the_corpus_order_with_shared_texts(sample_annotations, name):
    ann = sample_annotations
    shuffled = ann.corpus.sample(frac=1, random_state=3)
    # two documents with one text: each gets the text's rows under its own doc_id
    copies = shuffled.iloc[:2].assign(doc_id=lambda f: f["doc_id"] + "-copy")
    for corpus in (shuffled, pd.concat([shuffled, copies])):
        view = dataclasses.replace(ann, corpus=corpus, _tables={})
        table = view.table(name)
        expected = _expected(view, name)
        assert len(table) == len(expected) > 0
        assert table["doc_id"].astype(str).tolist() == expected["doc_id"].tolist()
        for column in ("sent", "i" if name == "tokens" else "start"):
            assert table[column].tolist() == expected[column].tolist()


def test_release_forgets_tables_until_asked_again(sample_annotations):
    ann = dataclasses.replace(sample_annotations, _tables={})
    entities = ann.entities
    assert "entities" in ann._tables
    ann.release("entities")
    assert "entities" not in ann._tables
    pd.testing.assert_frame_equal(ann.entities, entities)
    assert len(ann.sentences) > 0
    ann.release()
    assert not ann._tables
