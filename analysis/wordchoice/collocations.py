"""Collocations of chosen targets per outlet: which words modify, or sit next to, "Ukraine"?

Two relations, computed from the token table:

* ``"modifier"``: syntactic dependents of a target token (adjectival, compound, nominal,
  possessive or appositional modifiers: "*Nazi* Ukraine", "*Russian* aggression") and, for a
  target that itself modifies a noun, that noun ("Ukraine *crisis*");
* ``"window"``: any word within ``window`` tokens of the target in the same sentence.

Association is logDice (Rychlý 2008): ``14 + log2(2 f_xy / (f_x + f_y))``, where ``f_x`` is
the target's frequency, ``f_y`` the collocate's, both within the group. It does not grow with
corpus size, so outlets of different sizes compare; 14 is the maximum. We also give the
pointwise mutual information and the number of documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.wordchoice._shared_strings import shared_strings
from analysis.wordchoice._token_index import TokenIndex, normalise_phrase, require_columns
from analysis.wordchoice.usage import group_of_docs

__all__ = [
    "CollocationCounts",
    "MODIFIER_DEPS",
    "collocation_counts",
    "collocation_table",
    "collocations",
]

MODIFIER_DEPS = ("amod", "compound", "nmod", "poss", "appos", "nummod", "advmod", "npadvmod")


@dataclass(frozen=True)
class CollocationCounts:
    """The counts behind :func:`collocations`, per group; counts of disjoint documents add up.

    ``pairs``: ``by, target, collocate, count, docs``; ``targets``: ``by, target,
    target_count``; ``collocates``: ``by, collocate, collocate_count`` over every content word;
    ``sizes``: ``by, size`` (content words per group).
    """

    pairs: pd.DataFrame
    targets: pd.DataFrame
    collocates: pd.DataFrame
    sizes: pd.DataFrame

    @classmethod
    def concat(cls, parts: Sequence[CollocationCounts], by: str) -> CollocationCounts:
        """The counts of several slices of a corpus (documents in one slice each) together."""
        keys = {
            "pairs": [by, "target", "collocate"],
            "targets": [by, "target"],
            "collocates": [by, "collocate"],
            "sizes": [by],
        }
        return cls(
            **{
                name: pd.concat([getattr(part, name) for part in parts], ignore_index=True)
                .groupby(columns, sort=True, as_index=False)
                .sum()
                for name, columns in keys.items()
            }
        )


def collocations(
    tokens: pd.DataFrame,
    targets: Sequence[str] | str,
    *,
    corpus: pd.DataFrame,
    by: str = "outlet",
    relation: str = "modifier",
    window: int = 4,
    min_count: int = 2,
    use_lemma: bool = True,
) -> pd.DataFrame:
    """Words associated with each target word, per group, with logDice and PMI.

    Returns ``by, target, collocate, relation, count, docs, target_count, collocate_count,
    log_dice, pmi`` sorted by group, target, descending logDice. Targets are single words
    matched like the lexicon (lowercase or lemma, case-insensitive).
    """
    counts = collocation_counts(
        tokens, targets, corpus=corpus, by=by, relation=relation, window=window,
        use_lemma=use_lemma,
    )  # fmt: skip
    return collocation_table(counts, by=by, relation=relation, min_count=min_count)


def collocation_counts(
    tokens: pd.DataFrame,
    targets: Sequence[str] | str,
    *,
    corpus: pd.DataFrame,
    by: str = "outlet",
    relation: str = "modifier",
    window: int = 4,
    use_lemma: bool = True,
) -> CollocationCounts:
    """The counts :func:`collocations` scores (same parameters but ``min_count``)."""
    require_columns(
        tokens, ("doc_id", "sent", "i", "lower", "lemma", "pos", "is_punct"), "token table"
    )
    if relation not in ("modifier", "window"):
        raise InputError(f"collocation relation must be 'modifier' or 'window', got {relation!r}")
    target_list = [targets] if isinstance(targets, str) else list(targets)
    if not target_list or any(len(normalise_phrase(t)) != 1 for t in target_list):
        raise InputError(f"collocation targets must be single words, got {target_list!r}")
    n = len(tokens)
    form_col = "lemma" if use_lemma else "lower"
    forms = shared_strings(tokens[form_col], na="", transform=str.lower)
    content = (
        ~tokens["is_punct"].to_numpy(dtype=bool) & ~tokens["is_stop"].to_numpy(dtype=bool)
        if "is_stop" in tokens.columns
        else ~tokens["is_punct"].to_numpy(dtype=bool)
    )
    content &= shared_strings(tokens[form_col], na=False, transform=_has_letter).astype(bool)
    groups = group_of_docs(tokens["doc_id"], corpus, by).to_numpy()
    index = TokenIndex.build(tokens)
    pair_tables, target_tables = [], []
    for target in target_list:
        word = normalise_phrase(target)[0]
        target_rows = index.rows[index.word_mask(word)]
        target_counts = pd.Series(groups[target_rows]).value_counts()
        target_tables.append(  # every occurrence counts, with collocates here or not
            pd.DataFrame(
                {by: target_counts.index, "target": target, "target_count": target_counts.values}
            )
        )
        pairs = _pairs(tokens, target_rows, relation, window, n)
        pairs = pairs[content[pairs[:, 1]] & (forms[pairs[:, 1]] != word)] if len(pairs) else pairs
        if not len(pairs):
            continue
        frame = pd.DataFrame(
            {
                by: groups[pairs[:, 0]],
                "target": target,
                "collocate": forms[pairs[:, 1]],
                "doc_id": tokens["doc_id"].to_numpy()[pairs[:, 0]],
            }
        )
        pair_tables.append(
            frame.groupby([by, "target", "collocate"], sort=True)
            .agg(count=("doc_id", "size"), docs=("doc_id", "nunique"))
            .reset_index()
        )
    empty = {
        "pairs": pd.DataFrame(columns=[by, "target", "collocate", "count", "docs"]),
        "targets": pd.DataFrame(columns=[by, "target", "target_count"]),
    }
    collocates = (
        pd.DataFrame({by: groups[content], "collocate": forms[content]})
        .value_counts()
        .rename("collocate_count")
        .reset_index()
    )
    sizes = pd.Series(groups[content]).value_counts()
    return CollocationCounts(
        pairs=pd.concat(pair_tables, ignore_index=True) if pair_tables else empty["pairs"],
        targets=pd.concat(target_tables, ignore_index=True) if target_tables else empty["targets"],
        collocates=collocates,
        sizes=pd.DataFrame({by: sizes.index, "size": sizes.values}),
    )


def collocation_table(
    counts: CollocationCounts, *, by: str = "outlet", relation: str = "modifier", min_count: int = 2
) -> pd.DataFrame:
    """logDice and PMI from :func:`collocation_counts`; pairs seen fewer than ``min_count`` times dropped."""
    columns = [
        by,
        "target",
        "collocate",
        "relation",
        "count",
        "docs",
        "target_count",
        "collocate_count",
        "log_dice",
        "pmi",
    ]
    if counts.pairs.empty:
        return pd.DataFrame(columns=columns)
    table = counts.pairs.merge(counts.targets, on=[by, "target"], how="left")
    table = table.merge(counts.collocates, on=[by, "collocate"], how="left")
    for column in ("count", "docs", "target_count", "collocate_count"):
        table[column] = table[column].fillna(0).astype("int64")
    table["relation"] = relation
    f_xy = table["count"].to_numpy(dtype=float)
    f_x = table["target_count"].to_numpy(dtype=float)
    f_y = table["collocate_count"].to_numpy(dtype=float)
    size = table[by].map(counts.sizes.set_index(by)["size"]).to_numpy(dtype=float)
    table["log_dice"] = 14 + np.log2(2 * f_xy / (f_x + f_y))
    table["pmi"] = np.log2(f_xy * size / (f_x * f_y))
    table = table[table["count"] >= min_count]
    table = table.sort_values(
        [by, "target", "log_dice", "collocate"], ascending=[True, True, False, True], kind="stable"
    )
    return table[columns].reset_index(drop=True)


def _has_letter(form: str) -> bool:
    return any(character.isalpha() for character in form)


def _pairs(
    tokens: pd.DataFrame, target_rows: np.ndarray, relation: str, window: int, n: int
) -> np.ndarray:
    """``(target_row, collocate_row)`` pairs for the chosen relation."""
    if not len(target_rows):
        return np.zeros((0, 2), dtype=np.int64)
    doc_codes = pd.factorize(tokens["doc_id"])[0]
    sent = tokens["sent"].to_numpy(dtype=np.int64)
    if relation == "window":
        offsets = np.array([o for o in range(-window, window + 1) if o], dtype=np.int64)
        cand = (target_rows[:, None] + offsets[None, :]).ravel()
        base = np.repeat(target_rows, len(offsets))
        ok = (cand >= 0) & (cand < n)
        base, cand = base[ok], cand[ok]
        ok = (doc_codes[cand] == doc_codes[base]) & (sent[cand] == sent[base])
        return np.stack([base[ok], cand[ok]], axis=1)
    require_columns(tokens, ("head", "dep"), "token table (modifier collocations need the parse)")
    i_values = tokens["i"].to_numpy(dtype=np.int64)
    head_row = np.arange(n, dtype=np.int64) + (tokens["head"].to_numpy(dtype=np.int64) - i_values)
    dep = shared_strings(tokens["dep"])
    is_target = np.zeros(n, dtype=bool)
    is_target[target_rows] = True
    children = np.flatnonzero(np.isin(dep, MODIFIER_DEPS) & (head_row >= 0) & (head_row < n))
    children = children[is_target[head_row[children]]]
    down = np.stack([head_row[children], children], axis=1)
    up_rows = target_rows[np.isin(dep[target_rows], ("compound", "amod", "nmod", "poss"))]
    up = np.stack([up_rows, head_row[up_rows]], axis=1)
    up = up[(up[:, 1] >= 0) & (up[:, 1] < n)]
    return np.concatenate([down, up]).astype(np.int64)
