"""Parse one partition of texts into one store shard: the unit of work of every parallel backend.

Local worker processes (:mod:`analysis.annotation.workers`) and Dask tasks
(:mod:`analysis.annotation.dask_backend`) both turn a list of ``(key, text, sections)`` items
into shard tables with :func:`annotate_partition`, so the two backends cannot drift apart
from each other or from the local stream.

Each Doc is turned into rows and serialised as soon as spaCy yields it, and then dropped: a
parsed Doc holds ~1.5 KB a token (the tok2vec tensor among it), so keeping a partition's Docs
until the end would grow a worker by ~0.3 GB per 200 news articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from analysis.annotation.doc_rows import TableBuilder
from analysis.skips import short_message

__all__ = ["Item", "Failure", "ShardCollector", "ShardParts", "annotate_partition"]

#: ``(key, text, sections)``: the text's SHA-256, the text, its sections (see ``doc_sections``).
Item = tuple[str, str, list]
#: ``(key, error type, message)`` of a text the pipeline could not parse.
Failure = tuple[str, str, str]


@dataclass
class ShardParts:
    """What one partition becomes: keys, tables, DocBin bytes, token count, and failures."""

    keys: list[str] = field(default_factory=list)
    tables: dict[str, pa.Table] = field(default_factory=dict)
    docbin: bytes = b""
    n_tokens: int = 0
    failures: list[Failure] = field(default_factory=list)


class ShardCollector:
    """Rows and serialised Docs of one shard, added a Doc at a time."""

    def __init__(self) -> None:
        self.builder, self.docbin, self.keys = TableBuilder(), DocBin(store_user_data=False), []

    def add(self, doc: Doc, key: str, sections: list) -> None:
        self.builder.add(doc, key, sections)
        self.docbin.add(doc)
        self.keys.append(key)

    def parts(self, failures: list[Failure]) -> ShardParts:
        tables = {
            "tokens": self.builder.tokens(),
            "sentences": self.builder.sentences(),
            "entities": self.builder.entities(),
        }
        return ShardParts(
            self.keys, tables, self.docbin.to_bytes(), self.builder.n_tokens, failures
        )


def annotate_partition(nlp: Language, items: list[Item], *, batch_size: int) -> ShardParts:
    """Parse ``items`` in one ``nlp.pipe`` stream; if it raises, again one text at a time.

    The fallback finds the texts that break the pipeline and returns them as failures instead
    of losing the partition.
    """
    collector = ShardCollector()
    try:
        stream = nlp.pipe(
            ((text, (key, sections)) for key, text, sections in items),
            as_tuples=True,
            batch_size=batch_size,
        )
        for doc, (key, sections) in stream:
            collector.add(doc, key, sections)
        return collector.parts([])
    except Exception:  # noqa: BLE001 - find the text that broke the batch
        collector, failures = ShardCollector(), []
        for key, text, sections in items:
            try:
                doc = nlp(text)
            except Exception as error:  # noqa: BLE001
                failures.append((key, type(error).__name__, short_message(error)))
            else:
                collector.add(doc, key, sections)
        return collector.parts(failures)
