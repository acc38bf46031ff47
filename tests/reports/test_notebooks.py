"""Every notebook runs top to bottom with its own defaults, as in JupyterLab (`make lab`)."""

from __future__ import annotations

import os
from pathlib import Path

import papermill
import pytest

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.mark.parametrize("notebook", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_notebook_runs_with_defaults(notebook, tmp_path, session_store, monkeypatch):
    monkeypatch.setenv(
        "ANALYSIS_STORE", str(session_store)
    )  # the kernel inherits it; store="" means default
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    output = tmp_path / notebook
    papermill.execute_notebook(
        str(NOTEBOOKS / notebook),
        str(output),
        cwd=str(NOTEBOOKS),
        kernel_name="python3",
        progress_bar=False,
    )
    executed = output.read_text()
    assert '"output_type": "error"' not in executed
    assert not os.path.exists(NOTEBOOKS / "data"), (
        "notebooks must not create folders next to themselves"
    )
