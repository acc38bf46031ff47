"""Annotation: parse the corpus once with spaCy and keep the result as plain tables.

The stage between loading and every metric:

* :mod:`~analysis.annotation.pipeline` — which spaCy model, plus our additions (paragraph
  sentence boundaries, the entity ruler, the line-break entity splitter);
* :mod:`~analysis.annotation.annotate` — :func:`annotate` / :func:`open_annotated`, locally or
  on Dask (:mod:`~analysis.annotation.dask_backend`), cached by text × pipeline fingerprint;
* :mod:`~analysis.annotation.doc_rows` — parsed Docs to token, sentence and entity rows;
* :mod:`~analysis.annotation.store` — the Parquet + DocBin store with a DuckDB view.
"""

from analysis.annotation.annotate import Annotations, AnnotationStats, annotate, open_annotated
from analysis.annotation.pipeline import ModelInfo, load_pipeline, resolve_model_name
from analysis.annotation.store import AnnotationStore

__all__ = [
    "AnnotationStats",
    "AnnotationStore",
    "Annotations",
    "ModelInfo",
    "annotate",
    "load_pipeline",
    "open_annotated",
    "resolve_model_name",
]
