"""Validation by hand-coding: draw a coding sheet from an automatic measure, score it back
with precision/recall/F1 and inter-coder agreement (Krippendorff's alpha, Cohen's kappa)."""

from analysis.validation.agreement import cohen_kappa, krippendorff_alpha
from analysis.validation.coding import (
    ValidationScores,
    draw_validation_sample,
    read_coding_sheet,
    score_validation,
    write_coding_sheet,
)
from analysis.validation.hand_coding import HandCodingStep, hand_coding_step

__all__ = [
    "HandCodingStep",
    "hand_coding_step",
    "ValidationScores",
    "cohen_kappa",
    "draw_validation_sample",
    "krippendorff_alpha",
    "read_coding_sheet",
    "score_validation",
    "write_coding_sheet",
]
