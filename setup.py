"""Build hook: the wheel carries the report notebooks, kept once in the top-level notebooks/.

Everything else about the package is declared in pyproject.toml. ``build_py`` copies
``notebooks/NN_*.ipynb`` into ``analysis/_notebooks/`` of the build (never of the source
tree), so a regular ``pip install .`` can run ``python -m analysis report``; an editable
install reads the checkout's ``notebooks/`` instead (see analysis/reports/notebook_files.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
#: The notebooks ``python -m analysis report`` runs (also listed in MANIFEST.in for the sdist).
REPORT_NOTEBOOKS = "[0-9][0-9]_*.ipynb"


class BuildPyWithNotebooks(build_py):
    """``build_py`` that also copies the report notebooks into ``analysis/_notebooks/``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install finds notebooks/ beside the package
        notebooks = sorted(NOTEBOOKS.glob(REPORT_NOTEBOOKS))
        if not notebooks:
            raise SystemExit(
                f"{NOTEBOOKS}: no report notebooks ({REPORT_NOTEBOOKS}) to package; build from "
                "a checkout or an sdist that includes notebooks/ (see MANIFEST.in)"
            )
        target = Path(self.build_lib) / "analysis" / "_notebooks"
        shutil.rmtree(target, ignore_errors=True)  # no stale notebook from an earlier build
        target.mkdir(parents=True)
        for notebook in notebooks:
            shutil.copyfile(notebook, target / notebook.name)


setup(cmdclass={"build_py": BuildPyWithNotebooks})
