"""The hand-coding step of a report: draw a coding sheet, score a filled-in one, or neither.

A report's ``validation_n`` / ``validation_sheet`` parameters decide which; this module holds
that decision so the notebook only shows what :func:`hand_coding_step` returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.validation.coding import ValidationScores, draw_validation_sample, score_validation

__all__ = ["HandCodingStep", "hand_coding_step"]


@dataclass(frozen=True)
class HandCodingStep:
    """A drawn coding sheet and/or the scores of a coded one."""

    sheet: pd.DataFrame | None = None
    scores: ValidationScores | None = None

    def summary(self) -> str:
        """One paragraph for the report: what was drawn and how well the measure did."""
        if self.sheet is None and self.scores is None:
            return "No validation requested (set validation_n or validation_sheet)."
        lines = []
        if self.sheet is not None:
            lines.append(
                f"Drew {len(self.sheet)} item(s) to hand-code; fill in the coder_* columns "
                "and pass the sheet back as validation_sheet."
            )
        if self.scores is not None:
            lines.append(self.scores.summary())
        return "\n".join(lines)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables to show and save, by name suffix: ``sheet``, ``scores``, ``agreement``."""
        found: dict[str, pd.DataFrame] = {}
        if self.sheet is not None:
            found["sheet"] = self.sheet
        if self.scores is not None:
            found["scores"] = self.scores.scores
            found["agreement"] = self.scores.agreement
        return found


def hand_coding_step(
    items: pd.DataFrame,
    *,
    n: int = 0,
    sheet: str | Path | None = None,
    label: str = "label",
    stratify_by: str | None = None,
    context: pd.DataFrame | None = None,
    text: str | None = None,
) -> HandCodingStep:
    """Draw ``n`` of ``items`` into a coding sheet (if ``n``) and score ``sheet`` (if given)."""
    drawn = (
        draw_validation_sample(
            items, n, stratify_by=stratify_by, label=label, context=context, text=text
        )
        if n
        else None
    )
    scores = score_validation(sheet) if sheet else None
    return HandCodingStep(drawn, scores)
