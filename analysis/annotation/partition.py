"""Parse one partition of texts into one store shard: the unit of work of every parallel backend.

Local worker processes (:mod:`analysis.annotation.workers`) and Dask tasks
(:mod:`analysis.annotation.dask_backend`) both parse a list of ``(key, text, sections)`` items
with :func:`parse_partition` and turn the Docs into shard tables with :func:`shard_tables`, so
the two backends cannot drift apart from each other or from the local stream.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from analysis.annotation.doc_rows import TableBuilder
from analysis.skips import short_message

__all__ = ["Item", "Failure", "parse_partition", "shard_tables"]

#: ``(key, text, sections)``: the text's SHA-256, the text, its sections (see ``doc_sections``).
Item = tuple[str, str, list]
#: ``(key, error type, message)`` of a text the pipeline could not parse.
Failure = tuple[str, str, str]


def parse_partition(
    nlp: Language, items: list[Item], *, batch_size: int
) -> tuple[list[tuple[Doc, str, list]], list[Failure]]:
    """Parse ``items`` in one ``nlp.pipe`` stream; if it raises, parse them one at a time.

    The fallback finds the texts that break the pipeline and returns them as failures instead
    of losing the partition.
    """
    failures: list[Failure] = []
    try:
        parsed = [
            (doc, key, sections)
            for doc, (key, sections) in nlp.pipe(
                ((text, (key, sections)) for key, text, sections in items),
                as_tuples=True,
                batch_size=batch_size,
            )
        ]
    except Exception:  # noqa: BLE001 - find the text that broke the batch
        parsed = []
        for key, text, sections in items:
            try:
                parsed.append((nlp(text), key, sections))
            except Exception as error:  # noqa: BLE001
                failures.append((key, type(error).__name__, short_message(error)))
    return parsed, failures


def shard_tables(
    parsed: list[tuple[Any, str, list]],
) -> tuple[list[str], dict[str, pa.Table], bytes, int]:
    """Keys, the tokens/sentences/entities tables, the DocBin bytes and the token count."""
    builder, docbin, keys = TableBuilder(), DocBin(store_user_data=False), []
    for doc, key, sections in parsed:
        builder.add(doc, key, sections)
        docbin.add(doc)
        keys.append(key)
    tables = {
        "tokens": builder.tokens(),
        "sentences": builder.sentences(),
        "entities": builder.entities(),
    }
    return keys, tables, docbin.to_bytes(), builder.n_tokens
