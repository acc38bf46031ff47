"""A pipeline's :class:`ModelInfo` without loading the model, when it was loaded once before.

Finding a corpus's annotations needs only the pipeline fingerprint, yet computing it loads the
spaCy model (~300 MB resident for ``en_core_web_sm``). Every report kernel and the report
process itself would hold a model they never run. So the first load records the ModelInfo
under a key made of everything that decides it without loading anything: the package name and
its installed distribution version, spaCy's version, the entity-pattern file's bytes, the
annotation code hash and the disabled pipes. Any of them changes → a new key → the model is
loaded again. A model given as a folder path (no installed distribution) is always loaded.

The records live in ``<store>/pipelines/<key>.json``, written atomically.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

import spacy

from analysis.annotation.code_digest import annotation_code_sha256
from analysis.annotation.pipeline import ModelInfo, load_pipeline, resolve_model_name
from analysis.resource_files import bundled_resource

__all__ = ["pipeline_info"]


def _record_key(name: str, entity_patterns: str | Path | None, disable: tuple[str, ...]) -> str:
    """The key of a recorded ModelInfo, or '' when ``name`` is not an installed distribution."""
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        return ""
    patterns = Path(entity_patterns) if entity_patterns else bundled_resource("entity_patterns.yml")
    source = {
        "package": name,
        "distribution_version": version,
        "spacy": spacy.__version__,
        "patterns": hashlib.sha256(patterns.read_bytes()).hexdigest(),
        "code": annotation_code_sha256(),
        "disable": sorted(disable),
    }
    return hashlib.sha256(json.dumps(source, sort_keys=True).encode()).hexdigest()[:24]


def pipeline_info(
    model: str | None,
    store_root: Path,
    *,
    entity_patterns: str | Path | None = None,
    disable: tuple[str, ...] = (),
) -> ModelInfo:
    """The :class:`ModelInfo` ``load_pipeline`` would return, from the record when there is one."""
    name = resolve_model_name(model)
    key = _record_key(name, entity_patterns, disable)
    record = store_root / "pipelines" / f"{key}.json"
    if key and record.is_file():
        try:
            fields = json.loads(record.read_text(encoding="utf-8"))
            fields["pipes"], fields["disabled"] = tuple(fields["pipes"]), tuple(fields["disabled"])
            return ModelInfo(**fields)
        except (OSError, ValueError, TypeError, KeyError):
            pass  # an unreadable record: load the model and write it again
    _, info = load_pipeline(model, entity_patterns_path=entity_patterns, disable=disable)
    if key:
        record.parent.mkdir(parents=True, exist_ok=True)
        tmp = record.with_name(f".{record.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_text(json.dumps(asdict(info), indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(record)
    return info
