"""Writing a table in the format its file name asks for: one registry, atomic writes."""

import json

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.io import WRITERS, write_table
from analysis.sourcing import ATTRIBUTION_COLUMNS


@pytest.fixture
def frame():
    row = dict.fromkeys(ATTRIBUTION_COLUMNS, "")
    row.update(
        doc_id="d1",
        content="“We are ready,”",
        speaker="Zelensky",
        sent=0,
        content_start=0,
        content_end=15,
    )
    return pd.DataFrame([row], columns=list(ATTRIBUTION_COLUMNS))


def _read(path):
    suffix = path.suffix
    if suffix == ".csv":
        return pd.read_csv(path)
    if suffix == ".tsv":
        return pd.read_csv(path, sep="\t")
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".xlsx":
        return pd.read_excel(path)
    return pd.DataFrame(
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    )


@pytest.mark.parametrize("name", ["out.csv", "out.tsv", "out.parquet", "out.jsonl", "out.xlsx"])
def test_round_trip(tmp_path, frame, name):
    path = write_table(frame, tmp_path / "sub" / name)
    back = _read(path)
    assert list(back.columns) == list(ATTRIBUTION_COLUMNS)
    assert back.loc[0, "content"] == "“We are ready,”" and back.loc[0, "speaker"] == "Zelensky"
    assert not list(path.parent.glob(".*partial*"))


def test_unknown_extension_lists_the_known_ones(tmp_path, frame):
    with pytest.raises(InputError, match=r"end the file name with one of \.csv, \.tsv, \.parquet"):
        write_table(frame, tmp_path / "out.docx")


def test_allowed_narrows_the_formats(tmp_path, frame):
    with pytest.raises(InputError, match=r"one of \.csv, \.xlsx$"):
        write_table(frame, tmp_path / "out.parquet", allowed=(".csv", ".xlsx"))


def test_bom_for_spreadsheets(tmp_path, frame):
    assert write_table(frame, tmp_path / "a.csv", bom=True).read_bytes().startswith(b"\xef\xbb\xbf")
    assert not write_table(frame, tmp_path / "b.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_failed_write_leaves_no_file(tmp_path, frame, monkeypatch):
    def broken(frame, path, **_):
        path.write_text("half")
        raise OSError("disk full")

    monkeypatch.setitem(WRITERS, ".csv", broken)
    with pytest.raises(OSError, match="disk full"):
        write_table(frame, tmp_path / "t.csv")
    assert list(tmp_path.iterdir()) == []
