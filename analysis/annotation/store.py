"""The annotation store: Parquet tables and serialized Docs, cached by what produced them.

Layout (``schema_version`` 1)::

    <store>/<fingerprint>/model.json                    the ModelInfo behind every shard here
    <store>/<fingerprint>/shards/<shard>/keys.parquet   key (sha256 of the annotated text), position
                                        /tokens.parquet, sentences.parquet, entities.parquet
                                        /docs.spacy     DocBin of the same Docs, in key order
    <store>/<fingerprint>/failures/<key>.json           a text this pipeline could not parse
    <store>/<fingerprint>/results/<extractor>-<digest>/  per-document extractor results
                                        (see :mod:`analysis.annotation.result_cache`)

The fingerprint covers model name + version, enabled pipes, entity patterns and the hash of
the code that shapes these tables (see :mod:`analysis.annotation.pipeline`), so a text annotated once with the same pipeline is never parsed again.
Shards are written to a temporary folder and renamed into place, so two runs sharing a
store never see half-written files; if both annotate the same text, the first shard (by
name, which starts with a timestamp) wins. Every Parquet file carries
``analysis.schema_version`` in its metadata, checked on read.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from analysis.annotation.pipeline import ModelInfo
from analysis.errors import AnalysisError

__all__ = ["SCHEMA_VERSION", "TABLES", "AnnotationStore", "default_store_path"]

SCHEMA_VERSION = "1"
TABLES = ("tokens", "sentences", "entities")
_META_KEY = b"analysis.schema_version"
_ROW_GROUP_SIZE = 256 * 1024


def default_store_path() -> Path:
    """``ANALYSIS_STORE`` if set, else ``data/store`` of the project we run in.

    The project is the nearest folder up from the working directory with a ``pyproject.toml``
    and an ``analysis/`` package, so notebooks (which run in ``notebooks/``) and the command
    line share one cache; outside a project it is ``./data/store``.
    """
    if os.environ.get("ANALYSIS_STORE"):
        return Path(os.environ["ANALYSIS_STORE"])
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "analysis").is_dir():
            return folder / "data" / "store"
    return here / "data" / "store"


@dataclass(frozen=True)
class _Location:
    shard: str
    position: int


class AnnotationStore:
    """Read and write annotation shards for one pipeline fingerprint."""

    def __init__(self, root: str | Path | None, model_info: ModelInfo) -> None:
        self.root = Path(root) if root else default_store_path()
        self.model_info = model_info
        self.path = self.root / model_info.fingerprint
        self.shards_dir = self.path / "shards"
        self.shards_dir.mkdir(parents=True, exist_ok=True)
        self.failures_dir = self.path / "failures"
        model_file = self.path / "model.json"
        if not model_file.exists():
            _atomic_write_text(
                model_file, json.dumps(model_info.as_dict(), indent=2, sort_keys=True)
            )
        self._index: dict[str, _Location] | None = None

    # -- index ---------------------------------------------------------------------------
    def shard_names(self) -> list[str]:
        """Complete shards in read order (oldest first)."""
        return sorted(
            p.name for p in self.shards_dir.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def index(self) -> dict[str, _Location]:
        """key → where its annotation lives (first shard wins for duplicates)."""
        if self._index is None:
            index: dict[str, _Location] = {}
            for shard in self.shard_names():
                keys = (
                    _read_checked(self.shards_dir / shard / "keys.parquet")
                    .column("key")
                    .to_pylist()
                )
                for position, key in enumerate(keys):
                    index.setdefault(key, _Location(shard, position))
            self._index = index
        return self._index

    def refresh(self) -> None:
        """Forget the cached index: other processes (annotation workers) wrote shards."""
        self._index = None

    def failures(self) -> dict[str, dict[str, str]]:
        """key → ``{"error_type", "message"}`` for texts this pipeline failed to parse.

        Recorded so later runs (and every report kernel) skip them without parsing again; a
        new pipeline fingerprint (model, code or resources changed) starts with none.
        """
        if not self.failures_dir.is_dir():
            return {}
        return {
            p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(self.failures_dir.glob("*.json"))
        }

    def record_failure(self, key: str, error_type: str, message: str) -> None:
        """Remember that the text ``key`` could not be parsed (atomic, one file per text)."""
        self.failures_dir.mkdir(parents=True, exist_ok=True)
        record = {"error_type": error_type, "message": message}
        _atomic_write_text(self.failures_dir / f"{key}.json", json.dumps(record, sort_keys=True))

    def missing(self, keys: Iterable[str]) -> list[str]:
        """Keys not yet annotated (nor known to fail) with this pipeline, first-seen order."""
        known = self.index()
        seen: set[str] = set(self.failures())
        result = []
        for key in keys:
            if key not in known and key not in seen:
                seen.add(key)
                result.append(key)
        return result

    # -- writing -------------------------------------------------------------------------
    def write_shard(self, keys: Sequence[str], tables: dict[str, pa.Table], docbin: bytes) -> str:
        """Write one shard atomically and return its name."""
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        tmp = self.shards_dir / f".tmp-{name}"
        tmp.mkdir(parents=True)
        try:
            _write_checked(
                pa.table(
                    {
                        "key": pa.array(list(keys), pa.string()),
                        "position": pa.array(range(len(keys)), pa.int32()),
                    }
                ),
                tmp / "keys.parquet",
            )
            for table_name in TABLES:
                _write_checked(tables[table_name], tmp / f"{table_name}.parquet")
            (tmp / "docs.spacy").write_bytes(docbin)
            tmp.rename(self.shards_dir / name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._index = None
        return name

    # -- reading -------------------------------------------------------------------------
    def _shards_for(self, keys: Iterable[str]) -> dict[str, list[str]]:
        index = self.index()
        by_shard: dict[str, list[str]] = {}
        for key in dict.fromkeys(keys):
            by_shard.setdefault(self._location(index, key).shard, []).append(key)
        return by_shard

    def keys_by_shard(self, keys: Iterable[str]) -> dict[str, list[str]]:
        """The given keys grouped by the shard that holds them, in shard order."""
        grouped = self._shards_for(keys)
        return {shard: grouped[shard] for shard in sorted(grouped)}

    def shard_docs(self, shard: str) -> tuple[list[str], bytes]:
        """A shard's keys and its serialised DocBin (to send Docs to a cluster worker)."""
        shard_dir = self.shards_dir / shard
        keys = _read_checked(shard_dir / "keys.parquet").column("key").to_pylist()
        return keys, (shard_dir / "docs.spacy").read_bytes()

    def read_table(self, name: str, keys: Sequence[str]) -> pa.Table:
        """Rows of table ``name`` for these keys (each key from the shard the index names)."""
        parts = []
        for shard, shard_keys in self._shards_for(keys).items():
            table = _read_checked(self.shards_dir / shard / f"{name}.parquet")
            mask = pc.is_in(table.column("key"), value_set=pa.array(shard_keys, pa.string()))
            parts.append(table.filter(mask))
        if not parts:
            return (
                _read_checked(self.shards_dir / self.shard_names()[0] / f"{name}.parquet").slice(
                    0, 0
                )
                if self.shard_names()
                else pa.table({})
            )
        return pa.concat_tables(parts)

    def iter_docs(self, keys: Sequence[str], vocab: Vocab) -> Iterator[tuple[str, Doc]]:
        """``(key, Doc)`` in the given order, each Doc made from its shard's DocBin when needed.

        Keys that follow a shard's own order (a corpus read in the order it was annotated)
        are streamed: one Doc at a time is alive, about 1.5 KB a token, instead of a whole
        shard's. Keys out of that order hold only the Docs they asked for within one run of
        the same shard.
        """
        index = self.index()
        for shard, run in groupby(keys, key=lambda key: self._location(index, key).shard):
            wanted = [(index[key].position, key) for key in run]
            docbin = (self.shards_dir / shard / "docs.spacy").read_bytes()
            docs = DocBin().from_bytes(docbin).get_docs(vocab)
            positions = [position for position, _ in wanted]
            if positions == sorted(positions):
                pending = iter(wanted)
                position, key = next(pending)
                for at, doc in enumerate(docs):
                    while at == position:
                        yield key, doc
                        position, key = next(pending, (-1, ""))
                    if position < 0:
                        break
                continue
            needed = set(positions)
            kept = {at: doc for at, doc in enumerate(docs) if at in needed}
            for position, key in wanted:
                yield key, kept[position]

    def _location(self, index: dict[str, _Location], key: str) -> _Location:
        location = index.get(key)
        if location is None:
            raise AnalysisError(
                f"text {key[:12]}… is not in the store {self.path}; run annotate() first"
            )
        return location

    def files(self, name: str) -> list[str]:
        """Parquet files of table ``name`` across shards (for DuckDB / dask.dataframe)."""
        return [str(self.shards_dir / shard / f"{name}.parquet") for shard in self.shard_names()]

    def duckdb(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with views ``tokens``, ``sentences``, ``entities``.

        Rows carry ``key`` (the text hash); join with the corpus on ``corpus.sha256``.
        """
        connection = duckdb.connect()
        for name in TABLES:
            files = self.files(name)
            if files:
                listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
                connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet([{listing}])")
        return connection


def _write_checked(table: pa.Table, path: Path) -> None:
    metadata = dict(table.schema.metadata or {})
    metadata[_META_KEY] = SCHEMA_VERSION.encode()
    pq.write_table(
        table.replace_schema_metadata(metadata),
        path,
        row_group_size=_ROW_GROUP_SIZE,
        compression="zstd",
    )


def _read_checked(path: Path) -> pa.Table:
    table = pq.read_table(path)
    version = (table.schema.metadata or {}).get(_META_KEY, b"?").decode()
    if version != SCHEMA_VERSION:
        raise AnalysisError(
            f"{path}: store schema version {version}, this version of the package reads {SCHEMA_VERSION}; "
            "delete the store folder (or point --store elsewhere) to re-annotate"
        )
    return table


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
