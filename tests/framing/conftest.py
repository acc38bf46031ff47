"""Hand-built token/sentence tables for framing tests (no spaCy model needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

#: lemma of inflected test words (what spaCy would give)
LEMMAS = {
    "cuts": "cut",
    "taxes": "tax",
    "policies": "policy",
    "killed": "kill",
    "courts": "court",
    "rights": "right",
    "was": "be",
    "economies": "economy",
}


def make_tables(docs: dict[str, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Token and sentence tables from ``{doc_id: [sentence, ...]}``; words split on spaces, '.' is punctuation."""
    tokens, sentences = [], []
    for doc_id, sents in docs.items():
        i = 0
        offset = 0
        for s, sentence in enumerate(sents):
            words = sentence.split()
            start = i
            for w in words:
                tokens.append(
                    {"doc_id": doc_id, "sent": s, "i": i, "idx": offset, "text": w, "lower": w.lower(),
                     "lemma": LEMMAS.get(w.lower(), w), "pos": "PUNCT" if w == "." else "NOUN",
                     "is_punct": w == ".", "whitespace": True}
                )  # fmt: skip
                offset += len(w) + 1
                i += 1
            sentences.append(
                {"doc_id": doc_id, "sent": s, "start": start, "end": i, "text": sentence}
            )
    return pd.DataFrame(tokens), pd.DataFrame(sentences)


@pytest.fixture
def tables():
    return make_tables


@pytest.fixture
def small_dictionary() -> dict:
    return {
        "name": "test",
        "frames": {
            "Economic": {
                "definition": "Money matters.",
                "terms": ["tax", "tax cut", "econom*", {"term": "budget", "weight": 2}],
            },
            "Legal": {
                "definition": "Courts and rights.",
                "terms": ["court", "human right", "supreme court", "right"],
            },
            "Policy": {"definition": "Policies.", "terms": ["policy", "policies", "tax cut"]},
        },
    }


WORDS = {
    "Economic": ["budget", "tax", "market", "jobs", "inflation"],
    "Crime": ["police", "arrest", "murder", "court", "prison"],
    "Health": ["hospital", "virus", "doctor", "vaccine", "patients"],
}
FILLER = ["the", "a", "said", "on", "today", "people", "city", "report", "new", "week"]


def synthetic(n: int = 60, seed: int = 0) -> tuple[list[str], list[list[str]]]:
    rng = np.random.default_rng(seed)
    texts, labels = [], []
    frames = list(WORDS)
    for _ in range(n):
        chosen = sorted(rng.choice(frames, size=int(rng.integers(1, 3)), replace=False).tolist())
        words = [w for f in chosen for w in rng.choice(WORDS[f], 4).tolist()] + rng.choice(
            FILLER, 12
        ).tolist()
        rng.shuffle(words)
        texts.append(" ".join(words))
        labels.append(chosen)
    return texts, labels


@pytest.fixture
def synthetic_coded():
    """``synthetic(n, seed)``: coded texts whose frames are signalled by a few words each."""
    return synthetic
