"""Frame scores per document and sentence, with the matched words as evidence.

Scores are dictionary hits (summed entry weights) per 1,000 word tokens, so long and short
articles compare; the evidence table keeps every hit with its sentence so a reader can check
what was counted. :func:`frame_profile` aggregates documents per outlet and/or period with
bootstrap confidence intervals over documents (fixed seed: same input, same intervals).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.framing.dictionary import FrameDictionary, _locate_matches, load_frame_dictionary
from analysis.io.schema import require_columns

__all__ = [
    "FrameScores",
    "document_frames",
    "dominant_frame_counts",
    "frame_scores",
    "frame_profile",
    "top_frame_terms",
    "example_sentences",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FrameScores:
    """The tables :func:`frame_scores` returns.

    Attributes
    ----------
    doc
        One row per document and frame: ``doc_id, frame, hits, weight, n_tokens, per_1k,
        dominant`` (``weight`` = summed entry weights, ``per_1k`` = weight per 1,000 word
        tokens, ``dominant`` = this frame has the document's highest score; ties all count).
    sentence
        One row per sentence and frame with at least one hit: ``doc_id, sent, frame, hits, weight``.
    evidence
        One row per hit: ``doc_id, sent, start, end, frame, term, weight, text, sentence``
        (``term`` the dictionary entry, ``text`` the words in the article).
    dictionary
        The dictionary used (frames, definitions, entries).
    """

    doc: pd.DataFrame
    sentence: pd.DataFrame
    evidence: pd.DataFrame
    dictionary: FrameDictionary

    def wide(self, value: str = "per_1k") -> pd.DataFrame:
        """Documents × frames matrix of ``value`` (``per_1k``, ``weight`` or ``hits``)."""
        table = self.doc.pivot(index="doc_id", columns="frame", values=value)
        order = pd.unique(self.doc["doc_id"])
        return table.reindex(index=order, columns=self.dictionary.frames).rename_axis(columns=None)

    def dominant(self) -> pd.DataFrame:
        """One row per document: ``doc_id, dominant_frames`` ("; "-joined, "" if no hit), ``top_per_1k``."""
        top = self.doc[self.doc["dominant"]]
        joined = top.groupby("doc_id", sort=False)["frame"].agg("; ".join)
        best = self.doc.groupby("doc_id", sort=False)["per_1k"].max()
        out = pd.DataFrame({"doc_id": best.index, "top_per_1k": best.to_numpy()})
        out["dominant_frames"] = out["doc_id"].map(joined).fillna("").astype("string")
        return out[["doc_id", "dominant_frames", "top_per_1k"]].reset_index(drop=True)


def frame_scores(
    tokens: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    corpus: pd.DataFrame | None = None,
    *,
    dictionary: FrameDictionary | str | Path | None = None,
) -> FrameScores:
    """Score every document and sentence on every frame of a dictionary.

    Parameters
    ----------
    tokens
        Token table (``doc_id, sent, i, text, lower, lemma`` and, when present, ``is_punct``,
        ``pos`` and ``whitespace`` — punctuation and spaces are not counted as word tokens).
    sentences
        Sentence table; when given, the evidence carries each hit's sentence text.
    corpus
        Corpus table; when given, every corpus document gets a row (zero if it had no tokens)
        and rows follow corpus order.
    dictionary
        A :class:`FrameDictionary`, a shipped name (``"policy_frames"``, ``"generic_frames"``)
        or a YAML path; default ``policy_frames``.

    Examples
    --------
    >>> scores = frame_scores(ann.tokens, ann.sentences, ann.corpus)  # doctest: +SKIP
    >>> scores.wide().round(1)  # doctest: +SKIP
    """
    dictionary = load_frame_dictionary(dictionary)
    matches = _locate_matches(tokens, dictionary)
    doc_ids = _doc_order(tokens, corpus)
    n_tokens = _word_tokens(tokens).reindex(doc_ids, fill_value=0)
    frames = dictionary.frames
    grid = pd.MultiIndex.from_product([doc_ids, frames], names=["doc_id", "frame"])
    counts = matches.groupby(["doc_id", "frame"], sort=False).agg(
        hits=("term", "size"), weight=("weight", "sum")
    )
    doc = counts.reindex(grid, fill_value=0).reset_index()
    doc["hits"] = doc["hits"].astype("int64")
    doc["weight"] = doc["weight"].astype("float64")
    doc["n_tokens"] = doc["doc_id"].map(n_tokens).astype("int64")
    doc["per_1k"] = np.where(
        doc["n_tokens"] > 0, 1000.0 * doc["weight"] / doc["n_tokens"].clip(lower=1), 0.0
    )
    best = doc.groupby("doc_id", sort=False)["per_1k"].transform("max")
    doc["dominant"] = (doc["per_1k"] == best) & (best > 0)
    doc["doc_id"] = doc["doc_id"].astype("string")
    doc["frame"] = doc["frame"].astype("string")
    sentence = (
        matches.groupby(["doc_id", "sent", "frame"], sort=False)
        .agg(hits=("term", "size"), weight=("weight", "sum"))
        .reset_index()
    )
    sentence = _in_doc_order(sentence, doc_ids, ["sent", "frame"], frames)
    evidence = _evidence(matches, tokens, sentences)
    evidence = _in_doc_order(evidence, doc_ids, ["sent", "start", "frame", "term"], frames)
    return FrameScores(doc, sentence, evidence, dictionary)


def _doc_order(tokens: pd.DataFrame, corpus: pd.DataFrame | None) -> list[str]:
    if corpus is not None:
        require_columns(corpus, ("doc_id",), "corpus table")
        return [str(d) for d in corpus["doc_id"]]
    return [str(d) for d in pd.unique(tokens["doc_id"])]


def _word_tokens(tokens: pd.DataFrame) -> pd.Series:
    """Word tokens per document: not punctuation, not whitespace."""
    keep = np.ones(len(tokens), dtype=bool)
    if "is_punct" in tokens.columns:
        keep &= ~tokens["is_punct"].to_numpy(dtype=bool)
    if "pos" in tokens.columns:
        keep &= (tokens["pos"] != "SPACE").to_numpy(dtype=bool)
    return tokens.loc[keep, "doc_id"].astype("string").value_counts(sort=False)


def _in_doc_order(
    table: pd.DataFrame, doc_ids: Sequence[str], keys: list[str], frames: list[str]
) -> pd.DataFrame:
    rank = {d: k for k, d in enumerate(doc_ids)}
    frame_rank = {f: k for k, f in enumerate(frames)}
    ordered = table.assign(
        _doc=table["doc_id"].map(rank).fillna(len(rank)).astype("int64"),
        _frame=table["frame"].map(frame_rank).astype("int64"),
    )
    sort_keys = ["_doc"] + ["_frame" if k == "frame" else k for k in keys]
    return (
        ordered.sort_values(sort_keys, kind="stable")
        .drop(columns=["_doc", "_frame"])
        .reset_index(drop=True)
    )


#: Evidence columns held as categoricals: a sentence with five hits is one string, not five.
#: At 30,000 articles (3.5M hits) the evidence took 1.1 GB as strings.
EVIDENCE_CATEGORIES = ("frame", "term", "text", "sentence")


def _evidence(
    matches: pd.DataFrame, tokens: pd.DataFrame, sentences: pd.DataFrame | None
) -> pd.DataFrame:
    """Matches with the article's words (``text``) and, if available, the sentence."""
    located = matches
    rows = located["row"].to_numpy(dtype=np.int64)
    length = (located["end"] - located["start"]).to_numpy(dtype=np.int64)
    words = tokens["text"].astype(str).to_numpy(dtype=object)
    spaces = (
        tokens["whitespace"].to_numpy(dtype=bool)
        if "whitespace" in tokens.columns
        else np.ones(len(tokens), bool)
    )
    text = pd.Series(words[rows], dtype=object)
    for k in range(1, int(length.max()) if len(length) else 1):
        more = length > k
        # clamped like the words below: rows that end before word k are not used (``more``)
        joiner = np.where(spaces[np.minimum(rows + k - 1, len(spaces) - 1)], " ", "")
        text[more] = (
            text[more]
            + pd.Series(joiner, dtype=object)[more]
            + pd.Series(words[np.minimum(rows + k, len(words) - 1)], dtype=object)[more]
        )
    evidence = located.drop(columns=["row"]).assign(text=text.astype("string"))
    if sentences is not None and len(evidence):
        lookup = sentences[["doc_id", "sent", "text"]].rename(columns={"text": "sentence"})
        lookup = lookup.astype({"doc_id": "string", "sent": "int64", "sentence": "string"})
        evidence = evidence.merge(lookup, on=["doc_id", "sent"], how="left")
    else:
        evidence["sentence"] = pd.Series(pd.NA, index=evidence.index, dtype="string")
    return evidence.astype({c: "category" for c in EVIDENCE_CATEGORIES})


def frame_profile(
    doc_scores: pd.DataFrame,
    corpus: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    period: str | None = None,
    value: str = "per_1k",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Mean frame score per group with percentile bootstrap intervals over documents.

    Parameters
    ----------
    doc_scores
        ``FrameScores.doc``.
    corpus
        Corpus table (for ``by`` columns and ``published``).
    by
        Corpus column(s) to group by; ``()`` for the whole corpus.
    period
        A pandas period alias (``"M"`` month, ``"W"`` week, ``"Y"`` year): adds a ``period``
        column from ``published``; documents without a date are left out (logged).
    value
        Column of ``doc_scores`` to average (``per_1k`` or ``dominant`` for the share of documents
        where the frame dominates).
    n_boot, ci, seed
        Bootstrap replicates, interval coverage and random seed. Resampling is over documents
        within each group, so the interval reflects which articles happened to be published.

    Returns
    -------
    DataFrame: group columns, ``frame, n_docs, mean, ci_low, ci_high, docs_with_frame,
    share_docs`` (documents with at least one hit and their share), sorted by group then
    dictionary frame order.
    """
    groups = [by] if isinstance(by, str) else list(by)
    require_columns(corpus, groups, "corpus table", hint=f"group by one of {list(corpus.columns)}")
    if value not in doc_scores.columns:
        raise InputError(
            f"frame scores have no column {value!r}; use 'per_1k', 'weight', 'hits' or 'dominant'"
        )
    meta = corpus[["doc_id", *groups]].astype({"doc_id": "string"})
    if period is not None:
        dated = corpus["published"].notna()
        if (~dated).any():
            log.info(
                "frame_profile: %d documents without a date left out of the period view",
                int((~dated).sum()),
            )
        meta = meta[dated.to_numpy()].assign(
            period=corpus.loc[dated, "published"].dt.to_period(period).astype(str).to_numpy()
        )
        groups = [*groups, "period"]
    frames = list(pd.unique(doc_scores["frame"]))
    values = doc_scores.pivot(index="doc_id", columns="frame", values=value).astype(float)[frames]
    hits = doc_scores.pivot(index="doc_id", columns="frame", values="hits")[frames]
    meta = meta[meta["doc_id"].isin(values.index)]
    rng = np.random.default_rng(seed)
    alpha = (1.0 - ci) / 2.0
    rows: list[dict] = []
    grouped = meta.groupby(groups, sort=True, dropna=False) if groups else [((), meta)]
    for key, members in grouped:
        key = key if isinstance(key, tuple) else (key,)
        ids = members["doc_id"].tolist()
        matrix = values.loc[ids].to_numpy()
        n = len(ids)
        weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot)
        boot = weights @ matrix / n
        low, high = np.quantile(boot, [alpha, 1.0 - alpha], axis=0)
        present = (hits.loc[ids].to_numpy() > 0).sum(axis=0)
        for j, frame in enumerate(frames):
            rows.append(
                {**dict(zip(groups, key, strict=True)), "frame": frame, "n_docs": n, "mean": matrix[:, j].mean(),
                 "ci_low": low[j], "ci_high": high[j], "docs_with_frame": int(present[j]), "share_docs": present[j] / n}
            )  # fmt: skip
    columns = [
        *groups,
        "frame",
        "n_docs",
        "mean",
        "ci_low",
        "ci_high",
        "docs_with_frame",
        "share_docs",
    ]
    return pd.DataFrame(rows, columns=columns)


def top_frame_terms(
    evidence: pd.DataFrame,
    corpus: pd.DataFrame | None = None,
    *,
    by: str | None = None,
    n: int = 10,
) -> pd.DataFrame:
    """The most frequent dictionary entries per frame (and per ``by`` group, e.g. outlet).

    Returns ``[by,] frame, term, hits, weight, share`` where ``share`` is the entry's share of
    the frame's weighted hits in that group; sorted by group, frame, weight (desc), term.
    """
    table = evidence
    keys = ["frame"]
    if by is not None:
        if corpus is None or by not in corpus.columns:
            raise InputError(
                f"top_frame_terms(by={by!r}) needs the corpus table with a {by!r} column"
            )
        table = evidence.merge(
            corpus[["doc_id", by]].astype({"doc_id": "string"}), on="doc_id", how="left"
        )
        keys = [by, "frame"]
    counted = (
        table.groupby([*keys, "term"], sort=False)
        .agg(hits=("term", "size"), weight=("weight", "sum"))
        .reset_index()
    )
    counted["share"] = counted["weight"] / counted.groupby(keys, sort=False)["weight"].transform(
        "sum"
    )
    counted = counted.sort_values(
        [*keys, "weight", "hits", "term"],
        ascending=[True] * len(keys) + [False, False, True],
        kind="stable",
    )
    return counted.groupby(keys, sort=False).head(n).reset_index(drop=True)


def example_sentences(scores: FrameScores, frame: str, *, n: int = 5) -> pd.DataFrame:
    """The ``n`` sentences with the most weighted hits for ``frame``, with their matched words.

    Returns ``doc_id, sent, weight, terms, sentence``; ties keep document order.
    """
    if frame not in scores.dictionary.frames:
        raise InputError(
            f"frame {frame!r} is not in dictionary {scores.dictionary.name!r}; choose from {scores.dictionary.frames}"
        )
    hits = scores.evidence[scores.evidence["frame"] == frame]
    if hits.empty:
        return pd.DataFrame(columns=["doc_id", "sent", "weight", "terms", "sentence"])
    # lower-cased once as plain strings: ``.str`` on a categorical works over all its categories,
    # which per sentence made this take minutes at 30,000 articles
    hits = hits.assign(text=hits["text"].astype(str).str.lower())
    grouped = hits.groupby(["doc_id", "sent"], sort=False).agg(
        weight=("weight", "sum"),
        terms=("text", lambda t: ", ".join(dict.fromkeys(t))),
        sentence=("sentence", "first"),
    )
    grouped = grouped.reset_index().assign(_order=lambda f: np.arange(len(f)))
    top = grouped.sort_values(["weight", "_order"], ascending=[False, True], kind="stable").head(n)
    return top.drop(columns="_order").reset_index(drop=True)


def dominant_frame_counts(
    scores: FrameScores, corpus: pd.DataFrame, *, by: str = "outlet"
) -> pd.DataFrame:
    """How many documents of each group each frame dominates: ``by, frame, docs, share``.

    A document with tied top frames counts for each of them; documents without any hit count
    under frame ``"(none)"``. ``share`` is of the group's documents; sorted by group, docs (desc).
    """
    if by not in corpus.columns:
        raise InputError(f"corpus has no column {by!r}; choose from {list(corpus.columns)}")
    groups = corpus[["doc_id", by]].astype({"doc_id": "string"})
    top = scores.doc.loc[scores.doc["dominant"], ["doc_id", "frame"]]
    none = sorted(set(groups["doc_id"]) - set(top["doc_id"]))
    top = pd.concat([top, pd.DataFrame({"doc_id": none, "frame": "(none)"})], ignore_index=True)
    table = (
        top.merge(groups, on="doc_id")
        .groupby([by, "frame"], sort=False)
        .size()
        .rename("docs")
        .reset_index()
    )
    table["share"] = table["docs"] / table[by].map(groups[by].value_counts())
    return table.sort_values(
        [by, "docs", "frame"], ascending=[True, False, True], kind="stable"
    ).reset_index(drop=True)


def document_frames(
    scores: FrameScores, corpus: pd.DataFrame, *, predictions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per document for export (``python -m analysis framing … -o frames.csv``).

    Columns: ``doc_id, outlet, title, n_tokens``, one ``<frame>`` column per dictionary frame
    (hits per 1,000 tokens), ``dominant_frames``, and — when ``predictions`` from
    :func:`~analysis.framing.classifier.predict_frames` (indexed by ``doc_id``) are given —
    ``predicted_frames`` and the ``p_<frame>`` probabilities. Rows follow the corpus order.
    """
    meta = corpus[[c for c in ("doc_id", "outlet", "title") if c in corpus.columns]].astype(
        {"doc_id": "string"}
    )
    wide = scores.wide().reset_index(names="doc_id").astype({"doc_id": "string"})
    n_tokens = scores.doc.drop_duplicates("doc_id")[["doc_id", "n_tokens"]]
    table = meta.merge(n_tokens, on="doc_id", how="left").merge(wide, on="doc_id", how="left")
    table = table.merge(scores.dominant()[["doc_id", "dominant_frames"]], on="doc_id", how="left")
    if predictions is not None:
        extra = predictions.rename(columns={"frames": "predicted_frames"}).reset_index(
            names="doc_id"
        )
        table = table.merge(extra.astype({"doc_id": "string"}), on="doc_id", how="left")
    return table.reset_index(drop=True)
