"""Every real corpus, every per-document metric, zero exceptions.

Each corpus under ``../shared/data`` plus the seed and the bundled sample is annotated (cached
in the ``real_corpus_store`` fixture's store, so warm runs parse nothing) and swept document by
document through sourcing, framing, term usage, loaded language, readability and actors
(see :mod:`sweep`). A corpus that is absent is skipped on a user's clone and fails under
``CI=true``, where the data is always present. ``SWEEP_MAX_DOCS=N`` sweeps only the first N
documents of each corpus (unset: all of them).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402
import sweep  # noqa: E402

pytestmark = [pytest.mark.sweep, pytest.mark.slow]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1")


@pytest.mark.parametrize("name", list(corpora.CORPORA))
def test_corpus_sweeps_without_exceptions(name: str, real_corpus_store: Path) -> None:
    corpus = corpora.load(name)
    if corpus is None:
        missing = ", ".join(str(p) for p in corpora.missing_paths(name))
        message = f"corpus {name!r} is absent: {missing}"
        if _in_ci():
            pytest.fail(f"{message} (CI must have ../shared/data)")
        pytest.skip(message)
    if os.environ.get("SWEEP_MAX_DOCS"):  # a lever for slow machines; CI sweeps everything
        corpus = corpus.head(int(os.environ["SWEEP_MAX_DOCS"]))
    result = sweep.sweep(name, corpus, store=real_corpus_store)
    print(f"{result.summary()} in {result.seconds:.1f} s")
    assert result.documents == len(corpus) > 0
    details = "\n\n".join(f"{f.stage} {f.doc_id}: {f.traceback}" for f in result.failures[:5])
    assert result.exceptions == 0, f"{result.summary()}\n{details}"


def test_sweep_names_the_failing_document_and_stage(
    monkeypatch: pytest.MonkeyPatch, real_corpus_store: Path
) -> None:
    """The sweep itself must be able to fail: a stage that raises on one document is reported."""
    corpus = corpora.load("seed")
    assert corpus is not None and len(corpus) == 2
    bad = str(corpus["doc_id"].iloc[1])

    def fragile(batch: sweep.Batch) -> None:
        if any(doc_id == bad for doc_id, _ in batch.docs):
            raise IndexError("E035 stand-in")

    monkeypatch.setitem(sweep.STAGES, "fragile", fragile)
    result = sweep.sweep("seed", corpus, stages=("sourcing", "fragile"), store=real_corpus_store)
    assert result.documents == 2
    assert [(f.stage, f.doc_id, f.error) for f in result.failures] == [
        ("fragile", bad, "IndexError: E035 stand-in")
    ]


def test_cache_respects_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert sweep.cache_root() == tmp_path / "analysis" / "test-store"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert sweep.cache_root() == Path.home() / ".cache" / "analysis" / "test-store"
