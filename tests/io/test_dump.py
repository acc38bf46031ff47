"""Segmentation of pasted text dumps, on the seed and on hand-made layouts."""

from __future__ import annotations

from analysis.io import load_corpus
from analysis.io.dump import is_headline, segment_dump, split_caption_credit


def test_seed_is_two_articles_with_fields(seed_path):
    corpus, manifest = load_corpus(seed_path, outlet="RT")
    assert len(corpus) == 2
    first, second = corpus.iloc[0], corpus.iloc[1]
    assert first["title"] == "Russian troops returned from Ukrainian territory: MoD"
    assert first["standfirst"].startswith("The returned Russian soldiers are currently in Belarus")
    assert first["caption"].startswith("Russian Tu-95 strategic bombers fly past a Russian flag")
    assert first["caption"].endswith("on May 4, 2018")
    assert first["photo_credit"] == "AP"
    assert first["text"].startswith("A new group of Russian service members has been returned")
    assert first["text"].endswith("for further treatment and rehabilitation.")
    assert "(AP)" not in first["text"] and "Tu-95" not in first["text"]
    assert (first["line_start"], first["line_end"]) == (1, 8)
    assert second["title"] == "Russia urges West to drop hostility, warns against NATO threat"
    assert second["standfirst"] == "" and second["caption"] == "" and second["photo_credit"] == ""
    assert second["text"].startswith("Russia does not view itself as an enemy of the West")
    assert second["text"].endswith("so too must our estrangement,” he remarked.")
    assert second["text"].count("\n\n") == 3  # four body paragraphs
    assert (second["line_start"], second["line_end"]) == (9, 13)
    assert set(corpus["outlet"]) == {"RT"}
    assert manifest.n_kept == 2 and manifest.n_skipped == 0
    assert list(manifest.to_frame()["unit"]) == ["lines 1-8", "lines 9-13"]


def test_caption_credit_forms():
    assert split_caption_credit("Troops at a checkpoint near Kharkiv (Reuters)") == (
        "Troops at a checkpoint near Kharkiv",
        "Reuters",
    )
    assert split_caption_credit("Vladimir Putin in Moscow © Sputnik / Mikhail Klimentyev") == (
        "Vladimir Putin in Moscow",
        "Sputnik / Mikhail Klimentyev",
    )
    assert split_caption_credit("He said it was (in his words) fine.") is None


def test_headline_rules():
    assert is_headline("Russia urges West to drop hostility, warns against NATO threat")
    assert not is_headline("The ministry said the talks would continue.")
    assert not is_headline("Single")
    assert not is_headline("A caption with a credit (AP)")


def test_unsplit_dump_is_one_article():
    text = "First headline here\nBody one.\nSecond headline here\nBody two."
    assert len(segment_dump(text, split=True)) == 2
    single = segment_dump(text, split=False)
    assert len(single) == 1 and single[0].title == "First headline here"
    assert single[0].paragraphs == ["Body one.", "Second headline here", "Body two."]


def test_text_without_headline_keeps_everything():
    articles = segment_dump("just a paragraph that ends properly.\n\nAnother one.")
    assert len(articles) == 1 and articles[0].title == "" and len(articles[0].paragraphs) == 2
