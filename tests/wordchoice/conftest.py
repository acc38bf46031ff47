"""Token tables for word-choice tests: tokenizer-only (fast) or parsed with the real model (slow)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import pytest


def _tables(
    nlp, texts: Mapping[str, str], outlets: Mapping[str, str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from analysis.annotation.doc_rows import TableBuilder
    from analysis.io.schema import doc_sections

    builder = TableBuilder()
    for doc_id, text in texts.items():
        builder.add(nlp(text), doc_id, doc_sections({"text": text}))
    tokens = builder.tokens().to_pandas().rename(columns={"key": "doc_id"})
    corpus = pd.DataFrame(
        {
            "doc_id": pd.array(list(texts), dtype="string"),
            "outlet": pd.array([(outlets or {}).get(d, d) for d in texts], dtype="string"),
        }
    )
    return tokens, corpus


@pytest.fixture(scope="session")
def blank_tables() -> Callable[..., tuple[pd.DataFrame, pd.DataFrame]]:
    """Build (tokens, corpus) with spaCy's English tokenizer and a sentencizer (no model)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return lambda texts, outlets=None: _tables(nlp, texts, outlets)


@pytest.fixture(scope="session")
def parsed_tables() -> Callable[..., tuple[pd.DataFrame, pd.DataFrame]]:
    """Build (tokens, corpus) with the project pipeline (real model: mark tests slow)."""
    from analysis.annotation.pipeline import load_pipeline

    nlp, _ = load_pipeline()
    return lambda texts, outlets=None: _tables(nlp, texts, outlets)
