"""Load and validate the sourcing resources: reporting verbs, source types and media outlets.

The YAML files live in ``analysis/resources/sourcing/``; users can pass their own file (same
schema) to :func:`load_reporting_verbs`, :func:`load_source_types` and :func:`load_media`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import ResourceError
from analysis.resource_files import bundled_resource, read_yaml_mapping

__all__ = [
    "ReportingVerbs",
    "SourceTypeRules",
    "MediaNames",
    "load_reporting_verbs",
    "load_source_types",
    "load_media",
]

_STANCES = ("neutral", "loaded")
#: Endings of agent nouns ("workers", "investors", "activists", "officials", "residents").
_AGENT_SUFFIXES = (
    "er",
    "ers",
    "or",
    "ors",
    "ist",
    "ists",
    "ian",
    "ians",
    "ant",
    "ants",
    "ent",
    "ents",
    "al",
    "als",
)
_GROUPS = ("speech", "belief", "evidence")


def _read_yaml(path: str | Path | None, default_name: str) -> tuple[Path, dict[str, Any]]:
    source = Path(path) if path else bundled_resource("sourcing", default_name)
    return source, read_yaml_mapping(source, "sourcing resource")


def _word_list(source: Path, value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise ResourceError(f"{source}: '{where}' must be a list of strings, got {value!r}")
    return [str(v).strip().lower() for v in value if str(v).strip()]


@dataclass(frozen=True)
class ReportingVerbs:
    """Reporting-verb lemmas with their stance and group, and attribution nouns.

    ``verb_preps``/``noun_preps`` map a cue to the prepositions whose object is the content:
    "warns *against* …", "her support *for* …".
    """

    stance: dict[str, str]
    group: dict[str, str]
    nominal: dict[str, str]
    verb_preps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    noun_preps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    adjectives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    adjective_stance: dict[str, str] = field(default_factory=dict)
    evidence_nouns: frozenset[str] = frozenset()

    def stance_of(self, lemma: str) -> str:
        """``neutral``/``loaded`` for a verb, noun or adjective cue; ``neutral`` if unlisted."""
        for table in (self.stance, self.nominal, self.adjective_stance):
            if lemma in table:
                return table[lemma]
        return "neutral"

    def act_of(self, lemma: str, source: str = "") -> str:
        """What a cue reports: ``speech``, ``belief`` (thoughts, attitudes) or ``evidence``.

        Verbs carry their group from the resource; attitude adjectives are beliefs; a poll or
        study as the cue or the source ("according to a poll", "in the latest survey") is
        evidence; other nouns and cue-less attributions (quotes, "according to X") count as
        speech unless the same lemma is a verb of another group ("his support for").
        """
        if lemma in self.group:
            return self.group[lemma]
        if lemma in self.adjective_stance:
            return "belief"
        words = {w.strip(".,;:'\"").lower() for w in source.split()}
        if lemma in self.evidence_nouns or words & self.evidence_nouns:
            return "evidence"
        return "speech"

    def is_evidence(self, lemma: str) -> bool:
        """Whether a noun names evidence (a poll, a study) or is itself a cue noun ("report")."""
        return lemma in self.evidence_nouns or lemma in self.nominal

    def is_cue(self, lemma: str) -> bool:
        """Whether ``lemma`` (lower case) is a reporting verb."""
        return lemma in self.stance


@dataclass(frozen=True)
class SourceTypeRules:
    """Cue words per source type (ordered) and the anonymous-source markers."""

    types: tuple[tuple[str, tuple[str, ...]], ...]
    anonymous_heads: frozenset[str]
    anonymous_markers: tuple[str, ...]
    anonymous_bare: frozenset[str]
    entity_fallback: dict[str, str]
    abbreviations: dict[str, tuple[str, ...]]
    #: A generic description ("leader") → the title words it may stand for ("president", …).
    descriptions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Common nouns that can head a source (people, groups, documents); see :meth:`is_agent_noun`.
    agent_nouns: frozenset[str] = frozenset()

    def is_agent_noun(self, lemma: str) -> bool:
        """Whether a common noun can be a source: listed, a cue word, or an agent suffix."""
        word = lemma.lower()
        return (
            word in self.agent_nouns
            or f"{word}s" in self.agent_nouns  # "troop" (the lemma) of the listed "troops"
            or (word.endswith(_AGENT_SUFFIXES) and len(word) > 4)
        )


@dataclass(frozen=True)
class MediaNames:
    """Outlet names (case-sensitive), platform names (case-insensitive) and photo credits."""

    outlets: tuple[str, ...]
    platforms: tuple[str, ...]
    photo_credits: frozenset[str]


def load_reporting_verbs(path: str | Path | None = None) -> ReportingVerbs:
    """Read the reporting-verb resource (default: the shipped ``reporting_verbs.yml``).

    Every lemma must appear once: a verb listed as both neutral and loaded is an error.
    """
    source, data = _read_yaml(path, "reporting_verbs.yml")
    stance: dict[str, str] = {}
    group: dict[str, str] = {}
    for st in _STANCES:
        section = data.get(st)
        if not isinstance(section, dict):
            raise ResourceError(f"{source}: needs a '{st}:' mapping with groups {list(_GROUPS)}")
        for gr, words in section.items():
            if gr not in _GROUPS:
                raise ResourceError(
                    f"{source}: unknown group '{st}.{gr}'; use one of {list(_GROUPS)}"
                )
            for lemma in _word_list(source, words, f"{st}.{gr}"):
                if lemma in stance and stance[lemma] != st:
                    raise ResourceError(
                        f"{source}: verb {lemma!r} is listed as both {stance[lemma]} and {st}; "
                        "keep it under one stance"
                    )
                stance.setdefault(lemma, st)
                group.setdefault(lemma, gr)
    nominal: dict[str, str] = {}
    nouns = data.get("nominal") or {}
    if not isinstance(nouns, dict):
        raise ResourceError(f"{source}: 'nominal' must map stances to noun lists")
    for st, words in nouns.items():
        if st not in _STANCES:
            raise ResourceError(f"{source}: unknown stance 'nominal.{st}'; use neutral or loaded")
        for noun in _word_list(source, words, f"nominal.{st}"):
            nominal.setdefault(noun, st)
    if not stance:
        raise ResourceError(f"{source}: no reporting verbs listed")
    preps = data.get("prepositions") or {}
    if not isinstance(preps, dict) or set(preps) - {"verbs", "nouns"}:
        raise ResourceError(f"{source}: 'prepositions' must be a mapping with 'verbs' and 'nouns'")
    verb_preps = _prep_frames(source, preps.get("verbs"), "prepositions.verbs", stance)
    noun_preps = _prep_frames(source, preps.get("nouns"), "prepositions.nouns", nominal)
    adjectives: dict[str, tuple[str, ...]] = {}
    adjective_stance: dict[str, str] = {}
    section = data.get("adjectives") or {}
    if not isinstance(section, dict) or set(section) - set(_STANCES):
        raise ResourceError(f"{source}: 'adjectives' must map neutral/loaded to adjective frames")
    for st, frames in section.items():
        known = {str(k).strip().lower(): st for k in (frames or {})}
        for adjective, preps in _prep_frames(source, frames, f"adjectives.{st}", known).items():
            adjectives.setdefault(adjective, preps)
            adjective_stance.setdefault(adjective, st)
    return ReportingVerbs(
        stance=stance,
        group=group,
        nominal=nominal,
        verb_preps=verb_preps,
        noun_preps=noun_preps,
        adjectives=adjectives,
        adjective_stance=adjective_stance,
        evidence_nouns=frozenset(_word_list(source, data.get("evidence_nouns"), "evidence_nouns")),
    )


def _prep_frames(
    source: Path, value: Any, where: str, known: dict[str, str]
) -> dict[str, tuple[str, ...]]:
    """``{cue: (preposition, ...)}`` for cues already listed with a stance."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ResourceError(f"{source}: '{where}' must map a cue to a list of prepositions")
    frames: dict[str, tuple[str, ...]] = {}
    for cue, words in value.items():
        key = str(cue).strip().lower()
        if key not in known:
            raise ResourceError(
                f"{source}: '{where}.{key}' is not a listed cue; add {key!r} under a stance first"
            )
        frames[key] = tuple(_word_list(source, words, f"{where}.{key}"))
    return frames


def load_source_types(path: str | Path | None = None) -> SourceTypeRules:
    """Read the source-type resource (default: the shipped ``source_types.yml``)."""
    source, data = _read_yaml(path, "source_types.yml")
    types = data.get("types")
    if not isinstance(types, dict) or not types:
        raise ResourceError(
            f"{source}: needs a non-empty 'types:' mapping of type → {{cues: [...]}}"
        )
    ordered: list[tuple[str, tuple[str, ...]]] = []
    for name, entry in types.items():
        if not isinstance(entry, dict) or "cues" not in entry:
            raise ResourceError(f"{source}: type {name!r} needs a 'cues:' list")
        ordered.append((str(name), tuple(_word_list(source, entry["cues"], f"types.{name}.cues"))))
    anonymous = data.get("anonymous") or {}
    if not isinstance(anonymous, dict):
        raise ResourceError(
            f"{source}: 'anonymous' must be a mapping with heads/markers/bare_heads"
        )
    fallback = data.get("entity_fallback") or {}
    if not isinstance(fallback, dict):
        raise ResourceError(f"{source}: 'entity_fallback' must map entity labels to types")
    abbreviations = data.get("abbreviations") or {}
    if not isinstance(abbreviations, dict):
        raise ResourceError(
            f"{source}: 'abbreviations' must map an abbreviation to a list of long names"
        )
    descriptions = data.get("descriptions") or {}
    if not isinstance(descriptions, dict):
        raise ResourceError(
            f"{source}: 'descriptions' must map a noun to the title words it stands for"
        )
    cue_words = {w for _, cues in ordered for cue in cues for w in cue.split()}
    agents = set(_word_list(source, data.get("agent_nouns"), "agent_nouns")) | cue_words
    agents |= set(_word_list(source, anonymous.get("heads"), "anonymous.heads"))
    agents |= _source_nouns()
    return SourceTypeRules(
        agent_nouns=frozenset(agents),
        descriptions={
            str(k).strip().lower(): (
                str(k).strip().lower(),
                *_word_list(source, v, f"descriptions.{k}"),
            )
            for k, v in descriptions.items()
        },
        abbreviations={
            str(k): tuple(_word_list(source, v, f"abbreviations.{k}"))
            for k, v in abbreviations.items()
        },
        types=tuple(ordered),
        anonymous_heads=frozenset(_word_list(source, anonymous.get("heads"), "anonymous.heads")),
        anonymous_markers=tuple(_word_list(source, anonymous.get("markers"), "anonymous.markers")),
        anonymous_bare=frozenset(
            _word_list(source, anonymous.get("bare_heads"), "anonymous.bare_heads")
        ),
        entity_fallback={str(k): str(v) for k, v in fallback.items()},
    )


def _source_nouns() -> set[str]:
    """The shipped ``source_nouns.yml``: nouns that head sources in PolNeAR train."""
    source, data = _read_yaml(None, "source_nouns.yml")
    nouns = data.get("nouns") or {}
    if not isinstance(nouns, dict):
        raise ResourceError(f"{source}: 'nouns' must map a noun to its count")
    return {str(k).strip().lower() for k in nouns}


def load_media(path: str | Path | None = None) -> MediaNames:
    """Read the media-outlet resource (default: the shipped ``media_outlets.yml``)."""
    source, data = _read_yaml(path, "media_outlets.yml")

    def names(key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list):
            raise ResourceError(f"{source}: '{key}' must be a list of names")
        return tuple(str(v).strip() for v in value if str(v).strip())

    outlets = names("outlets")
    if not outlets:
        raise ResourceError(f"{source}: 'outlets' is empty; list at least one outlet name")
    return MediaNames(
        outlets=tuple(sorted(outlets, key=lambda s: (-len(s), s))),
        platforms=tuple(sorted(names("platforms"), key=lambda s: (-len(s), s))),
        photo_credits=frozenset(names("photo_credits")),
    )
