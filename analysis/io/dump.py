"""Segment pasted text dumps into articles, explainably.

The layout this reads (as pasted from news sites, one article after another)::

    Headline without final punctuation
    Standfirst sentence.              (only when a separator line follows)
    -                                 (optional separator: -, –, —, ***)
    Photo caption ending in a credit (AP)
    Body paragraph.
    Body paragraph.
    Next headline …

A *headline* is a short line (≤ 25 words) that does not end like a sentence; a *caption* ends
with a parenthesised credit such as ``(AP)``, ``(Reuters)`` or with ``© Agency``. The credit is
kept as ``photo_credit`` — it is not a source of the article. Every article records the lines it
came from (``line_start``/``line_end``, 1-based) so a segmentation can be checked by eye.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["DumpArticle", "segment_dump", "is_headline", "split_caption_credit"]

_SEPARATORS = {"-", "–", "—", "--", "---", "***", "* * *"}
_SENTENCE_END = re.compile(r"[.!?…:;,\"”’»)\]]$")
_CREDIT_PAREN = re.compile(
    r"\s*\((?P<credit>[A-Z][\w .&/'’-]{0,40}|[\w .&/'’-]*(?:Photo|Images|Press|Pool)[\w .&/'’-]*)\)\s*$"
)
_CREDIT_COPYRIGHT = re.compile(r"\s*©\s*(?P<credit>[^©]{2,80})$")
_MAX_HEADLINE_WORDS = 25


@dataclass
class DumpArticle:
    """One article found in a dump, with the lines it spans."""

    title: str = ""
    standfirst: str = ""
    caption: str = ""
    photo_credit: str = ""
    paragraphs: list[str] = field(default_factory=list)
    line_start: int = 0
    line_end: int = 0

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def split_caption_credit(line: str) -> tuple[str, str] | None:
    """``(caption, credit)`` when the line ends with a photo credit, else ``None``.

    >>> split_caption_credit("Bombers fly past the Kremlin, on May 4, 2018 (AP)")
    ('Bombers fly past the Kremlin, on May 4, 2018', 'AP')
    """
    for pattern in (_CREDIT_PAREN, _CREDIT_COPYRIGHT):
        match = pattern.search(line)
        if match and match.start() > 0:
            return line[: match.start()].rstrip(), match.group("credit").strip()
    return None


def is_headline(line: str) -> bool:
    """Short, starts with a capital or digit, and does not end like a sentence."""
    words = line.split()
    return (
        2 <= len(words) <= _MAX_HEADLINE_WORDS
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'")
        and not _SENTENCE_END.search(line)
        and split_caption_credit(line) is None
    )


def segment_dump(text: str, *, split: bool = True) -> list[DumpArticle]:
    """Cut a dump into articles; with ``split=False`` everything is one article.

    Lines are numbered from 1 as in the file. Blank lines only separate paragraphs.
    """
    lines = [(number, raw.strip()) for number, raw in enumerate(text.split("\n"), start=1)]
    content = [(n, line) for n, line in lines if line]
    articles: list[DumpArticle] = []
    position = 0
    while position < len(content):
        article, position = _read_article(content, position, first=not articles, split=split)
        articles.append(article)
    return articles


def _read_article(
    content: list[tuple[int, str]], position: int, *, first: bool, split: bool
) -> tuple[DumpArticle, int]:
    article = DumpArticle(line_start=content[position][0])
    number, line = content[position]
    if is_headline(line) and _next_is_body(content, position):
        article.title = line
        position += 1
        position = _read_front_matter(article, content, position)
    while position < len(content):
        number, line = content[position]
        if split and article.paragraphs and is_headline(line) and _next_is_body(content, position):
            break
        if line in _SEPARATORS:
            position += 1
            continue
        article.paragraphs.append(line)
        article.line_end = number
        position += 1
    if not article.line_end:
        article.line_end = content[position - 1][0]
    return article, position


def _read_front_matter(article: DumpArticle, content: list[tuple[int, str]], position: int) -> int:
    """Standfirst (when a separator follows it), separator, and caption after a headline."""
    if (
        position + 1 < len(content)
        and content[position + 1][1] in _SEPARATORS
        and content[position][1] not in _SEPARATORS
    ):
        article.standfirst = content[position][1]
        position += 1
    if position < len(content) and content[position][1] in _SEPARATORS:
        position += 1
    if position < len(content):
        credit = split_caption_credit(content[position][1])
        if credit is not None and position + 1 < len(content):
            article.caption, article.photo_credit = credit
            position += 1
    article.line_end = content[position - 1][0]
    return position


def _next_is_body(content: list[tuple[int, str]], position: int) -> bool:
    """A headline must be followed by something that is not itself a headline."""
    following = content[position + 1 : position + 2]
    return bool(following) and not is_headline(following[0][1])
