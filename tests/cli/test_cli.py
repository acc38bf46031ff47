"""The command line: summaries on success, one clear line and exit code 2 on unusable input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad_inputs"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, check=False
    )


def test_missing_file_exits_2_with_one_line():
    result = _run("load", "no/such/file.csv")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: no/such/file.csv: no such file or folder"
    assert "Traceback" not in result.stderr


def test_missing_text_column_exits_2():
    result = _run("load", str(BAD / "missing_text_column.csv"))
    assert (
        result.returncode == 2
        and "--text-col" in result.stderr
        and "Traceback" not in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1


def test_zero_documents_exits_2():
    result = _run("load", str(BAD / "empty.txt"))
    assert result.returncode == 2 and "no documents kept" in result.stderr


def test_load_writes_corpus_and_manifest(tmp_path, capsys):
    out, manifest = tmp_path / "corpus.parquet", tmp_path / "manifest.csv"
    assert (
        main(
            [
                "load",
                str(BAD / "duplicate_ids.jsonl"),
                "--outlet",
                "X",
                "-o",
                str(out),
                "--manifest",
                str(manifest),
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "kept 1, skipped 5" in printed and "duplicate-id" in printed
    assert len(pd.read_csv(manifest)) == 6
    assert main(["load", str(out)]) == 0


def test_column_mapping_flags(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text(
        "story,paper\nThe minister said the plan would work well.,Gazette\n", encoding="utf-8"
    )
    assert main(["load", str(path), "--text-col", "story", "--outlet-col", "paper"]) == 0
    assert "Gazette 1" in capsys.readouterr().out


@pytest.mark.slow
def test_annotate_prints_cache_use_and_exports(tmp_path, capsys, seed_path):
    args = ["annotate", str(seed_path), "--outlet", "RT", "--store", str(tmp_path / "store")]
    assert main(args) == 0
    assert "0 from cache, 2 parsed" in capsys.readouterr().out
    assert main([*args, "--export", str(tmp_path / "tables")]) == 0
    assert "2 from cache, 0 parsed" in capsys.readouterr().out
    tokens = pd.read_parquet(tmp_path / "tables" / "tokens.parquet")
    assert {"doc_id", "outlet", "source_file"} <= set(tokens.columns) and set(tokens["outlet"]) == {
        "RT"
    }
