"""Score predicted attributions against gold: span-overlap P/R/F1, speaker and cue accuracy.

A predicted content span matches a gold content span of the same document when their
character overlap covers at least ``t`` of the gold span **and** at least ``t`` of the
predicted span; pairs are matched one-to-one, greedily by overlap (ties by position). Over
matched pairs:

* speaker accuracy (lenient) — the predicted speaker (resolved name or the words as written)
  shares a content word with the gold source, or the gold source is a pronoun (he, who, …) and
  the prediction resolved it to *any* name; pairs whose gold has no source are not counted;
* strict speaker accuracy — only gold sources that name someone count (a pronoun-only source
  cannot be checked without coreference gold, so it leaves the denominator); possessives are
  normalised ("Obama's" → "obama") and prepositions are not content words, so "experts at
  Brookings" does not match "analysts at Goldman";
* cue accuracy — the predicted cue lemma is the lemma of a word of the gold cue.

:func:`textacy_predictions` gives textacy's ``direct_quotations`` in the same shape, as the
baseline (a document on which it raises contributes no predictions, as in real use).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from analysis.evaluation.attribution_gold import GoldAttribution

__all__ = [
    "Prediction",
    "Score",
    "match",
    "score",
    "speaker_correct",
    "speaker_correct_strict",
    "predictions_from_frame",
    "textacy_predictions",
]

_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "we",
        "i",
        "it",
        "you",
        "him",
        "her",
        "them",
        "us",
        "me",
        "who",
        "which",
        "that",
        "his",
        "hers",
        "their",
        "its",
        "our",
        "my",
        "whom",
    ]
)
_STOP = (
    frozenset(["the", "a", "an", "of", "'s", "’s", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "and"])
    | _PRONOUNS
)
_WORD = re.compile(r"[\w’'.-]+")
#: Not content words for the strict speaker match: "experts at Brookings" shares only "at"
#: with "analysts at Goldman".
_PREPOSITIONS = frozenset([
    "about", "above", "across", "after", "against", "along", "among", "amid", "around", "as",
    "at", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "by",
    "despite", "down", "during", "except", "for", "from", "in", "inside", "into", "like", "near",
    "of", "off", "on", "onto", "out", "outside", "over", "past", "per", "since", "than",
    "through", "throughout", "to", "toward", "towards", "under", "underneath", "until", "up",
    "upon", "via", "with", "within", "without",
])  # fmt: skip
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(frozen=True)
class Prediction:
    """A predicted attribution in scoring form."""

    start: int
    end: int
    speaker: str = ""
    speaker_text: str = ""
    cue_lemma: str = ""


@dataclass
class Score:
    """Counts and rates at one threshold."""

    threshold: float
    n_pred: int = 0
    n_gold: int = 0
    n_matched: int = 0
    speaker_n: int = 0
    speaker_correct: int = 0
    speaker_strict_n: int = 0
    speaker_strict_correct: int = 0
    cue_n: int = 0
    cue_correct: int = 0
    failed_docs: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.n_matched / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.n_matched / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_n if self.speaker_n else 0.0

    @property
    def speaker_accuracy_strict(self) -> float:
        return self.speaker_strict_correct / self.speaker_strict_n if self.speaker_strict_n else 0.0

    @property
    def cue_accuracy(self) -> float:
        return self.cue_correct / self.cue_n if self.cue_n else 0.0

    def as_dict(self) -> dict[str, float | int | list[str]]:
        """Plain dict for JSON output."""
        return {
            "threshold": self.threshold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "speaker_accuracy_strict": round(self.speaker_accuracy_strict, 4),
            "cue_accuracy": round(self.cue_accuracy, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
            "n_matched": self.n_matched,
            "speaker_n": self.speaker_n,
            "speaker_strict_n": self.speaker_strict_n,
            "cue_n": self.cue_n,
            "failed_docs": list(self.failed_docs),
        }


def _overlap(pred: Prediction, gold: GoldAttribution) -> int:
    return sum(max(0, min(pred.end, e) - max(pred.start, s)) for s, e in gold.content)


def match(
    preds: Sequence[Prediction], gold: Sequence[GoldAttribution], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one pairs ``(pred index, gold index)``, greedy by character overlap."""
    pairs = []
    for pi, p in enumerate(preds):
        plen = max(1, p.end - p.start)
        for gi, g in enumerate(gold):
            o = _overlap(p, g)
            if o and o >= threshold * max(1, g.length) and o >= threshold * plen:
                pairs.append((-o, pi, gi))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched = []
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        matched.append((pi, gi))
    return sorted(matched)


def _words(text: str) -> set[str]:
    return {w.lower().strip(".’'") for w in _WORD.findall(text)} - _STOP - {""}


def speaker_correct(pred: Prediction, gold: GoldAttribution) -> bool | None:
    """Lenient: does the predicted speaker fit the gold source? (None: gold has no source).

    A pronoun-only gold source counts as correct for any resolved name; see
    :func:`speaker_correct_strict` for the figure that does not give that credit.
    """
    if not gold.source_text.strip():
        return None
    gold_words = {w.lower() for w in _WORD.findall(gold.source_text)}
    if gold.speaker:
        gold_words |= _words(gold.speaker)
    content_words = gold_words - _STOP
    if not content_words:  # a pronoun source ("he", "who"): correct when resolved to a name
        return bool(_words(pred.speaker))
    return bool(content_words & (_words(pred.speaker) | _words(pred.speaker_text)))


def _strict_words(text: str) -> set[str]:
    words = {_POSSESSIVE.sub("", w.lower()).strip(".’'-") for w in _WORD.findall(text)}
    return words - _STOP - _PREPOSITIONS - {""}


def speaker_correct_strict(pred: Prediction, gold: GoldAttribution) -> bool | None:
    """Whether the predicted speaker shares a name word with a gold source that names someone.

    None when the gold has no source or its source is only a pronoun ("he", "who"): without
    coreference gold such a pair cannot be checked, so it is left out of the strict figure.

    >>> gold = GoldAttribution(content=((0, 1),), source_text="Obama's spokesman")
    >>> speaker_correct_strict(Prediction(0, 1, "Barack Obama"), gold)
    True
    """
    if not gold.source_text.strip():
        return None
    gold_words = _strict_words(gold.source_text) | _strict_words(gold.speaker)
    if not gold_words:
        return None
    return bool(gold_words & (_strict_words(pred.speaker) | _strict_words(pred.speaker_text)))


def _gold_cue_lemmas(doc: Doc | None, gold: GoldAttribution) -> set[str]:
    lemmas = {w.lower() for w in _WORD.findall(gold.cue_text)}
    if "according" in lemmas:
        lemmas.add("according to")
    if gold.cue_text.strip() == ":":
        lemmas.add(":")
    if doc is not None:
        for s, e in gold.cue:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                lemmas |= {t.lemma_.lower() for t in span if not t.is_punct}
    return lemmas


def score(
    docs: Iterable[tuple[str, Doc | None, Sequence[Prediction], Sequence[GoldAttribution]]],
    threshold: float,
    *,
    failed_docs: Sequence[str] = (),
) -> Score:
    """Aggregate P/R/F1, speaker (lenient and strict) and cue accuracy over ``(doc_id, Doc, predictions, gold)``."""
    result = Score(threshold=threshold, failed_docs=list(failed_docs))
    for _, doc, preds, gold in docs:
        result.n_pred += len(preds)
        result.n_gold += len(gold)
        for pi, gi in match(preds, gold, threshold):
            result.n_matched += 1
            ok = speaker_correct(preds[pi], gold[gi])
            if ok is not None:
                result.speaker_n += 1
                result.speaker_correct += int(ok)
            strict = speaker_correct_strict(preds[pi], gold[gi])
            if strict is not None:
                result.speaker_strict_n += 1
                result.speaker_strict_correct += int(strict)
            if gold[gi].cue_text.strip():
                result.cue_n += 1
                result.cue_correct += int(
                    preds[pi].cue_lemma.lower() in _gold_cue_lemmas(doc, gold[gi])
                )
    return result


def predictions_from_frame(frame, doc_id: str) -> list[Prediction]:  # noqa: ANN001 - a DataFrame
    """The rows of an :func:`~analysis.sourcing.attributions` table for one document."""
    rows = frame[frame["doc_id"] == doc_id]
    return [
        Prediction(
            int(r.content_start),
            int(r.content_end),
            str(r.speaker),
            str(r.speaker_text),
            str(r.cue_lemma),
        )
        for r in rows.itertuples(index=False)
    ]


def textacy_predictions(doc: Doc) -> list[Prediction] | None:
    """textacy's ``direct_quotations`` as predictions; None when it raises on the document."""
    from textacy.extract.triples import direct_quotations

    try:
        triples = list(direct_quotations(doc))
    except Exception:  # noqa: BLE001 - textacy raises ValueError and others on odd quote marks
        return None
    preds = []
    for triple in triples:
        content = triple.content
        speaker = " ".join(t.text for t in triple.speaker)
        cue = triple.cue[0].lemma_.lower() if triple.cue else ""
        preds.append(Prediction(content.start_char, content.end_char, speaker, speaker, cue))
    return preds
