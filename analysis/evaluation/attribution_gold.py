"""Gold attributions: PolNeAR's BRAT standoff files and the project's own JSONL gold.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates ``Source``, ``Cue`` and ``Content``
spans linked by ``Attribution`` events; some articles have one ``.ann`` per annotator (the
file-name suffix), and we use the first annotator's file (sorted by name) per article.
Our JSONL gold (``tests/gold/*.jsonl``) names content by its text, not offsets, so it does
not depend on how a loader joins title, standfirst and body.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.io.schema import doc_text

__all__ = [
    "GoldAttribution",
    "read_brat",
    "polnear_documents",
    "read_gold_jsonl",
    "locate_gold",
    "seed_documents",
]

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldAttribution:
    """One gold attribution: content pieces (character spans), source and cue as text/spans."""

    content: Spans
    source_text: str = ""
    cue_text: str = ""
    cue: Spans = ()
    kind: str = ""
    speaker: str = ""

    @property
    def length(self) -> int:
        """Characters covered by the content pieces."""
        return sum(e - s for s, e in self.content)


def _parse_offsets(field: str, path: Path, line_no: int) -> Spans:
    pieces = []
    for piece in field.split(";"):
        try:
            start, end = (int(x) for x in piece.split())
        except ValueError as exc:
            raise InputError(f"{path} line {line_no}: bad BRAT offsets {field!r}") from exc
        pieces.append((start, end))
    return tuple(pieces)


def read_brat(path: str | Path) -> list[GoldAttribution]:
    """Attributions of one BRAT ``.ann`` file (events without a Content span are skipped)."""
    source = Path(path)
    spans: dict[str, tuple[str, Spans, str]] = {}
    events: list[dict[str, str]] = []
    for line_no, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (
                label,
                _parse_offsets(offsets, source, line_no),
                parts[2] if len(parts) > 2 else "",
            )
        elif line.startswith("E") and len(parts) >= 2:
            roles: dict[str, str] = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789"), ref)
            events.append(roles)
    gold: list[GoldAttribution] = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        src = spans.get(roles.get("Source", ""))
        cue = spans.get(roles.get("Cue", ""))
        gold.append(
            GoldAttribution(
                content=tuple(sorted(content[1])),
                source_text=src[2] if src else "",
                cue_text=cue[2] if cue else "",
                cue=cue[1] if cue else (),
            )
        )
    return sorted(gold, key=lambda g: (g.content, g.cue))


def polnear_documents(
    root: str | Path, split: str = "dev", *, limit: int | None = None
) -> list[tuple[str, str, list[GoldAttribution]]]:
    """``(doc_id, text, gold)`` for the articles of a PolNeAR split, sorted by file name.

    ``limit`` keeps the first N articles (deterministic). ``root`` is the folder holding
    ``data/{train,dev}``.
    """
    base = Path(root) / "data" / split
    text_dir, ann_dir = base / "text", base / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"{base}: expected text/ and attributions/ folders of a PolNeAR split")
    first_ann: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        first_ann.setdefault(stem, ann)
    docs = []
    for text_path in sorted(text_dir.glob("*.txt")):
        ann = first_ann.get(text_path.stem)
        if ann is None:
            continue
        docs.append((text_path.stem, text_path.read_text(encoding="utf-8"), read_brat(ann)))
        if limit is not None and len(docs) >= limit:
            break
    return docs


def read_gold_jsonl(path: str | Path) -> list[dict[str, str]]:
    """Records of a JSONL gold file: ``article`` (title), ``content``, ``speaker``, ``cue``, …"""
    source = Path(path)
    records = []
    for line_no, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source} line {line_no}: not JSON ({exc})") from exc
        for key in ("article", "content", "speaker", "cue"):
            if not isinstance(record.get(key), str):
                raise InputError(f"{source} line {line_no}: needs a string {key!r}")
        records.append(record)
    return records


def locate_gold(
    records: list[dict[str, str]], text: str, *, where: str = ""
) -> list[GoldAttribution]:
    """Turn JSONL records into :class:`GoldAttribution` by finding their content in ``text``."""
    gold = []
    for record in records:
        start = text.find(record["content"])
        if start < 0:
            raise InputError(
                f"{where}: gold content not found in the document: {record['content'][:60]!r}"
            )
        cue_start = text.find(record.get("cue_text", record["cue"]), max(0, start - 200))
        gold.append(
            GoldAttribution(
                content=((start, start + len(record["content"])),),
                source_text=record.get("speaker_text", record["speaker"]),
                cue_text=record["cue"],
                cue=((cue_start, cue_start + len(record["cue"])),) if cue_start >= 0 else (),
                kind=record.get("kind", ""),
                speaker=record["speaker"],
            )
        )
    return gold


_CREDIT = re.compile(r"\((?:AP|AFP|Reuters|Getty Images|EPA|TASS|Sputnik|RIA Novosti)\)\s*$")


def seed_documents(
    seed_path: str | Path, gold_path: str | Path
) -> tuple[pd.DataFrame, list[tuple[str, str, list[GoldAttribution]]]]:
    """The seed dump split at the gold's article titles, with its gold located in each article.

    A minimal reader for evaluation only (the project's loaders do the real segmentation):
    an article starts at a line equal to a gold ``article`` title; the next line is the
    standfirst, a ``-`` line and a photo caption ending in a credit such as ``(AP)`` are left
    out, the rest is the body. Returns the corpus rows and ``(doc_id, text, gold)`` items.
    """
    records = read_gold_jsonl(gold_path)
    titles = list(dict.fromkeys(r["article"] for r in records))
    lines = Path(seed_path).read_text(encoding="utf-8-sig").splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() in titles]
    if len(starts) != len(titles):
        raise InputError(
            f"{seed_path}: found {len(starts)} of the {len(titles)} article titles named in {gold_path}"
        )
    rows, items = [], []
    for n, start in enumerate(starts):
        block = [
            line.strip()
            for line in lines[start : (starts[n + 1] if n + 1 < len(starts) else len(lines))]
        ]
        title, rest = (
            block[0],
            [line for line in block[1:] if line and line != "-" and not _CREDIT.search(line)],
        )
        standfirst = rest[0] if len(rest) > 1 and block[1] == rest[0] else ""
        body = rest[1:] if standfirst else rest
        row = {"doc_id": f"seed-{n + 1}", "outlet": "seed", "source_file": str(seed_path), "title": title,
               "standfirst": standfirst, "text": "\n\n".join(body)}  # fmt: skip
        text = doc_text(row)
        rows.append(row)
        mine = [r for r in records if r["article"] == title]
        items.append((row["doc_id"], text, locate_gold(mine, text, where=f"{gold_path} ({title})")))
    return pd.DataFrame(rows), items
