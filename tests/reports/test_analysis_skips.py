"""One document that breaks a stage costs that stage one document, not the report.

The breaking extractor is patched inside the real notebook kernel through an IPython startup
file (kernels are separate processes, so patching this process would prove nothing).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import ReportError
from analysis.reports import run_reports

pytestmark = pytest.mark.slow

MARKER = "Zanzibarian"
STARTUP = f'''
import analysis.sourcing.extract as _extract

_original = _extract.doc_attributions

def _breaks_on_marker(doc, **kwargs):
    if "{MARKER}" in doc.text:
        raise IndexError("[E035] Error creating span with start 9 and end 8 (injected)")
    return _original(doc, **kwargs)

_extract.doc_attributions = _breaks_on_marker
'''


@pytest.fixture
def breaking_kernel(tmp_path, monkeypatch):
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-break-sourcing.py").write_text(STARTUP, encoding="utf-8")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))


def _corpus(folder: Path) -> Path:
    frame = pd.DataFrame(
        {
            "id": ["calm", "broken", "rates"],
            "outlet": ["Daily Example", "Daily Example", "Evening Sample"],
            "date": ["2024-03-01", "2024-03-02", "2024-03-03"],
            "title": ["Port reopens", "Ferry delayed", "Rates held"],
            "text": [
                '"We are open again," the harbour master said on Monday.',
                f'The {MARKER} ferry was delayed, officials said. "It will sail soon," she said.',
                "The central bank held rates steady, its governor told reporters in Paris.",
            ],
        }
    )
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "corpus.csv", index=False)
    return folder / "corpus.csv"


def test_report_is_written_and_the_skip_is_listed(tmp_path, session_store, breaking_kernel):
    corpus = _corpus(tmp_path / "in")
    options = {
        "store": session_store,
        "only": ["00_corpus_overview", "01_sourcing"],
        "reuse": False,
    }
    result = run_reports([corpus], tmp_path / "report", **options)

    skips = pd.read_csv(result.out / "tables" / "analysis_skips.csv")
    assert skips[["doc_id", "stage", "error_type"]].values.tolist() == [
        ["broken", "sourcing", "IndexError"]
    ]
    attributions = pd.read_csv(result.out / "tables" / "attributions.csv")
    assert "broken" not in set(attributions["doc_id"]), "the skipped document has no rows"
    assert {"calm", "rates"} <= set(attributions["doc_id"]), "the others are analysed"

    overview = (result.out / "00_corpus_overview.html").read_text(encoding="utf-8")
    assert "1 document could not be analysed for sourcing: broken" in overview
    provenance = json.loads((result.out / "provenance.json").read_text())
    assert provenance["analysis_skips"]["documents"] == 1
    assert provenance["analysis_skips"]["by_stage"] == {"sourcing": 1}
    assert result.skip_lines and "sourcing: broken" in result.skip_lines[0]

    with pytest.raises(ReportError, match=r"could not be analysed \(--strict\).*sourcing: broken"):
        run_reports([corpus], tmp_path / "report", **options, strict=True)
    assert (result.out / "00_corpus_overview.html").read_text(encoding="utf-8") == overview, (
        "--strict failure leaves the previous report in place"
    )


def test_clean_report_says_nothing_was_skipped(tmp_path, session_store):
    corpus = _corpus(tmp_path / "in")
    result = run_reports(
        [corpus], tmp_path / "report", store=session_store, only=["00_corpus_overview"]
    )
    assert pd.read_csv(result.out / "tables" / "analysis_skips.csv").empty
    assert "Every kept document was analysed by every stage" in (
        result.out / "00_corpus_overview.html"
    ).read_text(encoding="utf-8")
    assert (
        json.loads((result.out / "provenance.json").read_text())["analysis_skips"]["documents"] == 0
    )
    assert result.skip_lines == []
