"""The analysis-skips log: a failing document is recorded once, never lost silently."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import InputError
from analysis.skips import DocumentError, SkipLog, guard, read_skips, skip_summary


def test_guard_records_and_goes_on():
    skips, done = SkipLog(), []
    for doc_id in ("a", "b", "c"):
        with skips.guard(doc_id, "sourcing"):
            if doc_id == "b":
                raise IndexError("[E035] Error creating span with start 12 and end 11")
            done.append(doc_id)
    assert done == ["a", "c"]
    assert skips.frame().to_dict("records") == [
        {
            "doc_id": "b",
            "stage": "sourcing",
            "error_type": "IndexError",
            "message": "[E035] Error creating span with start 12 and end 11",
        }
    ]
    assert skips.summary() == "1 document could not be analysed for sourcing: b"


def test_repeats_are_recorded_once_and_messages_are_short(tmp_path):
    skips = SkipLog(path=tmp_path / "skips.csv")
    for _ in range(2):
        skips.record("d1", "readability", ValueError("x " * 500 + "\nsecond line"))
    assert len(skips) == 1
    message = skips.frame()["message"].iloc[0]
    assert len(message) <= 160 and "second line" not in message
    assert read_skips([tmp_path / "skips.csv"])["doc_id"].tolist() == ["d1"]


def test_errors_about_the_call_still_propagate():
    with pytest.raises(InputError), SkipLog().guard("a", "sourcing"):
        raise InputError("document 'a' has no dependency parse")


def test_without_a_log_the_error_names_document_and_stage():
    with (
        pytest.raises(
            DocumentError, match=r"document 'x7' could not be analysed for sourcing: KeyError"
        ),
        guard(None, "x7", "sourcing"),
    ):
        raise KeyError("speaker")


def test_summary_names_a_few_documents_per_stage():
    table = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(7)] + ["z"],
            "stage": ["sourcing"] * 7 + ["annotation"],
            "error_type": ["IndexError"] * 8,
            "message": [""] * 8,
        }
    )
    assert skip_summary(table, where="tables/analysis_skips.csv").splitlines() == [
        "1 document could not be analysed for annotation: z; see tables/analysis_skips.csv",
        "7 documents could not be analysed for sourcing: d0, d1, d2, d3, d4 and 2 more; "
        "see tables/analysis_skips.csv",
    ]
