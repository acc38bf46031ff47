"""The ``query`` and ``compare-reports`` subcommands (analysis.cli.workflow)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import main


def _report(folder, outlets):
    (folder / "tables").mkdir(parents=True)
    (folder / "provenance.json").write_text(
        json.dumps({"corpus": {"outlets": outlets}}), encoding="utf-8"
    )
    pd.DataFrame({"outlet": list(outlets), "documents": list(outlets.values())}).to_parquet(
        folder / "tables" / "per_outlet.parquet"
    )
    return folder


def test_compare_reports_command(tmp_path, capsys):
    old = _report(tmp_path / "old", {"RT": 2, "BBC": 4})
    new = _report(tmp_path / "new", {"RT": 3, "BBC": 4})
    assert main(["compare-reports", str(old), str(new), "--out", str(tmp_path / "cmp")]) == 0
    out = capsys.readouterr().out
    assert "documents RT: 2 -> 3 (+1 / -0)" in out
    assert "per_outlet [RT] documents: 2 -> 3" in out
    assert (tmp_path / "cmp" / "deltas.csv").is_file()
    assert main(["compare-reports", str(tmp_path), str(new)]) == 2


@pytest.mark.slow
def test_query_command_on_the_sample(session_store, capsys):
    from pathlib import Path

    spec = Path(__file__).resolve().parents[2] / "data" / "sample" / "corpus.yml"
    assert (
        main(["query", str(spec), "--store", str(session_store), "-q", "ceasefire OR truce"]) == 0
    )
    assert "documents match" in capsys.readouterr().out
    assert main(["query", str(spec), "--store", str(session_store), "-q", "(ceasefire"]) == 2
    assert "position" in capsys.readouterr().err
