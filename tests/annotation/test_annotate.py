"""Annotation into the store: tables, cache behaviour, Docs read back, DuckDB, Dask equality."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import annotate, load_corpus
from analysis.annotation.store import AnnotationStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_corpus(seed_path):
    corpus, _ = load_corpus(seed_path, outlet="RT")
    return corpus


def test_cold_then_warm_run_parses_nothing(seed_corpus, tmp_path):
    cold = annotate(seed_corpus, store=tmp_path)
    assert (cold.stats.n_parsed, cold.stats.n_cached) == (2, 0)
    warm = annotate(seed_corpus, store=tmp_path)
    assert (warm.stats.n_parsed, warm.stats.n_cached) == (0, 2)
    pd.testing.assert_frame_equal(cold.tokens, warm.tokens)
    extended = pd.concat(
        [
            seed_corpus,
            seed_corpus.assign(
                doc_id=["n1", "n2"], text=seed_corpus["text"] + " Extra.", sha256=""
            ),
        ],
        ignore_index=True,
    )
    from analysis.io.schema import make_corpus

    extended = make_corpus(extended.to_dict("records"))
    third = annotate(extended, store=tmp_path)
    assert (third.stats.n_parsed, third.stats.n_cached) == (2, 2)


def test_tables_follow_the_contract(seed_corpus, tmp_path):
    ann = annotate(seed_corpus, store=tmp_path)
    tokens, sentences, entities = ann.tokens, ann.sentences, ann.entities
    assert list(tokens.columns[:4]) == ["doc_id", "sent", "i", "idx"]
    assert tokens["doc_id"].unique().tolist() == seed_corpus["doc_id"].tolist()
    first = tokens[tokens["doc_id"] == seed_corpus.loc[0, "doc_id"]]
    assert first["i"].tolist() == list(range(len(first)))
    assert first.iloc[0]["section"] == "title" and "text" in set(first["section"])
    sents = sentences[sentences["doc_id"] == seed_corpus.loc[0, "doc_id"]]
    assert sents.iloc[0]["text"].strip() == seed_corpus.loc[0, "title"]
    assert {"title", "standfirst", "text"} <= set(sents["section"])
    said = tokens[(tokens["lower"] == "stated")].iloc[0]
    assert said["lemma"] == "state" and said["pos"] == "VERB"
    kiev = entities[entities["text"] == "Kiev"]
    assert (kiev["label"] == "GPE").all()
    assert "Alexander Grushko" in set(entities.loc[entities["label"] == "PERSON", "canonical"])
    assert "AP" not in set(entities["text"])  # the caption is not annotated


def test_docs_come_back_from_the_store(seed_corpus, tmp_path):
    ann = annotate(seed_corpus, store=tmp_path)
    docs = list(ann.docs())
    assert [d for d, _ in docs] == seed_corpus["doc_id"].tolist()
    doc = docs[1][1]
    assert doc.text.startswith("Russia urges West") and doc.has_annotation("DEP")
    assert sum(len(d) for _, d in docs) == len(ann.tokens)


def test_duckdb_views_join_the_corpus(seed_corpus, tmp_path):
    ann = annotate(seed_corpus, store=tmp_path)
    rows = (
        ann.duckdb()
        .sql(
            "SELECT c.outlet, count(*) AS n FROM tokens t JOIN corpus c ON t.key = c.sha256 GROUP BY 1"
        )
        .fetchall()
    )
    assert rows == [("RT", len(ann.tokens))]


def test_shared_store_with_duplicate_shards_reads_once(seed_corpus, tmp_path):
    ann = annotate(seed_corpus, store=tmp_path)
    store = AnnotationStore(tmp_path, ann.model_info)
    shard = store.shard_names()[0]
    import shutil

    shutil.copytree(
        store.shards_dir / shard, store.shards_dir / ("z" + shard)
    )  # a second run wrote the same texts
    again = annotate(seed_corpus, store=tmp_path)
    assert again.stats.n_parsed == 0
    pd.testing.assert_frame_equal(again.tokens, ann.tokens)


@pytest.mark.dask
def test_dask_backend_matches_local(seed_corpus, tmp_path):
    from analysis.annotation.dask_backend import connect

    local = annotate(seed_corpus, store=tmp_path / "local")
    client = connect(n_workers=2)
    try:
        assert len(client.scheduler_info()["workers"]) == 2
        remote = annotate(seed_corpus, store=tmp_path / "dask", backend="dask", client=client)
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    assert remote.stats.n_parsed == 2
    for name in ("tokens", "sentences", "entities"):
        pd.testing.assert_frame_equal(local.table(name), remote.table(name))


def test_disabling_ner_is_cached_separately(seed_corpus, tmp_path):
    full = annotate(seed_corpus, store=tmp_path)
    lexical = annotate(seed_corpus, store=tmp_path, disable=("ner",))
    assert lexical.stats.n_parsed == 2  # a different pipeline: not served from the full cache
    assert lexical.model_info.fingerprint != full.model_info.fingerprint
    assert lexical.model_info.disabled == ("ner",) and len(lexical.entities) == 0
    pd.testing.assert_series_equal(lexical.tokens["lemma"], full.tokens["lemma"])
    assert annotate(seed_corpus, store=tmp_path, disable=("ner",)).stats.n_parsed == 0


def test_worker_processes_write_the_same_tables(seed_corpus, tmp_path):
    local = annotate(seed_corpus, store=tmp_path / "local")
    parallel = annotate(seed_corpus, store=tmp_path / "workers", n_process=2)
    assert parallel.stats.n_parsed == 2
    assert len(parallel.store.shard_names()) == 2, "one partition per worker here"
    for name in ("tokens", "sentences", "entities"):
        pd.testing.assert_frame_equal(local.table(name), parallel.table(name))
    assert [i for i, _ in parallel.docs()] == [i for i, _ in local.docs()]


def test_model_info_is_recorded_so_a_warm_run_loads_no_model(seed_corpus, tmp_path, monkeypatch):
    from analysis.annotation import model_info_cache

    cold = annotate(seed_corpus, store=tmp_path)
    records = list((tmp_path / "pipelines").glob("*.json"))
    assert len(records) == 1
    loads = []
    real = model_info_cache.load_pipeline
    monkeypatch.setattr(
        model_info_cache, "load_pipeline", lambda *a, **k: loads.append(a) or real(*a, **k)
    )
    warm = annotate(seed_corpus, store=tmp_path)
    assert warm.model_info == cold.model_info and loads == []
    records[0].write_text("{not json", encoding="utf-8")  # a damaged record is rewritten
    assert annotate(seed_corpus, store=tmp_path).model_info == cold.model_info
    assert len(loads) == 1


def test_count_reads_the_store_not_the_tables(seed_corpus, tmp_path):
    ann = annotate(seed_corpus, store=tmp_path)
    counts = {name: ann.count(name) for name in ("tokens", "sentences", "entities")}
    assert ann._tables == {}, "counting loads no table"
    assert counts == {name: len(ann.table(name)) for name in counts}
    assert counts["tokens"] > 100
