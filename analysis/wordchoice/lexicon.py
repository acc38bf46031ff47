"""Competing-terms lexicons: load and validate the YAML, find every variant in a token table.

A lexicon lists *concepts* (the capital of Ukraine, the name of the war) and the *variants*
outlets choose between ("Kyiv" / "Kiev"). Matching is on lowercase forms or lemmas, case- and
hyphen-insensitive, multi-word, inside one sentence (see ``_token_index``). Overlaps: a longer
match wins over a shorter one; a concept with ``counts_inside_phrases`` (a spelling) still
counts inside another concept's longer match ("Kiev" in "Kiev regime"); ``exclude`` phrases
veto a concept's matches ("war" in "Cold War").

Schema and an annotated example: ``analysis/resources/lexicons/russia_ukraine.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from analysis.errors import ResourceError
from analysis.resource_files import bundled_resource
from analysis.wordchoice._token_index import TokenIndex, normalise_phrase, surface_text

__all__ = [
    "Variant",
    "Concept",
    "Lexicon",
    "BUNDLED_LEXICONS",
    "load_lexicon",
    "lexicon_from_dict",
    "match_lexicon",
    "MATCH_COLUMNS",
]

#: Lexicons shipped in ``analysis/resources/lexicons`` (pass the name instead of a path).
BUNDLED_LEXICONS: tuple[str, ...] = ("russia_ukraine", "general")

MATCH_COLUMNS = (
    "doc_id",
    "sent",
    "start",
    "end",
    "concept",
    "variant",
    "stance",
    "pattern",
    "matched",
)


@dataclass(frozen=True)
class Variant:
    """One of the competing terms of a concept, with the phrases that count as it."""

    term: str
    stance: str
    patterns: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Concept:
    """A referent named in competing ways."""

    concept: str
    label: str
    variants: tuple[Variant, ...]
    exclude: tuple[tuple[str, ...], ...] = ()
    counts_inside_phrases: bool = False


@dataclass(frozen=True)
class Lexicon:
    """A validated competing-terms lexicon; ``source`` names the file it came from."""

    name: str
    concepts: tuple[Concept, ...]
    source: str

    def table(self) -> pd.DataFrame:
        """One row per variant pattern: what the lexicon matches, for display and provenance."""
        rows = [
            {
                "concept": c.concept,
                "label": c.label,
                "variant": v.term,
                "stance": v.stance,
                "pattern": " ".join(p),
            }
            for c in self.concepts
            for v in c.variants
            for p in v.patterns
        ]
        return pd.DataFrame(rows, columns=["concept", "label", "variant", "stance", "pattern"])


def _bundled_path(name: str) -> Path:
    return bundled_resource("lexicons", f"{name}.yml")


def load_lexicon(lexicon: str | Path | Lexicon | dict | None = None) -> Lexicon:
    """Load a lexicon: a bundled name (``"russia_ukraine"``, ``"general"``), a YAML path, a dict.

    ``None`` loads ``russia_ukraine``. Raises :class:`ResourceError` naming the file and entry
    when the YAML does not follow the schema.
    """
    if isinstance(lexicon, Lexicon):
        return lexicon
    if isinstance(lexicon, dict):
        return lexicon_from_dict(lexicon, source="<dict>")
    if lexicon is None or str(lexicon) in BUNDLED_LEXICONS:
        path = _bundled_path(str(lexicon or "russia_ukraine"))
    else:
        path = Path(lexicon)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ResourceError(
            f"lexicon file {path} does not exist; pass a YAML path or one of {list(BUNDLED_LEXICONS)}"
        ) from exc
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"{path}: cannot read lexicon YAML ({exc})") from exc
    return lexicon_from_dict(data, source=str(path))


def _phrases(value: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise ResourceError(f"{where} must be a list of non-empty strings, got {value!r}")
    return tuple(normalise_phrase(p) for p in value)


def lexicon_from_dict(data: Any, *, source: str = "<dict>") -> Lexicon:
    """Validate a parsed lexicon (``{"name": ..., "concepts": [...]}``) into a :class:`Lexicon`."""
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise ResourceError(
            f"{source}: expected a mapping with a 'concepts:' list (see russia_ukraine.yml)"
        )
    concepts: list[Concept] = []
    seen: set[str] = set()
    for number, entry in enumerate(data["concepts"], start=1):
        where = f"{source}: concept {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("concept"), str):
            raise ResourceError(f"{where} needs a string 'concept' id")
        concept_id = entry["concept"]
        where = f"{source}: concept {concept_id!r}"
        if concept_id in seen:
            raise ResourceError(f"{where} is defined twice; give each concept a unique id")
        seen.add(concept_id)
        raw_variants = entry.get("variants")
        if not isinstance(raw_variants, list) or len(raw_variants) < 2:
            raise ResourceError(
                f"{where} needs a 'variants' list with at least two competing terms"
            )
        variants: list[Variant] = []
        for v_number, raw in enumerate(raw_variants, start=1):
            if isinstance(raw, str):
                raw = {"term": raw}
            if (
                not isinstance(raw, dict)
                or not isinstance(raw.get("term"), str)
                or not raw["term"].strip()
            ):
                raise ResourceError(f"{where} variant {v_number} needs a non-empty string 'term'")
            patterns = _phrases(
                raw.get("patterns", [raw["term"]]), f"{where} variant {raw['term']!r} 'patterns'"
            )
            variants.append(
                Variant(term=raw["term"], stance=str(raw.get("stance") or ""), patterns=patterns)
            )
        terms = [v.term for v in variants]
        if len(set(terms)) != len(terms):
            raise ResourceError(f"{where} has duplicate variant terms {terms}")
        concepts.append(
            Concept(
                concept=concept_id,
                label=str(entry.get("label") or concept_id),
                variants=tuple(variants),
                exclude=_phrases(entry.get("exclude", []), f"{where} 'exclude'"),
                counts_inside_phrases=bool(entry.get("counts_inside_phrases", False)),
            )
        )
    if not concepts:
        raise ResourceError(f"{source}: the 'concepts:' list is empty")
    return Lexicon(
        name=str(data.get("name") or Path(source).stem), concepts=tuple(concepts), source=source
    )


def _covered(index_len: int, starts: np.ndarray, length: int) -> np.ndarray:
    """Boolean mask of index positions covered by matches of one length."""
    delta = np.zeros(index_len + 1, dtype=np.int64)
    np.add.at(delta, starts, 1)
    np.add.at(delta, starts + length, -1)
    return np.cumsum(delta[:-1]) > 0


def _concept_matches(index: TokenIndex, concept: Concept, c_order: int) -> list[tuple]:
    """Raw matches of one concept after its exclusions and within-concept overlap resolution."""
    vetoed = np.zeros(len(index), dtype=bool)
    for phrase in concept.exclude:
        starts = index.find(phrase)
        if len(starts):
            vetoed |= _covered(len(index), starts, len(phrase))
    prefix = np.concatenate([[0], np.cumsum(vetoed)])
    found: list[tuple] = []
    for v_order, variant in enumerate(concept.variants):
        for pattern in variant.patterns:
            starts = index.find(pattern)
            n = len(pattern)
            starts = starts[prefix[starts + n] - prefix[starts] == 0]
            found.extend((int(s), n, c_order, v_order, " ".join(pattern)) for s in starts)
    found.sort(key=lambda m: (-m[1], m[3], m[0]))
    taken = np.zeros(len(index), dtype=bool)
    kept = []
    for match in found:
        start, n = match[0], match[1]
        if not taken[start : start + n].any():
            taken[start : start + n] = True
            kept.append(match)
    return kept


def match_lexicon(
    tokens: pd.DataFrame, lexicon: str | Path | Lexicon | dict | None = None
) -> pd.DataFrame:
    """Every occurrence of every variant: ``doc_id, sent, start, end, concept, variant, stance,
    pattern, matched`` (``start``/``end`` are document token indices, ``matched`` the text as
    written), sorted by document order.

    >>> from analysis.wordchoice.lexicon import match_lexicon  # doctest: +SKIP
    >>> match_lexicon(tokens, "russia_ukraine").value_counts("variant")  # doctest: +SKIP
    """
    lex = load_lexicon(lexicon)
    index = TokenIndex.build(tokens)
    per_concept = [_concept_matches(index, c, k) for k, c in enumerate(lex.concepts)]
    cover = np.zeros(len(index), dtype=np.int64)
    for matches in per_concept:
        for start, n, *_ in matches:
            np.maximum(cover[start : start + n], n, out=cover[start : start + n])
    kept: list[tuple] = []
    for concept, matches in zip(lex.concepts, per_concept, strict=True):
        for match in matches:
            start, n = match[0], match[1]
            if concept.counts_inside_phrases or cover[start : start + n].max() <= n:
                kept.append(match)
    if not kept:
        return pd.DataFrame(
            {c: pd.Series(dtype="string" if c != "sent" else "int64") for c in MATCH_COLUMNS}
        )
    starts = np.array([m[0] for m in kept], dtype=np.int64)
    lengths = np.array([m[1] for m in kept], dtype=np.int64)
    frame = index.spans(starts, lengths)
    frame["concept"] = [lex.concepts[m[2]].concept for m in kept]
    frame["variant"] = [lex.concepts[m[2]].variants[m[3]].term for m in kept]
    frame["stance"] = [lex.concepts[m[2]].variants[m[3]].stance for m in kept]
    frame["pattern"] = [m[4] for m in kept]
    last_rows = index.rows[starts + lengths - 1] + 1
    frame["matched"] = surface_text(tokens, index.rows[starts], last_rows)
    frame["_row"] = index.rows[starts]
    frame = frame.sort_values(["_row", "concept", "variant"], kind="stable").drop(columns="_row")
    for column in ("concept", "variant", "stance", "pattern", "matched"):
        frame[column] = frame[column].astype("string")
    return frame.reset_index(drop=True)[list(MATCH_COLUMNS)]
