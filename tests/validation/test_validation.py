"""Validation: coding sheets, P/R/F1 against a coder, Krippendorff's alpha and Cohen's kappa."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.validation import (
    cohen_kappa,
    draw_validation_sample,
    krippendorff_alpha,
    read_coding_sheet,
    score_validation,
    write_coding_sheet,
)

nan = np.nan


def test_alpha_matches_krippendorffs_nominal_example_with_missing_values():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C:
    # 4 observers, 12 units, missing values; nominal alpha = 0.743.
    # By hand: 11 pairable units (unit 12 has one value), n = 40 pairable values, category
    # totals n_c = (9, 13, 10, 5, 3), so sum n_c^2 = 384. Off-diagonal coincidences: unit 2
    # (2,2,3,2) gives 3 * 2/3 = 2, unit 6 (1,2,3,4) gives 12 * 1/3 = 4, unit 8 (1,1,2,1) gives 2:
    # 8 in all. alpha = 1 - (n - 1) * 8 / (n^2 - 384) = 1 - 39 * 8 / 1216 = 0.7434.
    codes = pd.DataFrame(
        {
            "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            "C": [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
        }
    )
    assert round(krippendorff_alpha(codes), 3) == 0.743
    assert math.isclose(krippendorff_alpha(codes), 1 - 39 * 8 / 1216)


def test_alpha_binary_two_coder_example():
    # Krippendorff (2011), section A: two observers, ten units, binary; alpha = 0.095.
    # Coincidences: o00 = 10, o01 = o10 = 4, o11 = 2; n0 = 14, n1 = 6, n = 20.
    # alpha = 1 - (n - 1) * o01 * 2 / (n^2 - n0^2 - n1^2) = 1 - 19 * 8 / 168 = 0.0952.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    alpha = krippendorff_alpha(pd.DataFrame({"a": a, "b": b}))
    assert math.isclose(alpha, 1 - 19 * 8 / 168)
    assert round(alpha, 3) == 0.095


def test_alpha_and_kappa_edge_cases():
    assert krippendorff_alpha(pd.DataFrame({"a": ["x", "y"], "b": ["x", "y"]})) == 1.0
    assert math.isnan(krippendorff_alpha(pd.DataFrame({"a": ["x", ""], "b": ["", "y"]})))
    # kappa by hand: p_o = 6/10, p_e = 0.8*0.6 + 0.2*0.4 = 0.56 -> (0.6-0.56)/0.44
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert math.isclose(cohen_kappa(a, b), (0.6 - 0.56) / 0.44)


def _evidence() -> tuple[pd.DataFrame, pd.DataFrame]:
    table = pd.DataFrame(
        {
            "doc_id": ["d1"] * 6 + ["d2"] * 4,
            "sent": [0, 1, 2, 3, 4, 5, 0, 1, 2, 3],
            "kind": ["direct"] * 7 + ["indirect"] * 3,
            "outlet": ["X"] * 10,
        }
    )
    sentences = pd.DataFrame(
        {
            "doc_id": table["doc_id"],
            "sent": table["sent"],
            "text": [f"Sentence {i}." for i in range(10)],
        }
    )
    return table, sentences


def test_draw_sample_is_stratified_reproducible_and_written(tmp_path):
    table, sentences = _evidence()
    sheet = draw_validation_sample(
        table,
        4,
        stratify_by="kind",
        label="kind",
        context=sentences,
        seed=7,
        path=tmp_path / "sheet.csv",
    )
    assert sheet["auto_label"].value_counts().to_dict() == {"direct": 2, "indirect": 2}
    assert list(sheet.columns) == [
        "item",
        "doc_id",
        "sent",
        "outlet",
        "sentence",
        "context",
        "auto_label",
        "coder_1",
        "coder_2",
        "notes",
    ]
    again = draw_validation_sample(
        table, 4, stratify_by="kind", label="kind", context=sentences, seed=7
    )
    assert again.equals(sheet)
    row = sheet[sheet["sent"] == sheet["sent"].max()].iloc[0]
    assert row["sentence"] in row["context"]
    written = pd.read_csv(tmp_path / "sheet.csv", encoding="utf-8-sig", keep_default_na=False)
    assert written["sentence"].tolist() == sheet["sentence"].tolist()
    # a real .xlsx round trip: written with openpyxl, read back, coded, scored
    xlsx = tmp_path / "sheet.xlsx"
    draw_validation_sample(
        table, 4, stratify_by="kind", label="kind", context=sentences, seed=7, path=xlsx
    )
    import openpyxl

    book = openpyxl.load_workbook(xlsx)
    header = [cell.value for cell in book.active[1]]
    assert header == list(sheet.columns)
    assert [
        row[header.index("sentence")] for row in book.active.iter_rows(min_row=2, values_only=True)
    ] == sheet["sentence"].tolist()
    coded = read_coding_sheet(xlsx)
    coded["coder_1"] = coded["auto_label"]
    coded.loc[0, "coder_1"] = "other"
    coded_path = tmp_path / "coded.xlsx"
    write_coding_sheet(coded, coded_path)
    scores = score_validation(coded_path)
    assert scores.n_items == scores.n_coded == len(sheet)
    micro = scores.scores.set_index("label").loc["(micro)"]
    assert micro["precision"] == pytest.approx((len(sheet) - 1) / len(sheet))
    with pytest.raises(InputError, match=r"\.csv, \.xlsx"):
        write_coding_sheet(coded, tmp_path / "coded.ods")


def test_score_validation_precision_recall_f1_and_agreement(tmp_path):
    sheet = pd.DataFrame(
        {
            "auto_label": ["direct", "direct", "direct", "indirect", "indirect", "direct"],
            "coder_1": ["direct", "direct", "indirect", "indirect", "none", ""],
            "coder_2": ["direct", "indirect", "indirect", "indirect", "none", "direct"],
        }
    )
    path = tmp_path / "coded.csv"
    sheet.to_csv(path, index=False)
    result = score_validation(path)
    assert (result.n_items, result.n_coded) == (6, 5)
    scores = result.scores.set_index("label")
    # direct: auto 3 (of the 5 coded), coder says direct for 2 of them -> P 2/3, R 2/2
    assert scores.loc["direct", ["tp", "fp", "fn"]].tolist() == [2, 1, 0]
    assert scores.loc["direct", "precision"] == round(2 / 3, 4)
    assert scores.loc["direct", "recall"] == 1.0
    # indirect: auto 2, coder agrees on 1; coder has 2 indirect -> P 1/2, R 1/2
    assert scores.loc["indirect", ["precision", "recall", "f1"]].tolist() == [0.5, 0.5, 0.5]
    assert scores.loc["(micro)", "precision"] == 0.6
    agreement = result.agreement.iloc[0]
    assert agreement["units"] == 5 and agreement["percent_agreement"] == 0.8
    assert "coder_1" in result.summary()


def test_score_validation_rejects_sheets_without_coders():
    with pytest.raises(InputError, match="coder_1"):
        score_validation(pd.DataFrame({"auto_label": ["a"]}))
