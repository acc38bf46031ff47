"""Reports: papermill runs of the notebooks, self-contained HTML, provenance and tables."""

from analysis.reports.runner import (
    COMMON_PARAMETERS,
    ReportResult,
    notebook_parameters,
    run_reports,
)
from analysis.reports.tables import save_table

__all__ = ["COMMON_PARAMETERS", "ReportResult", "notebook_parameters", "run_reports", "save_table"]
