"""Reports: papermill runs of the notebooks, self-contained HTML, provenance and tables.

The runner's names are imported on first use: notebook kernels import ``analysis`` for
``save_table``/``show_table`` and should not pay for papermill and nbformat at start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

from analysis.reports.tables import save_table

__all__ = ["COMMON_PARAMETERS", "ReportResult", "notebook_parameters", "run_reports", "save_table"]

_RUNNER_NAMES = {"COMMON_PARAMETERS", "ReportResult", "notebook_parameters", "run_reports"}


def __getattr__(name: str) -> Any:
    if name in _RUNNER_NAMES:
        return getattr(importlib.import_module("analysis.reports.runner"), name)
    raise AttributeError(f"module 'analysis.reports' has no attribute {name!r}")
