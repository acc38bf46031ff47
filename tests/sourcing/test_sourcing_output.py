"""Writing the attribution table in the format its file name asks for."""

import json

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.sourcing import ATTRIBUTION_COLUMNS, write_attributions


@pytest.fixture
def frame():
    row = dict.fromkeys(ATTRIBUTION_COLUMNS, "")
    row.update(
        doc_id="d1",
        content="“We are ready,”",
        speaker="Zelensky",
        sent_id=0,
        content_start=0,
        content_end=15,
    )
    return pd.DataFrame([row], columns=list(ATTRIBUTION_COLUMNS))


@pytest.mark.parametrize("name", ["out.csv", "out.parquet", "out.jsonl"])
def test_round_trip(tmp_path, frame, name):
    path = write_attributions(frame, tmp_path / "sub" / name)
    if name.endswith(".csv"):
        back = pd.read_csv(path)
    elif name.endswith(".parquet"):
        back = pd.read_parquet(path)
    else:
        back = pd.DataFrame(
            [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        )
    assert list(back.columns) == list(ATTRIBUTION_COLUMNS)
    assert back.loc[0, "content"] == "“We are ready,”" and back.loc[0, "speaker"] == "Zelensky"
    assert not list(path.parent.glob(".*partial"))


def test_unknown_extension(tmp_path, frame):
    with pytest.raises(InputError, match="end the file name with one of .csv, .parquet, .jsonl"):
        write_attributions(frame, tmp_path / "out.xlsx")
