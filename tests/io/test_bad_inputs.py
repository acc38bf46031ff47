"""Bad input gets a clear error or a recorded skip, never silent loss."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import InputError
from analysis.io import load_corpus

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad_inputs"


def _reasons(manifest) -> dict[str, str]:
    frame = manifest.to_frame()
    return dict(zip(frame["unit"], frame["reason"], strict=True))


def test_empty_file_is_an_error_naming_the_file():
    with pytest.raises(InputError, match=r"no documents kept.*empty\.txt"):
        load_corpus(BAD / "empty.txt")


def test_binary_file_is_recorded_as_undecodable(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "A headline for the good file\nThe body of the good article is long enough.",
        encoding="utf-8",
    )
    corpus, manifest = load_corpus([BAD / "binary.txt", good])
    assert len(corpus) == 1
    skipped = manifest.to_frame().query("status == 'skipped'")
    assert skipped["reason"].tolist() == ["undecodable"]
    assert "binary" in skipped["detail"].iloc[0]


def test_cp1251_is_detected_and_recorded():
    corpus, manifest = load_corpus(BAD / "cp1251.txt")
    assert corpus.loc[0, "title"] == "Москва заявила о готовности к переговорам"
    assert "Министр иностранных дел России" in corpus.loc[0, "text"]
    assert manifest.by_file()["encoding"].tolist() == ["cp1251"]


def test_latin1_decodes_correctly():
    corpus, manifest = load_corpus(BAD / "latin1.txt")
    assert corpus.loc[0, "title"] == "Café owners in Zürich protest new rules"
    assert manifest.by_file()["encoding"].iloc[0] != "utf-8"


def test_utf8_bom_is_stripped():
    corpus, manifest = load_corpus(BAD / "bom.csv")
    assert (
        corpus.loc[0, "title"] == "Talks to resume" and corpus.loc[0, "outlet"] == "Daily Example"
    )
    assert manifest.by_file()["encoding"].tolist() == ["utf-8-sig"]


def test_malformed_csv_row_is_skipped_with_its_line():
    corpus, manifest = load_corpus(BAD / "malformed.csv")
    assert corpus["doc_id"].tolist() == ["a1", "a3"]
    reasons = _reasons(manifest)
    assert reasons["line 3"] == "malformed-row"
    assert (
        "expected 4 fields, found 6"
        in manifest.to_frame().set_index("unit").loc["line 3", "detail"]
    )


def test_missing_text_column_is_a_clear_error():
    with pytest.raises(InputError, match=r"missing_text_column\.csv: no text column.*--text-col"):
        load_corpus(BAD / "missing_text_column.csv")


def test_duplicate_ids_and_texts_and_broken_records_are_recorded():
    corpus, manifest = load_corpus(BAD / "duplicate_ids.jsonl", outlet="X")
    assert corpus["doc_id"].tolist() == ["x1"]
    reasons = _reasons(manifest)
    assert reasons["line 2"] == "duplicate-id:x1"
    assert reasons["line 3"] == "duplicate-of:x1"
    assert reasons["line 4"] == "malformed-row"
    assert reasons["line 5"] == "missing-text-column"
    assert reasons["line 6"] == "empty"
    assert manifest.n_read == 6 and manifest.n_kept == 1 and manifest.n_skipped == 5
    assert "duplicate-id" in manifest.summary() and "missing-text-column" in manifest.summary()


def test_five_megabyte_article_is_a_recorded_skip(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(
        "A very long article\n" + ("The ministry said the talks would continue. " * 120_000),
        encoding="utf-8",
    )
    assert big.stat().st_size > 5_000_000
    small = tmp_path / "small.txt"
    small.write_text(
        "A short article\nThe short body says something useful here.", encoding="utf-8"
    )
    corpus, manifest = load_corpus([big, small])
    assert len(corpus) == 1
    skipped = manifest.to_frame().query("status == 'skipped'").iloc[0]
    assert skipped["reason"] == "too-long" and "--max-chars" in skipped["detail"]
    kept, _ = load_corpus(big, max_chars=6_000_000)
    assert kept.loc[0, "n_chars"] > 5_000_000


def test_unsupported_files_in_folders_are_recorded(tmp_path):
    (tmp_path / "notes.xyz").write_text("x", encoding="utf-8")
    (tmp_path / "story.txt").write_text(
        "A headline here now\nThe body is long enough to be kept.", encoding="utf-8"
    )
    corpus, manifest = load_corpus(tmp_path)
    assert len(corpus) == 1 and manifest.skip_reasons() == {"unsupported-format": 1}


def test_missing_path_is_an_error():
    with pytest.raises(InputError, match="no such file or folder"):
        load_corpus("does/not/exist.csv")


def test_too_short_is_recorded(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text(
        "text\nTiny.\nThis one is long enough to be kept as a document.\n", encoding="utf-8"
    )
    corpus, manifest = load_corpus(path)
    assert len(corpus) == 1 and manifest.skip_reasons() == {"too-short": 1}
