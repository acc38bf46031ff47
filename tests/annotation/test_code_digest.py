"""The pipeline fingerprint follows the code that shapes the annotation tables."""

from __future__ import annotations

import dataclasses
import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from analysis import load_corpus
from analysis.annotation import annotate, code_digest
from analysis.annotation.code_digest import (
    ANNOTATION_SOURCES,
    annotation_code_sha256,
    sources_sha256,
)
from analysis.annotation.pipeline import ModelInfo, _cached_pipeline, load_pipeline
from analysis.errors import ResourceError

PACKAGE = Path(str(resources.files("analysis")))
UNRELATED = ("sourcing/quotes.py", "framing/__init__.py", "resources/lexicons/general.yml")


@pytest.fixture(scope="module")
def seed_corpus(seed_path):
    corpus, _ = load_corpus(seed_path, outlet="RT")
    return corpus


@pytest.fixture()
def package_copy(tmp_path: Path) -> Path:
    """The listed sources plus a few unrelated package files, copied byte for byte."""
    root = tmp_path / "analysis"
    for relative in (*ANNOTATION_SOURCES, *UNRELATED):
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE / relative, target)
    return root


def test_digest_is_the_hash_of_the_listed_files(package_copy):
    assert len(annotation_code_sha256()) == 64
    assert sources_sha256(package_copy, ANNOTATION_SOURCES) == annotation_code_sha256()


@pytest.mark.parametrize("relative", ANNOTATION_SOURCES)
def test_changing_one_byte_of_a_source_changes_the_digest(package_copy, relative):
    before = sources_sha256(package_copy, ANNOTATION_SOURCES)
    path = package_copy / relative
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))
    assert sources_sha256(package_copy, ANNOTATION_SOURCES) != before


@pytest.mark.parametrize("relative", UNRELATED)
def test_unrelated_files_do_not_enter_the_digest(package_copy, relative):
    before = sources_sha256(package_copy, ANNOTATION_SOURCES)
    path = package_copy / relative
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    (package_copy / "annotation" / "new_module.py").write_text("X = 1\n", encoding="utf-8")
    assert sources_sha256(package_copy, ANNOTATION_SOURCES) == before


def test_moving_bytes_between_sources_changes_the_digest(tmp_path):
    (tmp_path / "a.py").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("", encoding="utf-8")
    before = sources_sha256(tmp_path, ["a.py", "b.py"])
    (tmp_path / "a.py").write_text("one\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("two\n", encoding="utf-8")
    assert sources_sha256(tmp_path, ["a.py", "b.py"]) != before


def test_a_missing_source_is_a_resource_error_naming_it(package_copy):
    (package_copy / "io" / "schema.py").unlink()
    with pytest.raises(ResourceError, match=r"schema\.py: cannot read this annotation source"):
        sources_sha256(package_copy, ANNOTATION_SOURCES)


def test_fingerprint_changes_with_the_code_digest():
    info = ModelInfo(
        package="en_core_web_sm", name="core_web_sm", version="3.8.0", lang="en",
        spacy_version="3.8.7", pipes=("tok2vec", "parser"), disabled=(),
        patterns_sha256="p" * 64, code_sha256="a" * 64,
    )  # fmt: skip
    same = info.with_fingerprint()
    assert len(same.fingerprint) == 16 and same.fingerprint == info.with_fingerprint().fingerprint
    other = dataclasses.replace(info, code_sha256="b" * 64).with_fingerprint()
    assert other.fingerprint != same.fingerprint


@pytest.mark.slow
def test_changed_annotation_code_is_parsed_again(seed_corpus, tmp_path, monkeypatch):
    _, info = load_pipeline()
    assert info.code_sha256 == annotation_code_sha256()
    first = annotate(seed_corpus, store=tmp_path)
    recorded = json.loads((first.store.path / "model.json").read_text(encoding="utf-8"))
    assert recorded["code_sha256"] == annotation_code_sha256()
    assert annotate(seed_corpus, store=tmp_path).stats.n_parsed == 0

    # one more file shapes the tables now: the old annotations must not be served
    monkeypatch.setattr(code_digest, "ANNOTATION_SOURCES", (*ANNOTATION_SOURCES, "errors.py"))
    _cached_pipeline.cache_clear()
    try:
        changed = annotate(seed_corpus, store=tmp_path)
    finally:
        _cached_pipeline.cache_clear()
    assert changed.model_info.code_sha256 != first.model_info.code_sha256
    assert changed.model_info.fingerprint != first.model_info.fingerprint
    assert changed.stats.n_parsed == len(seed_corpus) == 2
