"""Compile parsed queries to DuckDB SQL over the token table and run them."""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analysis.errors import InputError
from analysis.io.schema import require_columns
from analysis.query.syntax import (
    LEVELS,
    And,
    DateRange,
    Field,
    Node,
    Not,
    Phrase,
    Query,
    Term,
    parse_query,
)


# -- compilation to SQL ------------------------------------------------------------------------
def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _word_condition(alias: str, word: str, wildcard: bool) -> str:
    if wildcard:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{alias}.lower LIKE {_literal(escaped + '%')} ESCAPE '\\'"
    return f"{alias}.lower = {_literal(word)}"


_TOKEN_COLUMNS = ("doc_id", "sent", "i", "lower", "is_punct", "section")
#: Corpus columns a query reaches through the word table, never as a field.
_BODY_COLUMNS = ("text",)
#: DuckDB's memory for an engine built from the store; beyond it, DuckDB spills to disk. At
#: 30,000 articles (32M tokens) 1 GB held +860 MB in the kernel, 512 MB +390 MB, for queries
#: taking 1.5–4 s instead of 0.5–1.6 s.
DUCKDB_MEMORY_LIMIT = "512MB"


class QueryEngine:
    """A DuckDB connection holding the word table, ready to run many queries.

    Parameters
    ----------
    tokens
        Token table (``doc_id, sent, i, lower, is_punct, section``).
    corpus
        Corpus table; its columns are the fields (``outlet:``, ``published:``, …).
    sentences
        Sentence table, only needed to return sentence text with :meth:`sentences`.
    """

    def __init__(
        self, tokens: pd.DataFrame, corpus: pd.DataFrame, sentences: pd.DataFrame | None = None
    ) -> None:
        require_columns(tokens, _TOKEN_COLUMNS, "token table")
        connection = duckdb.connect()
        wanted = tokens[list(_TOKEN_COLUMNS)]
        connection.register("_tokens", pa.Table.from_pandas(wanted, preserve_index=False))
        self._prepare(connection, corpus, sentences)

    @classmethod
    def from_annotations(
        cls,
        ann,  # noqa: ANN001 - analysis.annotation.annotate.Annotations
        corpus: pd.DataFrame | None = None,
        sentences: pd.DataFrame | None = None,
    ) -> QueryEngine:
        """An engine that reads the store's token shards with DuckDB, never the token table.

        The same engine as ``QueryEngine(ann.tokens, corpus)`` (``corpus`` defaults to
        ``ann.corpus``; any table with its ``doc_id`` and ``sha256``, such as folded groups),
        but the tokens go from Parquet into DuckDB's own compact tables, which spill to a
        temporary folder beyond :data:`DUCKDB_MEMORY_LIMIT` instead of growing with the corpus.
        """
        corpus = ann.corpus if corpus is None else corpus
        if not ann.store.files("tokens"):
            return cls(ann.tokens, corpus, sentences)
        connection = ann.store.duckdb()
        spill = Path(tempfile.gettempdir()) / f"analysis-duckdb-{os.getpid()}"
        connection.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        connection.execute(f"SET temp_directory = {_literal(str(spill))}")
        keys = pa.table(
            {
                "doc_id": pa.array(corpus["doc_id"].astype(str).tolist(), pa.string()),
                "key": pa.array(corpus["sha256"].astype(str).tolist(), pa.string()),
            }
        )
        connection.register("_keys", keys)
        columns = ", ".join(f"t.{c}" for c in _TOKEN_COLUMNS if c != "doc_id")
        connection.execute(
            f"CREATE TEMP VIEW _tokens AS SELECT k.doc_id, {columns} "
            "FROM tokens t JOIN _keys k ON t.key = k.key"
        )
        engine = cls.__new__(cls)
        engine._prepare(connection, corpus, sentences)
        return engine

    def _prepare(
        self,
        connection: duckdb.DuckDBPyConnection,
        corpus: pd.DataFrame,
        sentences: pd.DataFrame | None,
    ) -> None:
        """The word, document and sentence tables every query runs on, from ``_tokens``."""
        self.corpus = corpus
        self.columns = {c.lower(): c for c in corpus.columns}
        self.con = connection
        # fields are metadata; the body is searched through the word table, so DuckDB gets no
        # copy of it (165 MB at 30,000 articles)
        fields = corpus.drop(columns=[c for c in _BODY_COLUMNS if c in corpus.columns])
        self.con.register("corpus", pa.Table.from_pandas(fields, preserve_index=False))
        self.con.execute(
            "CREATE TEMP TABLE words AS SELECT doc_id, sent, section, lower, "
            "CAST(row_number() OVER (PARTITION BY doc_id ORDER BY i) AS INTEGER) AS w "
            "FROM _tokens WHERE NOT is_punct AND length(trim(lower)) > 0"
        )
        self.con.execute("CREATE TEMP TABLE docs AS SELECT DISTINCT doc_id FROM corpus")
        self.con.execute(
            "CREATE TEMP TABLE sents AS SELECT DISTINCT t.doc_id, t.sent FROM _tokens t "
            "JOIN docs USING (doc_id)"
        )
        self.sentence_table = sentences

    def close(self) -> None:
        """Close the DuckDB connection and free its memory (up to :data:`DUCKDB_MEMORY_LIMIT`);
        the engine runs no query afterwards."""
        self.con.close()

    def parse(self, query: str | Query) -> Query:
        return query if isinstance(query, Query) else parse_query(query, columns=set(self.columns))

    def sql(self, query: str | Query, *, level: str = "document") -> str:
        """The DuckDB SQL selecting matching ``doc_id`` (document) or ``doc_id, sent`` (sentence)."""
        if level not in LEVELS:
            raise InputError(f"level must be one of {LEVELS}, got {level!r}")
        return self._compile(self.parse(query).root, level)

    def _keys(self, level: str, alias: str) -> str:
        return f"{alias}.doc_id" if level == "document" else f"{alias}.doc_id, {alias}.sent"

    def _compile(self, node: Node, level: str) -> str:
        universe = "docs" if level == "document" else "sents"
        if isinstance(node, Term):
            where = _word_condition("w0", node.word, node.wildcard)
            if node.section:
                where += f" AND w0.section = {_literal(node.section)}"
            return f"SELECT DISTINCT {self._keys(level, 'w0')} FROM words w0 WHERE {where}"
        if isinstance(node, Phrase):
            return self._phrase(node, level)
        if isinstance(node, Field | DateRange):
            condition = self._metadata_condition(node)
            keys = self._keys(level, "u")
            return (
                f"SELECT {keys} FROM {universe} u WHERE u.doc_id IN "
                f"(SELECT c.doc_id FROM corpus c WHERE {condition})"
            )
        if isinstance(node, Not):
            return (
                f"SELECT * FROM {universe} EXCEPT SELECT * FROM ({self._compile(node.item, level)})"
            )
        operator = "INTERSECT" if isinstance(node, And) else "UNION"
        parts = [f"SELECT * FROM ({self._compile(item, level)})" for item in node.items]
        return f" {operator} ".join(parts)

    def _phrase(self, node: Phrase, level: str) -> str:
        joins, wheres = [], []
        for k, (word, wildcard) in enumerate(node.words):
            wheres.append(_word_condition(f"w{k}", word, wildcard))
            if node.section:
                wheres.append(f"w{k}.section = {_literal(node.section)}")
            if k == 0:
                continue
            on = [f"w{k}.doc_id = w0.doc_id"]
            if node.slop is None:
                on += [f"w{k}.w = w0.w + {k}", f"w{k}.sent = w0.sent"]
            else:
                on += [
                    f"w{k}.w BETWEEN w0.w - {node.slop} AND w0.w + {node.slop}",
                    f"w{k}.w <> w0.w",
                ]
                if level == "sentence":
                    on.append(f"w{k}.sent = w0.sent")
            joins.append(f"JOIN words w{k} ON " + " AND ".join(on))
        return (
            f"SELECT DISTINCT {self._keys(level, 'w0')} FROM words w0 {' '.join(joins)} "
            f"WHERE {' AND '.join(wheres)}"
        )

    def _metadata_condition(self, node: Field | DateRange) -> str:
        if isinstance(node, DateRange):
            if "published" not in self.corpus.columns:
                raise InputError(
                    "the corpus has no 'published' column, so date ranges cannot match"
                )
            parts = ["c.published IS NOT NULL"]
            if node.start:
                parts.append(f"CAST(c.published AS DATE) >= DATE '{node.start.isoformat()}'")
            if node.end:
                parts.append(f"CAST(c.published AS DATE) <= DATE '{node.end.isoformat()}'")
            return " AND ".join(parts)
        column = self.columns.get(node.column, node.column).replace('"', '""')
        value = f'lower(CAST(c."{column}" AS VARCHAR))'
        if node.wildcard:
            escaped = (
                node.value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            )
            return f"{value} LIKE {_literal(escaped + '%')} ESCAPE '\\'"
        return f"{value} = {_literal(node.value.lower())}"

    def matching_ids(self, query: str | Query) -> list[str]:
        """``doc_id`` of matching documents, in corpus order."""
        found = {row[0] for row in self.con.execute(self.sql(query)).fetchall()}
        return [d for d in self.corpus["doc_id"].tolist() if d in found]

    def documents(self, query: str | Query) -> pd.DataFrame:
        """Matching corpus rows, in corpus order."""
        found = set(self.matching_ids(query))
        return self.corpus[self.corpus["doc_id"].isin(found)].reset_index(drop=True)

    def sentences(self, query: str | Query) -> pd.DataFrame:
        """Matching sentences: ``doc_id, sent`` (plus ``outlet`` and ``text`` when known), in corpus order."""
        keys = self.con.execute(self.sql(query, level="sentence")).df()
        order = pd.DataFrame({"doc_id": self.corpus["doc_id"], "_order": range(len(self.corpus))})
        keys = keys.astype({"doc_id": "str", "sent": "int64"}).merge(order, on="doc_id")
        keys = keys.merge(self.corpus[["doc_id", "outlet"]], on="doc_id", how="left")
        if self.sentence_table is not None:
            texts = self.sentence_table[["doc_id", "sent", "text"]].astype({"sent": "int64"})
            keys = keys.merge(texts, on=["doc_id", "sent"], how="left")
        keys = keys.sort_values(["_order", "sent"], kind="stable").drop(columns="_order")
        return keys.reset_index(drop=True)


def match_documents(query: str, tokens: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Corpus rows matching ``query`` (see the module docstring for the syntax)."""
    return QueryEngine(tokens, corpus).documents(query)


def match_sentences(
    query: str, tokens: pd.DataFrame, corpus: pd.DataFrame, sentences: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Sentences matching ``query`` on their own (phrases and proximity within the sentence)."""
    return QueryEngine(tokens, corpus, sentences).sentences(query)


def restrict_annotations(ann, query: str):  # noqa: ANN001, ANN201 - Annotations in, Annotations out
    """The same :class:`~analysis.annotation.annotate.Annotations` limited to documents matching ``query``.

    What a report notebook's ``query`` parameter does; an empty query returns ``ann`` itself.
    """
    if not query or not query.strip():
        return ann
    corpus = QueryEngine.from_annotations(ann).documents(query)
    if corpus.empty:
        raise InputError(f"no document matches the query {query!r}; loosen it or leave it empty")
    return dataclasses.replace(ann, corpus=corpus, _tables={})


def open_corpus(
    corpus,  # noqa: ANN001 - a path, several paths, or a corpus table
    *,
    store: str | None = None,
    model: str | None = None,
    query: str = "",
    skips=None,  # noqa: ANN001 - analysis.skips.SkipLog
):  # noqa: ANN201 - Annotations
    """Load, annotate (cached) and restrict to ``query``: the first line of every report notebook.

    Empty strings mean the defaults, as in a notebook's parameters cell; ``skips`` is the log
    every stage records unparseable documents in (the report page's, in a report)::

        ann = analysis.open_corpus(corpus, store=store, model=model, query=query, skips=page.skips)
    """
    from analysis.annotation.annotate import open_annotated

    return restrict_annotations(
        open_annotated(corpus, store=store or None, model=model or None, skips=skips), query
    )
