"""Speaker gold on official communication and news: who speaks, of what type, matched strictly.

The gold (``tests/gold/speakers_{dev,test}.jsonl``, coding rules in ``tests/gold/README.md``)
codes every attribution in a region at the start of each document of three corpora —
Kremlin readouts and transcripts, Ukrainian addresses, US news — by character offsets into the
annotated text. :func:`load_gold_corpus` loads a corpus exactly as the gold was coded on, so
the offsets line up; :func:`score_speakers` matches predictions to gold by content overlap and
scores speaker (strict and lenient) and source type, with the confusion matrix beside them.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.errors import InputError
from analysis.io.load import load_corpus

__all__ = [
    "GOLD_CORPORA",
    "GoldSpeaker",
    "GoldDocument",
    "SpeakerScore",
    "load_gold_corpus",
    "read_speaker_gold",
    "read_gold_documents",
    "score_speakers",
    "same_speaker",
    "gold_attributions",
    "score_halves",
]

#: The corpora the gold was coded on (folders under the shared data directory).
GOLD_CORPORA: tuple[str, ...] = ("kremlin_en", "ukraine_addresses", "news_bias")

#: Share of the shorter content span two spans must overlap by to match.
MATCH_OVERLAP = 0.3

#: Lenient only: surnames this similar are spellings of one name ("Zelensky"/"Zelenskyy").
_SPELLING_VARIANT = 0.85
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "sir", "madam", "mr.", "mrs.", "ms.", "dr."})
_POSSESSIVE = re.compile(r"['’]s\b")


@dataclass(frozen=True)
class GoldDocument:
    """A coded document: its key in the corpus, split and coded region."""

    corpus: str
    doc: str
    doc_id: str
    split: str
    region_end: int


@dataclass(frozen=True)
class GoldSpeaker:
    """One hand-coded attribution (see ``tests/gold/README.md``)."""

    corpus: str
    doc: str
    split: str
    start: int
    end: int
    kind: str
    act: str
    speaker: str
    source_type: str
    metonym: bool = False
    collective: bool = False


def read_speaker_gold(path: str | Path) -> list[GoldSpeaker]:
    """The gold items of one JSONL file."""
    items = []
    fields = GoldSpeaker.__dataclass_fields__
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(GoldSpeaker(**{k: v for k, v in row.items() if k in fields}))
        except (json.JSONDecodeError, TypeError) as exc:
            raise InputError(f"{path}, line {n}: not a speaker gold item ({exc})") from exc
    return items


def read_gold_documents(path: str | Path) -> list[GoldDocument]:
    """The coded documents (``speakers_documents.jsonl``)."""
    fields = GoldDocument.__dataclass_fields__
    return [
        GoldDocument(**{k: v for k, v in json.loads(line).items() if k in fields})
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def load_gold_corpus(
    name: str, data_dir: str | Path, *, speaker_column: bool = True
) -> pd.DataFrame:
    """Load one gold corpus from ``data_dir`` exactly as it was coded on.

    The Ukrainian addresses name their speaker (``speaker_uk``); ``speaker_column`` maps it to
    the corpus column ``speaker``, as a user would with ``--speaker-col speaker_uk``.
    """
    root = Path(data_dir)
    if name == "kremlin_en":
        corpus, _ = load_corpus(
            root / "kremlin_en" / "html", format="html", outlet="Kremlin (en.kremlin.ru)"
        )
        corpus["gold_doc"] = corpus["source_file"].map(lambda p: Path(str(p)).name)
    elif name == "ukraine_addresses":
        columns = {"text": "text", "title": "title", "published": "date", "id": "id", "url": "url"}
        if speaker_column:
            columns["speaker"] = "speaker_uk"
        corpus, _ = load_corpus(
            root / "ukraine_addresses" / "addresses.jsonl",
            format="jsonl",
            outlet="President of Ukraine (addresses)",
            columns=columns,
        )
        corpus["gold_doc"] = corpus["doc_id"]
    elif name == "news_bias":
        columns = {
            "text": "text",
            "title": "title",
            "outlet": "outlet",
            "published": "date",
            "id": "id",
        }
        corpus, _ = load_corpus(
            root / "news_bias" / "articles.parquet", format="parquet", columns=columns
        )
        corpus["gold_doc"] = corpus["doc_id"]
    else:
        raise InputError(f"no speaker gold for corpus {name!r}; use one of {list(GOLD_CORPORA)}")
    return corpus


def _normalise(name: str) -> list[str]:
    text = _POSSESSIVE.sub("", name.lower()).replace("-", " ").replace("’", "'")
    words = [w.strip(".,;:'\"()") for w in text.split()]
    words = [w for w in words if w and w not in _HONORIFICS]
    if words and words[0] == "the":
        words = words[1:]
    return words


def same_speaker(predicted: str, gold: str, *, strict: bool) -> bool:
    """Whether a predicted speaker name is the gold one (see ``tests/gold/README.md``)."""
    p, g = _normalise(predicted), _normalise(gold)
    if not g or not p:
        return not g and not p
    if p == g:
        return True
    if strict:
        # the document names the person by surname only ("President Putin"): the prediction
        # may carry the first name the corpus knows ("Vladimir Putin")
        return len(g) == 1 and len(p) > 1 and p[-1] == g[0]
    similar = difflib.SequenceMatcher(None, p[-1], g[-1]).ratio() >= _SPELLING_VARIANT
    return similar or set(p) <= set(g) or set(g) <= set(p)


@dataclass
class SpeakerScore:
    """Counts over matched gold items; rates are over matched items unless named otherwise."""

    n_gold: int = 0
    n_pred: int = 0
    n_matched: int = 0
    speaker_strict: int = 0
    speaker_lenient: int = 0
    named_n: int = 0
    named_strict: int = 0
    type_correct: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def rate(self, count: int, n: int | None = None) -> float:
        total = self.n_matched if n is None else n
        return round(count / total, 3) if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures (the confusion matrix as ``{gold: {predicted: n}}``)."""
        matrix: dict[str, dict[str, int]] = {}
        for (gold, pred), n in sorted(self.confusion.items()):
            matrix.setdefault(gold, {})[pred] = n
        return {
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "n_matched": self.n_matched,
            "recall": self.rate(self.n_matched, self.n_gold),
            "precision": self.rate(self.n_matched, self.n_pred),
            "speaker_accuracy_strict": self.rate(self.speaker_strict),
            "speaker_accuracy_lenient": self.rate(self.speaker_lenient),
            "named_speaker_accuracy_strict": self.rate(self.named_strict, self.named_n),
            "named_n": self.named_n,
            "source_type_accuracy": self.rate(self.type_correct),
            "source_type_confusion": matrix,
        }


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return inter / shorter if inter > 0 and shorter > 0 else 0.0


def score_speakers(
    gold: Iterable[GoldSpeaker],
    predictions: pd.DataFrame,
    documents: Mapping[tuple[str, str], GoldDocument],
) -> SpeakerScore:
    """Match ``predictions`` (an attribution table with a ``gold_doc`` and ``corpus`` column)
    to gold one-to-one by content overlap, and count what is right.

    Predictions outside a document's coded region are not counted.
    """
    result = SpeakerScore()
    by_doc: dict[tuple[str, str], list[GoldSpeaker]] = {}
    for item in gold:
        by_doc.setdefault((item.corpus, item.doc), []).append(item)
    for key, items in sorted(by_doc.items()):
        meta = documents[key]
        rows = predictions[
            (predictions["corpus"] == key[0])
            & (predictions["gold_doc"] == key[1])
            & (predictions["content_start"] < meta.region_end)
        ]
        preds = list(rows.to_dict("records"))
        result.n_gold += len(items)
        result.n_pred += len(preds)
        pairs = sorted(
            (
                (
                    -_overlap((g.start, g.end), (int(p["content_start"]), int(p["content_end"]))),
                    gi,
                    pi,
                )
                for gi, g in enumerate(items)
                for pi, p in enumerate(preds)
            ),
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for negative, gi, pi in pairs:
            if -negative < MATCH_OVERLAP or gi in used_g or pi in used_p:
                continue
            used_g.add(gi)
            used_p.add(pi)
            g, p = items[gi], preds[pi]
            speaker = str(p.get("speaker") or "")
            kind = str(p.get("source_type") or "")
            result.n_matched += 1
            strict = same_speaker(speaker, g.speaker, strict=True)
            lenient = same_speaker(speaker, g.speaker, strict=False)
            result.speaker_strict += strict
            result.speaker_lenient += lenient
            if g.speaker:
                result.named_n += 1
                result.named_strict += strict
            result.type_correct += kind == g.source_type
            result.confusion[(g.source_type, kind)] += 1
            if not strict or kind != g.source_type:
                result.errors.append(
                    {
                        "corpus": g.corpus,
                        "doc": g.doc,
                        "start": g.start,
                        "gold_speaker": g.speaker,
                        "speaker": speaker,
                        "speaker_text": str(p.get("speaker_text") or ""),
                        "gold_type": g.source_type,
                        "source_type": kind,
                    }
                )
        for gi, g in enumerate(items):
            if gi not in used_g:
                result.errors.append(
                    {
                        "corpus": g.corpus,
                        "doc": g.doc,
                        "start": g.start,
                        "missed": True,
                        "gold_speaker": g.speaker,
                        "gold_type": g.source_type,
                        "kind": g.kind,
                    }
                )
    return result


def gold_attributions(
    gold_dir: str | Path, data_dir: str | Path, store: str | Path
) -> pd.DataFrame:
    """Attributions of every coded document, with ``corpus`` and ``gold_doc`` columns.

    ``gold_dir`` holds ``speakers_documents.jsonl``; the documents are read from ``data_dir``
    and annotated into ``store`` (a cache: reruns parse nothing).
    """
    from analysis.annotation.annotate import annotate
    from analysis.sourcing import attributions

    documents = read_gold_documents(Path(gold_dir) / "speakers_documents.jsonl")
    frames = []
    for name in GOLD_CORPORA:
        wanted = {d.doc for d in documents if d.corpus == name}
        corpus = load_gold_corpus(name, data_dir)
        corpus = corpus[corpus["gold_doc"].isin(wanted)].reset_index(drop=True)
        missing = wanted - set(corpus["gold_doc"])
        if missing:
            raise InputError(f"{name}: coded documents not found in {data_dir}: {sorted(missing)}")
        ann = annotate(corpus.drop(columns=["gold_doc"]), store=store, progress=False)
        frame = attributions(ann.docs(), corpus)
        frame["corpus"] = name
        to_gold = dict(zip(corpus["doc_id"], corpus["gold_doc"], strict=True))
        frame["gold_doc"] = frame["doc_id"].map(to_gold)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def score_halves(gold_dir: str | Path, predictions: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Scores per half (``test``, ``dev``), overall (``all``) and per corpus, plus ``errors``."""
    root = Path(gold_dir)
    documents = {
        (d.corpus, d.doc): d for d in read_gold_documents(root / "speakers_documents.jsonl")
    }
    results: dict[str, dict[str, Any]] = {}
    for half in ("test", "dev"):
        path = root / f"speakers_{half}.jsonl"
        if not path.exists():
            continue
        gold = read_speaker_gold(path)
        overall = score_speakers(gold, predictions, documents)
        results[half] = {"all": overall.as_dict(), "errors": overall.errors}
        for name in GOLD_CORPORA:
            part = [g for g in gold if g.corpus == name]
            results[half][name] = score_speakers(part, predictions, documents).as_dict()
    return results
