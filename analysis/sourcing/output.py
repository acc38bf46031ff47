"""Write an attribution table to CSV, Parquet or JSON Lines, chosen by the file extension.

What the CLI's ``python -m analysis sourcing INPUT… -o attributions.csv`` calls.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import InputError

__all__ = ["write_attributions", "ATTRIBUTION_FORMATS"]

#: File extensions :func:`write_attributions` understands.
ATTRIBUTION_FORMATS: tuple[str, ...] = (".csv", ".parquet", ".jsonl")


def write_attributions(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` (``.csv``, ``.parquet`` or ``.jsonl``); returns the path.

    The file is written to a temporary name first and then renamed, so a failed write never
    leaves half a table behind.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in ATTRIBUTION_FORMATS:
        raise InputError(
            f"{target}: cannot tell the output format from {suffix or 'no extension'!r}; "
            f"end the file name with one of {', '.join(ATTRIBUTION_FORMATS)}"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    if suffix == ".csv":
        frame.to_csv(partial, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(partial, index=False)
    else:
        frame.to_json(partial, orient="records", lines=True, force_ascii=False)
    partial.replace(target)
    return target
