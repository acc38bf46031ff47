"""Which report notebooks run by default: the checkout's, else the installed copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import ReportError
from analysis.reports import notebook_files
from analysis.reports.notebook_files import report_notebooks_dir
from analysis.reports.runner import default_notebooks_dir

ROOT = Path(__file__).resolve().parents[2]


def _installed_layout(tmp_path: Path, monkeypatch, *, notebooks: list[str]) -> Path:
    """A site-packages-like folder: the package without pyproject.toml beside it."""
    package = tmp_path / "site-packages" / "analysis"
    (package / "_notebooks").mkdir(parents=True)
    for name in notebooks:
        (package / "_notebooks" / name).write_text("{}", encoding="utf-8")
    monkeypatch.setattr(notebook_files.resources, "files", lambda name: package)
    return package


def test_a_checkout_runs_its_own_notebooks():
    assert report_notebooks_dir() == ROOT / "notebooks"
    assert default_notebooks_dir() == ROOT / "notebooks"


def test_an_installed_package_runs_the_copies_it_carries(tmp_path, monkeypatch):
    package = _installed_layout(tmp_path, monkeypatch, notebooks=["00_corpus_overview.ipynb"])
    assert report_notebooks_dir() == package / "_notebooks"


def test_a_checkout_without_pyproject_is_not_taken_for_one(tmp_path, monkeypatch):
    package = _installed_layout(tmp_path, monkeypatch, notebooks=["00_corpus_overview.ipynb"])
    (package.parent / "notebooks").mkdir()  # some other project's folder next to site-packages
    assert report_notebooks_dir() == package / "_notebooks"


def test_an_installation_without_notebooks_says_what_to_do(tmp_path, monkeypatch):
    _installed_layout(tmp_path, monkeypatch, notebooks=["explore.ipynb"])
    with pytest.raises(ReportError, match=r"_notebooks: this installation carries no report"):
        report_notebooks_dir()
