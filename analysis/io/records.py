"""What format readers yield: candidate documents or recorded skips, never silence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.io.encoding import UndecodableError, read_text

__all__ = ["Candidate", "Skip", "ReaderOutput", "ReadOptions", "decode_input"]


@dataclass
class Candidate:
    """A unit that may become a document; ``fields`` uses corpus column names."""

    source_file: str
    unit: str
    fields: dict[str, Any]


@dataclass
class Skip:
    """A unit that cannot become a document, with a reason from the manifest vocabulary."""

    source_file: str
    unit: str
    reason: str
    detail: str = ""


@dataclass
class ReadOptions:
    """Options shared by every reader (set by :func:`analysis.io.load_corpus`)."""

    columns: dict[str, str] = field(default_factory=dict)
    outlet: str | None = None
    encoding: str | None = None
    split_dumps: bool = False
    file_facts: dict[str, dict[str, Any]] = field(default_factory=dict)

    def note(self, source_file: str, **facts: Any) -> None:
        self.file_facts.setdefault(source_file, {}).update(facts)


ReaderOutput = Iterator[Candidate | Skip]


def decode_input(
    path: Path, options: ReadOptions, fmt: str
) -> tuple[str, None] | tuple[None, Skip]:
    """Decode a file for a reader: ``(text, None)``, or ``(None, skip)`` when it is undecodable.

    Records the format and the encoding used as facts of the file.
    """
    try:
        text, encoding = read_text(path, encoding=options.encoding)
    except UndecodableError as exc:
        return None, Skip(str(path), "file", "undecodable", str(exc))
    options.note(str(path), format=fmt, encoding=encoding)
    return text, None
