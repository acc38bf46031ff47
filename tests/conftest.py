"""Shared fixtures: paths to fixtures and shared data, and one annotated sample per session."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_6552a757d2eb0c8e.txt"
SAMPLE_SPEC = ROOT / "data" / "sample" / "corpus.yml"

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (CI has it; a user's clone may not)."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip("../shared/data is not present (only CI and developer machines have it)")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed dump; a byte copy is bundled in data/sample/rt_dump.txt."""
    return SEED if SEED.is_file() else ROOT / "data" / "sample" / "rt_dump.txt"


@pytest.fixture(scope="session")
def session_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One annotation store for the whole session, so the sample is parsed once."""
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="session")
def sample_annotations(session_store: Path):
    """The bundled sample, loaded and annotated once per session (real model)."""
    from analysis import open_annotated

    return open_annotated(SAMPLE_SPEC, store=session_store)


# -- a tiny hand-made corpus with token and sentence tables (no spaCy) ------------------------
#: doc_id, outlet, published, title, body sentences. Counts in the tests were checked by hand.
DOCS = [
    (
        "d1",
        "RT",
        "2022-01-03",
        "Ceasefire talks stall",
        ["Negotiators met in Minsk.", "No truce was agreed."],
    ),
    (
        "d2",
        "RT",
        "2022-01-10",
        "Sanctions widen",
        ["The peace talks resumed on Monday.", "Kyiv rejected the plan."],
    ),
    (
        "d3",
        "BBC",
        "2022-01-04",
        "Markets fall",
        ["Oil prices rose.", "Talks about peace were not mentioned."],
    ),
    (
        "d4",
        "BBC",
        "2022-02-14",
        "Truce holds in the east",
        ["A ceasefire began at dawn.", "Peace-talks continue in Geneva."],
    ),
    ("d5", "BBC", None, "Undated brief", ["Negotiations on grain exports continue."]),
]
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _rows():
    tokens, sentences, corpus = [], [], []
    for doc_id, outlet, published, title, body in DOCS:
        corpus.append(
            {
                "doc_id": doc_id,
                "outlet": outlet,
                "published": published,
                "title": title,
                "standfirst": "",
                "text": " ".join(body),
                "caption": "",
            }
        )
        i = 0
        for sent, (section, text) in enumerate([("title", title)] + [("text", s) for s in body]):
            start = i
            for word in _TOKEN.findall(text):
                tokens.append(
                    {
                        "doc_id": doc_id,
                        "sent": sent,
                        "i": i,
                        "text": word,
                        "lower": word.lower(),
                        "is_punct": not word[0].isalnum(),
                        "section": section,
                        "whitespace": True,
                    }
                )
                i += 1
            sentences.append(
                {
                    "doc_id": doc_id,
                    "sent": sent,
                    "start": start,
                    "end": i,
                    "section": section,
                    "text": text,
                }
            )
    corpus = pd.DataFrame(corpus)
    corpus["published"] = pd.to_datetime(corpus["published"])
    return corpus, pd.DataFrame(tokens), pd.DataFrame(sentences)


@pytest.fixture(scope="session")
def tiny():
    """(corpus, tokens, sentences) of the hand-made corpus."""
    return _rows()


@pytest.fixture(scope="session")
def engine(tiny):
    from analysis.query import QueryEngine

    corpus, tokens, sentences = tiny
    return QueryEngine(tokens, corpus, sentences)
