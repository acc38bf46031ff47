"""Readers for article files: pasted text dumps, single .txt articles and .html pages."""

from __future__ import annotations

from pathlib import Path

from analysis.io.dump import segment_dump
from analysis.io.records import Candidate, ReaderOutput, ReadOptions, Skip, decode_input

__all__ = ["read_dump", "read_txt", "read_html"]


def _dump_candidates(path: Path, text: str, *, split: bool) -> ReaderOutput:
    articles = segment_dump(text, split=split)
    if not articles:
        yield Skip(str(path), "file", "empty", "no text lines")
        return
    for article in articles:
        yield Candidate(
            str(path),
            f"lines {article.line_start}-{article.line_end}",
            {
                "title": article.title,
                "standfirst": article.standfirst,
                "caption": article.caption,
                "photo_credit": article.photo_credit,
                "text": article.text,
                "line_start": article.line_start,
                "line_end": article.line_end,
            },
        )


def read_dump(path: Path, options: ReadOptions) -> ReaderOutput:
    """A .txt file of several pasted articles, cut by :func:`analysis.io.dump.segment_dump`."""
    text, skip = decode_input(path, options, "dump")
    if skip:
        yield skip
        return
    yield from _dump_candidates(path, text or "", split=True)


def read_txt(path: Path, options: ReadOptions) -> ReaderOutput:
    """One article per .txt file (headline and caption recognised), unless ``split_dumps``."""
    text, skip = decode_input(path, options, "txt")
    if skip:
        yield skip
        return
    yield from _dump_candidates(path, text or "", split=options.split_dumps)


def read_html(path: Path, options: ReadOptions) -> ReaderOutput:
    """Main text, title, date and URL of a web page, through trafilatura (boilerplate removed)."""
    import trafilatura  # slow import: only when HTML is read

    source = str(path)
    html, skip = decode_input(path, options, "html")
    if skip:
        yield skip
        return
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False
    )
    if document is None or not (document.text or "").strip():
        yield Skip(source, "file", "empty", "no article text found in the HTML")
        return
    paragraphs = [p.strip() for p in (document.text or "").split("\n") if p.strip()]
    title = (document.title or "").strip()
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    yield Candidate(
        source,
        "file",
        {
            "title": title,
            "standfirst": (document.description or "").strip()
            if _is_standfirst(document.description, paragraphs)
            else "",
            "text": "\n\n".join(paragraphs),
            "published": document.date,
            "url": document.url or "",
            "outlet": document.sitename or "",
        },
    )


def _is_standfirst(description: str | None, paragraphs: list[str]) -> bool:
    """A page description is a standfirst only when it is not just the first paragraph again."""
    if not description or not description.strip():
        return False
    head = paragraphs[0] if paragraphs else ""
    return description.strip()[:80] not in head
