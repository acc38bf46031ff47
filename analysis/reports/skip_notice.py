"""The report's analysis skips: one table from every notebook, a notice on the overview page.

Each notebook records the documents a stage could not analyse in its own
``analysis_skips`` table (see :mod:`analysis.skips`); notebooks run in separate kernels, so
only the runner sees them all. It merges them into ``tables/analysis_skips.csv``, counts them
in ``provenance.json`` and writes a notice into the overview page next to the manifest's
"read, kept and skipped" section.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd

from analysis.reports.tables import save_table
from analysis.skips import SKIP_COLUMNS, SKIPS_TABLE, read_skips, skip_summary

__all__ = ["merge_skips", "skips_provenance", "insert_skip_notice", "NOTICE_ANCHOR_TAG"]

#: The overview notebook's cell after which the notice goes.
NOTICE_ANCHOR_TAG = "manifest-skipped"


def merge_skips(
    parts: list[Path], tables_dir: Path, extra: pd.DataFrame, *, share: str, max_words: int
) -> pd.DataFrame:
    """Combine the notebooks' skips tables (removing them from ``parts``) with ``extra``.

    Always writes ``tables/analysis_skips`` — an empty table says "nothing was skipped".
    """
    files = [part / f"{SKIPS_TABLE}.csv" for part in parts]
    table = read_skips(files)
    if len(extra):
        table = pd.concat([extra.reindex(columns=list(SKIP_COLUMNS)).fillna(""), table])
        table = table.drop_duplicates(["doc_id", "stage"]).sort_values(["stage", "doc_id"])
    for part in parts:
        for suffix in (".csv", ".parquet"):
            (part / f"{SKIPS_TABLE}{suffix}").unlink(missing_ok=True)
    table = table.reset_index(drop=True)
    save_table(table, SKIPS_TABLE, tables_dir, share=share, max_words=max_words)
    return table


def skips_provenance(table: pd.DataFrame) -> dict[str, object]:
    """What ``provenance.json`` records: documents skipped, per stage and in all."""
    by_stage = table.groupby("stage")["doc_id"].nunique().sort_index()
    return {
        "documents": int(table["doc_id"].nunique()),
        "by_stage": {str(k): int(v) for k, v in by_stage.items()},
        "table": f"tables/{SKIPS_TABLE}.csv",
    }


def notice_markdown(table: pd.DataFrame) -> str:
    """The overview page's paragraph about documents no stage could analyse."""
    if table.empty:
        return (
            "**Analysis skips.** Every kept document was analysed by every stage "
            f"(`tables/{SKIPS_TABLE}.csv` is empty)."
        )
    lines = skip_summary(table, where=f"tables/{SKIPS_TABLE}.csv").splitlines()
    bullets = "\n".join(f"- {line}" for line in lines)
    return (
        "**Analysis skips.** These documents stayed in the corpus but raised an error in one "
        "stage, so they are absent from that stage's tables:\n\n" + bullets
    )


def insert_skip_notice(executed: Path, table: pd.DataFrame) -> bool:
    """Add the notice after the cell tagged :data:`NOTICE_ANCHOR_TAG`; False if there is none."""
    nb = nbformat.read(executed, as_version=4)
    for position, cell in enumerate(nb.cells):
        if NOTICE_ANCHOR_TAG in cell.get("metadata", {}).get("tags", []):
            notice = nbformat.v4.new_markdown_cell(notice_markdown(table))
            notice.metadata["tags"] = ["analysis-skips"]
            nb.cells.insert(position + 1, notice)
            nbformat.write(nb, executed)
            return True
    return False
