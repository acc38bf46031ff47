"""Which variant of each concept every outlet uses: counts, shares, documents and sentences.

``term_usage`` answers "when outlet X names the capital of Ukraine, how often is it 'Kyiv'?"
The share of a variant is its count divided by the count of all variants of its concept in the
group, with a Wilson 95 % interval so that a share resting on three mentions reads as such.
Every count keeps the documents behind it, and the evidence table has each matched sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.wordchoice._token_index import require_columns
from analysis.wordchoice.lexicon import Lexicon, load_lexicon, match_lexicon

__all__ = [
    "TermUsage",
    "term_usage",
    "sentence_texts",
    "wilson_interval",
    "group_of_docs",
    "frequent_matches",
]

_Z95 = 1.959963984540054


@dataclass(frozen=True)
class TermUsage:
    """Result of :func:`term_usage`.

    ``counts``: one row per group × variant (zeros included) with ``count, concept_total, share,
    share_low, share_high, per_10k_tokens, n_docs, doc_ids``; ``evidence``: one row per match
    with its group, the matched text and the sentence; ``lexicon``: the variants matched.
    """

    counts: pd.DataFrame
    evidence: pd.DataFrame
    lexicon: pd.DataFrame


def wilson_interval(successes: np.ndarray, trials: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score 95 % interval of a proportion; NaN where there are no trials."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + _Z95**2 / n
        centre = (p + _Z95**2 / (2 * n)) / denom
        half = _Z95 * np.sqrt(p * (1 - p) / n + _Z95**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def group_of_docs(tokens_or_ids: pd.Series, corpus: pd.DataFrame | None, by: str) -> pd.Series:
    """The ``by`` value of each doc_id (as a string Series aligned with the input)."""
    if corpus is None:
        raise InputError(f"grouping by {by!r} needs the corpus table; pass corpus=ann.corpus")
    if "doc_id" not in corpus.columns or by not in corpus.columns:
        raise InputError(
            f"corpus has no column {by!r} to group by (columns: {list(corpus.columns)}); "
            "pass by= one of them"
        )
    mapping = pd.Series(
        corpus[by].astype("string").to_numpy(), index=corpus["doc_id"].astype("string")
    )
    groups = pd.Series(
        tokens_or_ids.astype("string").map(mapping).to_numpy(), index=tokens_or_ids.index
    )
    return groups.fillna("(unknown)").astype("string")


def _sentence_keys(tokens: pd.DataFrame) -> tuple[np.ndarray, pd.Index, int]:
    """An int64 key per token row for its (document, sentence), the document ids, and the stride."""
    doc_codes, doc_ids = pd.factorize(tokens["doc_id"], sort=False)
    sent = tokens["sent"].to_numpy(dtype=np.int64)
    stride = int(sent.max(initial=0)) + 1
    return doc_codes.astype(np.int64) * stride + sent, pd.Index(doc_ids), stride


def sentence_texts(tokens: pd.DataFrame, keys: pd.DataFrame) -> pd.Series:
    """Text of the sentences ``keys[doc_id, sent]`` rebuilt from the token table's text and spacing."""
    token_keys, doc_ids, stride = _sentence_keys(tokens)
    doc_positions = doc_ids.get_indexer(keys["doc_id"].astype("object"))
    wanted = np.where(
        doc_positions >= 0, doc_positions * stride + keys["sent"].to_numpy(dtype=np.int64), -1
    )
    mask = np.isin(token_keys, wanted[wanted >= 0])
    text = tokens["text"].to_numpy()[mask]
    if "whitespace" in tokens.columns:
        spaces = np.where(tokens["whitespace"].to_numpy(dtype=bool)[mask], " ", "")
    else:
        spaces = np.full(len(text), " ")
    pieces = pd.Series([f"{t}{w}" for t, w in zip(text, spaces, strict=True)], dtype="object")
    joined = pieces.groupby(token_keys[mask], sort=False).agg("".join)
    cleaned = joined.map(lambda s: " ".join(s.split()))
    return pd.Series(pd.Series(wanted).map(cleaned).to_numpy(), index=keys.index, dtype="string")


def term_usage(
    tokens: pd.DataFrame,
    corpus: pd.DataFrame,
    *,
    lexicon: str | Path | Lexicon | dict | None = None,
    by: str = "outlet",
    sentences: pd.DataFrame | None = None,
) -> TermUsage:
    """Counts and shares of each competing variant within its concept, per group.

    Parameters
    ----------
    tokens, corpus
        The token and corpus tables (``ann.tokens``, ``ann.corpus``).
    lexicon
        Bundled name (``"russia_ukraine"`` default, ``"general"``), YAML path, dict or Lexicon.
    by
        Corpus column to group by (``outlet``, ``leaning``, a period column…).
    sentences
        The sentence table, for the evidence text; rebuilt from tokens when omitted.
    """
    lex = load_lexicon(lexicon)
    matches = lexicon_evidence(tokens, lex, sentences=sentences)
    return usage_from_matches(matches, words_per_document(tokens), corpus, lex, by=by)


def words_per_document(tokens: pd.DataFrame) -> pd.Series:
    """Word tokens (not punctuation) per document, indexed by ``doc_id`` in table order."""
    word = (
        ~tokens["is_punct"].to_numpy(dtype=bool)
        if "is_punct" in tokens.columns
        else np.ones(len(tokens), bool)
    )
    doc_codes, doc_ids = pd.factorize(tokens["doc_id"], sort=False)
    counts = np.bincount(doc_codes[word], minlength=len(doc_ids))
    return pd.Series(counts, index=pd.Index(np.asarray(doc_ids, dtype=object), dtype="string"))


def words_per_group(words_per_doc: pd.Series, corpus: pd.DataFrame, by: str) -> pd.Series:
    """:func:`words_per_document` summed per ``by`` group of the corpus."""
    doc_groups = group_of_docs(pd.Series(words_per_doc.index, dtype="string"), corpus, by)
    return pd.Series(words_per_doc.to_numpy()).groupby(doc_groups.to_numpy()).sum()


def lexicon_evidence(
    tokens: pd.DataFrame, lex: Lexicon, *, sentences: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every lexicon match of ``tokens`` with its sentence: the evidence, before grouping."""
    require_columns(tokens, ("doc_id", "sent", "i", "text", "lower"), "token table")
    matches = match_lexicon(tokens, lex)
    if sentences is not None and len(matches):
        table = sentences[["doc_id", "sent", "text"]].rename(columns={"text": "sentence"})
        table = table.assign(doc_id=table["doc_id"].astype("string"))
        return matches.merge(table, on=["doc_id", "sent"], how="left")
    return matches.assign(
        sentence=sentence_texts(tokens, matches) if len(matches) else pd.Series(dtype="string")
    )


def usage_from_matches(
    matches: pd.DataFrame,
    words_per_doc: pd.Series,
    corpus: pd.DataFrame,
    lex: Lexicon,
    *,
    by: str = "outlet",
) -> TermUsage:
    """:class:`TermUsage` from :func:`lexicon_evidence` and :func:`words_per_document`.

    The two inputs add up over slices of a corpus, so a large corpus can be matched a slice at
    a time (:func:`analysis.wordchoice.batched.batched_lexicon_evidence`).
    """
    evidence = matches.copy()
    evidence.insert(0, by, group_of_docs(evidence["doc_id"], corpus, by))
    evidence = evidence.sort_values([by, "concept", "variant", "doc_id", "start"], kind="stable")
    evidence = evidence.reset_index(drop=True)
    counts = _usage_counts(words_per_doc, corpus, evidence, lex, by)
    return TermUsage(counts=counts, evidence=evidence, lexicon=lex.table())


def _usage_counts(
    words_per_doc: pd.Series, corpus: pd.DataFrame, matches: pd.DataFrame, lex: Lexicon, by: str
) -> pd.DataFrame:
    group_sizes = words_per_group(words_per_doc, corpus, by)
    groups = sorted(set(corpus[by].astype("string").fillna("(unknown)")) | set(matches[by]))
    grid = pd.DataFrame(
        [
            (g, c.concept, c.label, k, v.term, v.stance)
            for g in groups
            for c in lex.concepts
            for k, v in enumerate(c.variants)
        ],
        columns=[by, "concept", "concept_label", "variant_order", "variant", "stance"],
    )
    keys = [by, "concept", "variant"]
    tallies = (
        matches.groupby(keys, sort=True, observed=True)
        .agg(
            count=("doc_id", "size"), n_docs=("doc_id", "nunique"), doc_ids=("doc_id", _joined_ids)
        )
        .reset_index()
    )
    grid = grid.astype({by: "string", "concept": "string", "variant": "string"})
    tallies = tallies.astype({by: "string", "concept": "string", "variant": "string"})
    counts = grid.merge(tallies, on=keys, how="left")
    counts["count"] = counts["count"].fillna(0).astype("int64")
    counts["n_docs"] = counts["n_docs"].fillna(0).astype("int64")
    counts["doc_ids"] = counts["doc_ids"].fillna("").astype("string")
    counts["concept_total"] = (
        counts.groupby([by, "concept"], sort=False)["count"].transform("sum").astype("int64")
    )
    total = counts["concept_total"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        counts["share"] = np.where(
            total > 0, counts["count"].to_numpy() / np.where(total > 0, total, 1), np.nan
        )
    counts["share_low"], counts["share_high"] = wilson_interval(counts["count"].to_numpy(), total)
    sizes = counts[by].map(group_sizes).fillna(0).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        counts["per_10k_tokens"] = np.where(
            sizes > 0, counts["count"].to_numpy() * 1e4 / sizes, np.nan
        )
    order = {c.concept: k for k, c in enumerate(lex.concepts)}
    counts["_concept_order"] = counts["concept"].map(order)
    counts = counts.sort_values([by, "_concept_order", "variant_order"], kind="stable")
    columns = [by, "concept", "concept_label", "variant", "stance", "count", "concept_total", "share",
               "share_low", "share_high", "per_10k_tokens", "n_docs", "doc_ids"]  # fmt: skip
    return counts[columns].reset_index(drop=True)


def _joined_ids(values: pd.Series) -> str:
    return ",".join(sorted(set(values.astype(str))))


def frequent_matches(evidence: pd.DataFrame, *, by: str = "outlet", n: int = 2) -> pd.DataFrame:
    """The ``n`` competing-term forms each group uses most, as ``group, term`` rows.

    What a report shows in context when there is one group and so no keyness to pick terms:
    ``evidence`` is ``term_usage(...).evidence``; ties go to the alphabetically first form.
    """
    require_columns(evidence, (by, "matched"), "term-usage evidence")
    if evidence.empty:
        return pd.DataFrame(columns=["group", "term"])
    counts = (
        evidence.assign(term=evidence["matched"].astype(str).str.strip())
        .groupby([by, "term"], sort=True)
        .size()
        .rename("count")
        .reset_index()
        .sort_values([by, "count", "term"], ascending=[True, False, True], kind="stable")
    )
    top = counts.groupby(by, sort=True).head(n)
    return top.rename(columns={by: "group"})[["group", "term"]].reset_index(drop=True)
