"""The per-document sourcing cache: same table as the uncached extractor, only new documents
walked, never a stale record, and failures kept as skips (real model, real sample store)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from spacy.tokens import Doc

from analysis.annotation.code_digest import module_closure_sha256
from analysis.annotation.result_cache import ResultCache
from analysis.annotation.store import AnnotationStore
from analysis.skips import DocumentError, SkipLog
from analysis.sourcing import attributions, store_attributions
from analysis.sourcing import extract as extract_module
from analysis.sourcing.cached import CACHE_NAME, extract_missing, extractor_digest
from analysis.sourcing.extract import load_lexicons


@pytest.fixture
def private_store(sample_annotations, tmp_path: Path):
    """The sample's annotations in a store of this test's own (its results folder starts empty)."""
    source = sample_annotations.store
    # other tests' records stay behind: this store's results folder starts empty
    shutil.copytree(
        source.path, tmp_path / source.path.name, ignore=shutil.ignore_patterns("results")
    )
    store = AnnotationStore(tmp_path, source.model_info)
    return replace(sample_annotations, store=store, skips=SkipLog(), _tables={})


def test_cached_table_equals_the_direct_extraction(private_store):
    ann = private_store
    direct = attributions(ann.docs(), ann.corpus, skips=SkipLog())
    first = store_attributions(ann, skips=SkipLog())
    second = store_attributions(ann, skips=SkipLog())  # every record read back from the store
    assert len(direct) > 1000  # the sample has over a thousand attributions
    pd.testing.assert_frame_equal(first, direct)
    pd.testing.assert_frame_equal(second, direct)


def test_only_documents_without_a_record_are_walked(private_store):
    ann = private_store
    lexicons = load_lexicons()
    cache = ResultCache(ann.store, CACHE_NAME, extractor_digest())
    half = replace(ann, corpus=ann.corpus.iloc[: len(ann.corpus) // 2], _tables={})
    assert extract_missing(half, lexicons, cache) == len(half.corpus)
    assert extract_missing(ann, lexicons, cache) == len(ann.corpus) - len(half.corpus)
    assert extract_missing(ann, lexicons, cache) == 0


def test_a_speaker_value_is_part_of_the_key(private_store):
    """The same text under another speaker column value is a different record."""
    ann = private_store
    corpus = ann.corpus.copy()
    if "speaker" not in corpus.columns:
        corpus["speaker"] = None
    target = corpus.index[0]
    corpus.loc[target, "speaker"] = "Dmitry Peskov"
    with_speaker = replace(ann, corpus=corpus, _tables={})
    lexicons = load_lexicons()
    cache = ResultCache(ann.store, CACHE_NAME, extractor_digest())
    extract_missing(ann, lexicons, cache)
    assert extract_missing(with_speaker, lexicons, cache) == 1
    direct = attributions(with_speaker.docs(), corpus, skips=SkipLog())
    pd.testing.assert_frame_equal(store_attributions(with_speaker, skips=SkipLog()), direct)


def test_the_digest_follows_code_and_resources(tmp_path: Path):
    shipped = extractor_digest()
    assert shipped == extractor_digest()  # derived, so stable between calls
    other = tmp_path / "verbs2.yml"
    shutil.copy(
        Path(extract_module.__file__).parents[1] / "resources" / "sourcing" / "reporting_verbs.yml",
        other,
    )
    copied = extractor_digest(verbs=other)
    assert copied != shipped  # a given file is hashed even when it equals the shipped one
    with other.open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment still makes new records\n")
    assert extractor_digest(verbs=other) != copied
    assert extractor_digest(verbs=load_lexicons().verbs) is None  # a loaded object: no cache


def test_the_code_closure_covers_imported_modules(tmp_path: Path, monkeypatch):
    """Editing a module the extractor imports (not only extract.py) changes the digest."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "stage.py").write_text("from pkg.sub import helper\n")
    (package / "sub" / "helper.py").write_text("def f():\n    import pkg.deep\n")
    (package / "deep.py").write_text("X = 1\n")
    (package / "unrelated.py").write_text("Y = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = module_closure_sha256("pkg.sub.stage", package="pkg")
    (package / "unrelated.py").write_text("Y = 2\n")
    assert module_closure_sha256("pkg.sub.stage", package="pkg") == before
    (package / "deep.py").write_text("X = 2\n")  # imported inside a function of an import
    assert module_closure_sha256("pkg.sub.stage", package="pkg") != before


def test_a_failing_document_is_cached_as_a_skip(private_store, monkeypatch):
    ann = private_store
    victim = str(ann.corpus["doc_id"].iloc[3])
    victim_text = None
    for doc_id, doc in ann.docs():
        if doc_id == victim:
            victim_text = doc.text
            break
    real = extract_module.doc_attributions

    def failing(doc: Doc, **kwargs):
        if doc.text == victim_text:
            raise ValueError("E088 stand-in: this document breaks a rule")
        return real(doc, **kwargs)

    monkeypatch.setattr(extract_module, "doc_attributions", failing)
    skips = SkipLog()
    table = store_attributions(ann, skips=skips)
    assert skips.for_stage("sourcing") == [victim]
    assert victim not in set(table["doc_id"]) and table["doc_id"].nunique() > 10
    monkeypatch.setattr(extract_module, "doc_attributions", real)
    again = SkipLog()
    store_attributions(ann, skips=again)  # the record, not the code, remembers the failure
    assert again.for_stage("sourcing") == [victim]
    assert again.rows[0]["message"].startswith("E088 stand-in")
    with pytest.raises(DocumentError, match=victim):
        store_attributions(ann)


def _fail_on_text(prefix: str) -> None:
    """Runs in each Dask worker: sourcing raises on the document whose text starts so."""
    from analysis.sourcing import extract

    real = extract.doc_attributions

    def failing(doc, **kwargs):
        if doc.text.startswith(prefix):
            raise ValueError("a rule broke on a cluster worker")
        return real(doc, **kwargs)

    extract.doc_attributions = failing


@pytest.mark.dask
def test_cluster_workers_make_the_same_records_and_their_skips(private_store):
    """On a 2-worker LocalCluster: same table as local, and a worker's failure is a skip here."""
    from analysis.annotation.dask_backend import connect
    from analysis.sourcing.cached import cache_attributions

    ann = private_store
    local = attributions(ann.docs(), ann.corpus, skips=SkipLog())
    victim = str(ann.corpus["doc_id"].iloc[5])
    prefix = next(doc.text[:80] for doc_id, doc in ann.docs() if doc_id == victim)
    client = connect(n_workers=2)
    try:
        client.run(_fail_on_text, prefix)
        cache = cache_attributions(ann, client=client)
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    holding = ann.store.keys_by_shard(ann.annotated()["sha256"])
    assert len(cache.parts()) == len(holding)  # one part per shard, made on the workers
    skips = SkipLog()
    gathered = store_attributions(ann, skips=skips)  # nothing left to extract: all cached
    assert skips.for_stage("sourcing") == [victim]
    assert skips.rows[0]["message"] == "a rule broke on a cluster worker"
    pd.testing.assert_frame_equal(gathered, local[local["doc_id"] != victim].reset_index(drop=True))


def test_table_built_in_chunks_equals_one_chunk(private_store, monkeypatch):
    """Rows become a table a chunk at a time (memory); the table is the same for any chunk size."""
    ann = private_store
    whole = store_attributions(ann, skips=SkipLog())
    monkeypatch.setattr(extract_module, "_CHUNK_ROWS", 7)
    chunked = store_attributions(ann, skips=SkipLog())
    assert len(whole) > 100
    pd.testing.assert_frame_equal(chunked, whole)


def test_an_untitled_office_goes_to_the_outlets_most_quoted_holder():
    """ "The President said" on an official site: its own president, if clearly the most quoted."""
    lexicons = load_lexicons(None, None, None)
    rows = [("kremlin.ru", "Vladimir Putin", "person", None)] * 4
    rows += [("kremlin.ru", "Sergei Lavrov", "person", None)]
    rows += [("kremlin.ru", "", "unknown", ("leader", ""))]  # "the leader said"
    rows += [("other.org", "", "unknown", ("leader", ""))]  # no holder quoted there
    frame = pd.DataFrame(rows, columns=["outlet", "speaker", "speaker_type", "_description"])
    titled = {"kremlin.ru": [("Vladimir Putin", "President"), ("Sergei Lavrov", "Minister")]}
    resolved = extract_module._resolve_offices(frame, titled, lexicons.types)
    assert "_description" not in resolved.columns
    assert resolved.iloc[5].tolist() == ["kremlin.ru", "Vladimir Putin", "person"]
    assert resolved.iloc[6].tolist() == ["other.org", "", "unknown"]
    assert resolved.iloc[4].tolist() == ["kremlin.ru", "Sergei Lavrov", "person"]
