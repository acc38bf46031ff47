"""The error hierarchy: one root so callers (and the CLI) can catch everything we raise on purpose.

Messages name the file, row or argument, echo the offending value and say what to do.
"""

from __future__ import annotations

__all__ = ["AnalysisError", "InputError", "ResourceError", "ModelError", "ReportError"]


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
