"""Every corpus under ``../shared/data`` (plus the seed and the bundled sample) as a corpus table.

The sweep reads real text where it lives and never copies it into the project. Each reader is
registered by name; a reader returns ``None`` when its files are absent, so the caller decides
whether that is a skip (a user's clone) or a failure (CI).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analysis.io import load_corpus
from analysis.io.schema import make_corpus

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
SEED = SHARED / "seed" / "000_6552a757d2eb0c8e.txt"
SAMPLE_SPEC = ROOT / "data" / "sample" / "corpus.yml"

#: name -> (files that must exist, reader)
CORPORA: dict[str, tuple[Callable[[], list[Path]], Callable[[], pd.DataFrame]]] = {}


def register(name: str, needs: Callable[[], list[Path]]):
    """Register ``reader`` as corpus ``name``; ``needs`` lists the paths it reads."""

    def wrap(reader: Callable[[], pd.DataFrame]) -> Callable[[], pd.DataFrame]:
        CORPORA[name] = (needs, reader)
        return reader

    return wrap


def load(name: str) -> pd.DataFrame | None:
    """Corpus table of ``name``, or None when its files are not on this machine."""
    needs, reader = CORPORA[name]
    if not all(p.exists() for p in needs()):
        return None
    return reader()


def missing_paths(name: str) -> list[Path]:
    """Paths corpus ``name`` needs that are absent."""
    return [p for p in CORPORA[name][0]() if not p.exists()]


@register("news_bias", lambda: [DATA / "news_bias" / "articles.parquet"])
def _news_bias() -> pd.DataFrame:
    corpus, _ = load_corpus(DATA / "news_bias" / "articles.parquet")
    return corpus


def _polnear(split: str) -> pd.DataFrame:
    corpus, _ = load_corpus(DATA / "polnear" / "data" / split / "text", outlet=f"polnear-{split}")
    return corpus


@register("polnear_train", lambda: [DATA / "polnear" / "data" / "train" / "text"])
def _polnear_train() -> pd.DataFrame:
    return _polnear("train")


@register("polnear_dev", lambda: [DATA / "polnear" / "data" / "dev" / "text"])
def _polnear_dev() -> pd.DataFrame:
    return _polnear("dev")


@register("basil", lambda: [DATA / "basil" / "articles"])
def _basil() -> pd.DataFrame:
    """BASIL JSON: sentences joined by a space, paragraphs by a blank line (as the evaluations do)."""
    records = []
    for path in sorted((DATA / "basil" / "articles").glob("*/*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p) for p in article.get("body-paragraphs") or []]
        records.append(
            {
                "doc_id": path.stem,
                "outlet": str(article.get("source", "")).lower(),
                "title": " ".join(str(article.get("title") or "").split()),
                "text": "\n\n".join(paragraphs),
                "published": article.get("date"),
                "source_file": str(path.relative_to(DATA)),
            }
        )
    return make_corpus(records)


@register("semeval2023_en", lambda: [DATA / "semeval2023_en" / "articles.jsonl"])
def _semeval() -> pd.DataFrame:
    corpus, _ = load_corpus(DATA / "semeval2023_en" / "articles.jsonl", outlet="semeval2023")
    return corpus


@register("kremlin_en", lambda: [DATA / "kremlin_en" / "html"])
def _kremlin() -> pd.DataFrame:
    corpus, _ = load_corpus(DATA / "kremlin_en" / "html", outlet="Kremlin")
    return corpus


@register("ukraine_addresses", lambda: [DATA / "ukraine_addresses" / "addresses.jsonl"])
def _ukraine() -> pd.DataFrame:
    corpus, _ = load_corpus(
        DATA / "ukraine_addresses" / "addresses.jsonl",
        columns={"published": "date"},
        outlet="President of Ukraine",
    )
    return corpus


@register("wikinews", lambda: [DATA / "wikinews" / "data"])
def _wikinews() -> pd.DataFrame:
    corpus, _ = load_corpus(DATA / "wikinews" / "data", outlet="Wikinews")
    return corpus


@register("seed", lambda: [SEED if SEED.is_file() else ROOT / "data" / "sample" / "rt_dump.txt"])
def _seed() -> pd.DataFrame:
    path = SEED if SEED.is_file() else ROOT / "data" / "sample" / "rt_dump.txt"
    corpus, _ = load_corpus(path, format="dump", outlet="RT")
    return corpus


@register("sample", lambda: [SAMPLE_SPEC])
def _sample() -> pd.DataFrame:
    corpus, _ = load_corpus(SAMPLE_SPEC)
    return corpus


#: Corpora that live in ../shared (a missing one fails under CI=true); the rest ship in the repo.
SHARED_CORPORA = tuple(n for n in CORPORA if n not in ("sample",))
