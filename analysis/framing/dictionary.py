"""Frame dictionaries: load and validate the YAML, and find every entry in a token table.

A dictionary maps frames to entries (lemmas, multi-word phrases, ``prefix*`` wildcards), each
optionally weighted. Matching is vectorised over the token table from ``analysis.annotation.annotate``: the
lemma and lower-case columns are factorised once, only their distinct strings are compared with
the dictionary, and phrases are checked position by position with array lookups. That keeps it
well above a million tokens per second, so scoring never needs the parser again.

A word of an entry matches a token when the token's lemma or its lower-case text equals it
(case-insensitively), or starts with it for ``word*``. Phrases must be consecutive tokens inside
one sentence. Within a frame, a match nested inside a longer match (``tax`` inside ``tax cut``)
or covering the same tokens through another entry (``policy`` / ``policies``) is counted once;
different frames may share tokens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from analysis.errors import ResourceError
from analysis.io.schema import require_columns
from analysis.resource_files import bundled_resource

__all__ = [
    "FrameDictionary",
    "SHIPPED_DICTIONARIES",
    "load_frame_dictionary",
    "match_frames",
    "MATCH_COLUMNS",
]

#: Dictionaries shipped in ``analysis/resources/frames/`` (name → file).
SHIPPED_DICTIONARIES: dict[str, str] = {
    "policy_frames": "policy_frames.yml",
    "generic_frames": "generic_frames.yml",
}
#: Columns of the table returned by :func:`match_frames`.
MATCH_COLUMNS = ("doc_id", "sent", "start", "end", "frame", "term", "weight")

_FRAME_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_TOKEN_COLUMNS = ("doc_id", "sent", "i", "lemma", "lower")


@dataclass(frozen=True)
class FrameDictionary:
    """A validated frame dictionary.

    ``entries`` has one row per (frame, term): ``frame, term, weight, words`` where ``words`` is
    the tuple of the term's lower-case words; ``definitions`` maps frame → one-line definition.
    """

    name: str
    source: str
    definitions: dict[str, str]
    entries: pd.DataFrame

    @property
    def frames(self) -> list[str]:
        """Frame keys in file order."""
        return list(self.definitions)

    def terms(self, frame: str) -> list[str]:
        """The terms of one frame, in file order."""
        return self.entries.loc[self.entries["frame"] == frame, "term"].tolist()


def load_frame_dictionary(source: str | Path | Mapping[str, Any] | None = None) -> FrameDictionary:
    """Load a frame dictionary: a shipped name, a YAML path, or an already parsed mapping.

    Parameters
    ----------
    source
        ``None`` or ``"policy_frames"`` (the 14 Policy Frames Codebook dimensions),
        ``"generic_frames"`` (Semetko & Valkenburg 2000), a path to your own YAML file with the
        same schema (see the header of ``policy_frames.yml``), or a dict with that content.

    Examples
    --------
    >>> d = load_frame_dictionary("generic_frames")
    >>> d.frames[:2]
    ['Attribution_of_responsibility', 'Conflict']
    """
    if isinstance(source, FrameDictionary):
        return source
    if isinstance(source, Mapping):
        return _parse(dict(source), "<mapping>")
    name = "policy_frames" if source is None else str(source)
    if name in SHIPPED_DICTIONARIES:
        return _shipped(name)
    path = Path(name).expanduser()
    if not path.is_file():
        shipped = ", ".join(SHIPPED_DICTIONARIES)
        raise ResourceError(
            f"frame dictionary {name!r} is neither a file nor a shipped dictionary ({shipped}); "
            "pass a path to a YAML file or one of those names"
        )
    return _parse(_read_yaml(path.read_text(encoding="utf-8"), str(path)), str(path))


@cache
def _shipped(name: str) -> FrameDictionary:
    resource = bundled_resource("frames", SHIPPED_DICTIONARIES[name])
    return _parse(_read_yaml(resource.read_text(encoding="utf-8"), name), name)


def _read_yaml(text: str, where: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same safe subset, C speed
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise ResourceError(f"{where}: not valid YAML ({error}); fix the syntax") from error


def _parse(data: Any, where: str) -> FrameDictionary:
    if not isinstance(data, dict) or not isinstance(data.get("frames"), dict) or not data["frames"]:
        raise ResourceError(
            f"{where}: expected a mapping with a non-empty 'frames' mapping; see the header of policy_frames.yml"
        )
    definitions: dict[str, str] = {}
    rows: list[tuple[str, str, float, tuple[str, ...]]] = []
    for frame, spec in data["frames"].items():
        label = f"{where}: frame {frame!r}"
        if not isinstance(frame, str) or not _FRAME_KEY.match(frame):
            raise ResourceError(
                f"{label}: frame keys use letters, digits and underscores and start with a letter"
            )
        if not isinstance(spec, dict):
            raise ResourceError(f"{label}: expected a mapping with 'definition' and 'terms'")
        definition = spec.get("definition", "")
        if not isinstance(definition, str) or not definition.strip():
            raise ResourceError(f"{label}: 'definition' must be a non-empty one-line string")
        terms = spec.get("terms")
        if not isinstance(terms, list) or not terms:
            raise ResourceError(f"{label}: 'terms' must be a non-empty list")
        seen: set[str] = set()
        for position, item in enumerate(terms, start=1):
            term, weight = _parse_term(item, f"{label} term #{position}")
            if term in seen:
                raise ResourceError(
                    f"{label} term #{position}: {term!r} is listed twice; remove one"
                )
            seen.add(term)
            rows.append((frame, term, weight, tuple(term.split())))
        definitions[frame] = " ".join(definition.split())
    entries = pd.DataFrame(rows, columns=["frame", "term", "weight", "words"])
    entries["frame"] = entries["frame"].astype("string")
    entries["term"] = entries["term"].astype("string")
    return FrameDictionary(str(data.get("name") or Path(where).stem), where, definitions, entries)


def _parse_term(item: Any, label: str) -> tuple[str, float]:
    weight: Any = 1.0
    if isinstance(item, dict):
        unknown = set(item) - {"term", "weight"}
        if unknown:
            raise ResourceError(f"{label}: unknown keys {sorted(unknown)}; use 'term' and 'weight'")
        term, weight = item.get("term"), item.get("weight", 1.0)
    else:
        term = item
    if not isinstance(term, str) or not term.split():
        raise ResourceError(
            f"{label}: expected a non-empty string or {{term: ..., weight: ...}}, got {item!r}"
        )
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
        raise ResourceError(f"{label} ({term!r}): weight must be a positive number, got {weight!r}")
    words = term.lower().split()
    for word in words:
        if word == "*" or "*" in word[:-1]:
            raise ResourceError(
                f"{label} ({term!r}): '*' is only allowed at the end of a word with a prefix, like 'econom*'"
            )
    return " ".join(words), float(weight)


def match_frames(
    tokens: pd.DataFrame, dictionary: FrameDictionary | str | Path | None = None
) -> pd.DataFrame:
    """Every dictionary match in a token table, one row per (frame, matched span).

    Parameters
    ----------
    tokens
        Token table with at least ``doc_id, sent, i, lemma, lower`` (docs/tables.md).
    dictionary
        A :class:`FrameDictionary` or anything :func:`load_frame_dictionary` accepts.

    Returns
    -------
    DataFrame with ``doc_id, sent, start, end, frame, term, weight`` (``start``/``end`` token
    indices, end exclusive), sorted by document order, start, frame and term.
    """
    return _locate_matches(tokens, dictionary).drop(columns="row")


def _locate_matches(
    tokens: pd.DataFrame, dictionary: FrameDictionary | str | Path | None
) -> pd.DataFrame:
    """:func:`match_frames` plus ``row``, the token table row where each match starts."""
    dictionary = load_frame_dictionary(dictionary)
    require_columns(tokens, _TOKEN_COLUMNS, "token table")
    entries = dictionary.entries.reset_index(drop=True)
    words, wildcard = _dictionary_words(entries)
    n_words = len(words)
    pair_keys = _token_word_keys(tokens, words, wildcard) if len(tokens) else np.zeros(0, np.int64)
    if not len(pair_keys):
        return _empty_matches()
    pair_pos, pair_word = np.divmod(pair_keys, n_words)
    word_index = {w: k for k, w in enumerate(words)}
    entry_words = [[word_index[w] for w in ws] for ws in entries["words"]]
    lengths = np.array([len(ws) for ws in entry_words], dtype=np.int64)
    # entries grouped by first word: for each pair, one candidate per entry starting with its word
    first = np.array([ws[0] for ws in entry_words], dtype=np.int64)
    by_first = np.argsort(first, kind="stable")
    per_word = np.bincount(first, minlength=n_words)
    word_offset = np.cumsum(per_word) - per_word
    counts = per_word[pair_word]
    pos = np.repeat(pair_pos, counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    entry = by_first[np.repeat(word_offset[pair_word], counts) + offsets]
    keep = np.ones(len(pos), dtype=bool)
    if lengths.max() > 1:
        padded = np.array(
            [ws + [0] * (int(lengths.max()) - len(ws)) for ws in entry_words], dtype=np.int64
        )
        sent = tokens["sent"].to_numpy(dtype=np.int64)
        doc_ids = tokens["doc_id"].array
        for k in range(1, int(lengths.max())):
            need = np.flatnonzero((lengths[entry] > k) & keep)
            start, nxt = pos[need], pos[need] + k
            ok = nxt < len(tokens)
            start, nxt, need = start[ok], nxt[ok], need[ok]
            probe = nxt * n_words + padded[entry[need], k]
            found = np.minimum(np.searchsorted(pair_keys, probe), len(pair_keys) - 1)
            ok = (pair_keys[found] == probe) & (sent[nxt] == sent[start])
            ok &= np.asarray(doc_ids.take(nxt) == doc_ids.take(start), dtype=bool)
            keep[(lengths[entry] > k)] = False
            keep[need[ok]] = True
    if not keep.any():
        return _empty_matches()
    return _assemble(tokens, entries, pos[keep], entry[keep], lengths)


def _dictionary_words(entries: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    words = sorted({w for ws in entries["words"] for w in ws})
    return words, np.array([w.endswith("*") for w in words], dtype=bool)


def _token_word_keys(tokens: pd.DataFrame, words: list[str], wildcard: np.ndarray) -> np.ndarray:
    """Sorted unique ``position * n_words + word id`` keys: which token matches which word.

    Both the lemma and the lower-case column count; only distinct strings are compared.
    """
    exact = {w: k for k, w in enumerate(words) if not wildcard[k]}
    prefixes = [(w[:-1], k) for k, w in enumerate(words) if wildcard[k]]
    parts: list[np.ndarray] = []
    for column in ("lemma", "lower"):
        codes, uniques = pd.factorize(tokens[column], sort=False)
        keys = pd.Series(uniques, dtype="string").str.lower().fillna("")
        match_unique: list[np.ndarray] = []
        match_word: list[np.ndarray] = []
        hit = keys.map(exact)
        mask = hit.notna().to_numpy()
        match_unique.append(np.flatnonzero(mask))
        match_word.append(hit[mask].to_numpy(dtype=np.int64))
        for prefix, word_id in prefixes:
            found = np.flatnonzero(keys.str.startswith(prefix).to_numpy(dtype=bool))
            match_unique.append(found)
            match_word.append(np.full(len(found), word_id, dtype=np.int64))
        unique_ids = np.concatenate(match_unique)
        word_ids = np.concatenate(match_word)
        if not len(unique_ids):
            continue
        order = np.argsort(unique_ids, kind="stable")
        unique_ids, word_ids = unique_ids[order], word_ids[order]
        # expand: for every token whose string has matches, one key per matching word
        per_unique = np.bincount(unique_ids, minlength=len(uniques))
        unique_offset = np.cumsum(per_unique) - per_unique
        hit_tokens = np.flatnonzero(np.where(codes >= 0, per_unique[codes], 0))
        counts = per_unique[codes[hit_tokens]]
        positions = np.repeat(hit_tokens.astype(np.int64), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        matched = word_ids[np.repeat(unique_offset[codes[hit_tokens]], counts) + offsets]
        parts.append(positions * len(words) + matched)
    if not parts:
        return np.zeros(0, dtype=np.int64)
    keys = np.sort(np.concatenate(parts))
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def _assemble(
    tokens: pd.DataFrame,
    entries: pd.DataFrame,
    pos: np.ndarray,
    entry: np.ndarray,
    lengths: np.ndarray,
) -> pd.DataFrame:
    frame_codes, frame_names = pd.factorize(entries["frame"], sort=False)
    found = pd.DataFrame(
        {
            "pos": pos,
            "stop": pos + lengths[entry],
            "frame_code": frame_codes[entry],
            "entry": entry,
        }
    ).sort_values(
        ["frame_code", "pos", "stop", "entry"], ascending=[True, True, False, True], kind="stable"
    )
    # drop matches nested in (or equal to) an earlier, longer match of the same frame
    reach = found.groupby("frame_code", sort=False)["stop"].cummax()
    previous = reach.groupby(found["frame_code"], sort=False).shift(1).fillna(-1).to_numpy()
    found = found[found["stop"].to_numpy() > previous]
    pos = found["pos"].to_numpy()
    chosen = found["entry"].to_numpy()
    index = tokens["i"].to_numpy(dtype=np.int64)
    out = pd.DataFrame(
        {
            "doc_id": pd.Series(tokens["doc_id"].array.take(pos), dtype="string"),
            "sent": tokens["sent"].to_numpy(dtype=np.int64)[pos],
            "start": index[pos],
            "end": index[pos] + lengths[chosen],
            "frame": np.asarray(frame_names, dtype=object)[frame_codes[chosen]],
            "term": entries["term"].to_numpy(dtype=object)[chosen],
            "weight": entries["weight"].to_numpy(dtype=float)[chosen],
            "row": pos,
            "_entry": chosen,
        }
    )
    out = out.sort_values(["row", "_entry"], kind="stable").drop(columns=["_entry"])
    return _typed_matches(out.reset_index(drop=True))


def _typed_matches(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(
        {
            "doc_id": "string",
            "sent": "int64",
            "start": "int64",
            "end": "int64",
            "frame": "string",
            "term": "string",
            "weight": "float64",
            "row": "int64",
        }
    )[[*MATCH_COLUMNS, "row"]]


def _empty_matches() -> pd.DataFrame:
    return _typed_matches(pd.DataFrame({c: [] for c in [*MATCH_COLUMNS, "row"]}))
