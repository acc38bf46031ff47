"""Shared fixtures: paths to fixtures and shared data, and one annotated sample per session."""

from __future__ import annotations

import os
from pathlib import Path

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
