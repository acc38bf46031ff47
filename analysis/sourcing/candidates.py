"""The intermediate record every extraction rule produces before speakers are resolved."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Candidate", "KINDS"]

#: The attribution kinds, from the most to the least explicit.
KINDS: tuple[str, ...] = ("direct", "partial", "indirect", "according_to", "nominal")


@dataclass
class Candidate:
    """One attribution found in a Doc, with token and character positions.

    ``speaker`` is a token span ``(start, end)`` (end exclusive) or None; ``speaker_head`` the
    token index of the speaker's syntactic head; ``cue`` the cue's token indices (empty for a
    floating quote).
    """

    kind: str
    content_start: int
    content_end: int
    cue: tuple[int, ...] = ()
    cue_text: str = ""
    cue_lemma: str = ""
    speaker: tuple[int, int] | None = None
    speaker_head: int | None = None
    rule: str = ""
    inherited_from: int | None = field(default=None)

    @property
    def anchor(self) -> int:
        """Token used for ordering and for the sentence id: the cue, else the content start."""
        return self.cue[0] if self.cue else -1
