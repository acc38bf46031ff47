"""Loaders: text dumps, folders of .txt/.html, CSV/TSV/JSONL/JSON/Parquet, corpus specs.

``load_corpus`` is the one entry point; every loader reports what it read, kept and skipped.
"""

from analysis.io.load import FORMATS, load_corpus, read_saved_corpus, register_format, save_corpus
from analysis.io.manifest import Manifest, ManifestEntry

__all__ = [
    "load_corpus",
    "save_corpus",
    "read_saved_corpus",
    "register_format",
    "FORMATS",
    "Manifest",
    "ManifestEntry",
]
