"""Attributions over an annotated corpus, the per-document stage cached in the store.

Walking the parsed Docs is the costly part of sourcing (about a quarter of the parse on a
large corpus), and its result for one document depends only on the document's parse, its
speaker value and the extractor's code and resources. :func:`store_attributions` keeps each
document's record (:class:`~analysis.sourcing.extract.DocumentRecord`) in the annotation store
(:class:`~analysis.annotation.result_cache.ResultCache`), extracts only the documents it has
no record for — on this process, or on a Dask cluster's workers with ``client`` — and then
runs the corpus-wide steps over all records. Adding 1,000 articles to an extracted corpus
walks 1,000 Docs.

The cache key (:func:`extractor_digest`) is derived, never hand-kept: the source of
:mod:`analysis.sourcing.extract` and of every module of the package it imports, the spaCy
version, the bytes of every shipped resource file and of any resource file given. Change
any of them and the records are made again. A resource passed as a loaded object cannot be
hashed, so that call runs uncached.

>>> attr = store_attributions(ann, skips=ann.skips)  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.tokens import DocBin
from spacy.vocab import Vocab
from tqdm.auto import tqdm

from analysis.annotation.annotate import Annotations, progress_enabled
from analysis.annotation.code_digest import module_closure_sha256, sources_sha256
from analysis.annotation.pipeline import load_pipeline
from analysis.annotation.result_cache import ResultCache
from analysis.errors import AnalysisError
from analysis.resource_files import bundled_resource
from analysis.skips import SkipLog
from analysis.sourcing.extract import (
    DocumentRecord,
    Lexicons,
    assemble,
    attributions,
    corpus_context,
    document_record,
    load_lexicons,
)
from analysis.sourcing.lexicons import MediaNames, ReportingVerbs, SourceTypeRules

__all__ = ["cache_attributions", "extract_missing", "extractor_digest", "store_attributions"]

#: The module whose code (with everything it imports from the package) makes a record.
STAGE_MODULE = "analysis.sourcing.extract"
CACHE_NAME = "sourcing"
#: Documents whose records are read and assembled at a time.
READ_BATCH = 2000

Resource = str | Path | None


def extractor_digest(
    verbs: Resource | ReportingVerbs = None,
    source_types: Resource | SourceTypeRules = None,
    media: Resource | MediaNames = None,
) -> str | None:
    """The cache key of the per-document stage for these resources (None: not cacheable)."""
    import spacy

    digest = hashlib.sha256()
    digest.update(module_closure_sha256(STAGE_MODULE).encode())
    digest.update(f"\0spacy {spacy.__version__}\0".encode())
    shipped = bundled_resource()
    files = sorted(p.relative_to(shipped).as_posix() for p in shipped.rglob("*") if p.is_file())
    digest.update(sources_sha256(shipped, files).encode())
    for given in (verbs, source_types, media):
        if given is None:
            digest.update(b"\0shipped")
        elif isinstance(given, str | Path):
            digest.update(b"\0" + hashlib.sha256(Path(given).read_bytes()).digest())
        else:
            return None
    return digest.hexdigest()


def store_attributions(
    ann: Annotations,
    *,
    verbs: Resource | ReportingVerbs = None,
    source_types: Resource | SourceTypeRules = None,
    media: Resource | MediaNames = None,
    skips: SkipLog | None = None,
    client: Any = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """:func:`~analysis.sourcing.attributions` of ``ann``, reusing records cached in its store.

    Same table as ``attributions(ann.docs(), ann.corpus, …)``; documents with no record yet
    are extracted first (on the workers of the Dask ``client`` when given) and cached.
    """
    digest = extractor_digest(verbs, source_types, media)
    if digest is None:
        return attributions(
            ann.docs(), ann.corpus, verbs=verbs, source_types=source_types, media=media, skips=skips
        )
    cache = ResultCache(ann.store, CACHE_NAME, digest)
    lexicons = load_lexicons(verbs, source_types, media)
    extract_missing(ann, lexicons, cache, client=client, progress=progress)
    return assemble(_cached_records(ann, cache), corpus_context(ann.corpus), lexicons, skips=skips)


def cache_attributions(
    ann: Annotations,
    *,
    verbs: Resource = None,
    source_types: Resource = None,
    media: Resource = None,
    client: Any = None,
    progress: bool | None = None,
) -> ResultCache:
    """Extract and cache the records ``ann``'s store lacks; returns the cache.

    The report runner calls this with a Dask ``client`` (``report --scheduler``) so the
    cluster walks the Docs and the sourcing notebook finds every record made.
    """
    digest = extractor_digest(verbs, source_types, media)
    if digest is None:
        raise AnalysisError("cache_attributions needs resource paths (or None), not loaded objects")
    cache = ResultCache(ann.store, CACHE_NAME, digest)
    lexicons = load_lexicons(verbs, source_types, media)
    extract_missing(ann, lexicons, cache, client=client, progress=progress)
    return cache


def _wanted(ann: Annotations) -> list[tuple[str, str, str]]:
    """``(doc_id, key, context)`` of every parsed document, in corpus order."""
    speakers = corpus_context(ann.corpus).speakers
    annotated = ann.annotated()
    return [
        (str(doc_id), str(key), speakers.get(str(doc_id), ""))
        for doc_id, key in zip(annotated["doc_id"], annotated["sha256"], strict=True)
    ]


def extract_missing(
    ann: Annotations,
    lexicons: Lexicons,
    cache: ResultCache,
    *,
    client: Any = None,
    progress: bool | None = None,
) -> int:
    """Make and cache the records the cache lacks; returns how many documents were walked."""
    known = cache.known()
    missing: dict[str, list[str]] = {}
    for _, key, context in _wanted(ann):
        if (key, context) not in known and context not in missing.get(key, []):
            missing.setdefault(key, []).append(context)
    if not missing:
        return 0
    by_shard = ann.store.keys_by_shard(missing)
    jobs = [(shard, {key: missing[key] for key in keys}) for shard, keys in by_shard.items()]
    n_docs = sum(len(contexts) for contexts in missing.values())
    bar = tqdm(total=n_docs, desc="sourcing", unit="doc", disable=not progress_enabled(progress))
    with bar:
        if client is not None:
            _extract_on_cluster(ann, lexicons, cache, jobs, client, bar)
        else:
            vocab = load_pipeline(ann.model_info.package)[0].vocab
            for shard, wanted in jobs:
                shard_keys, docbin = ann.store.shard_docs(shard)
                rows = extract_shard(docbin, shard_keys, wanted, vocab, lexicons)
                cache.write(rows)
                bar.update(len(rows))
    return n_docs


def extract_shard(
    docbin: bytes,
    shard_keys: Sequence[str],
    wanted: dict[str, list[str]],
    vocab: Vocab,
    lexicons: Lexicons,
) -> list[tuple[str, str, str]]:
    """``(key, context, payload)`` for the wanted documents of one store shard.

    Docs are made one at a time from the DocBin and dropped, so a shard's Docs (about 1.5 KB
    a token) are never all in memory.
    """
    rows = []
    for key, doc in zip(shard_keys, DocBin().from_bytes(docbin).get_docs(vocab), strict=True):
        for context in wanted.get(key, ()):
            record = document_record(doc, lexicons, context, doc_id=key[:12])
            rows.append((key, context, record.to_json()))
    return rows


def _extract_on_worker(
    docbin: bytes,
    shard_keys: list[str],
    wanted: dict[str, list[str]],
    model: str,
    lexicons: Lexicons,
) -> list[tuple[str, str, str]]:
    """Runs on a Dask worker: the worker's own copy of the model (loaded once) reads the Docs."""
    nlp, _ = load_pipeline(model)
    return extract_shard(docbin, shard_keys, wanted, nlp.vocab, lexicons)


def _extract_on_cluster(
    ann: Annotations,
    lexicons: Lexicons,
    cache: ResultCache,
    jobs: list[tuple[str, dict[str, list[str]]]],
    client: Any,
    bar: tqdm,
) -> None:
    """Send each shard's DocBin to a worker, at most two tasks per worker in flight.

    The client reads the store and writes the records, so workers need the package and the
    model but not the store's folder.
    """
    from distributed import as_completed

    window = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending = iter(jobs)

    def submit(shard: str, wanted: dict[str, list[str]]) -> Any:
        shard_keys, docbin = ann.store.shard_docs(shard)
        return client.submit(
            _extract_on_worker, docbin, shard_keys, wanted, ann.model_info.package, lexicons,
            pure=False,
        )  # fmt: skip

    running = as_completed([submit(*job) for job in islice(pending, window)])
    for future in running:
        rows = future.result()
        cache.write(rows)
        bar.update(len(rows))
        following = next(pending, None)
        if following is not None:
            running.add(submit(*following))


def _cached_records(ann: Annotations, cache: ResultCache) -> Iterator[tuple[str, DocumentRecord]]:
    """Every parsed document's record in corpus order, read a batch at a time."""
    wanted = _wanted(ann)
    for start in range(0, len(wanted), READ_BATCH):
        batch = wanted[start : start + READ_BATCH]
        found = cache.lookup((key, context) for _, key, context in batch)
        for doc_id, key, context in batch:
            payload = found.get((key, context))
            if payload is None:
                raise AnalysisError(
                    f"document {doc_id!r}: no sourcing record in {cache.folder} although it was "
                    "just extracted; was the store folder removed during the run?"
                )
            yield doc_id, DocumentRecord.from_json(payload)
