"""Reuse an executed report notebook when nothing it depends on has changed.

Running the notebooks dominates a warm report (the annotations are already cached), so the
runner keys every executed notebook by all of its inputs and skips the kernel when the key
is known. The key covers:

- the notebook file's bytes;
- its parameters (the share mode among them), with the per-run folders replaced by what they hold (the corpus file's
  hash; the tables folder is an output; the annotation store by the pipeline fingerprint),
  and the bytes of any parameter that names an existing file (a trained model, a lexicon);
- the source of the ``analysis`` package and its bundled resources (lexicons, frames);
- the versions of Python and of the packages a report records, and every ``ANALYSIS_*``
  environment variable (model choice, store).

Change any of these and the notebook runs again; ``reuse=False`` in ``run_reports`` (or
``report --rerun``) forces a run. An entry holds the executed notebook and the tables it
wrote, so a reused notebook publishes exactly what its run published. Entries live next to
the annotations they were computed from (``<store>/<fingerprint>/executed-notebooks``), so
clearing the store clears them too.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from analysis.reports.provenance import file_sha256, package_versions

__all__ = ["ENTRIES_PER_NOTEBOOK", "NotebookCache", "package_digest"]

#: Executed runs kept per notebook (the newest); older ones are deleted when a run is stored.
ENTRIES_PER_NOTEBOOK = 4
#: Parameters that name per-run folders; they enter the key through what they contain.
_RUN_FOLDERS = ("corpus", "store", "tables_dir")
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


@functools.lru_cache(maxsize=1)
def _package_digest_cached(stamp: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for relative, _, _ in stamp:
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update((_PACKAGE_DIR / relative).read_bytes())
    return digest.hexdigest()


def package_digest() -> str:
    """SHA-256 over the ``analysis`` package's source and resource files (sorted by path)."""
    files = sorted(
        p
        for p in _PACKAGE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    stamp = tuple(
        (p.relative_to(_PACKAGE_DIR).as_posix(), info.st_size, info.st_mtime_ns)
        for p, info in ((p, p.stat()) for p in files)
    )
    return _package_digest_cached(stamp)


def _parameter_value(name: str, value: Any) -> Any:
    """A parameter as it enters the key: files by content, not by where they are."""
    if isinstance(value, str) and name not in _RUN_FOLDERS:
        path = Path(value)
        try:
            if path.is_file():
                return {"file_sha256": file_sha256(path)}
        except OSError:  # not a usable path: an ordinary string
            pass
    return value


class NotebookCache:
    """Executed notebooks and their tables, keyed by everything that decides their content."""

    def __init__(self, root: str | Path, *, corpus_file: Path, fingerprint: str) -> None:
        self.root = Path(root)
        self._context = {
            "corpus_sha256": file_sha256(corpus_file),
            "pipeline_fingerprint": fingerprint,
            "package_digest": package_digest(),
            "packages": package_versions(),
            "environment": {
                k: v for k, v in sorted(os.environ.items()) if k.startswith("ANALYSIS_")
            },
        }

    def key(self, notebook: Path, parameters: Mapping[str, Any]) -> str:
        """The hex key of one notebook run with ``parameters``."""
        material = {
            **self._context,
            "notebook_sha256": file_sha256(notebook),
            "parameters": {
                name: _parameter_value(name, value)
                for name, value in sorted(parameters.items())
                if name not in _RUN_FOLDERS
            },
        }
        blob = json.dumps(material, sort_keys=True, default=str).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:32]

    def _entry(self, key: str) -> Path:
        return self.root / key

    def restore(self, key: str, executed: Path, tables_dir: Path) -> dict[str, Any] | None:
        """Copy a stored run into place; its record, or ``None`` when the key is unknown."""
        entry = self._entry(key)
        record_file = entry / "record.json"
        if not record_file.is_file():
            return None
        record = json.loads(record_file.read_text(encoding="utf-8"))
        executed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(entry / "executed.ipynb", executed)
        if (entry / "tables").is_dir():
            shutil.copytree(entry / "tables", tables_dir, dirs_exist_ok=True)
        return record

    def store(self, key: str, executed: Path, tables_dir: Path, *, notebook: str) -> None:
        """Keep a successful run; written to a temporary folder and renamed, so never half there."""
        entry = self._entry(key)
        if entry.exists():
            return
        tmp = self.root / f".tmp-{key}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir(parents=True)
        try:
            shutil.copyfile(executed, tmp / "executed.ipynb")
            if tables_dir.is_dir():
                shutil.copytree(tables_dir, tmp / "tables")
            record = {
                "notebook": notebook,
                "key": key,
                "executed_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            (tmp / "record.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
            # another run may have stored the same key first: theirs is as good
            with contextlib.suppress(OSError):
                tmp.rename(entry)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self.prune(notebook)

    def prune(self, notebook: str, *, keep: int | None = None) -> list[str]:
        """Delete all but the ``keep`` newest entries of ``notebook``; the keys deleted.

        Every change to the package, a parameter or the corpus makes a new entry, and an entry
        holds the run's tables: 1 GB for the framing notebook at 30,000 articles. Keeping the
        newest few still reuses runs when a user switches between groupings.
        """
        keep = ENTRIES_PER_NOTEBOOK if keep is None else keep
        entries = []
        for record_file in self.root.glob("*/record.json"):
            with contextlib.suppress(OSError, ValueError):
                record = json.loads(record_file.read_text(encoding="utf-8"))
                if record.get("notebook") == notebook:
                    stamp = (record.get("executed_at", ""), record_file.stat().st_mtime_ns)
                    entries.append((stamp, record_file.parent))
        entries.sort(reverse=True)
        removed = []
        for _, entry in entries[keep:]:
            doomed = entry.with_name(f".old-{entry.name}-{uuid.uuid4().hex[:8]}")
            with contextlib.suppress(OSError):  # a concurrent run pruned it first
                entry.rename(doomed)
                shutil.rmtree(doomed, ignore_errors=True)
                removed.append(entry.name)
        return removed
