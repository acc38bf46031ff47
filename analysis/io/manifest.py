"""The manifest: what every loader read, kept and skipped, and why.

Nothing is dropped silently: each input unit (a file, a CSV row, a JSON record, an article
inside a text dump) gets one entry, ``kept`` or ``skipped`` with a reason such as ``empty``,
``undecodable``, ``duplicate-of:<doc_id>``, ``missing-text-column``, ``malformed-row`` or
``too-short``. Reports show the summary; ``to_frame()`` gives the full list.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

__all__ = ["Manifest", "ManifestEntry"]


@dataclass(frozen=True)
class ManifestEntry:
    """One input unit and what happened to it."""

    source_file: str
    unit: str
    status: str  # "kept" or "skipped"
    reason: str = ""
    doc_id: str = ""
    title: str = ""
    detail: str = ""


@dataclass
class Manifest:
    """The ledger of a load: entries plus per-file facts such as the detected encoding."""

    entries: list[ManifestEntry] = field(default_factory=list)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def keep(self, source_file: str, unit: str, doc_id: str, title: str = "") -> None:
        """Record a unit that became a document."""
        self.entries.append(ManifestEntry(source_file, unit, "kept", "", doc_id, title[:120]))

    def skip(
        self, source_file: str, unit: str, reason: str, detail: str = "", title: str = ""
    ) -> None:
        """Record a unit that did not become a document, with a machine-readable reason."""
        self.entries.append(
            ManifestEntry(source_file, unit, "skipped", reason, "", title[:120], detail)
        )

    def note_file(self, source_file: str, **facts: Any) -> None:
        """Record per-file facts (format, encoding, …)."""
        self.files.setdefault(source_file, {}).update(facts)

    def extend(self, other: Manifest) -> None:
        """Append another manifest's entries and file facts."""
        self.entries.extend(other.entries)
        for name, facts in other.files.items():
            self.note_file(name, **facts)

    @property
    def n_read(self) -> int:
        return len(self.entries)

    @property
    def n_kept(self) -> int:
        return sum(e.status == "kept" for e in self.entries)

    @property
    def n_skipped(self) -> int:
        return sum(e.status == "skipped" for e in self.entries)

    def skip_reasons(self) -> dict[str, int]:
        """Skipped units per reason family (``duplicate-of:abc`` counts as ``duplicate-of``)."""
        counts = Counter(e.reason.split(":", 1)[0] for e in self.entries if e.status == "skipped")
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def to_frame(self) -> pd.DataFrame:
        """All entries as a table (one row per input unit)."""
        columns = list(ManifestEntry.__dataclass_fields__)
        return pd.DataFrame([asdict(e) for e in self.entries], columns=columns)

    def by_file(self) -> pd.DataFrame:
        """Per input file: format, encoding, units read, kept and skipped."""
        rows = []
        names = sorted({e.source_file for e in self.entries} | set(self.files))
        for name in names:
            entries = [e for e in self.entries if e.source_file == name]
            facts = self.files.get(name, {})
            rows.append(
                {
                    "source_file": name,
                    "format": facts.get("format", ""),
                    "encoding": facts.get("encoding", ""),
                    "read": len(entries),
                    "kept": sum(e.status == "kept" for e in entries),
                    "skipped": sum(e.status == "skipped" for e in entries),
                }
            )
        return pd.DataFrame(
            rows, columns=["source_file", "format", "encoding", "read", "kept", "skipped"]
        )

    def summary(self) -> str:
        """A few human-readable lines: totals and skip reasons."""
        lines = [
            f"read {self.n_read} units from {len(self.by_file())} file(s): kept {self.n_kept}, skipped {self.n_skipped}"
        ]
        for reason, count in self.skip_reasons().items():
            lines.append(f"  skipped {count:>5}  {reason}")
        return "\n".join(lines)

    def to_json(self) -> str:
        """Serialise (stored in a saved corpus and in report provenance)."""
        return json.dumps(
            {"entries": [asdict(e) for e in self.entries], "files": self.files}, ensure_ascii=False
        )

    @classmethod
    def from_json(cls, payload: str) -> Manifest:
        """Inverse of :meth:`to_json`."""
        data = json.loads(payload)
        return cls(
            [ManifestEntry(**e) for e in data.get("entries", [])], dict(data.get("files", {}))
        )

    def __repr__(self) -> str:
        return f"Manifest(read={self.n_read}, kept={self.n_kept}, skipped={self.n_skipped})"
