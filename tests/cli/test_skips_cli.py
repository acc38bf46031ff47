"""The CLI warns once per stage about skipped documents and exits 0; ``--strict`` makes it 1."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis.sourcing.extract as extract
from analysis.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus(tmp_path):
    frame = pd.DataFrame(
        {
            "id": ["calm", "broken"],
            "outlet": ["Daily Example", "Evening Sample"],
            "text": [
                '"We are open again," the harbour master said on Monday.',
                'The ferry was delayed, officials said. "It will sail soon," she said.',
            ],
        }
    )
    frame.to_csv(tmp_path / "corpus.csv", index=False)
    return tmp_path / "corpus.csv"


@pytest.fixture
def breaking_extractor(monkeypatch):
    original = extract.doc_attributions

    def breaks_on_ferry(doc, **kwargs):
        if "ferry" in doc.text:
            raise IndexError("[E035] injected")
        return original(doc, **kwargs)

    monkeypatch.setattr(extract, "doc_attributions", breaks_on_ferry)


def test_sourcing_warns_and_exits_0(corpus, tmp_path, session_store, breaking_extractor, capsys):
    out = tmp_path / "attr.csv"
    args = ["sourcing", str(corpus), "--store", str(session_store), "-o", str(out)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 1
    assert "1 document could not be analysed for sourcing: broken" in err
    assert set(pd.read_csv(out)["doc_id"]) == {"calm"}

    assert main([*args, "--strict"]) == 1
    assert "--strict" in capsys.readouterr().err
