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

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.wordchoice._shared_strings import shared_strings
from analysis.wordchoice._token_index import TokenIndex, normalise_phrase, require_columns
from analysis.wordchoice.usage import group_of_docs

__all__ = ["collocations", "MODIFIER_DEPS"]

MODIFIER_DEPS = ("amod", "compound", "nmod", "poss", "appos", "nummod", "advmod", "npadvmod")


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
    content &= (
        np.array([any(c.isalpha() for c in f) for f in forms], dtype=bool)
        if n
        else np.zeros(0, bool)
    )
    groups = group_of_docs(tokens["doc_id"], corpus, by).to_numpy()
    index = TokenIndex.build(tokens)
    frames = []
    for target in target_list:
        word = normalise_phrase(target)[0]
        target_rows = index.rows[index.word_mask(word)]
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
        table = (
            frame.groupby([by, "target", "collocate"], sort=True)
            .agg(count=("doc_id", "size"), docs=("doc_id", "nunique"))
            .reset_index()
        )
        target_counts = pd.Series(groups[target_rows]).value_counts()
        table["target_count"] = table[by].map(target_counts).fillna(0).astype("int64")
        frames.append(table)
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
    if not frames:
        return pd.DataFrame(columns=columns)
    table = pd.concat(frames, ignore_index=True)
    collocate_counts = pd.DataFrame(
        {by: groups[content], "collocate": forms[content]}
    ).value_counts()
    group_sizes = pd.Series(groups[content]).value_counts()
    keys = pd.MultiIndex.from_frame(table[[by, "collocate"]])
    table["collocate_count"] = collocate_counts.reindex(keys).fillna(0).to_numpy().astype("int64")
    table["relation"] = relation
    f_xy = table["count"].to_numpy(dtype=float)
    f_x = table["target_count"].to_numpy(dtype=float)
    f_y = table["collocate_count"].to_numpy(dtype=float)
    size = table[by].map(group_sizes).to_numpy(dtype=float)
    table["log_dice"] = 14 + np.log2(2 * f_xy / (f_x + f_y))
    table["pmi"] = np.log2(f_xy * size / (f_x * f_y))
    table = table[table["count"] >= min_count]
    table = table.sort_values(
        [by, "target", "log_dice", "collocate"], ascending=[True, True, False, True], kind="stable"
    )
    return table[columns].reset_index(drop=True)


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
