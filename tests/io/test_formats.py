"""Every input format, the column mapping, and the corpus contract."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.io import load_corpus, save_corpus
from analysis.io.schema import CORPUS_COLUMNS, doc_sections, doc_text

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_csv_with_mapping_and_fixed_outlet(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "story,headline,when,link\n"
        '"Officials said the bridge would reopen in May.\n\nA second paragraph follows here.",Bridge to reopen,2024-03-05,https://example.org/a\n',
        encoding="utf-8",
    )
    corpus, manifest = load_corpus(
        path,
        columns={"text": "story", "title": "headline", "published": "when", "url": "link"},
        outlet="Example",
    )
    row = corpus.iloc[0]
    assert row["title"] == "Bridge to reopen" and row["outlet"] == "Example"
    assert (
        row["text"]
        == "Officials said the bridge would reopen in May.\n\nA second paragraph follows here."
    )
    assert row["published"] == pd.Timestamp("2024-03-05") and row["url"] == "https://example.org/a"
    assert manifest.to_frame()["unit"].tolist() == ["line 2"]
    assert list(corpus.columns[: len(CORPUS_COLUMNS)]) == list(CORPUS_COLUMNS)


def test_tsv_and_alias_columns(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_text(
        "headline\tbody\tsource\tdate\nA title\tThe council said the plan was approved.\tPaper\t2020-01-02\n",
        encoding="utf-8",
    )
    corpus, _ = load_corpus(path)
    assert corpus.loc[0, ["title", "outlet"]].tolist() == ["A title", "Paper"]
    assert corpus.loc[0, "published"] == pd.Timestamp("2020-01-02")


def test_jsonl_keeps_ids_and_extra_columns():
    corpus, manifest = load_corpus(
        SAMPLE / "ukraine_addresses.jsonl", columns={"published": "date"}, outlet="UA"
    )
    assert len(corpus) == 30 and manifest.n_kept == 30
    assert corpus["doc_id"].is_unique and "speaker_uk" in corpus.columns
    assert "**" not in "".join(corpus["text"])  # Markdown bold markers are dropped
    assert corpus["published"].min() >= pd.Timestamp("2022-02-01")


def test_json_array(tmp_path):
    path = tmp_path / "articles.json"
    path.write_text(
        json.dumps(
            {
                "articles": [
                    {"title": "T1", "body": "The mayor said the park would open soon."},
                    {"title": "T2", "body": "Police said two people were arrested."},
                ]
            }
        ),
        encoding="utf-8",
    )
    corpus, manifest = load_corpus(path, outlet="City Paper")
    assert corpus["title"].tolist() == ["T1", "T2"] and manifest.to_frame()["unit"].tolist() == [
        "record 1",
        "record 2",
    ]


def test_parquet_roundtrip_and_saved_corpus(tmp_path):
    frame = pd.DataFrame(
        {
            "id": ["p1", "p2"],
            "text": [
                "The minister said the plan works well.",
                "Analysts said prices would rise again.",
            ],
            "outlet": ["A", "B"],
            "date": ["2021-05-01", None],
        }
    )
    path = tmp_path / "in.parquet"
    frame.to_parquet(path)
    corpus, manifest = load_corpus(path)
    assert corpus["doc_id"].tolist() == ["p1", "p2"] and corpus["outlet"].tolist() == ["A", "B"]
    assert pd.isna(corpus.loc[1, "published"])
    saved = save_corpus(corpus, manifest, tmp_path / "corpus.parquet")
    again, again_manifest = load_corpus(saved)
    pd.testing.assert_frame_equal(again, corpus)
    assert again_manifest.n_kept == 2


def test_folder_of_html_uses_trafilatura():
    corpus, manifest = load_corpus(SAMPLE / "kremlin", outlet="Kremlin")
    assert len(corpus) == 24 and manifest.n_skipped == 0
    assert corpus["title"].str.len().min() > 5
    assert corpus["published"].notna().all()
    assert corpus["url"].str.startswith("http://en.kremlin.ru/").all()
    assert not corpus["text"].str.contains("<div|</p>", regex=True).any()
    assert set(corpus["outlet"]) == {"Kremlin"}


def test_folder_of_txt_is_one_article_per_file(tmp_path):
    (tmp_path / "a.txt").write_text(
        "Headline of the first file\nThe first body paragraph ends here.\nAnother headline inside\nMore text ends here.",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "Only a paragraph that is long enough to keep.", encoding="utf-8"
    )
    corpus, _ = load_corpus(tmp_path, outlet="X")
    assert len(corpus) == 2
    split, _ = load_corpus(tmp_path, outlet="X", split_dumps=True)
    assert len(split) == 3


def test_corpus_spec_loads_all_sample_inputs():
    corpus, manifest = load_corpus(SAMPLE / "corpus.yml")
    counts = corpus["outlet"].value_counts().to_dict()
    assert counts == {
        "President of Ukraine (addresses)": 30,
        "Wikinews": 30,
        "Kremlin (en.kremlin.ru)": 24,
        "RT": 2,
    }
    assert manifest.n_read == 86 and manifest.n_skipped == 0
    formats = set(manifest.by_file()["format"])
    assert formats == {"dump", "html", "jsonl", "csv"}


def test_doc_text_sections_line_up():
    row = {"title": "A title", "standfirst": "", "text": "Body text."}
    text = doc_text(row)
    assert text == "A title\n\nBody text."
    assert [(s, text[a:b]) for s, a, b in doc_sections(row)] == [
        ("title", "A title"),
        ("text", "Body text."),
    ]


def test_unknown_format_and_mapping_errors(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("text\nSomething long enough to be kept as a document.\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown format 'docx'"):
        load_corpus(path, format="docx")
    with pytest.raises(InputError, match="unknown field 'body'"):
        load_corpus(path, columns={"body": "text"})


def test_loading_twice_in_one_process_gives_the_same_corpus():
    # trafilatura's deduplication cache is process-wide: it must stay off, or a second load drops text
    first, _ = load_corpus(SAMPLE / "kremlin", outlet="Kremlin")
    second, manifest = load_corpus(SAMPLE / "kremlin", outlet="Kremlin")
    pd.testing.assert_frame_equal(first, second)
    assert manifest.n_skipped == 0
