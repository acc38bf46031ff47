"""The error hierarchy: one root so callers (and the CLI) can catch everything we raise on purpose.

Messages name the file, row or argument, echo the offending value and say what to do.
"""

from __future__ import annotations

__all__ = [
    "AnalysisError",
    "InputError",
    "ResourceError",
    "ModelError",
    "ReportError",
    "NotebookError",
]


class AnalysisError(Exception):
    """Root of every error this package raises deliberately."""


class InputError(AnalysisError, ValueError):
    """Unusable input: a missing file, a missing column, no documents left to analyse."""


class ResourceError(AnalysisError, ValueError):
    """A lexicon, dictionary or other YAML/CSV resource is missing or malformed."""


class ModelError(AnalysisError, RuntimeError):
    """No usable spaCy model, or a model whose metadata we cannot trust."""


class ReportError(AnalysisError, RuntimeError):
    """A report notebook failed or a parameter is not declared by the notebooks."""


class NotebookError(ReportError):
    """A report notebook failed while running; the CLI exits with code 1 (not 2: input was fine).

    ``failures`` maps each failed notebook to its one-line message (notebook, cell, error);
    ``note`` says what happened to the rest of the run.
    """

    def __init__(self, failures: dict[str, str], note: str) -> None:
        self.failures = dict(failures)
        self.note = note
        super().__init__("; ".join([*self.failures.values(), note]))
