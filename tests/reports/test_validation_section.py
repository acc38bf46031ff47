"""The sourcing report's validation section: draw a coding sheet, then score a filled-in one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.reports import run_reports

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "rt_dump.txt"


def test_validation_sheet_is_drawn_then_scored(tmp_path, session_store):
    first = run_reports(
        [SAMPLE],
        tmp_path / "draw",
        store=session_store,
        only=["01_sourcing"],
        parameters={"validation_n": 6},
        load_options={"outlet": "RT"},
    )
    sheet = pd.read_csv(
        first.out / "tables" / "sourcing_validation_sheet.csv", keep_default_na=False
    )
    assert len(sheet) == 6 and {"sentence", "context", "auto_label", "coder_1", "coder_2"} <= set(
        sheet.columns
    )
    assert (sheet["coder_1"] == "").all()
    sheet["coder_1"] = sheet["auto_label"]
    sheet.loc[0, "coder_1"] = (
        "nominal" if sheet.loc[0, "auto_label"] != "nominal" else "direct"
    )  # one disagreement
    sheet["coder_2"] = sheet["coder_1"]
    coded = tmp_path / "coded.csv"
    sheet.to_csv(coded, index=False)
    second = run_reports(
        [SAMPLE],
        tmp_path / "score",
        store=session_store,
        only=["01_sourcing"],
        parameters={"validation_sheet": str(coded)},
        load_options={"outlet": "RT"},
    )
    scores = pd.read_csv(second.out / "tables" / "sourcing_validation_scores.csv")
    micro = scores[scores["label"] == "(micro)"].iloc[0]
    assert micro["precision"] == pytest.approx(5 / 6, abs=1e-3)
    agreement = pd.read_csv(second.out / "tables" / "sourcing_validation_agreement.csv")
    assert agreement.filter(like="alpha").iloc[0, 0] == pytest.approx(1.0)
    assert "Validation by hand-coding" in (second.out / "01_sourcing.html").read_text()
