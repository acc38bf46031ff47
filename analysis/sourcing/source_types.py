"""What kind of voice a speaker is: government, military, expert, citizen, media, anonymous, …

Classification uses the speaker's title and words (cue lists in ``source_types.yml``, longest
match wins so "attorney general" is not read as the military "general"), then the entity label
as a fallback. Anonymous sources are recognised from markers near the speaker ("who asked not
to be named", "on condition of anonymity") and from bare plural or indefinite heads ("sources
said", "a senior official said").
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.sourcing.lexicons import MediaNames, SourceTypeRules
from analysis.sourcing.speakers import Speaker

__all__ = ["is_anonymous", "source_type", "title_type", "SOURCE_TYPES"]

#: Every value the ``source_type`` column takes.
SOURCE_TYPES: tuple[str, ...] = (
    "government", "military", "international_organisation", "expert", "business",
    "civil_society", "citizen", "media", "anonymous", "other", "unresolved",
)  # fmt: skip

_ALWAYS_ANONYMOUS = frozenset({"source", "sources", "insider", "insiders"})
_WORDS = re.compile(r"[\w.’'-]+")
_AGE = re.compile(r"(?:^|\s)\d{1,3}(?:$|\s|,)")


def _normalise(text: str) -> str:
    return " " + " ".join(w.lower() for w in _WORDS.findall(text.replace("-", " - "))) + " "


@lru_cache(maxsize=4096)
def _normalised_cue(cue: str) -> str:
    return f" {_normalise(cue).strip()} "


def is_anonymous(speaker: Speaker, context: str, rules: SourceTypeRules) -> bool:
    """Whether an unnamed speaker is an anonymous source.

    ``context`` is the speaker's words plus those that follow it in the sentence (relative
    clauses such as "who asked not to be named" are not part of the speaker span).
    """
    if speaker.label in ("PERSON", "ORG", "GPE", "PROPN", "NORP"):
        return False
    if speaker.label == "PRON" and speaker.resolved:
        return False
    words = _normalise(speaker.text).strip()
    if words in rules.anonymous_bare:
        return True
    near = _normalise(context)
    if speaker.head_lower in _ALWAYS_ANONYMOUS:
        return True
    if speaker.head_lower in rules.anonymous_heads:
        if any(f" {m} " in near for m in rules.anonymous_markers):
            return True
        # "a source", "sources close to", "an official" without a name or definite article
        if not speaker.is_definite:
            return True
    return False


def source_type(speaker: Speaker, context: str, rules: SourceTypeRules, media: MediaNames) -> str:
    """The source type of a resolved speaker (one of :data:`SOURCE_TYPES`)."""
    if is_anonymous(speaker, context, rules):
        return "anonymous"
    name = speaker.name.strip()
    if name in media.outlets or any(name.endswith(" " + o) for o in media.outlets if " " in o):
        return "media"
    lemma = speaker.head_lower if speaker.label == "NOUN" else ""  # "generals" → "general"
    haystack = _normalise(f"{speaker.title} {speaker.text} {speaker.name} {lemma}")
    best: tuple[int, int, str] | None = None
    for order, (kind, cues) in enumerate(rules.types):
        for cue in cues:
            if _normalised_cue(cue) in haystack:
                key = (-len(_normalised_cue(cue).split()), order, kind)
                if best is None or key < best:
                    best = key
    if best is not None:
        return best[2]
    if speaker.label == "PERSON" and _AGE.search(speaker.title):
        return "citizen"  # "Kirsten Hurrell, 70": described by age alone, a private person
    return rules.entity_fallback.get(speaker.label, "other")


def title_type(title: str, rules: SourceTypeRules, media: MediaNames) -> str:
    """The source type a person's title gives ("CEO of RusHydro" → business), or ``""``."""
    kind = source_type(Speaker(title, "", title, "PERSON", "", 0, 0), "", rules, media)
    return "" if kind == "other" else kind
