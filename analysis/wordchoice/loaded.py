"""Loaded and emotive language: flag the words that judge instead of describe.

A transparent detector, not a classifier: every flagged token carries the lexicon category or
rule that flagged it, so a reader can disagree with a specific word. Rules on top of the
lexicon (``resources/lexicons/loaded_language.yml``):

* ``lexicon``: a token whose lemma or lowercase form is listed in a category;
* ``phrase``: a listed multi-word expression ("witch hunt", "so-called");
* ``intensifier``: an intensifier ("utterly", "blatantly") together with the adjective, adverb
  or verb it modifies;
* ``so_called``: "so-called" plus the noun phrase it labels;
* ``shouting``: an all-capitals word of four or more letters that is not a name or acronym;
* ``phrase_expansion`` (``expand=True``): a flagged adjective pulls in the noun it modifies, a
  flagged noun its adjective and compound modifiers — gold annotations mark phrases
  ("hate preachers"), not single words.

Measured token-level precision/recall/F1 against SemEval-2023 Task 3 and BASIL are printed by
``benchmarks/loaded_language_eval.py`` (results in ``benchmarks/results``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import InputError, ResourceError
from analysis.resource_files import bundled_resource, read_yaml
from analysis.wordchoice._shared_strings import shared_strings
from analysis.wordchoice._token_index import TokenIndex, normalise_phrase, require_columns
from analysis.wordchoice.usage import group_of_docs, words_per_document, words_per_group

__all__ = [
    "LoadedLexicon",
    "load_loaded_lexicon",
    "loaded_language",
    "loaded_language_rates",
    "LOADED_COLUMNS",
]

LOADED_COLUMNS = ("doc_id", "sent", "i", "text", "lemma", "category", "rule")
_MODIFIED_POS = ("ADJ", "ADV", "VERB")


@dataclass(frozen=True)
class LoadedLexicon:
    """Words (per category), phrases (per category) and intensifiers of the detector."""

    words: dict[str, str]
    word_pos: dict[str, frozenset[str]]
    phrases: dict[tuple[str, ...], str]
    intensifiers: frozenset[str]
    source: str


def load_loaded_lexicon(path: str | Path | LoadedLexicon | None = None) -> LoadedLexicon:
    """Read and validate a loaded-language lexicon (default: the bundled one)."""
    if isinstance(path, LoadedLexicon):
        return path
    source = Path(path) if path else bundled_resource("lexicons", "loaded_language.yml")
    data = read_yaml(source, "the loaded-language lexicon")
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise ResourceError(
            f"{source}: expected a 'categories:' list (see the bundled loaded_language.yml)"
        )
    words: dict[str, str] = {}
    word_pos: dict[str, frozenset[str]] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for number, entry in enumerate(data["categories"], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("category"), str):
            raise ResourceError(f"{source}: category {number} needs a string 'category' name")
        name = entry["category"]
        listed = 0
        pos_tags = entry.get("pos", [])
        if not isinstance(pos_tags, list) or not all(isinstance(p, str) for p in pos_tags):
            raise ResourceError(
                f"{source}: category {name!r} 'pos' must be a list of POS tags such as [NOUN]"
            )
        for key in ("lemmas", "phrases"):
            values = entry.get(key, [])
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                raise ResourceError(
                    f"{source}: category {name!r} '{key}' must be a list of non-empty strings"
                )
            listed += len(values)
            for value in values:
                tokens = normalise_phrase(value)
                if len(tokens) == 1 and key == "lemmas":
                    if tokens[0] not in words:
                        words[tokens[0]] = name
                        word_pos[tokens[0]] = frozenset(pos_tags)
                else:
                    phrases.setdefault(tokens, name)
        if not listed:
            raise ResourceError(f"{source}: category {name!r} lists no 'lemmas' or 'phrases'")
    intensifiers = data.get("intensifiers", [])
    if not isinstance(intensifiers, list):
        raise ResourceError(f"{source}: 'intensifiers' must be a list of words")
    return LoadedLexicon(
        words, word_pos, phrases, frozenset(str(w).lower() for w in intensifiers), str(source)
    )


def _flag(flags: dict[int, tuple[str, str]], rows: np.ndarray, category: str, rule: str) -> None:
    for row in rows.tolist():
        flags.setdefault(int(row), (category, rule))


def loaded_language(
    tokens: pd.DataFrame,
    *,
    lexicon: str | Path | LoadedLexicon | None = None,
    expand: bool = True,
    rules: tuple[str, ...] = ("lexicon", "phrase", "intensifier", "so_called", "shouting"),
) -> pd.DataFrame:
    """Tokens flagged as loaded language: ``doc_id, sent, i, text, lemma, category, rule``.

    Parameters
    ----------
    tokens
        Token table (needs ``pos``, ``dep``, ``head`` for the intensifier and expansion rules).
    lexicon
        A loaded-language YAML path (default: the bundled lexicon).
    expand
        Also flag the phrase around a flagged word (see module docstring).
    rules
        Which rules to apply (any of ``lexicon, phrase, intensifier, so_called, shouting``).
    """
    require_columns(
        tokens,
        ("doc_id", "sent", "i", "text", "lower", "lemma", "pos", "dep", "head"),
        "token table",
    )
    lex = load_loaded_lexicon(lexicon)
    index = TokenIndex.build(tokens)
    n = len(tokens)
    lower = shared_strings(tokens["lower"])
    lemma_lower = shared_strings(tokens["lemma"], na="", transform=str.lower)
    pos = shared_strings(tokens["pos"])
    dep = shared_strings(tokens["dep"])
    # document-level head index -> table row: rows of one document are contiguous and ordered by i
    i_values = tokens["i"].to_numpy(dtype=np.int64)
    head_row = np.arange(n, dtype=np.int64) + (tokens["head"].to_numpy(dtype=np.int64) - i_values)
    flags: dict[int, tuple[str, str]] = {}
    if "lexicon" in rules and lex.words:
        words = pd.Series(lex.words)
        by_lemma = pd.Series(lemma_lower).map(words)
        by_lower = pd.Series(lower).map(words)
        category = by_lemma.fillna(by_lower)
        matched_word = pd.Series(lemma_lower).where(by_lemma.notna(), pd.Series(lower))
        for row in np.flatnonzero(category.notna().to_numpy()).tolist():
            allowed = lex.word_pos.get(
                str(matched_word.iloc[row]).lower().replace("\u2019", "'"), frozenset()
            )
            if not allowed or pos[row] in allowed:
                flags.setdefault(row, (str(category.iloc[row]), "lexicon"))
    if "phrase" in rules:
        for phrase, category in lex.phrases.items():
            starts = index.find(phrase)
            for start in starts.tolist():
                _flag(
                    flags,
                    np.arange(index.rows[start], index.rows[start + len(phrase) - 1] + 1),
                    category,
                    "phrase",
                )
    if "intensifier" in rules and lex.intensifiers:
        is_int = np.isin(lower, list(lex.intensifiers))
        rows = np.flatnonzero(is_int & (dep == "advmod"))
        heads = head_row[rows]
        ok = (heads >= 0) & (heads < n)
        rows, heads = rows[ok], heads[ok]
        ok = np.isin(pos[heads], _MODIFIED_POS)
        _flag(flags, rows[ok], "intensifier", "intensifier")
        _flag(flags, heads[ok], "intensifier", "intensifier")
    if "so_called" in rules:
        for start in index.find(("so", "called")).tolist():
            last = int(index.rows[start + 1])
            target = last + 1
            while target < n and (
                lower[target] in ("-", '"', "'", "“", "‘") or pos[target] in ("DET",)
            ):
                target += 1
            if target < n:
                noun = target if pos[target] in ("NOUN", "PROPN") else head_row[target]
                if 0 <= noun < n and noun - last <= 6:
                    _flag(
                        flags,
                        np.arange(int(index.rows[start]), int(noun) + 1),
                        "name_calling",
                        "so_called",
                    )
    if "shouting" in rules:
        ent = (
            shared_strings(tokens["ent_type"], na="")
            if "ent_type" in tokens.columns
            else np.full(n, "")
        )
        shout = shared_strings(tokens["text"], na=False, transform=_is_shouted).astype(bool)
        _flag(flags, np.flatnonzero(shout & (pos != "PROPN") & (ent == "")), "shouting", "shouting")
    if expand and flags:
        _expand(flags, pos, dep, head_row, n)
    return _flag_table(tokens, flags)


def _expand(
    flags: dict[int, tuple[str, str]],
    pos: np.ndarray,
    dep: np.ndarray,
    head_row: np.ndarray,
    n: int,
) -> None:
    """Pull the noun phrase around flagged adjectives and nouns into the flags."""
    flagged = np.array(sorted(flags), dtype=np.int64)
    is_modifier = np.isin(dep, ("amod", "compound"))
    # flagged adjective/compound modifier -> its head noun
    mods = flagged[is_modifier[flagged] & np.isin(pos[flagged], ("ADJ", "NOUN", "PROPN", "VERB"))]
    heads = head_row[mods]
    ok = (
        (heads >= 0)
        & (heads < n)
        & np.isin(pos[np.clip(heads, 0, max(n - 1, 0))], ("NOUN", "PROPN"))
    )
    for row, head in zip(mods[ok].tolist(), heads[ok].tolist(), strict=True):
        flags.setdefault(int(head), (flags[row][0], "phrase_expansion"))
    # flagged noun -> its adjectival and compound modifiers
    nouns = np.array(sorted(r for r in flags if pos[r] == "NOUN"), dtype=np.int64)
    if len(nouns):
        children = np.flatnonzero(is_modifier & np.isin(head_row, nouns))
        for child in children.tolist():
            flags.setdefault(int(child), (flags[int(head_row[child])][0], "phrase_expansion"))


def _is_shouted(text: str) -> bool:
    """A word of four or more letters, all capitals ("TRAITORS")."""
    return len(text) >= 4 and text.isalpha() and text.isupper()


def _flag_table(tokens: pd.DataFrame, flags: dict[int, tuple[str, str]]) -> pd.DataFrame:
    """Flagged rows as a table; punctuation and whitespace inside a flagged phrase are dropped."""
    rows = np.array(sorted(flags), dtype=np.int64)
    if len(rows):
        text = shared_strings(tokens["text"])[rows]
        punct = (
            tokens["is_punct"].to_numpy(dtype=bool)[rows]
            if "is_punct" in tokens.columns
            else np.zeros(len(rows), bool)
        )
        blank = np.array(
            [not str(t).strip() or not str(t).strip("-\u2010\u2011") for t in text], dtype=bool
        )
        rows = rows[~punct & ~blank]
    frame = tokens.iloc[rows][["doc_id", "sent", "i", "text", "lemma"]].reset_index(drop=True)
    frame["doc_id"] = frame["doc_id"].astype("string")  # the token table's may be categorical
    frame["category"] = pd.array([flags[int(r)][0] for r in rows], dtype="string")
    frame["rule"] = pd.array([flags[int(r)][1] for r in rows], dtype="string")
    frame["_row"] = rows
    return frame.rename_axis(None)[list(LOADED_COLUMNS) + ["_row"]].rename(columns={"_row": "row"})


def loaded_language_rates(
    tokens: pd.DataFrame | None,
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    flagged: pd.DataFrame | None = None,
    lexicon: str | Path | LoadedLexicon | None = None,
    top: int = 5,
    words_per_doc: pd.Series | None = None,
) -> pd.DataFrame:
    """Loaded-language tokens per 1,000 words per group, with the documents and top words.

    Columns: ``by, words, loaded, per_1k_words, docs, docs_with_loaded, share_docs, top_terms``.
    ``tokens`` may be None when ``flagged`` and ``words_per_doc``
    (:func:`~analysis.wordchoice.usage.words_per_document`) are given, as the batched path does.
    """
    if tokens is None and (flagged is None or words_per_doc is None):
        raise InputError("loaded_language_rates needs tokens, or flagged and words_per_doc")
    flagged = loaded_language(tokens, lexicon=lexicon) if flagged is None else flagged
    if words_per_doc is None:
        words_per_doc = words_per_document(tokens)
    words = words_per_group(words_per_doc, corpus, by)
    words = words[words > 0]
    docs = corpus.assign(_g=corpus[by].astype("string")).groupby("_g")["doc_id"].nunique()
    flag_groups = group_of_docs(flagged["doc_id"], corpus, by)
    loaded = flag_groups.value_counts()
    with_loaded = flagged.assign(_g=flag_groups.to_numpy()).groupby("_g")["doc_id"].nunique()
    terms = (
        flagged.assign(_g=flag_groups.to_numpy(), _t=flagged["lemma"].astype("string").str.lower())
        .groupby(["_g", "_t"]).size().rename("n").reset_index()
        .sort_values(["_g", "n", "_t"], ascending=[True, False, True], kind="stable")
    )  # fmt: skip
    top_terms = {  # a dict, so that no flagged token at all still works
        group: ", ".join(f"{t} ({n})" for t, n in zip(part["_t"], part["n"], strict=True))
        for group, part in terms.groupby("_g").head(top).groupby("_g")
    }
    table = pd.DataFrame({by: sorted(words.index.astype(str))})
    table["words"] = table[by].map(words).fillna(0).astype("int64")
    table["loaded"] = table[by].map(loaded).fillna(0).astype("int64")
    table["per_1k_words"] = np.where(
        table["words"] > 0, table["loaded"] * 1000 / table["words"].clip(lower=1), np.nan
    )
    table["docs"] = table[by].map(docs).fillna(0).astype("int64")
    table["docs_with_loaded"] = table[by].map(with_loaded).fillna(0).astype("int64")
    table["share_docs"] = table["docs_with_loaded"] / table["docs"].clip(lower=1)
    table["top_terms"] = table[by].map(top_terms).fillna("").astype("string")
    return table.sort_values(
        ["per_1k_words", by], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
