"""The workflow on the bundled sample (real model): queries, attention, actors, snippet exports."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_sample_query_attention_actors_and_snippets(sample_annotations, tmp_path):
    from analysis.overview import actors, attention
    from analysis.query import QueryEngine
    from analysis.reports.snippets import ArticleTextIndex, apply_share_mode, longest_article_run
    from analysis.validation import draw_validation_sample

    ann = sample_annotations
    engine = QueryEngine(ann.tokens, ann.corpus, ann.sentences)
    ids = engine.matching_ids("Ukrain* OR Kyiv OR Kiev")
    table = attention.attention_over_time(ids, ann.corpus, freq="M")
    assert table.loc[table["matching"] > 0, "outlet"].nunique() >= 2
    counts = attention.labelled_query_counts(
        "War = war OR invasion\nPeace = peace OR ceasefire OR negotiat*\nPutin = Putin", engine
    )
    assert counts["label"].unique().tolist() == ["War", "Peace", "Putin"]
    kremlin_putin = counts[
        (counts["label"] == "Putin") & counts["outlet"].str.startswith("Kremlin")
    ]
    assert kremlin_putin["share"].iloc[0] > 0.5

    mentions = actors.actor_mentions(ann.entities)
    zelensky = mentions[mentions["text"].str.contains("Zelensk")]
    assert set(zelensky["actor"]) <= {"Volodymyr Zelensky"}
    top = actors.top_actors(mentions, ann.corpus, n=5)
    assert "Vladimir Putin" in top["actor"].tolist()

    spikes = attention.detect_spikes(
        table, window=4, threshold=1.0, corpus=ann.corpus, matched_ids=ids
    )
    sentences = engine.sentences("Ukrain*")
    sheet = draw_validation_sample(
        sentences.assign(label="match"), 10, context=ann.sentences, seed=1
    )
    index = ArticleTextIndex.build(ann.corpus, k=8)
    for name, frame in {
        "spikes": spikes,
        "sentences": sentences,
        "sheet": sheet,
        "top": top,
    }.items():
        apply_share_mode(frame, "snippets").to_csv(tmp_path / f"{name}.csv", index=False)
        apply_share_mode(frame, "aggregates").to_parquet(tmp_path / f"{name}_agg.parquet")
    for path in sorted(tmp_path.glob("*.csv")):
        assert longest_article_run(path, index, min_words=8).length <= 30, path.name
    for path in sorted(tmp_path.glob("*_agg.parquet")):
        assert longest_article_run(path, index, min_words=8).length == 0, path.name
