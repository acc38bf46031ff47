"""Who is speaking: name and title from a speaker span, pronoun/nominal resolution, aliases.

Resolution is deliberately simple and explainable (no neural coreference):

* a named speaker ("Deputy Foreign Minister Alexander Grushko") is split into name
  (``Alexander Grushko``) and title (``Deputy Foreign Minister``);
* ``he``/``she``/``I`` → the nearest preceding named person speaker within a few sentences,
  else the nearest preceding PERSON mention; ``they``/``it``/``we`` → the nearest organisation,
  place or group;
* a definite nominal ("the ministry", "the official") → the nearest preceding speaker or
  entity whose name or title contains the noun;
* aliases in a document are clustered on the surname ("Grushko" = "Alexander Grushko").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from analysis.annotation.doc_rows import canonical_entity

__all__ = ["Speaker", "describe_speaker", "SpeakerResolver", "PERSON_PRONOUNS"]

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "i", "me", "my"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "it", "its"})
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
_HONORIFICS = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
    "Dr.",
    "Sen.",
    "Rep.",
    "Gov.",
    "Gen.",
    "Prof.",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
)
_ENTITY_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "LOC": 4, "FAC": 5}
_TYPE_OF_LABEL = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "FAC": "organisation",
}
_PRONOUN_WINDOW_SENTENCES = 4
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


@dataclass
class Speaker:
    """A speaker as written (``text``) and as resolved (``name``, ``title``, ``label``)."""

    text: str
    name: str
    title: str
    label: str  # PERSON, ORG, GPE, NORP, PRON, NOUN, PROPN or "" (none)
    head_lower: str
    position: int
    sent: int
    is_plural: bool = False
    is_definite: bool = False
    resolved: bool = True

    @property
    def speaker_type(self) -> str:
        """person, organisation, place, group, unresolved or other."""
        if self.label in _TYPE_OF_LABEL:
            return _TYPE_OF_LABEL[self.label]
        if not self.resolved:
            return "unresolved"
        return "other"


def _split_honorific(name: str) -> tuple[str, str]:
    for honorific in _HONORIFICS:
        if name.startswith(honorific + " "):
            return name[len(honorific) + 1 :], honorific
    return name, ""


def describe_speaker(doc: Doc, span: tuple[int, int], head: int, sent: int) -> Speaker:
    """Name, title and label of the speaker span ``doc[span[0]:span[1]]`` headed by ``head``."""
    tokens = doc[span[0] : span[1]]
    head_tok = doc[head]
    text = tokens.text.strip()
    ents = [
        e for e in doc.ents if e.start >= span[0] and e.end <= span[1] and e.label_ in _ENTITY_RANK
    ]
    plural = head_tok.tag_ in ("NNS", "NNPS") or head_tok.lower_ in ("they", "we", "them")
    definite = any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head_tok.children
    )
    if head_tok.pos_ == "PRON" or head_tok.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return Speaker(
            text, text, "", "PRON", head_tok.lower_, head, sent, plural, definite, resolved=False
        )
    if ents:
        # the entity containing the head wins; else the best-ranked one
        containing = [e for e in ents if e.start <= head < e.end]
        ent = (
            containing[0]
            if containing
            else min(ents, key=lambda e: (_ENTITY_RANK[e.label_], e.start))
        )
        name, honorific = _split_honorific(canonical_entity(ent.text))
        before = [
            t
            for t in doc[span[0] : ent.start]
            if not (t.is_punct or t.lower_ in _DETERMINERS or t.dep_ in ("poss", "case"))
        ]
        after = doc[ent.end : span[1]]
        title_parts = [honorific] if honorific else []
        title_parts.append(" ".join(t.text for t in before))
        if ent.label_ == "PERSON" and len(after) > 1 and after[0].text == ",":
            title_parts.append(canonical_entity(after[1:].text))
        title = " ".join(p for p in title_parts if p).strip()
        return Speaker(text, name, title, ent.label_, head_tok.lower_, head, sent, plural, definite)
    if head_tok.pos_ == "PROPN":
        names = [
            t
            for t in doc[span[0] : span[1]]
            if t.pos_ == "PROPN" and (t.i == head or t.head.i == head or t.dep_ == "compound")
        ]
        name, honorific = _split_honorific(" ".join(t.text for t in names) or head_tok.text)
        return Speaker(
            text,
            canonical_entity(name),
            honorific,
            "PROPN",
            head_tok.lower_,
            head,
            sent,
            plural,
            definite,
        )
    nominal = " ".join(t.text for t in tokens if t.lower_ not in _DETERMINERS and not t.is_punct)
    return Speaker(
        text,
        nominal or text,
        "",
        "NOUN",
        head_tok.lemma_.lower(),
        head,
        sent,
        plural,
        definite,
        resolved=not definite,
    )


def _title_before(doc: Doc, start: int, root: int) -> str:
    """Capitalised modifiers right before a name: "Deputy Foreign Minister" Alexander Grushko."""
    i = start
    while (
        i > 0
        and i - 1 < doc[i - 1].head.i <= root
        and (
            doc[i - 1].dep_ == "compound"
            and doc[i - 1].text[:1].isupper()
            or doc[i - 1].text == "-"
        )
    ):
        i -= 1
    return doc[i:start].text.strip()


def _surname(name: str) -> str:
    parts = name.replace("’s", "").split()
    return parts[-1].lower() if parts else ""


class SpeakerResolver:
    """Resolve pronoun and nominal speakers of one document against what came before.

    Feed speakers in reading order with :meth:`resolve`; named ones become antecedents.
    """

    def __init__(
        self, doc: Doc, *, abbreviations: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        self._doc = doc
        self._abbreviations = abbreviations or {}
        self._named: list[Speaker] = []
        self._mentions = [
            (e.start, e.label_, canonical_entity(e.text))
            for e in doc.ents
            if e.label_ in ("PERSON", "ORG", "GPE", "NORP")
        ]
        self._persons: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                name, honorific = _split_honorific(canonical_entity(ent.text))
                self._remember_person(name, _title_before(doc, ent.start, ent.root.i) or honorific)

    def _remember_person(self, name: str, title: str = "") -> None:
        key = _surname(name)
        if key and len(name.split()) >= len(self._persons.get(key, "").split()):
            self._persons[key] = name
        if key and title and len(title) > len(self._titles.get(key, "")):
            self._titles[key] = title

    def _expand_abbreviation(self, speaker: Speaker) -> None:
        expansions = self._abbreviations.get(speaker.name)
        if not expansions:
            return
        for _, label, text in sorted(self._mentions, key=lambda m: (-len(m[2]), m[0])):
            if label in ("ORG", "GPE", "NORP") and any(x in text.lower() for x in expansions):
                speaker.title = speaker.title or speaker.name
                speaker.name, speaker.label = text, label
                return

    def canonical(self, speaker: Speaker) -> Speaker:
        """Cluster aliases: a surname alone, or a shorter form, maps to the fullest name seen."""
        self._expand_abbreviation(speaker)
        if speaker.label in ("PERSON", "PROPN", "ORG"):
            full = self._persons.get(_surname(speaker.name))
            if full and set(speaker.name.lower().split()) <= set(full.lower().split()):
                speaker.name = full
                speaker.label = "PERSON"
            if speaker.label == "PERSON" and not speaker.title:
                speaker.title = self._titles.get(_surname(speaker.name), "")
        return speaker

    def _antecedent(self, position: int, sent: int, *, person: bool) -> Speaker | None:
        wanted = ("PERSON",) if person else ("ORG", "GPE", "NORP")
        for spk in reversed(self._named):
            if (
                spk.position < position
                and spk.label in wanted
                and sent - spk.sent <= _PRONOUN_WINDOW_SENTENCES
            ):
                return spk
        for start, label, text in reversed(self._mentions):
            if start < position and label in wanted:
                name, honorific = _split_honorific(text)
                return self.canonical(Speaker(text, name, honorific, label, "", start, sent))
        return None

    def _nominal_antecedent(self, speaker: Speaker) -> Speaker | None:
        noun = speaker.head_lower
        for spk in reversed(self._named):
            if spk.position < speaker.position and (
                noun in spk.name.lower() or noun in spk.title.lower()
            ):
                return spk
        for start, label, text in reversed(self._mentions):
            if (
                start < speaker.position
                and noun in text.lower()
                and label in ("ORG", "GPE", "NORP")
            ):
                return Speaker(text, text, "", label, noun, start, speaker.sent)
        return None

    def resolve(self, speaker: Speaker, *, quote_speaker: Speaker | None = None) -> Speaker:
        """Resolve ``speaker`` in place and return it; named speakers become antecedents."""
        if speaker.label == "PRON":
            if (
                speaker.head_lower in _FIRST_PERSON
                and quote_speaker is not None
                and quote_speaker.resolved
            ):
                target: Speaker | None = quote_speaker
            else:
                person = speaker.head_lower in PERSON_PRONOUNS
                target = self._antecedent(speaker.position, speaker.sent, person=person)
            if target is not None:
                speaker.name, speaker.title, speaker.label = target.name, target.title, target.label
                speaker.resolved = True
            return speaker
        if speaker.label == "NOUN" and speaker.is_definite:
            target = self._nominal_antecedent(speaker)
            if target is not None:
                speaker.title = speaker.title or speaker.text
                speaker.name, speaker.label = target.name, target.label
                speaker.title = target.title or speaker.title
            speaker.resolved = True
            return speaker
        self.canonical(speaker)
        if speaker.label in ("PERSON", "ORG", "GPE", "NORP", "PROPN"):
            if speaker.label == "PERSON":
                self._remember_person(speaker.name, speaker.title)
            self._named.append(speaker)
        return speaker
