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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from analysis.annotation.doc_rows import canonical_entity
from analysis.annotation.gazetteer import (
    MIN_CITY_POPULATION,
    MIN_TOWN_POPULATION,
    country_name,
    country_of_adjective,
    is_place,
    names_other_country,
    place_kind,
)

__all__ = ["Speaker", "describe_speaker", "corrected_label", "SpeakerResolver", "PERSON_PRONOUNS"]

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "i", "me", "my"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "it", "its"})
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
_COLLECTIVE = frozenset({"we", "us", "our"})
_SECOND_PERSON = frozenset({"you", "your", "yours"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
#: Pronouns with no antecedent to look for: "those who support him", "some", "no one".
_GENERIC_PRONOUNS = frozenset(
    {"those", "these", "some", "others", "many", "who", "one", "someone", "anyone", "everyone",
     "everybody", "nobody", "all", "both", "most", "few", "each", "none"}
)  # fmt: skip
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
_NAMES_KEY = "analysis.sourcing.entity_names"
#: Heads that make "the Russian side" / "the Ukrainian authorities" the government itself.
_GOVERNMENT_HEADS = frozenset({"side", "authority", "authorities", "government", "leadership"})


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
    metonym: bool = False  # a country or capital standing for its government
    collective: bool = False  # "we": the speaker speaks for a group it belongs to
    nationality: str = ""  # the country of a description: "the Russian President" → Russia
    description: str = ""  # an office nobody in the document holds: "the President" → president

    @property
    def speaker_type(self) -> str:
        """person, organisation, group, unresolved or other (a place never speaks)."""
        if self.metonym:  # "Russia said": the government, an organisation
            return "organisation"
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
    """Name, title and label of the speaker span ``doc[span[0]:span[1]]`` headed by ``head``.

    Only agents speak: a nationality adjective ("the Russian President"), a region or a city
    that is no seat of government gives no name; a country or capital is its government
    (``metonym``); a description ("the Russian President", "Trump's campaign boss") stays a
    description for :class:`SpeakerResolver` to resolve.
    """
    tokens = doc[span[0] : span[1]]
    head_tok = doc[head]
    text = tokens.text.strip()
    ents = [
        e for e in doc.ents if e.start >= span[0] and e.end <= span[1] and e.label_ in _ENTITY_RANK
    ]
    plural = head_tok.tag_ in ("NNS", "NNPS") or head_tok.lower_ in ("they", "we", "them")
    definite = any(
        c.dep_ in ("det", "poss") and (c.lower_ in ("the", "this", "that") or c.dep_ == "poss")
        for c in head_tok.children
    )
    if head_tok.pos_ == "PRON" or head_tok.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return Speaker(
            text, text, "", "PRON", head_tok.lower_, head, sent, plural, definite, resolved=False
        )
    containing = [e for e in ents if e.start <= head < e.end]
    named = [e for e in ents if e.label_ in ("PERSON", "ORG")]
    if not any(e.label_ in ("PERSON", "ORG") for e in containing):
        # "a Republican, Mark Amodei": the name in apposition to the head is the speaker
        appositive = [e for e in named if e.root.dep_ == "appos" and e.root.head.i == head]
        if appositive:
            containing, head_tok = appositive, appositive[0].root
            head = head_tok.i
    if containing or (named and head_tok.pos_ == "PROPN"):
        ent = (
            containing[0]
            if containing
            else min(named, key=lambda e: (_ENTITY_RANK[e.label_], e.start))
        )
        label = corrected_label(doc, ent)
        if label in ("GPE", "LOC", "NORP", "FAC"):
            return _place_or_group(doc, ent, label, text, head_tok, sent, plural, definite)
        ent_start = _name_start(doc, ent)
        name, honorific = _split_honorific(canonical_entity(doc[ent_start : ent.end].text))
        before = [
            t
            for t in doc[span[0] : ent_start]
            if not (t.is_punct or t.lower_ in _DETERMINERS or t.dep_ in ("poss", "case"))
        ]
        after = doc[ent.end : span[1]]
        title_parts = [honorific] if honorific else []
        title_parts.append(" ".join(t.text for t in before))
        if label == "PERSON" and len(after) > 1 and after[0].text == ",":
            title_parts.append(canonical_entity(after[1:].text))
        title = " ".join(p for p in title_parts if p).strip()
        return Speaker(text, name, title, label, head_tok.lower_, head, sent, plural, definite)
    if head_tok.pos_ == "PROPN" and definite and span[1] - span[0] <= 3:
        # "the (Russian) President": the small model tags a capitalised office as a proper noun
        return Speaker(
            text, canonical_entity(text), "", "NOUN", head_tok.lower_, head, sent, plural,
            definite, resolved=False, nationality=_nationality(ents),
        )  # fmt: skip
    if head_tok.pos_ == "PROPN":
        names = [
            t
            for t in doc[span[0] : span[1]]
            if t.pos_ == "PROPN" and (t.i == head or t.head.i == head or t.dep_ == "compound")
        ]
        name, honorific = _split_honorific(" ".join(t.text for t in names) or head_tok.text)
        name = canonical_entity(name)
        if is_place(name) and place_kind(name) in ("country", "capital"):
            return Speaker(
                text, country_name(name) or name, "", "GPE", head_tok.lower_, head, sent,
                plural, definite, metonym=True,
            )  # fmt: skip
        return Speaker(
            text, name, honorific, "PROPN", head_tok.lower_, head, sent, plural, definite
        )
    nationality = _nationality(ents)
    side = head_tok.lemma_.lower() in _GOVERNMENT_HEADS and nationality
    if side:  # "the Russian side", "the Ukrainian authorities": the government
        return Speaker(
            text, nationality, "", "GPE", head_tok.lower_, head, sent, plural, definite,
            metonym=True,
        )  # fmt: skip
    nominal = " ".join(t.text for t in tokens if t.lower_ not in _DETERMINERS and not t.is_punct)
    return Speaker(
        text,
        canonical_entity(nominal or text),
        "",
        "NOUN",
        head_tok.lemma_.lower(),
        head,
        sent,
        plural,
        definite,
        resolved=not definite,
        nationality=nationality,
    )


def _nationality(ents: list[Span]) -> str:
    """The country named by an adjective or possessive in a description, or ``""``."""
    for ent in ents:
        if ent.label_ == "NORP":
            country = country_of_adjective(ent.text.strip())
            if country:
                return country
        elif ent.label_ == "GPE":
            country = country_name(canonical_entity(ent.text))
            if country:
                return country
    return ""


def _place_or_group(
    doc: Doc, ent: Span, label: str, text: str, head_tok: Token, sent: int, plural: bool,
    definite: bool,
) -> Speaker:  # fmt: skip
    """A place speaks only as a government (country, capital); a people only in the plural.

    For a name the gazetteer does not know, the model's GPE/LOC label is overruled only by a
    title before it ("President Vučić said") or by the model itself calling the name a person
    elsewhere in the text ("Gáspár Maróth … Maróth said"); "Crimea said" has no agent.
    """
    name = canonical_entity(ent.text)
    if label == "NORP":
        if head_tok.tag_ in ("NNPS", "NNS") and name.endswith("s"):  # "the Russians said"
            return Speaker(
                text, name, "", "NORP", head_tok.lower_, head_tok.i, sent, True, definite
            )
        if len(ent) > 1 and not country_of_adjective(head_tok.text):  # "Belarusian KGB"
            return Speaker(
                text, name, "", "ORG", head_tok.lower_, head_tok.i, sent, plural, definite
            )
        return _no_agent(text, head_tok, sent, plural, definite)
    kind = place_kind(name)
    if kind in ("country", "capital"):
        return Speaker(
            text, country_name(name) or name, "", "GPE", head_tok.lower_, head_tok.i, sent,
            plural, definite, metonym=True,
        )  # fmt: skip
    titled = (
        ent.start > 0
        and doc[ent.start - 1].text[:1].isupper()
        and not doc[ent.start - 1].is_sent_start
    )
    if not kind and (titled or _named_as_person(doc, name)):
        person = "PERSON" if titled else "PROPN"
        title = doc[ent.start - 1].text if titled else ""
        return Speaker(
            text, name, title, person, head_tok.lower_, head_tok.i, sent, plural, definite
        )
    return _no_agent(text, head_tok, sent, plural, definite)


def _named_as_person(doc: Doc, name: str) -> bool:
    """Whether the model calls ``name`` (or a name ending in it) a person elsewhere in the text."""
    return name.split()[-1] in _entity_names(doc)[1] or any(
        e.label_ == "PERSON" and e.text.strip() == name for e in doc.ents
    )


def _no_agent(text: str, head_tok: Token, sent: int, plural: bool, definite: bool) -> Speaker:
    return Speaker(
        text, "", "", "", head_tok.lower_, head_tok.i, sent, plural, definite, resolved=False
    )


def corrected_label(doc: Doc, ent: Span) -> str:
    """The entity label, with places the model took for people or organisations put right.

    "Sumy" (PERSON) and "Bucha" (ORG) are places by the gazetteer; a name that is also the
    surname of a person in the same document ("Jackson" after "Andrew Jackson") stays a person.
    """
    label = ent.label_
    if label not in ("PERSON", "ORG") or len(ent) > 3:
        return label
    name = canonical_entity(ent.text)
    previous = doc[ent.start - 1] if ent.start > 0 else None
    if previous is not None and previous.text[:1].isupper() and not previous.is_sent_start:
        return label  # "Mayor Lee", "President Jackson": a title makes it a person
    places, surnames = _entity_names(doc)
    town = label == "ORG" or name in places
    if not is_place(name, MIN_TOWN_POPULATION if town else MIN_CITY_POPULATION):
        return label
    return label if name in surnames else "GPE"


def _entity_names(doc: Doc) -> tuple[frozenset[str], frozenset[str]]:
    """(names the model labels GPE/LOC, surnames of multi-word PERSONs), once per Doc."""
    cached = doc.user_data.get(_NAMES_KEY)
    if cached is None:
        places = frozenset(canonical_entity(e.text) for e in doc.ents if e.label_ in ("GPE", "LOC"))
        surnames = frozenset(
            e.text.split()[-1] for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) > 1
        )
        cached = doc.user_data[_NAMES_KEY] = (places, surnames)
    return cached


def _name_start(doc: Doc, ent: Span) -> int:
    """Where a person's name starts inside an entity that swallowed part of a title.

    "CEO of RusHydro Nikolai Shulginov" is often one PERSON entity from "RusHydro" on: a
    leading word after "of"/"at"/"for" that is an organisation or a place belongs to the title.
    """
    start = ent.start
    if ent.label_ != "PERSON":
        return start
    while ent.end - start > 2 and (
        (start > 0 and doc[start - 1].lower_ in ("of", "at", "for")) or is_place(doc[start].text)
    ):
        start += 1
    return start


_TITLE_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "on", "de", "-", "’s", "'s"})
_TITLE_MAX_TOKENS = 10
_APPOSITION_MAX_TOKENS = 12


def _title_before(doc: Doc, start: int, root: int = -1) -> str:
    """The capitalised title right before a name, in the same sentence.

    "Deputy Foreign Minister" Alexander Grushko; "President of Russia" Vladimir Putin;
    "Austrian Federal Chancellor" Wolfgang Schuessel. Lower-case function words may sit inside
    ("of the"), never at either end.
    """
    sent_start = doc[start].sent.start if start < len(doc) else 0
    name_end = start
    while name_end < len(doc) and doc[name_end].ent_type_ == "PERSON":
        name_end += 1
    i = start
    while i > sent_start and start - i < _TITLE_MAX_TOKENS:
        tok = doc[i - 1]
        if (
            tok.dep_ in ("compound", "amod")
            and i <= tok.head.i < max(name_end, i + 1)
            and tok.pos_ in ("PROPN", "NOUN", "ADJ")
        ):
            i -= 1  # "Greek prime minister" Kyriakos Mitsotakis: modifiers of the name
        elif (
            tok.text[:1].isupper()
            and not tok.is_sent_start
            and tok.pos_ in ("PROPN", "NOUN", "ADJ")
        ):
            i -= 1
        elif tok.text[:1].isupper() and tok.is_sent_start and tok.pos_ in ("PROPN", "NOUN", "ADJ"):
            i -= 1
            break
        elif (
            tok.lower_ in _TITLE_FUNCTION_WORDS
            and i - 1 > sent_start
            and doc[i - 2].text[:1].isupper()
        ):
            i -= 1
        else:
            break
    while i < start and doc[i].lower_ in _TITLE_FUNCTION_WORDS:
        i += 1
    if i < start and doc[i].ent_type_ == "PERSON":
        return ""  # two names in a row, not a title
    return doc[i:start].text.strip()


def _surname(name: str) -> str:
    parts = name.replace("’s", "").split()
    return parts[-1].lower() if parts else ""


@dataclass(frozen=True)
class _Titled:
    """A person mentioned with a title: the antecedents of "the President", "the minister"."""

    position: int
    name: str
    title: str
    subject: bool


class SpeakerResolver:
    """Resolve pronoun and nominal speakers of one document against what came before.

    Feed speakers in reading order with :meth:`resolve`; named ones become antecedents.
    ``voices`` are ``(start_char, end_char, speaker)`` stretches whose first person belongs to
    that speaker — transcript turns, or the whole document when the corpus names its speaker.
    ``descriptions`` maps a generic noun ("leader") to the title words it may stand for.
    """

    def __init__(
        self,
        doc: Doc,
        *,
        abbreviations: dict[str, tuple[str, ...]] | None = None,
        voices: Sequence[tuple[int, int, Speaker]] = (),
        descriptions: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._doc = doc
        self._abbreviations = abbreviations or {}
        self._voices = list(voices)
        self._descriptions = descriptions or {}
        self._named: list[Speaker] = []
        self._mentions = []
        self._persons: dict[str, str] = {}
        self._titles: dict[str, str] = {}
        self._titled: list[_Titled] = []
        for ent in doc.ents:
            label = corrected_label(doc, ent) if ent.label_ in ("PERSON", "ORG") else ent.label_
            if label == "GPE" and place_kind(canonical_entity(ent.text)) not in (
                "country",
                "capital",
            ):
                continue  # a region or town is not an agent a pronoun can stand for
            if label in ("PERSON", "ORG", "GPE"):
                self._mentions.append(
                    (ent.start, label, canonical_entity(ent.text), _is_subject(ent))
                )
            if label == "PERSON":
                start = _name_start(doc, ent)
                name, honorific = _split_honorific(canonical_entity(doc[start : ent.end].text))
                title = _title_before(doc, start) or honorific or _appositive(doc, ent)
                self._remember_person(name, title)
                if title:
                    self._titled.append(_Titled(ent.start, name, title, _is_subject(ent)))

    @property
    def titles(self) -> dict[str, str]:
        """Full name → the longest title the document gives it (for corpus-wide typing)."""
        return {self._persons[k]: t for k, t in self._titles.items() if k in self._persons}

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
        for _, label, text, _ in sorted(self._mentions, key=lambda m: (-len(m[2]), m[0])):
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

    def voice_at(self, char: int) -> Speaker | None:
        """The speaker whose first person ``char`` falls in (a turn, or the whole document)."""
        found = None
        for start, end, speaker in self._voices:
            if start <= char < end and (found is None or start >= found[0]):
                found = (start, speaker)
        return found[1] if found else None

    def _antecedent(self, position: int, sent: int, *, person: bool) -> Speaker | None:
        wanted = ("PERSON",) if person else ("ORG", "GPE")
        recent = [
            spk
            for spk in self._named
            if spk.position < position
            and spk.label in wanted
            and sent - spk.sent <= _PRONOUN_WINDOW_SENTENCES
        ]
        mentions = [m for m in self._mentions if m[0] < position and m[1] in wanted]
        if person and mentions:
            # the subject of the latest sentence naming people, not simply the nearest name:
            # "Putin met Chancellor Merkel. He said …" is Putin
            last_sent = self._doc[mentions[-1][0]].sent.start
            same = [m for m in mentions if self._doc[m[0]].sent.start == last_sent]
            subjects = [m for m in same if m[3]]
            if recent and recent[-1].position >= last_sent:
                return recent[-1]
            if subjects and len(same) > 1:
                start, label, text, _ = subjects[-1]
                name, honorific = _split_honorific(text)
                return self.canonical(Speaker(text, name, honorific, label, "", start, sent))
        if recent:
            return recent[-1]
        if mentions:
            start, label, text, _ = mentions[-1]
            name, honorific = _split_honorific(text)
            spk = Speaker(text, name, honorific, label, "", start, sent)
            if label == "GPE":
                spk.name, spk.metonym = country_name(text) or text, True
            return self.canonical(spk)
        return None

    def _described_person(self, speaker: Speaker) -> _Titled | None:
        """The person a description names: "the President", "the Russian leader"."""
        words = self._descriptions.get(speaker.head_lower, (speaker.head_lower,))
        matching = [
            t
            for t in self._titled
            if any(re.search(rf"\b{re.escape(w)}\b", t.title.lower()) for w in words)
        ]
        candidates = [t for t in matching if t.position < speaker.position]
        if not candidates:
            # a lead may describe before it names: "the Russian President said …  President
            # Putin added": the first such person named later
            later = [t for t in matching if t.position > speaker.position]
            candidates = later[:1]
        if not candidates:
            return None
        if speaker.nationality:
            country = speaker.nationality.lower()
            fitting = [
                t
                for t in candidates
                if country in t.title.lower() or _names_country(t.title, country)
            ]
            foreign = [t for t in candidates if names_other_country(t.title, country)]
            candidates = fitting or [t for t in candidates if t not in foreign] or candidates
        named = {spk.name for spk in self._named}
        candidates.sort(key=lambda t: (t.name in named, t.subject, t.position))
        return candidates[-1]

    def _relative_antecedent(self, speaker: Speaker) -> Speaker | None:
        """ "Stalin, who said …" / "the ministry, which stated …": the noun the clause modifies."""
        token = self._doc[speaker.position]
        clause = token.head
        if clause.dep_ != "relcl" or clause.head.i >= token.i:
            return None
        noun = clause.head
        span = (noun.left_edge.i, clause.left_edge.i if clause.left_edge.i > noun.i else noun.i + 1)
        described = describe_speaker(self._doc, span, noun.i, speaker.sent)
        if described.label in ("PRON", ""):
            return None
        resolved = self.resolve(described)
        return resolved if resolved.name else None

    def _is_title(self, speaker: Speaker) -> bool:
        """A description of one person by office: "the President", "the Russian leader"."""
        head = self._doc[speaker.position]
        return not speaker.is_plural and (
            speaker.head_lower in self._descriptions
            or (head.text[:1].isupper() and not head.is_sent_start)
        )

    @property
    def titled(self) -> list[tuple[str, str]]:
        """``(name, title)`` of every titled person mention (for descriptions corpus-wide)."""
        return [(self._persons.get(_surname(t.name), t.name), t.title) for t in self._titled]

    def _nominal_antecedent(self, speaker: Speaker) -> Speaker | None:
        noun = speaker.head_lower
        person = self._described_person(speaker)
        if person is not None:
            name = self._persons.get(_surname(person.name), person.name)
            return Speaker(
                person.name, name, person.title, "PERSON", noun, person.position, speaker.sent
            )
        for spk in reversed(self._named):
            if spk.position < speaker.position and (
                noun in spk.name.lower() or noun in spk.title.lower()
            ):
                return spk
        for start, label, text, _ in reversed(self._mentions):
            words = text.lower().split()
            if start < speaker.position and words and words[-1] == noun and label in ("ORG", "GPE"):
                return Speaker(text, text, "", label, noun, start, speaker.sent)
        return None

    def resolve(self, speaker: Speaker, *, quote_speaker: Speaker | None = None) -> Speaker:
        """Resolve ``speaker`` in place and return it; named speakers become antecedents."""
        if speaker.label == "PRON":
            target: Speaker | None = None
            if speaker.head_lower in _FIRST_PERSON:
                if quote_speaker is not None and quote_speaker.resolved:
                    target = quote_speaker
                else:
                    target = self.voice_at(self._doc[speaker.position].idx)
                speaker.collective = speaker.head_lower in _COLLECTIVE
            elif speaker.head_lower in _RELATIVE_PRONOUNS:
                target = self._relative_antecedent(speaker)
            elif speaker.head_lower not in _SECOND_PERSON | _GENERIC_PRONOUNS:
                person = speaker.head_lower in PERSON_PRONOUNS
                target = self._antecedent(speaker.position, speaker.sent, person=person)
            if target is not None and target.resolved and target.name:
                speaker.name, speaker.title, speaker.label = target.name, target.title, target.label
                speaker.metonym = target.metonym
                speaker.resolved = True
            else:
                speaker.name = ""
            return speaker
        if speaker.label == "NOUN" and speaker.is_definite:
            target = self._nominal_antecedent(speaker)
            if target is not None:
                speaker.title = speaker.title or speaker.text
                speaker.name, speaker.label = target.name, target.label
                speaker.title = target.title or speaker.title
                speaker.metonym = target.metonym
                if target.label == "PERSON":
                    self._named.append(speaker)
            elif self._is_title(speaker):
                # "the President" with nobody so titled in the document: left for the corpus
                # (the outlet's own principal, see ``extract``)
                speaker.description = speaker.head_lower
            speaker.resolved = True
            return speaker
        if not speaker.resolved:
            return speaker
        self.canonical(speaker)
        if speaker.label in ("PERSON", "ORG", "GPE", "NORP", "PROPN"):
            if speaker.label == "PERSON":
                self._remember_person(speaker.name, speaker.title)
            self._named.append(speaker)
        return speaker


def _is_subject(ent: Span) -> bool:
    """Whether an entity is (part of) its clause's subject."""
    root = ent.root
    while root.dep_ in ("compound", "flat", "appos") and root.head is not root:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")


def _appositive(doc: Doc, ent: Span) -> str:
    """What a name's apposition says of the person: "Vladimir Putin, President of Russia," →
    "President of Russia"; "Steffen Schmidt, a political scientist at Iowa State," →
    "political scientist at Iowa State"; "Kirsten Hurrell, 70," → "70" (an age)."""
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return ""
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.ent_type_ != "PERSON":
            start, end = child.left_edge.i, child.right_edge.i + 1
            words = [t for t in doc[start : min(end, start + _APPOSITION_MAX_TOKENS)]]
            while words and (words[0].lower_ in _DETERMINERS or words[0].is_punct):
                words = words[1:]
            while words and (words[-1].is_punct or words[-1].lower_ in _TITLE_FUNCTION_WORDS):
                words = words[:-1]
            return " ".join(t.text for t in words)
    words = []
    for tok in doc[ent.end + 1 : ent.end + 1 + _TITLE_MAX_TOKENS]:
        if tok.text[:1].isupper() or (tok.lower_ in _TITLE_FUNCTION_WORDS and words):
            words.append(tok.text)
        elif tok.like_num and not words and len(tok.text) <= 3:
            return tok.text  # "Kirsten Hurrell, 70,": an age
        else:
            break
    while words and words[-1].lower() in _TITLE_FUNCTION_WORDS:
        words.pop()
    return " ".join(words) if words and words[0][:1].isupper() else ""


def _names_country(title: str, country: str) -> bool:
    """Whether a title's nationality adjective is ``country``'s ("Russian President")."""
    return any(country_of_adjective(w).lower() == country for w in title.split() if w[:1].isupper())
