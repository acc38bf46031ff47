"""Run-to-run comparison of two report folders: what moved between two generations.

A scheduled regeneration of the reports is only useful if a reader can see what changed:
:func:`compare_reports` reads two folders written by :func:`analysis.reports.run_reports`
(``provenance.json``, ``tables/*.parquet`` and, when present, ``data/corpus.parquet``) and
lists documents added and removed per outlet, rows added and removed per table, and every
metric that moved by more than ``threshold`` (relative to its old value).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError

__all__ = ["ReportComparison", "compare_reports"]

#: Tables describing the inputs rather than measuring them (compared through documents).
SKIP_TABLES = ("manifest", "manifest_by_file")


@dataclass(frozen=True)
class ReportComparison:
    """Differences between two report runs, as tables plus a text summary."""

    documents: pd.DataFrame  # outlet, old, new, added, removed
    tables: pd.DataFrame  # table, rows_old, rows_new, rows_added, rows_removed, metrics_changed
    deltas: pd.DataFrame  # table, outlet, key, metric, old, new, delta, relative
    notes: list[str]

    def summary(self, *, max_deltas: int = 20) -> str:
        """A plain-text summary, largest relative changes first."""
        lines = list(self.notes)
        for row in self.documents.itertuples():
            if row.added or row.removed or row.old != row.new:
                lines.append(
                    f"documents {row.outlet}: {row.old} -> {row.new} (+{row.added} / -{row.removed})"
                )
        for row in self.tables.itertuples():
            if row.rows_added or row.rows_removed or row.metrics_changed:
                lines.append(
                    f"table {row.table}: rows {row.rows_old} -> {row.rows_new} "
                    f"(+{row.rows_added} / -{row.rows_removed}), {row.metrics_changed} value(s) moved"
                )
        shown = self.deltas.head(max_deltas)
        for row in shown.itertuples():
            where = f" [{row.outlet}]" if row.outlet else ""
            what = " ".join(part for part in (f"{row.table}{where}", row.key, row.metric) if part)
            lines.append(f"  {what}: {row.old:g} -> {row.new:g}")
        if len(self.deltas) > max_deltas:
            lines.append(f"  … and {len(self.deltas) - max_deltas} more changes (see .deltas)")
        if len(lines) == len(self.notes):
            lines.append("no differences beyond the threshold")
        return "\n".join(lines)


def _report_dir(path: str | Path, which: str) -> Path:
    folder = Path(path)
    if not (folder / "provenance.json").is_file():
        raise InputError(
            f"{which} report folder {folder} has no provenance.json; pass folders written by "
            "`python -m analysis report --out DIR`"
        )
    return folder


def _provenance(folder: Path) -> dict:
    try:
        return json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{folder / 'provenance.json'}: cannot read ({exc})") from exc


def _documents(old_dir: Path, new_dir: Path, old_prov: dict, new_prov: dict) -> pd.DataFrame:
    old_file, new_file = old_dir / "data" / "corpus.parquet", new_dir / "data" / "corpus.parquet"
    if old_file.is_file() and new_file.is_file():
        old = pd.read_parquet(old_file, columns=["doc_id", "outlet"])
        new = pd.read_parquet(new_file, columns=["doc_id", "outlet"])
        outlets = sorted(set(old["outlet"].astype(str)) | set(new["outlet"].astype(str)))
        rows = []
        for outlet in outlets:
            a = set(old.loc[old["outlet"] == outlet, "doc_id"])
            b = set(new.loc[new["outlet"] == outlet, "doc_id"])
            rows.append((outlet, len(a), len(b), len(b - a), len(a - b)))
    else:  # shared snippet/aggregate reports may leave the corpus out: counts only
        a = old_prov.get("corpus", {}).get("outlets", {})
        b = new_prov.get("corpus", {}).get("outlets", {})
        rows = [
            (
                o,
                a.get(o, 0),
                b.get(o, 0),
                max(b.get(o, 0) - a.get(o, 0), 0),
                max(a.get(o, 0) - b.get(o, 0), 0),
            )
            for o in sorted(set(a) | set(b))
        ]
    return pd.DataFrame(rows, columns=["outlet", "old", "new", "added", "removed"])


def _keyed(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Split columns into keys (text, dates, categories) and metrics (numbers); make keys unique."""
    metrics = [
        c for c in frame.columns
        if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
    ]  # fmt: skip
    keys = [c for c in frame.columns if c not in metrics]
    frame = frame.copy()
    for column in keys:
        frame[column] = frame[column].astype(str)
    frame["_n"] = frame.groupby(keys, sort=False).cumcount() if keys else np.arange(len(frame))
    return frame, keys + ["_n"], metrics


def _compare_table(name: str, old: pd.DataFrame, new: pd.DataFrame, threshold: float):  # noqa: ANN202
    old_k, keys, metrics = _keyed(old)
    new_k, new_keys, new_metrics = _keyed(new)
    if keys != new_keys:
        return (name, len(old), len(new), len(new), len(old), 0), []
    metrics = [m for m in metrics if m in new_metrics]
    joined = old_k.merge(new_k, on=keys, how="outer", suffixes=("_old", "_new"), indicator=True)
    added = int((joined["_merge"] == "right_only").sum())
    removed = int((joined["_merge"] == "left_only").sum())
    both = joined[joined["_merge"] == "both"]
    rows = []
    label_keys = [k for k in keys if k not in ("_n", "outlet")]
    for metric in metrics:
        a = both[f"{metric}_old"].astype(float)
        b = both[f"{metric}_new"].astype(float)
        delta = b - a
        relative = delta / a.abs().where(a != 0)
        moved = (delta.abs() > 0) & ((relative.abs() > threshold) | (a == 0))
        moved &= ~(a.isna() & b.isna())
        for index in both.index[moved.to_numpy()]:
            record = both.loc[index]
            outlet = str(record["outlet"]) if "outlet" in both.columns else ""
            key = ", ".join(str(record[k]) for k in label_keys)
            if not key and not outlet:
                key = f"row {int(record['_n']) + 1}"
            rows.append(
                (name, outlet, key, metric, a[index], b[index], delta[index], relative[index])
            )
    return (name, len(old), len(new), added, removed, len(rows)), rows


def compare_reports(
    old_dir: str | Path, new_dir: str | Path, *, threshold: float = 0.1
) -> ReportComparison:
    """Compare two report folders.

    Parameters
    ----------
    old_dir, new_dir
        Report folders (``--out`` of ``python -m analysis report``).
    threshold
        A metric is listed when it moved by more than this fraction of its old value
        (0.1 = 10 %), or at all when the old value was 0.

    Returns
    -------
    :class:`ReportComparison` with ``documents``, ``tables``, ``deltas`` and ``summary()``.
    """
    if threshold < 0:
        raise InputError(f"threshold must be >= 0, got {threshold}")
    old, new = _report_dir(old_dir, "old"), _report_dir(new_dir, "new")
    old_prov, new_prov = _provenance(old), _provenance(new)
    notes = []
    for label, getter in (
        ("model", lambda p: p.get("model", {}).get("version")),
        ("git commit", lambda p: p.get("git", {}).get("commit")),
        ("parameters", lambda p: json.dumps(p.get("parameters", {}), sort_keys=True)),
        ("share mode", lambda p: p.get("share")),
    ):
        if getter(old_prov) != getter(new_prov):
            notes.append(f"{label} changed: {getter(old_prov)} -> {getter(new_prov)}")
    old_files = {f["path"]: f["sha256"] for f in old_prov.get("input_files", [])}
    new_files = {f["path"]: f["sha256"] for f in new_prov.get("input_files", [])}
    changed = sorted(p for p in old_files.keys() & new_files.keys() if old_files[p] != new_files[p])
    for what, paths in (("added", sorted(new_files.keys() - old_files.keys())), ("removed", sorted(old_files.keys() - new_files.keys())), ("changed", changed)):  # fmt: skip
        if paths:
            notes.append(f"input files {what}: {', '.join(paths)}")
    documents = _documents(old, new, old_prov, new_prov)
    names = sorted(
        {p.stem for p in (old / "tables").glob("*.parquet")}
        | {p.stem for p in (new / "tables").glob("*.parquet")}
    )
    table_rows, delta_rows = [], []
    for name in names:
        if name in SKIP_TABLES:
            continue
        a_path, b_path = old / "tables" / f"{name}.parquet", new / "tables" / f"{name}.parquet"
        if not a_path.is_file() or not b_path.is_file():
            notes.append(f"table {name} only in the {'new' if b_path.is_file() else 'old'} report")
            continue
        summary, rows = _compare_table(
            name, pd.read_parquet(a_path), pd.read_parquet(b_path), threshold
        )
        table_rows.append(summary)
        delta_rows.extend(rows)
    tables = pd.DataFrame(table_rows, columns=["table", "rows_old", "rows_new", "rows_added", "rows_removed", "metrics_changed"])  # fmt: skip
    deltas = pd.DataFrame(delta_rows, columns=["table", "outlet", "key", "metric", "old", "new", "delta", "relative"])  # fmt: skip
    order = deltas["relative"].abs().fillna(np.inf)
    deltas = (
        deltas.assign(_order=order)
        .sort_values(
            ["_order", "table", "outlet", "key", "metric"],
            ascending=[False, True, True, True, True],
        )
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    return ReportComparison(documents, tables, deltas, notes)
