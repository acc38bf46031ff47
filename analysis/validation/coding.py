"""Validation by hand-coding: draw a coding sheet from an automatic measure, score it back.

A reviewer trusts an automatic measure (attributions, frames, loaded terms) once a sample of
its output has been checked by people. :func:`draw_validation_sample` writes a sheet with the
sentence, its context, the automatic label and empty ``coder_*`` columns;
:func:`score_validation` reads the coded sheet and reports precision/recall/F1 of the
automatic label against the first coder, and inter-coder agreement (Krippendorff's alpha,
Cohen's kappa) when two or more coders filled it in.

The sample is drawn from what the measure found, so recall here means "of the items coders
gave label L among those found, how many did the measure call L" — it cannot count items the
measure missed entirely; for that, code a random sample of sentences instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.io.schema import require_columns
from analysis.validation.agreement import cohen_kappa, krippendorff_alpha

__all__ = [
    "ValidationScores",
    "draw_validation_sample",
    "write_coding_sheet",
    "read_coding_sheet",
    "score_validation",
]

DEFAULT_SEED = 20240601
CODER_PREFIX = "coder_"


def _allocate(sizes: pd.Series, n: int) -> dict[object, int]:
    """Equal allocation across strata (rare labels get checked too), capped by stratum size."""
    remaining = n
    quota = {key: 0 for key in sizes.index}
    open_keys = [k for k in sizes.index if sizes[k] > 0]
    while remaining > 0 and open_keys:
        share = max(remaining // len(open_keys), 1)
        for key in list(open_keys):
            take = min(share, sizes[key] - quota[key], remaining)
            quota[key] += take
            remaining -= take
            if quota[key] >= sizes[key]:
                open_keys.remove(key)
            if remaining == 0:
                break
    return quota


def _context(
    sentences: pd.DataFrame, keys: pd.DataFrame, width: int
) -> tuple[list[str], list[str]]:
    texts = {
        (d, int(s)): t
        for d, s, t in zip(sentences["doc_id"], sentences["sent"], sentences["text"], strict=True)
    }
    own, around = [], []
    for doc_id, sent in zip(keys["doc_id"], keys["sent"], strict=True):
        sent = int(sent)
        own.append(" ".join(str(texts.get((doc_id, sent), "")).split()))
        window = [texts.get((doc_id, s)) for s in range(sent - width, sent + width + 1)]
        around.append(" ".join(" ".join(str(t).split()) for t in window if t is not None))
    return own, around


def draw_validation_sample(
    table: pd.DataFrame,
    n: int,
    *,
    stratify_by: str | None = None,
    seed: int = DEFAULT_SEED,
    context: pd.DataFrame | None = None,
    context_sentences: int = 1,
    label: str = "label",
    text: str | None = None,
    coders: int = 2,
    path: str | Path | None = None,
) -> pd.DataFrame:
    """Draw ``n`` evidence rows to hand-code and (with ``path``) write the coding sheet.

    Parameters
    ----------
    table
        Evidence rows with ``doc_id``, ``sent`` and the automatic label column (``label``),
        e.g. attributions (``label="kind"``), frame evidence or loaded-term matches.
    stratify_by
        Column to balance on (usually the label): each value gets an equal share of ``n``.
    seed
        Random seed: the same table and seed give the same sheet.
    context
        Sentence table (``ann.sentences``): fills ``sentence`` and, ``context_sentences``
        either side, ``context``. Without it, the ``text`` column is used as ``sentence``.
    coders
        Number of empty ``coder_1 … coder_k`` columns.
    path
        ``.csv`` or ``.xlsx`` (needs openpyxl) to write the sheet to.

    Returns
    -------
    DataFrame ``item, doc_id, sent, [outlet,] sentence, context, auto_label, coder_1…, notes``.
    """
    needed = ["doc_id", "sent", label] + ([stratify_by] if stratify_by else [])
    require_columns(table, needed, "validation table", hint="pass label=/stratify_by= names it has")
    if n < 1:
        raise InputError(f"n must be at least 1, got {n}")
    rng = np.random.default_rng(seed)
    rows = table.reset_index(drop=True)
    if stratify_by:
        groups = rows.groupby(stratify_by, sort=True, dropna=False).indices
        sizes = pd.Series({k: len(v) for k, v in groups.items()})
        quota = _allocate(sizes, min(n, len(rows)))
        picked = np.concatenate(
            [rng.choice(np.sort(groups[k]), size=q, replace=False) for k, q in quota.items() if q]
        )
    else:
        picked = rng.choice(len(rows), size=min(n, len(rows)), replace=False)
    sample = rows.iloc[np.sort(picked)].reset_index(drop=True)
    if context is not None:
        sentence, around = _context(context, sample, context_sentences)
    elif text and text in sample.columns:
        sentence, around = sample[text].astype(str).tolist(), [""] * len(sample)
    else:
        raise InputError("pass context=ann.sentences (or text= a column with the evidence text)")
    sheet = pd.DataFrame(
        {"item": range(1, len(sample) + 1), "doc_id": sample["doc_id"], "sent": sample["sent"]}
    )
    if "outlet" in sample.columns:
        sheet["outlet"] = sample["outlet"].to_numpy()
    sheet["sentence"] = sentence
    sheet["context"] = around
    sheet["auto_label"] = sample[label].astype(str).to_numpy()
    for k in range(1, coders + 1):
        sheet[f"{CODER_PREFIX}{k}"] = ""
    sheet["notes"] = ""
    if path is not None:
        write_coding_sheet(sheet, path)
    return sheet


def _require_openpyxl(path: Path) -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise InputError(
            f"{path}: writing or reading .xlsx needs the openpyxl package, which is not installed; "
            "use a .csv path instead (spreadsheet programs open it)"
        ) from None


def write_coding_sheet(sheet: pd.DataFrame, path: str | Path) -> Path:
    """Write a sheet as ``.csv`` (UTF-8 with BOM, so Excel shows accents) or ``.xlsx``."""
    from analysis.io.writers import write_table

    return write_table(sheet, path, allowed=(".csv", ".xlsx"), bom=True)


def read_coding_sheet(sheet: str | Path | pd.DataFrame) -> pd.DataFrame:
    """A coding sheet as a DataFrame (from a path or as given), coder cells as stripped strings."""
    if isinstance(sheet, pd.DataFrame):
        frame = sheet.copy()
    else:
        path = Path(sheet)
        if not path.is_file():
            raise InputError(f"coding sheet {path} not found")
        if path.suffix.lower() == ".xlsx":
            _require_openpyxl(path)
            frame = pd.read_excel(path, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if "auto_label" not in frame.columns or not _coder_columns(frame):
        raise InputError(
            "a coding sheet needs an 'auto_label' column and at least one 'coder_1' column"
        )
    for column in ["auto_label", *_coder_columns(frame)]:
        frame[column] = frame[column].fillna("").astype(str).str.strip()
    return frame


def _coder_columns(frame: pd.DataFrame) -> list[str]:
    return sorted(
        (c for c in frame.columns if str(c).startswith(CODER_PREFIX)), key=lambda c: (len(c), c)
    )


@dataclass(frozen=True)
class ValidationScores:
    """Precision/recall/F1 per label (plus micro/macro rows) and inter-coder agreement."""

    scores: pd.DataFrame
    agreement: pd.DataFrame
    n_items: int
    n_coded: int
    reference: str

    def summary(self) -> str:
        lines = [f"{self.n_coded} of {self.n_items} items coded by {self.reference}"]
        micro = self.scores[self.scores["label"] == "(micro)"]
        if not micro.empty:
            row = micro.iloc[0]
            lines.append(
                f"accuracy of the automatic label: {row['precision']:.2f} (micro P = R = F1)"
            )
        for row in self.agreement.itertuples():
            lines.append(
                f"{row.coders}: {row.units} units, agreement {row.percent_agreement:.0%}, "
                f"Krippendorff's alpha {row.krippendorff_alpha:.3f}, Cohen's kappa {row.cohen_kappa:.3f}"
            )
        return "\n".join(lines)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    return precision, recall, f1


def score_validation(
    sheet: str | Path | pd.DataFrame, *, reference: str | None = None
) -> ValidationScores:
    """Score the automatic label against the coders of a filled-in coding sheet.

    Labels are compared case-insensitively. ``reference`` is the coder column taken as truth
    (default ``coder_1``); items it left empty are skipped.
    """
    frame = read_coding_sheet(sheet)
    coders = _coder_columns(frame)
    reference = reference or coders[0]
    if reference not in coders:
        raise InputError(f"reference coder {reference!r} is not a column; the sheet has {coders}")
    auto = frame["auto_label"].str.lower()
    truth = frame[reference].str.lower()
    coded = truth != ""
    auto, truth = auto[coded], truth[coded]
    rows = []
    for label in sorted(set(auto) | set(truth)):
        tp = int(((auto == label) & (truth == label)).sum())
        fp = int(((auto == label) & (truth != label)).sum())
        fn = int(((auto != label) & (truth == label)).sum())
        rows.append((label, tp, fp, fn, *_prf(tp, fp, fn), int((truth == label).sum())))
    columns = ["label", "tp", "fp", "fn", "precision", "recall", "f1", "support"]
    scores = pd.DataFrame(rows, columns=columns)
    if not scores.empty:
        tp, fp, fn = (int(scores[c].sum()) for c in ("tp", "fp", "fn"))
        micro = ("(micro)", tp, fp, fn, *_prf(tp, fp, fn), int(scores["support"].sum()))
        macro = (
            "(macro)",
            tp,
            fp,
            fn,
            *scores[["precision", "recall", "f1"]].mean().tolist(),
            int(scores["support"].sum()),
        )
        scores = pd.concat(
            [scores, pd.DataFrame([micro, macro], columns=columns)], ignore_index=True
        )
    scores[["precision", "recall", "f1"]] = scores[["precision", "recall", "f1"]].round(4)
    agreement = _agreement(frame, coders)
    return ValidationScores(scores, agreement, len(frame), int(coded.sum()), reference)


def _agreement(frame: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    columns = ["coders", "units", "percent_agreement", "krippendorff_alpha", "cohen_kappa"]
    lowered = frame[coders].apply(lambda s: s.str.lower()).replace("", np.nan)
    rows = []
    for a, b in combinations(coders, 2):
        both = lowered[[a, b]].dropna()
        if both.empty:
            continue
        agree = float((both[a] == both[b]).mean())
        rows.append(
            (
                f"{a} vs {b}",
                len(both),
                round(agree, 4),
                round(krippendorff_alpha(both), 4),
                round(cohen_kappa(both[a], both[b]), 4),
            )
        )
    if len(coders) > 2 and rows:
        rows.append(
            (
                "all coders",
                int((lowered.notna().sum(axis=1) >= 2).sum()),
                float("nan"),
                round(krippendorff_alpha(lowered), 4),
                float("nan"),
            )
        )
    return pd.DataFrame(rows, columns=columns)
