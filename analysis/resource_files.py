"""Bundled resource files (YAML lexicons, dictionaries, patterns, CSS) and reading them.

One place for where package data lives (``importlib.resources``, never a download folder)
and for turning an unreadable or malformed YAML file into a :class:`ResourceError` that names
the file.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import ResourceError

__all__ = ["bundled_resource", "read_yaml", "read_yaml_mapping"]


def bundled_resource(*parts: str) -> Path:
    """Path of a file shipped in ``analysis/resources/``, e.g. ``bundled_resource("actors", "titles.yml")``."""
    return Path(str(resources.files("analysis").joinpath("resources", *parts)))


def read_yaml(path: Path, what: str) -> Any:
    """Parse a YAML file safely; ``what`` names the resource in the error message."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"{path}: cannot read {what} ({exc})") from exc


def read_yaml_mapping(path: Path, what: str) -> dict[str, Any]:
    """:func:`read_yaml` for files whose top level must be a mapping."""
    data = read_yaml(path, what)
    if not isinstance(data, dict):
        raise ResourceError(f"{path}: expected a YAML mapping at the top level")
    return data
