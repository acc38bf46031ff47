"""Where the report notebooks are: the checkout's ``notebooks/`` or the installed copy.

``notebooks/`` at the top of the project is the one source of the report notebooks. A source
checkout (or an editable install) runs them from there, so an edit shows up in the next
report. A regular install has no checkout: its wheel carries copies in
``analysis/_notebooks/``, made at build time by ``setup.py``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from analysis.errors import ReportError

__all__ = ["REPORT_NOTEBOOK_GLOB", "report_notebooks_dir"]

#: How report notebooks are named (``00_corpus_overview.ipynb``); the runner runs these.
REPORT_NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"


def _checkout_notebooks() -> Path | None:
    """``notebooks/`` of the source checkout the package is imported from, if it is one."""
    package = Path(str(resources.files("analysis")))
    project = package.parent
    notebooks = project / "notebooks"
    if (project / "pyproject.toml").is_file() and notebooks.is_dir():
        return notebooks
    return None


def report_notebooks_dir() -> Path:
    """The folder of report notebooks ``python -m analysis report`` runs by default.

    A checkout (``pyproject.toml`` beside the package) gives its ``notebooks/``; otherwise the
    copies installed with the package.

    Examples
    --------
    >>> sorted(p.name for p in report_notebooks_dir().glob(REPORT_NOTEBOOK_GLOB))[0]
    '00_corpus_overview.ipynb'
    """
    checkout = _checkout_notebooks()
    if checkout is not None:
        return checkout
    installed = Path(str(resources.files("analysis") / "_notebooks"))
    if not any(installed.glob(REPORT_NOTEBOOK_GLOB)):
        raise ReportError(
            f"{installed}: this installation carries no report notebooks; reinstall the package "
            "from a wheel or sdist built with setup.py, or pass --notebooks DIR"
        )
    return installed
