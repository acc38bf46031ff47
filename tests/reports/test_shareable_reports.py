"""Reports readers can open anywhere: self-contained, inert with hostile text, deterministic,
and checked in a real headless Chromium with the network disabled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.reports import run_reports
from analysis.reports.browser_check import browser_available, check_pages

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample" / "corpus.yml"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile" / "hostile.csv"
RAW_PAYLOADS = (
    "<script",
    "<img src=x",
    "<svg onload",
    '<a href="javascript:',  # as a tag; the escaped text &lt;a href="javascript:… is harmless
    "<iframe",
    "<b>Example</b>",
)


@pytest.fixture(scope="session")
def sample_report(tmp_path_factory, session_store) -> Path:
    out = tmp_path_factory.mktemp("reports") / "sample"
    run_reports([SAMPLE], out, store=session_store)
    return out


@pytest.fixture(scope="session")
def hostile_report(tmp_path_factory, session_store) -> Path:
    out = tmp_path_factory.mktemp("reports") / "hostile"
    run_reports([HOSTILE], out, store=session_store)
    return out


def _pages(report: Path) -> list[Path]:
    return sorted(report.glob("*.html"))


def _without_timestamp(page: str) -> str:
    return re.sub(r"<dt>Generated</dt><dd>[^<]*</dd>", "", page)


def test_sample_report_is_self_contained(sample_report):
    pages = _pages(sample_report)
    assert [p.name for p in pages][-1] == "index.html" and len(pages) >= 2
    for page in pages:
        text = page.read_text()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), (
            f"{page.name} references a remote URL"
        )
        assert "<script" not in text and "require.js" not in text and "MathJax" not in text
        assert "Content-Security-Policy" in text
    overview = (sample_report / "00_corpus_overview.html").read_text()
    assert overview.count("<figure") >= 4 and "Figure 1: Documents per outlet" in overview
    assert (
        'href="tables/documents_per_outlet.csv"' in overview
        and (sample_report / "tables" / "documents_per_outlet.csv").is_file()
    )


def test_hostile_text_stays_text(hostile_report):
    for page in _pages(hostile_report):
        text = page.read_text()
        for payload in RAW_PAYLOADS:
            assert payload not in text, f"{page.name} contains raw {payload!r}"
    overview = (hostile_report / "00_corpus_overview.html").read_text()
    assert "Daily &lt;b&gt;Example&lt;/b&gt;" in overview  # the outlet name, escaped


def test_reports_are_deterministic(sample_report, tmp_path, session_store):
    again = tmp_path / "sample-again"
    run_reports([SAMPLE], again, store=session_store, reuse=False)  # execute again, not reuse
    first_tables = sorted(
        p.relative_to(sample_report) for p in (sample_report / "tables").iterdir()
    )
    assert first_tables == sorted(p.relative_to(again) for p in (again / "tables").iterdir())
    for relative in first_tables:
        assert (sample_report / relative).read_bytes() == (again / relative).read_bytes(), (
            f"{relative} differs between runs"
        )
    for page in _pages(sample_report):
        assert _without_timestamp(page.read_text()) == _without_timestamp(
            (again / page.name).read_text()
        ), f"{page.name} differs"


@pytest.mark.browser
def test_reports_open_cleanly_in_chromium(sample_report, hostile_report, require_input):
    if not browser_available():
        require_input("chromium/chromedriver/selenium missing (make browser)")
    pages = _pages(sample_report) + _pages(hostile_report)
    results = check_pages(pages)
    for result in results:
        assert result.ok, result.as_dict()
        assert Path(result.screenshot).stat().st_size > 10_000
        if not result.path.endswith("index.html"):
            assert result.images >= 3, result.as_dict()


@pytest.mark.browser
def test_browser_check_catches_scripts_requests_and_broken_images(tmp_path, require_input):
    if not browser_available():
        require_input("chromium/chromedriver/selenium missing (make browser)")
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>bad</title></head><body>"
        "<script>window.__injected = true; console.error('boom')</script>"
        '<img src="https://example.com/missing.png"><img src="nothing-here.png"></body></html>'
    )
    (result,) = check_pages([page])
    assert result.injected_script_ran and not result.ok
    assert any("boom" in e for e in result.console_errors)
    assert any("example.com" in r for r in result.failed_requests)
    assert len(result.broken_images) == 2
