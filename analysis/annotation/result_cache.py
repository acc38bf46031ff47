"""Per-document results of an extractor, kept in the annotation store beside the parse.

An extractor that walks parsed Docs (sourcing) costs about a quarter of the parse on a large
corpus. Its result for one document depends only on that document's text and parse, on a
little per-document context (the corpus's speaker value) and on the extractor's own code and
resources — so it is cached per document, and a report over a grown corpus extracts only the
new documents. Layout, below the annotation fingerprint's folder::

    <store>/<fingerprint>/results/<name>-<digest[:16]>/<part>.parquet   key, context, payload

``digest`` must cover everything that shapes the result besides the parse (the extractor's
code, derived with :func:`~analysis.annotation.code_digest.module_closure_sha256`, and its
resource bytes): a change gives a new folder, so stale results are never served. The
``payload`` is the extractor's own serialisation (JSON text). Parts are written to a
temporary name and renamed, so concurrent writers (kernels, cluster workers) never see half
a file; a document written twice is read once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis.annotation.store import AnnotationStore

__all__ = ["ResultCache"]

_SCHEMA = pa.schema([("key", pa.string()), ("context", pa.string()), ("payload", pa.string())])


class ResultCache:
    """Cached per-document results of extractor ``name`` with code/resource ``digest``."""

    def __init__(self, store: AnnotationStore, name: str, digest: str) -> None:
        self.folder = store.path / "results" / f"{name}-{digest[:16]}"
        self._cached_index: dict[tuple[str, str], Path] | None = None

    def parts(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.glob("*.parquet") if not p.name.startswith("."))

    def known(self) -> set[tuple[str, str]]:
        """Every ``(key, context)`` cached (reads two small columns, not the payloads)."""
        return set(self._index())

    def _index(self) -> dict[tuple[str, str], Path]:
        """``(key, context)`` → the first part (by name) that holds it; kept until a write."""
        if self._cached_index is not None:
            return self._cached_index
        where: dict[tuple[str, str], Path] = {}
        for part in self.parts():
            table = pq.read_table(part, columns=["key", "context"])
            for pair in zip(
                *(table.column(c).to_pylist() for c in ("key", "context")), strict=True
            ):
                where.setdefault(pair, part)
        self._cached_index = where
        return where

    def lookup(self, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """``(key, context) → payload`` for the wanted documents found in the cache.

        Only the parts that hold a wanted document are read, so reading a large corpus's
        records in consecutive batches reads each part about once.
        """
        index = self._index()
        by_part: dict[Path, set[tuple[str, str]]] = {}
        for pair in set(wanted):
            if pair in index:
                by_part.setdefault(index[pair], set()).add(pair)
        found: dict[tuple[str, str], str] = {}
        for part, pairs in sorted(by_part.items()):
            table = pq.read_table(part, schema=_SCHEMA)
            keys = pa.array(sorted({key for key, _ in pairs}), pa.string())
            table = table.filter(pc.is_in(table.column("key"), value_set=keys))
            for key, context, payload in zip(
                *(table.column(c).to_pylist() for c in _SCHEMA.names), strict=True
            ):
                if (key, context) in pairs:
                    found.setdefault((key, context), payload)
        return found

    def write(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """Add ``(key, context, payload)`` rows as one new part."""
        if not rows:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        table = pa.table(
            {
                name: pa.array([row[i] for row in rows], pa.string())
                for i, name in enumerate(_SCHEMA.names)
            },
            schema=_SCHEMA,
        )
        name = f"{uuid.uuid4().hex}.parquet"
        temporary = self.folder / f".{name}"
        pq.write_table(table, temporary, compression="zstd")
        temporary.rename(self.folder / name)
        self._cached_index = None
