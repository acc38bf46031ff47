"""``load_corpus``: any supported input → a validated corpus table and its manifest.

Readers are registered by format name and file extension (a registry, not an if/elif chain),
so a new format is one function and one :func:`register_format` call.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from analysis.errors import InputError
from analysis.io.documents import read_dump, read_html, read_txt
from analysis.io.groups import assign_groups
from analysis.io.manifest import Manifest
from analysis.io.records import Candidate, ReaderOutput, ReadOptions, Skip
from analysis.io.schema import CORPUS_COLUMNS, make_corpus, make_doc_id, text_sha256
from analysis.io.tabular import read_csv, read_json, read_jsonl, read_parquet, read_tsv

__all__ = [
    "load_corpus",
    "save_corpus",
    "register_format",
    "FORMATS",
    "DEFAULT_MIN_CHARS",
    "DEFAULT_MAX_CHARS",
]

#: Documents whose body is shorter than this are skipped as ``too-short``.
DEFAULT_MIN_CHARS = 20
#: spaCy's default ``nlp.max_length``: longer bodies are skipped as ``too-long`` unless raised.
DEFAULT_MAX_CHARS = 1_000_000
CORPUS_SCHEMA_VERSION = "1"

Reader = Callable[[Path, ReadOptions], ReaderOutput]


@dataclass(frozen=True)
class _Format:
    name: str
    reader: Reader
    extensions: tuple[str, ...]


FORMATS: dict[str, _Format] = {}


def register_format(name: str, reader: Reader, *, extensions: Sequence[str] = ()) -> None:
    """Make ``reader`` available as ``format=name`` and for files with these extensions."""
    FORMATS[name] = _Format(name, reader, tuple(e.lower() for e in extensions))


register_format("dump", read_dump)
register_format("txt", read_txt, extensions=[".txt", ".text", ".md"])
register_format("html", read_html, extensions=[".html", ".htm", ".xhtml"])
register_format("csv", read_csv, extensions=[".csv"])
register_format("tsv", read_tsv, extensions=[".tsv", ".tab"])
register_format("jsonl", read_jsonl, extensions=[".jsonl", ".ndjson"])
register_format("json", read_json, extensions=[".json"])
register_format("parquet", read_parquet, extensions=[".parquet", ".pq"])

_SPEC_EXTENSIONS = (".yml", ".yaml")


def _format_for(path: Path, requested: str, *, inside_folder: bool) -> _Format | None:
    if requested != "auto":
        if requested not in FORMATS:
            raise InputError(
                f"unknown format {requested!r}; use one of: auto, {', '.join(sorted(FORMATS))}"
            )
        return FORMATS[requested]
    suffix = path.suffix.lower()
    if suffix in (".txt", ".text") and not inside_folder:
        return FORMATS["dump"]
    for fmt in FORMATS.values():
        if suffix in fmt.extensions:
            return fmt
    return None


def _expand(path: Path, requested: str, manifest: Manifest) -> list[tuple[Path, _Format]]:
    """Files to read under ``path`` with their formats; unknown files in folders are recorded."""
    if path.is_file():
        fmt = _format_for(path, requested, inside_folder=False)
        if fmt is None:
            raise InputError(
                f"{path}: unsupported file type {path.suffix!r}; supported: "
                f"{', '.join(sorted({e for f in FORMATS.values() for e in f.extensions}))} (or pass --format)"
            )
        return [(path, fmt)]
    files: list[tuple[Path, _Format]] = []
    for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
        fmt = _format_for(child, requested, inside_folder=True)
        if fmt is None:
            manifest.skip(
                _display_path(str(child)),
                "file",
                "unsupported-format",
                f"extension {child.suffix!r}",
            )
        else:
            files.append((child, fmt))
    return files


def _clean(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


_MARKDOWN_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def _clean_body(value: Any) -> str:
    """Trim each line, drop Markdown bold markers, collapse blank-line runs to one paragraph break."""
    lines = [_MARKDOWN_BOLD.sub(r"\1", line.strip()) for line in _clean(value).split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


class _Collector:
    """Applies the shared rules (empty, too short/long, duplicates) and fills the manifest."""

    def __init__(
        self, manifest: Manifest, *, outlet: str | None, min_chars: int, max_chars: int
    ) -> None:
        self.manifest = manifest
        self.outlet = outlet
        self.min_chars = min_chars
        self.max_chars = max_chars
        self.records: list[dict[str, Any]] = []
        self._ids: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def add(self, item: Candidate | Skip) -> None:
        item.source_file = _display_path(item.source_file)
        if isinstance(item, Skip):
            self.manifest.skip(item.source_file, item.unit, item.reason, item.detail)
            return
        fields = dict(item.fields)
        extra = fields.pop("_extra", {}) or {}
        record: dict[str, Any] = {
            k: _clean(fields.get(k))
            for k in ("title", "standfirst", "caption", "photo_credit", "url")
        }
        record["text"] = _clean_body(fields.get("text"))
        record["outlet"] = (
            _clean(fields.get("outlet"))
            if "outlet" in fields and not self._fixed_wins(item)
            else ""
        )
        record["outlet"] = (
            record["outlet"] or self.outlet or _clean(fields.get("outlet")) or "unknown"
        )
        record["published"] = fields.get("published")
        record["line_start"] = fields.get("line_start")
        record["line_end"] = fields.get("line_end")
        record["source_file"] = item.source_file
        if "speaker" in fields:  # an optional column: who speaks in the whole document
            record["speaker"] = _clean(fields.get("speaker"))
        title = record["title"]
        n_chars = len(record["text"])
        if n_chars == 0:
            self.manifest.skip(item.source_file, item.unit, "empty", "no body text", title)
            return
        if n_chars < self.min_chars:
            self.manifest.skip(
                item.source_file,
                item.unit,
                "too-short",
                f"{n_chars} chars < min_chars={self.min_chars}",
                title,
            )
            return
        if n_chars > self.max_chars:
            self.manifest.skip(
                item.source_file, item.unit, "too-long",
                f"{n_chars:,} chars > max_chars={self.max_chars:,}; pass a larger max_chars (--max-chars) to keep it",
                title,
            )  # fmt: skip
            return
        given_id = _clean(fields.get("doc_id"))
        doc_id = given_id or make_doc_id(record["outlet"], title, record["text"])
        if doc_id in self._ids:
            reason = f"duplicate-id:{doc_id}" if given_id else f"duplicate-of:{doc_id}"
            self.manifest.skip(
                item.source_file, item.unit, reason, f"first seen at {self._ids[doc_id]}", title
            )
            return
        digest = text_sha256(record["text"])
        if digest in self._texts:
            self.manifest.skip(
                item.source_file,
                item.unit,
                f"duplicate-of:{self._texts[digest]}",
                "same body text",
                title,
            )
            return
        self._ids[doc_id] = f"{item.source_file} {item.unit}"
        self._texts[digest] = doc_id
        record["doc_id"] = doc_id
        for key, value in extra.items():
            if key not in CORPUS_COLUMNS and key not in record:
                record[key] = value
        self.records.append(record)
        self.manifest.keep(item.source_file, item.unit, doc_id, title)

    def _fixed_wins(self, item: Candidate) -> bool:
        """For pages (no outlet column), an explicit outlet beats the site name found in the HTML."""
        return bool(self.outlet) and item.unit == "file"


def _display_path(source: str) -> str:
    """Paths under the working directory are shown relative to it (stable across clones)."""
    try:
        return (
            os.path.relpath(source) if Path(source).resolve().is_relative_to(Path.cwd()) else source
        )
    except ValueError:
        return source


def _spec_inputs(path: Path) -> list[dict[str, Any]]:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML ({exc})") from exc
    inputs = spec.get("inputs") if isinstance(spec, dict) else None
    if not isinstance(inputs, list) or not inputs:
        raise InputError(
            f"{path}: a corpus spec needs a non-empty 'inputs:' list of {{path, format, outlet, columns}}"
        )
    resolved = []
    for number, entry in enumerate(inputs, start=1):
        if not isinstance(entry, dict) or "path" not in entry:
            raise InputError(f"{path}: input {number} needs a 'path'")
        unknown = set(entry) - {"path", "format", "outlet", "columns", "encoding", "split_dumps"}
        if unknown:
            raise InputError(f"{path}: input {number} has unknown keys {sorted(unknown)}")
        resolved.append({**entry, "path": (path.parent / str(entry["path"])).resolve()})
    return resolved


def _spec_groups(path: Path) -> Path | None:
    """The ``groups:`` file a corpus spec names, relative to the spec."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    value = spec.get("groups") if isinstance(spec, dict) else None
    return (path.parent / str(value)).resolve() if value else None


def _is_saved_corpus(path: Path) -> bool:
    if path.suffix.lower() not in (".parquet", ".pq") or not path.is_file():
        return False
    try:
        return b"analysis.io.schema" in (pq.read_schema(path).metadata or {})
    except Exception:
        return False


def load_corpus(
    inputs: str | Path | Iterable[str | Path],
    *,
    format: str = "auto",  # noqa: A002 - the natural name for users
    columns: Mapping[str, str] | None = None,
    outlet: str | None = None,
    encoding: str | None = None,
    split_dumps: bool = False,
    min_chars: int = DEFAULT_MIN_CHARS,
    max_chars: int = DEFAULT_MAX_CHARS,
    groups: str | Path | Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, Manifest]:
    """Load files, folders, corpus specs (.yml) or a saved corpus (.parquet) into one corpus.

    Parameters
    ----------
    inputs
        One path or several. Folders are read recursively; a ``.txt`` file given directly is
        treated as a dump of several articles; ``.txt`` files in a folder are one article each
        unless ``split_dumps=True``.
    columns
        Column mapping for tabular inputs, e.g. ``{"text": "body", "published": "date"}``.
    outlet
        Outlet label for inputs that have no outlet column (and for web pages).
    groups
        A groups file (CSV ``outlet,group`` or YAML ``outlet: group``) or mapping: adds the
        column ``group`` (see :mod:`analysis.io.groups`). A corpus spec may name one as
        ``groups: FILE``; this argument wins.

    Returns
    -------
    (corpus, manifest)
        The validated corpus table (see ``docs/tables.md``) and what was kept or skipped.

    Examples
    --------
    >>> corpus, manifest = load_corpus("data/sample/corpus.yml")  # doctest: +SKIP
    >>> print(manifest.summary())  # doctest: +SKIP
    """
    paths = [Path(inputs)] if isinstance(inputs, (str, Path)) else [Path(p) for p in inputs]
    if not paths:
        raise InputError(
            "no input given; pass files, folders, a corpus spec (.yml) or a saved corpus (.parquet)"
        )
    manifest = Manifest()
    collector = _Collector(manifest, outlet=outlet, min_chars=min_chars, max_chars=max_chars)
    jobs: list[tuple[Path, dict[str, Any]]] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_file() and path.suffix.lower() in _SPEC_EXTENSIONS:
            jobs.extend((entry["path"], entry) for entry in _spec_inputs(path))
            groups = groups if groups is not None else _spec_groups(path)
        else:
            jobs.append(
                (
                    path,
                    {
                        "format": format,
                        "outlet": outlet,
                        "columns": columns,
                        "encoding": encoding,
                        "split_dumps": split_dumps,
                    },
                )
            )
    saved: list[pd.DataFrame] = []
    for path, entry in jobs:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder (listed in a corpus spec)")
        if _is_saved_corpus(path):
            frame, saved_manifest = read_saved_corpus(path)
            saved.append(frame)
            manifest.extend(saved_manifest)
            continue
        options = ReadOptions(
            columns=dict(entry.get("columns") or {}),
            outlet=entry.get("outlet"),
            encoding=entry.get("encoding"),
            split_dumps=bool(entry.get("split_dumps", False)),
        )
        collector.outlet = entry.get("outlet") or outlet
        for file_path, fmt in _expand(path, entry.get("format") or "auto", manifest):
            for item in fmt.reader(file_path, options):
                collector.add(item)
        for name, facts in options.file_facts.items():
            manifest.note_file(_display_path(name), **facts)
    corpus = make_corpus(collector.records)
    if saved:
        corpus = (
            pd.concat([c for c in [*saved, corpus] if len(c)], ignore_index=True)
            if len(corpus) or saved
            else corpus
        )
        corpus = corpus.drop_duplicates("doc_id", keep="first").reset_index(drop=True)
    if corpus.empty:
        reasons = (
            ", ".join(f"{n} {r}" for r, n in manifest.skip_reasons().items())
            or "no input units found"
        )
        raise InputError(
            f"no documents kept from {', '.join(str(p) for p in paths)} ({reasons}); "
            "see the manifest reasons, check --format/--text-col, or lower --min-chars"
        )
    if groups is not None:
        corpus = assign_groups(corpus, dict(groups) if isinstance(groups, Mapping) else groups)
    return corpus, manifest


def save_corpus(corpus: pd.DataFrame, manifest: Manifest, path: str | Path) -> Path:
    """Write a corpus to Parquet with its manifest in the metadata (readable by ``load_corpus``)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(corpus, preserve_index=False)
    metadata = dict(table.schema.metadata or {})
    metadata[b"analysis.io.schema"] = json.dumps({"schema_version": CORPUS_SCHEMA_VERSION}).encode()
    metadata[b"analysis.manifest"] = manifest.to_json().encode("utf-8")
    tmp = target.with_name(f".{target.name}.tmp")
    pq.write_table(table.replace_schema_metadata(metadata), tmp)
    tmp.replace(target)
    return target


def read_saved_corpus(path: str | Path) -> tuple[pd.DataFrame, Manifest]:
    """Read a corpus written by :func:`save_corpus`."""
    table = pq.read_table(path)
    metadata = table.schema.metadata or {}
    info = json.loads(metadata.get(b"analysis.io.schema", b"{}"))
    if info.get("schema_version") != CORPUS_SCHEMA_VERSION:
        raise InputError(
            f"{path}: saved corpus schema {info.get('schema_version')!r}, expected {CORPUS_SCHEMA_VERSION}; re-run `python -m analysis load`"
        )
    manifest = (
        Manifest.from_json(metadata[b"analysis.manifest"].decode("utf-8"))
        if b"analysis.manifest" in metadata
        else Manifest()
    )
    return table.to_pandas(), manifest
