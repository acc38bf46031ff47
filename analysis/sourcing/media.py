"""Through whom: the outlet or platform a statement was given to.

"told CNN", "in remarks to Russia's RIA Novosti", "in an interview for Bloomberg", "wrote on
Twitter" → the ``medium`` column. A credit in parentheses ("(AP)", as under photos and in
datelines) is never a medium and never a source.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.sourcing.lexicons import MediaNames

__all__ = ["find_medium", "is_photo_credit"]

_TRIGGERS = (
    "told", "tell", "tells", "telling", "interview", "interviews", "remarks", "statement",
    "comments", "comment", "op-ed", "speaking", "spoke", "speak", "wrote", "writing", "written",
    "posted", "posting", "appearance", "appearing", "broadcast", "said", "says", "tweeted",
    "column", "article", "letter", "post", "video", "message", "address",
)  # fmt: skip
_WINDOW = 7
_TELL = frozenset({"told", "tell", "tells", "telling"})
_PREPOSITIONS = frozenset({"to", "with", "for", "on", "in", "via"})


@lru_cache(maxsize=8)
def _name_pattern(names: tuple[str, ...], ignore_case: bool) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE if ignore_case else 0
    )


def is_photo_credit(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands alone in parentheses, like the credit ``(AP)``."""
    before = text[max(0, start - 2) : start].rstrip()
    after = text[end : end + 2].lstrip()
    return before.endswith("(") and after.startswith(")")


def find_medium(sentence: str, media: MediaNames, *, speaker: str = "") -> str:
    """The outlet or platform a statement in ``sentence`` was given to, or ``""``.

    A name counts when one of the trigger words ("told", "interview", "remarks", "wrote", …) or
    the preposition "on" right before a platform occurs in the few words before it.
    """
    candidates: list[tuple[int, str]] = []
    for names, ignore_case in ((media.outlets, False), (media.platforms, False)):
        if not names:
            continue
        for match in _name_pattern(names, ignore_case).finditer(sentence):
            name = match.group(0)
            if is_photo_credit(sentence, match.start(), match.end()) or (
                speaker and name in speaker
            ):
                continue
            words = re.findall(r"[\w’'-]+", sentence[: match.start()].lower())[-_WINDOW:]
            while words and (words[-1] == "the" or words[-1].endswith(("’s", "'s"))):
                words.pop()  # "in remarks to Russia's RIA Novosti", "told the Times"
            if not words:
                continue
            last, earlier = words[-1], words[:-1]
            if names is media.platforms:
                given = last in ("on", "via") or (
                    last in _PREPOSITIONS and any(w in _TRIGGERS for w in earlier)
                )
            else:
                given = last in _TELL or (
                    last in _PREPOSITIONS and any(w in _TRIGGERS for w in earlier)
                )
            if given:
                candidates.append((match.start(), name))
    if not candidates:
        return ""
    return min(candidates)[1]
