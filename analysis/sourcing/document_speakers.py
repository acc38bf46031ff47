"""The speaker a corpus names for a whole document (an address, a statement).

A ``speaker`` column (``--speaker-col``; ``columns: {speaker: …}`` in a corpus spec) gives
the first person of a document its speaker. Its value may be in another script —
resistinua's ``speaker_uk`` is "Володимир Зеленський" — so it is transliterated
(``cyrtranslit``, Ukrainian rules, then diacritics dropped) and matched by surname
similarity to the names the corpus itself uses for people ("Volodymyr Zelenskyy"); no
alias list is typed by hand.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["latin_name", "match_person", "SIMILARITY"]

#: Surname similarity (difflib ratio, 0–1) a corpus name needs to be taken for the speaker.
SIMILARITY = 0.75
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_UKRAINIAN = re.compile(r"[ґєіїҐЄІЇ]")


def latin_name(name: str) -> str:
    """``name`` in Latin letters without diacritics ("Денис Шмигаль" → "Denys Shmyhal")."""
    value = " ".join(str(name).split())
    if _CYRILLIC.search(value):
        import cyrtranslit

        language = "ua" if _UKRAINIAN.search(value) or "и" in value.lower() else "ru"
        value = cyrtranslit.to_latin(value, language)
        value = value.replace("Š", "Sh").replace("š", "sh").replace("Č", "Ch").replace("č", "ch")
        value = value.replace("Ž", "Zh").replace("ž", "zh").replace("j", "y").replace("J", "Y")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(c for c in value if not unicodedata.combining(c))
    return value.replace("'", "").replace("ʹ", "").replace("’", "")


def _key(name: str) -> str:
    parts = latin_name(name).lower().split()
    return parts[-1] if parts else ""


def match_person(name: str, people: Iterable[str]) -> str:
    """The name among ``people`` with the most similar surname to ``name``, or ``""``.

    The longest of equally similar names wins ("Volodymyr Zelenskyy" over "Zelenskyy").
    """
    surname = _key(name)
    if not surname:
        return ""
    best: tuple[float, int, str] | None = None
    for person in people:
        other = _key(person)
        if not other:
            continue
        ratio = difflib.SequenceMatcher(None, surname, other).ratio()
        if ratio >= SIMILARITY:
            key = (ratio, len(person.split()), person)
            if best is None or key > best:
                best = key
    return best[2] if best else ""
