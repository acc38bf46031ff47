"""Boolean queries over documents and sentences, in the syntax of Media Cloud and AmCAT.

Syntax (operators in capitals; a space between two terms means AND)::

    ceasefire OR truce                 either word
    peace AND talks, peace talks       both words (implicit AND)
    NOT sanctions, Ukraine NOT Crimea  without the word (NOT binds tighter than AND, AND than OR)
    (truce OR ceasefire) AND Kyiv      grouping
    "peace talks"                      exact phrase: consecutive words within one sentence
    "peace talks"~5                    every word within 5 words of the first one
    negotiat*                          trailing wildcard: negotiate, negotiations, …
    title:ceasefire, text:(a OR b)     only in the headline / standfirst / body
    outlet:"RT", outlet:Wiki*          any corpus column: equality, case-insensitive
    published:[2022-01-01 TO 2022-03-31]   inclusive date range (``*`` for an open end);
    published:2022-02, published:2022  a whole month or year

Words match the token table's ``lower`` column (punctuation tokens are skipped, so
``"peace-talks"`` and ``"peace talks"`` match the same). A query is parsed into a small AST
and compiled to DuckDB SQL that returns the matching documents (or sentences): each leaf is a
``SELECT`` of unit keys, AND/OR/NOT become ``INTERSECT``/``UNION``/``EXCEPT``. Syntax errors
raise :class:`~analysis.errors.InputError` naming the position, with a caret under it.

Labelled queries (``Ceasefire = ceasefire OR truce``, one per line; :func:`parse_labelled_queries`)
work as a concept dictionary; :func:`analysis.overview.attention.labelled_query_counts` counts them per
outlet and period.
"""

from analysis.query.engine import (
    QueryEngine,
    match_documents,
    match_sentences,
    open_corpus,
    restrict_annotations,
)
from analysis.query.syntax import TEXT_FIELDS, Query, parse_labelled_queries, parse_query

__all__ = [
    "Query",
    "QueryEngine",
    "parse_query",
    "parse_labelled_queries",
    "match_documents",
    "match_sentences",
    "open_corpus",
    "restrict_annotations",
    "TEXT_FIELDS",
]
