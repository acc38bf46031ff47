"""The hand-coding step of a report: draw, score, or say that nothing was asked."""

from __future__ import annotations

import pandas as pd

from analysis.validation import hand_coding_step

ITEMS = pd.DataFrame(
    {
        "doc_id": ["d1", "d1", "d2", "d2"],
        "sent": [0, 1, 0, 1],
        "kind": ["direct", "indirect", "direct", "indirect"],
        "text": ["a said", "b said", "c said", "d said"],
    }
)


def test_nothing_requested():
    step = hand_coding_step(ITEMS, label="kind")
    assert step.tables() == {} and "No validation requested" in step.summary()


def test_draw_then_score(tmp_path):
    drawn = hand_coding_step(ITEMS, n=2, label="kind", stratify_by="kind", text="text")
    assert list(drawn.tables()) == ["sheet"] and len(drawn.sheet) == 2
    assert sorted(drawn.sheet["auto_label"]) == ["direct", "indirect"]
    coded = drawn.sheet.assign(coder_1=drawn.sheet["auto_label"])
    path = tmp_path / "coded.csv"
    coded.to_csv(path, index=False)
    scored = hand_coding_step(ITEMS, sheet=str(path), label="kind")
    assert list(scored.tables()) == ["scores", "agreement"]
    micro = scored.scores.scores.set_index("label").loc["(micro)"]
    assert micro["f1"] == 1.0
    assert "2 of 2 items coded" in scored.summary()
