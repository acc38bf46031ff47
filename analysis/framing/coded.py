"""Coded articles for training and evaluating a frame classifier: read them from a table file.

The file is CSV/TSV, JSONL/JSON or Parquet with a text column and a labels column holding a
list of frames (JSON list or list column) or a delimited string (``"Economic; Political"``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.framing.classifier import parse_labels

__all__ = ["load_coded_articles"]

_READERS = {
    ".csv": lambda p: pd.read_csv(p),
    ".tsv": lambda p: pd.read_csv(p, sep="\t"),
    ".jsonl": lambda p: pd.read_json(p, lines=True),
    ".json": lambda p: pd.read_json(p),
    ".parquet": lambda p: pd.read_parquet(p),
}


def load_coded_articles(
    path: str | Path,
    *,
    text_col: str = "text",
    labels_col: str = "frames",
    sep: str = ";",
) -> tuple[list[str], list[list[str]]]:
    """Texts and their frame lists from a coded-article table (for ``framing-train``).

    Rows with an empty text are an error naming the row; rows without labels are kept (no frame).
    """
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(
            f"{path}: unsupported file type {path.suffix!r}; use one of {sorted(_READERS)}"
        )
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    table = reader(path)
    for column, option in ((text_col, "--text-col"), (labels_col, "--labels-col")):
        if column not in table.columns:
            raise InputError(
                f"{path}: no column {column!r} (columns: {list(table.columns)}); pass {option}"
            )
    texts = table[text_col]
    empty = texts.isna() | (texts.astype(str).str.strip() == "")
    if empty.any():
        row = int(empty.to_numpy().nonzero()[0][0])
        raise InputError(
            f"{path} row {row}: column {text_col!r} is empty; drop rows without text first"
        )
    return texts.astype(str).tolist(), parse_labels(table[labels_col].tolist(), sep=sep)
