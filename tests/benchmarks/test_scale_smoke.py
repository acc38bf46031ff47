"""The scale benchmark runs end to end at ~200 documents and writes the JSON it documents.

Real parts throughout: ``scale-corpus`` builds the corpus from ../shared/data, the report runs
its real notebooks three times (cold, notebooks again, warm) while the process tree is sampled.
Timings are written, never asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT.parent / "shared" / "tools" / "scale-corpus"

pytestmark = pytest.mark.slow


def test_scale_benchmark_writes_its_fields(shared_data, require_input, tmp_path):
    if not TOOL.exists():
        require_input(f"{TOOL} is missing")
    out, plot = tmp_path / "scale.json", tmp_path / "scale.png"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "--sizes", "200",
         "--work", str(tmp_path / "work"), "--out", str(out), "--plot", str(plot)],
        check=True, cwd=ROOT, timeout=1200,
    )  # fmt: skip
    result = json.loads(out.read_text(encoding="utf-8"))
    (row,) = result["sizes"]
    assert row["docs"] == 200 and row["words"] > 100_000
    assert row["annotate"]["seconds"] > 0 and row["annotate"]["words_per_second"] > 0
    for run in ("report_cold", "report_notebooks", "report_warm"):
        assert row[run]["seconds"] > 0 and row[run]["samples"] >= 1
        roles = row[run]["peak_pss_by_role_mib"]
        # the total and its split by role are rounded separately
        assert abs(row[run]["peak_pss_mib"] - sum(roles.values())) <= len(roles)
    assert "kernel" in row["report_notebooks"]["peak_pss_by_role_mib"], "kernels are counted"
    phases = row["report_notebooks"]["peak_pss_by_phase_mib"]
    assert 0 < phases["notebooks"] <= row["report_notebooks"]["peak_pss_mib"]
    assert set(row["report_notebooks"]["notebook_seconds"]) == {
        "00_corpus_overview", "01_sourcing", "02_framing", "03_word_choice",
    }  # fmt: skip
    assert set(row["report_cold"]["notebook_seconds"]) == set(
        row["report_notebooks"]["notebook_seconds"]
    )
    assert 0 < row["report_cold"]["seconds_without_parse"] < row["report_cold"]["seconds"]
    assert row["store_mib"] > 0 and "index.html" in row["page_mib"]
    assert plot.stat().st_size > 10_000
