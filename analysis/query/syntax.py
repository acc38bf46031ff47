"""Query syntax: tokenizer, parser and AST (see :mod:`analysis.query` for the language)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from analysis.errors import InputError

TEXT_FIELDS = {"title": "title", "headline": "title", "standfirst": "standfirst", "text": "text", "body": "text"}  # fmt: skip
DATE_FIELDS = ("published", "date")
LEVELS = ("document", "sentence")
_OPERATORS = {"AND", "OR", "NOT"}
_SPECIAL = '()[]:~"“”'
_QUOTES = {'"': '"', "“": "”", "”": "”"}


# -- AST ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    word: str
    wildcard: bool
    section: str | None
    pos: int


@dataclass(frozen=True)
class Phrase:
    words: tuple[tuple[str, bool], ...]  # (word, wildcard)
    slop: int | None
    section: str | None
    pos: int


@dataclass(frozen=True)
class Field:
    column: str
    value: str
    wildcard: bool
    pos: int


@dataclass(frozen=True)
class DateRange:
    column: str
    start: date | None
    end: date | None
    pos: int


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | Field | DateRange | And | Or | Not


@dataclass(frozen=True)
class Query:
    """A parsed query: its text and AST (compile with :meth:`QueryEngine.sql`)."""

    text: str
    root: Node


# -- tokenizer ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Tok:
    kind: str  # WORD, PHRASE, AND, OR, NOT, LPAREN, RPAREN, LBRACK, RBRACK, COLON, TILDE, END
    value: str
    pos: int


def _error(query: str, pos: int, message: str) -> InputError:
    caret = " " * pos + "^"
    return InputError(
        f"query syntax error at position {pos + 1}: {message}\n  {query}\n  {caret}\n"
        'Quote phrases with "…", write operators in capitals (AND, OR, NOT) and close every bracket.'
    )


def _tokenize(query: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    singles = {"(": "LPAREN", ")": "RPAREN", "[": "LBRACK", "]": "RBRACK", ":": "COLON"}
    i = 0
    while i < len(query):
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch in singles:
            tokens.append(_Tok(singles[ch], ch, i))
            i += 1
        elif ch in _QUOTES:
            close = query.find(_QUOTES[ch], i + 1)
            if ch == '"' and close < 0:
                close = query.find("”", i + 1)
            if close < 0:
                raise _error(query, i, "this quote is never closed")
            tokens.append(_Tok("PHRASE", query[i + 1 : close], i))
            i = close + 1
        elif ch == "~":
            match = re.match(r"~(\d+)", query[i:])
            if not match:
                raise _error(query, i, 'expected a number of words after ~, as in "a b"~5')
            tokens.append(_Tok("TILDE", match.group(1), i))
            i += match.end()
        else:
            start = i
            while i < len(query) and not query[i].isspace() and query[i] not in _SPECIAL:
                i += 1
            word = query[start:i]
            kind = word if word in _OPERATORS else "WORD"
            tokens.append(_Tok(kind, word, start))
    tokens.append(_Tok("END", "", len(query)))
    return tokens


# -- parser ------------------------------------------------------------------------------------
_WORD_SPLIT = re.compile(r"[\s\-‐–—/]+")
_EDGE_PUNCT = ".,;!?'’\"()[]{}"


def _words(query: str, text: str, pos: int) -> list[tuple[str, bool]]:
    """Split a term or phrase into (lowercase word, trailing wildcard) pairs."""
    result = []
    for raw in _WORD_SPLIT.split(text):
        word = raw.strip(_EDGE_PUNCT).lower()
        if not word:
            continue
        star = word.find("*")
        if star >= 0 and (star != len(word) - 1 or star == 0):
            at = pos + max(text.find("*"), 0)
            raise _error(
                query, at, f"only trailing wildcards are supported ({raw!r}); write e.g. negotiat*"
            )
        result.append((word.rstrip("*"), star >= 0))
    return result


class _Parser:
    def __init__(self, query: str, columns: set[str] | None) -> None:
        self.query = query
        self.tokens = _tokenize(query)
        self.at = 0
        self.columns = columns

    def peek(self) -> _Tok:
        return self.tokens[self.at]

    def take(self, kind: str, what: str) -> _Tok:
        tok = self.peek()
        if tok.kind != kind:
            found = "the end of the query" if tok.kind == "END" else repr(tok.value)
            raise _error(self.query, tok.pos, f"expected {what}, found {found}")
        self.at += 1
        return tok

    def parse(self) -> Node:
        if self.peek().kind == "END":
            raise _error(self.query, 0, "the query is empty")
        node = self.or_expr(None)
        tok = self.peek()
        if tok.kind != "END":
            raise _error(self.query, tok.pos, f"unexpected {tok.value!r}")
        return node

    def or_expr(self, field: str | None) -> Node:
        items = [self.and_expr(field)]
        while self.peek().kind == "OR":
            self.at += 1
            items.append(self.and_expr(field))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self, field: str | None) -> Node:
        items = [self.not_expr(field)]
        while self.peek().kind in ("AND", "NOT", "WORD", "PHRASE", "LPAREN", "TILDE"):
            if self.peek().kind == "AND":
                self.at += 1
            items.append(self.not_expr(field))
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_expr(self, field: str | None) -> Node:
        if self.peek().kind == "NOT":
            self.at += 1
            return Not(self.not_expr(field))
        return self.primary(field)

    def primary(self, field: str | None) -> Node:
        tok = self.peek()
        if tok.kind == "LPAREN":
            self.at += 1
            node = self.or_expr(field)
            self.take("RPAREN", "')' to close the '(' at position " + str(tok.pos + 1))
            return node
        if tok.kind == "WORD" and self.tokens[self.at + 1].kind == "COLON":
            if field is not None:
                raise _error(self.query, tok.pos, "field filters cannot be nested")
            self.at += 2
            return self.field_value(tok)
        if tok.kind == "PHRASE":
            self.at += 1
            slop = None
            if self.peek().kind == "TILDE":
                slop = int(self.take("TILDE", "~N").value)
            return self.text_leaf(tok, field, slop)
        if tok.kind == "WORD":
            self.at += 1
            return self.text_leaf(tok, field, None)
        if tok.kind == "TILDE":
            raise _error(
                self.query, tok.pos, '~N must follow a quoted phrase, as in "peace talks"~5'
            )
        found = "the end of the query" if tok.kind == "END" else repr(tok.value)
        raise _error(self.query, tok.pos, f"expected a word, phrase or '(', found {found}")

    def text_leaf(self, tok: _Tok, field: str | None, slop: int | None) -> Node:
        if field is not None and field not in TEXT_FIELDS:
            return self.metadata_leaf(field, tok)
        words = _words(self.query, tok.value, tok.pos + (1 if tok.kind == "PHRASE" else 0))
        if not words:
            raise _error(self.query, tok.pos, f"{tok.value!r} contains no word to search for")
        section = TEXT_FIELDS.get(field) if field else None
        if len(words) == 1 and slop is None:
            return Term(words[0][0], words[0][1], section, tok.pos)
        return Phrase(tuple(words), slop, section, tok.pos)

    def metadata_leaf(self, field: str, tok: _Tok) -> Node:
        if field in DATE_FIELDS:
            start, end = _date_bounds(self.query, tok.value, tok.pos)
            return DateRange("published", start, end, tok.pos)
        value = tok.value.strip()
        wildcard = tok.kind == "WORD" and value.endswith("*")
        return Field(field, value.rstrip("*") if wildcard else value, wildcard, tok.pos)

    def field_value(self, name_tok: _Tok) -> Node:
        field = name_tok.value.lower()
        known = set(TEXT_FIELDS) | set(DATE_FIELDS) | (self.columns or set())
        if self.columns is not None and field not in known:
            raise _error(
                self.query,
                name_tok.pos,
                f"unknown field {name_tok.value!r}; use one of {', '.join(sorted(known))}",
            )
        tok = self.peek()
        if tok.kind == "LBRACK":
            if field not in DATE_FIELDS:
                raise _error(self.query, tok.pos, f"ranges work on {DATE_FIELDS[0]}: only")
            self.at += 1
            low = self.take("WORD", "a start date (YYYY-MM-DD or *)")
            to = self.take("WORD", "TO")
            if to.value != "TO":
                raise _error(self.query, to.pos, f"expected TO, found {to.value!r}")
            high = self.take("WORD", "an end date (YYYY-MM-DD or *)")
            self.take("RBRACK", "']' to close the date range")
            start = _date_bounds(self.query, low.value, low.pos)[0]
            end = _date_bounds(self.query, high.value, high.pos)[1]
            if start and end and start > end:
                raise _error(
                    self.query, low.pos, f"the range starts after it ends ({start} > {end})"
                )
            return DateRange("published", start, end, tok.pos)
        if tok.kind == "LPAREN":
            self.at += 1
            node = self.or_expr(field)
            self.take("RPAREN", f"')' to close the '(' at position {tok.pos + 1}")
            return node
        if tok.kind not in ("WORD", "PHRASE"):
            raise _error(self.query, tok.pos, f"expected a value after {name_tok.value}:")
        self.at += 1
        slop = None
        if tok.kind == "PHRASE" and self.peek().kind == "TILDE":
            slop = int(self.take("TILDE", "~N").value)
        return self.text_leaf(tok, field, slop)


_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _date_bounds(query: str, text: str, pos: int) -> tuple[date | None, date | None]:
    """First and last day covered by ``2022``, ``2022-03`` or ``2022-03-31`` (``*``: open)."""
    if text == "*":
        return None, None
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError(text)
        year, month, day = (int(g) if g else None for g in match.groups())
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            first = date(year, month, 1)
            following = date(year + (month == 12), month % 12 + 1, 1)
            return first, following - timedelta(days=1)
        return date(year, month, day), date(year, month, day)
    except ValueError:
        raise _error(
            query, pos, f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None


def parse_query(text: str, *, columns: set[str] | None = None) -> Query:
    """Parse a query string into a :class:`Query`.

    ``columns`` (corpus column names) lets unknown field names fail here with a clear message.

    >>> parse_query('ceasefire OR "peace talks"~3').root  # doctest: +ELLIPSIS
    Or(items=(Term(word='ceasefire', ...), Phrase(words=(('peace', False), ('talks', False)), slop=3, ...)))
    """
    if not isinstance(text, str):
        raise InputError(f"a query must be a string, got {type(text).__name__}")
    lowered = {c.lower() for c in columns} if columns is not None else None
    return Query(text, _Parser(text, lowered).parse())


_LABEL_LINE = re.compile(r"^\s*(?P<label>[^=#]+?)\s*=\s*(?P<query>.*\S)\s*$")


def parse_labelled_queries(
    source: str | Path, *, columns: set[str] | None = None
) -> dict[str, Query]:
    """Read ``Label = query`` lines (a file path or the text itself) into ``{label: Query}``.

    Blank lines and lines starting with ``#`` are skipped; errors name the line. A mapping
    ``{label: query string}`` is accepted too (what a notebook parameter can hold: papermill
    cannot parse a parameter line containing a second equals sign).

    >>> list(parse_labelled_queries("Ceasefire = ceasefire OR truce\\nTalks = negotiat*"))
    ['Ceasefire', 'Talks']
    """
    if isinstance(source, Mapping):
        parsed = {}
        for label, query in source.items():
            try:
                parsed[str(label)] = (
                    query if isinstance(query, Query) else parse_query(str(query), columns=columns)
                )
            except InputError as exc:
                raise InputError(f"labelled query {label!r}: {exc}") from None
        if not parsed:
            raise InputError("labelled queries: the mapping is empty")
        return parsed
    where = "labelled queries"
    text = str(source)
    if isinstance(source, Path) or ("\n" not in text and "=" not in text):
        path = Path(source)
        if not path.is_file():
            raise InputError(
                f"labelled queries file {path} not found; pass a path or 'Label = query' lines"
            )
        text, where = path.read_text(encoding="utf-8-sig"), str(path)
    queries: dict[str, Query] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LABEL_LINE.match(line)
        if not match:
            raise InputError(
                f"{where} line {number}: expected 'Label = query', got {line.strip()!r}"
            )
        label = match.group("label").strip()
        if label in queries:
            raise InputError(f"{where} line {number}: label {label!r} is defined twice; rename one")
        try:
            queries[label] = parse_query(match.group("query"), columns=columns)
        except InputError as exc:
            raise InputError(f"{where} line {number} ({label}): {exc}") from None
    if not queries:
        raise InputError(f"{where}: no 'Label = query' line found")
    return queries
