"""Input and output: loaders, the corpus schema, and table writers.

``load_corpus`` is the one entry point for reading (text dumps, folders of .txt/.html,
CSV/TSV/JSONL/JSON/Parquet, corpus specs); every loader reports what it read, kept and
skipped. ``write_table`` is the one way tables are written (a registry by extension, atomic).
"""

from analysis.io.load import FORMATS, load_corpus, read_saved_corpus, register_format, save_corpus
from analysis.io.manifest import Manifest, ManifestEntry
from analysis.io.writers import WRITERS, register_writer, write_table

__all__ = [
    "load_corpus",
    "save_corpus",
    "read_saved_corpus",
    "register_format",
    "FORMATS",
    "Manifest",
    "ManifestEntry",
    "WRITERS",
    "register_writer",
    "write_table",
]
