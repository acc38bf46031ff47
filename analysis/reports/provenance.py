"""Provenance of a report: inputs (with hashes), parameters, packages, model, git commit."""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.annotation.pipeline import ModelInfo
from analysis.io import Manifest

__all__ = ["PACKAGES", "collect_provenance", "file_sha256", "corpus_summary", "package_versions"]

#: Packages whose versions every report records.
PACKAGES = (
    "analysis", "spacy", "textacy", "pandas", "pyarrow", "duckdb", "numpy", "matplotlib",
    "papermill", "nbconvert", "trafilatura", "charset-normalizer", "scikit-learn",
)  # fmt: skip


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def package_versions() -> dict[str, str]:
    """Python's version and those of :data:`PACKAGES` (``not installed`` when absent)."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _git_commit(folder: Path) -> dict[str, Any]:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=folder,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        return {"commit": commit, "dirty": dirty}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}


def corpus_summary(corpus: pd.DataFrame) -> dict[str, Any]:
    """Counts, outlets and date range: the facts a report's title block shows."""
    dates = corpus["published"].dropna()
    per_outlet = corpus.groupby("outlet", sort=True).size()
    return {
        "documents": len(corpus),
        "outlets": {str(k): int(v) for k, v in per_outlet.items()},
        "date_from": dates.min().date().isoformat() if len(dates) else None,
        "date_to": dates.max().date().isoformat() if len(dates) else None,
        "undated": int(corpus["published"].isna().sum()),
        "characters": int(corpus["n_chars"].sum()),
    }


def collect_provenance(
    *,
    inputs: list[Path],
    manifest: Manifest,
    corpus: pd.DataFrame,
    parameters: dict[str, Any],
    model_info: ModelInfo,
    notebooks: list[Path],
    project_dir: Path,
) -> dict[str, Any]:
    """Everything needed to say where a report's numbers came from."""
    files = sorted({Path(name) for name in manifest.files} | {p for p in inputs if p.is_file()})
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": [str(p) for p in inputs],
        "input_files": [
            {"path": str(p), "sha256": file_sha256(p), "bytes": p.stat().st_size}
            for p in files
            if p.is_file()
        ],
        "manifest": {
            "read": manifest.n_read,
            "kept": manifest.n_kept,
            "skipped": manifest.n_skipped,
            "skip_reasons": manifest.skip_reasons(),
        },
        "corpus": corpus_summary(corpus),
        "parameters": parameters,
        "model": model_info.as_dict(),
        "packages": package_versions(),
        "notebooks": [{"name": nb.name, "sha256": file_sha256(nb)} for nb in notebooks],
        "git": _git_commit(project_dir),
    }
