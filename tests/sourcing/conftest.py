"""Fixtures for the sourcing tests: the project's spaCy pipeline, loaded once."""

import pytest


@pytest.fixture(scope="session")
def nlp_pipeline():
    from analysis.annotation.pipeline import load_pipeline

    nlp, _ = load_pipeline()
    return nlp
