"""The page shell (Jinja2 templates): self-contained, escaped, contents that link."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.reports.html import index_html, notebook_to_html, page

PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
        "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
).decode()
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
FOOTER = "analysis 0.1.0 · model en_core_web_sm-3.8.0 · provenance in provenance.json"


class _Links(HTMLParser):
    """Ids, in-page links, tags and attribute values of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.anchors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        values = dict(attrs)
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.anchors.append(values["href"][1:])


def _figure(source: str) -> nbformat.NotebookNode:
    return new_code_cell(
        source, outputs=[new_output("display_data", data={"image/png": PNG, "text/plain": "F"})]
    )


@pytest.fixture()
def rendered(tmp_path) -> str:
    nb = new_notebook(
        cells=[
            new_code_cell("corpus = 'secret.parquet'", metadata={"tags": ["parameters"]}),
            new_markdown_cell("# Corpus overview & more\n\nWhat the corpus holds."),
            new_markdown_cell("## Documents per outlet\n\nCounts."),
            _figure("plot()"),
            new_code_cell("warn()", outputs=[new_output("stream", name="stderr", text="WARNED")]),
            new_markdown_cell("## Attention & spikes\n\nOver time."),
            _figure("plot2()"),
        ]
    )
    path = tmp_path / "00_overview.ipynb"
    nbformat.write(nb, path)
    facts = [("Outlets", HOSTILE), ("Generated", "2026-01-01T00:00:00+00:00")]
    return notebook_to_html(path, facts=facts, subtitle=f"Report {HOSTILE}", footer=FOOTER)


def test_notebook_page_is_self_contained(rendered):
    assert rendered.startswith("<!DOCTYPE html>\n") and rendered.endswith("</html>\n")
    assert "<script" not in rendered
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", rendered)
    assert "default-src 'none'; img-src data:" in rendered
    assert ".report-header" in rendered, "the report CSS is inlined"
    assert f'<footer class="report-footer">{FOOTER}</footer>' in rendered
    assert "<dt>Generated</dt><dd>2026-01-01T00:00:00+00:00</dd>" in rendered


def test_text_in_the_shell_is_escaped(rendered):
    assert "<b>bold</b>" not in rendered
    assert (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in rendered
    )
    assert "secret.parquet" not in rendered and "WARNED" not in rendered


def test_figures_are_numbered_with_their_section(rendered):
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", rendered)
    assert captions == ["Figure 1: Documents per outlet", "Figure 2: Attention &amp; spikes"]
    assert 'alt="Figure 2: Attention &amp; spikes"' in rendered


def test_contents_link_to_the_headings(rendered):
    nav = rendered[rendered.index('<nav class="toc"') : rendered.index("</nav>")]
    assert re.findall(r"<a [^>]*>(.*?)</a>", nav) == [
        "Corpus overview &amp; more",
        "Documents per outlet",
        "Attention &amp; spikes",
    ]
    page_links, nav_links = _Links(), _Links()
    page_links.feed(rendered)
    nav_links.feed(nav)
    assert len(nav_links.anchors) == 3
    missing = [anchor for anchor in nav_links.anchors if anchor not in page_links.ids]
    assert not missing, f"contents entries point at no id on the page: {missing}"


def test_index_escapes_report_cards_and_provenance():
    text = index_html(
        reports=[{"href": 'x".html', "title": HOSTILE, "summary": "a & b"}],
        facts=[("Documents", "3")],
        subtitle="Generated from the corpus below",
        provenance_rows=[("Model", "<m>")],
        footer=FOOTER,
    )
    assert "<title>Media analysis reports</title>" in text
    assert '<a href="x&#34;.html">&lt;script&gt;' in text and "<p>a &amp; b</p>" in text
    assert "<tr><th>Model</th><td>&lt;m&gt;</td></tr>" in text
    assert '<nav class="toc"' not in text and "<script" not in text


def test_page_without_contents_has_no_nav():
    text = page(title="T", subtitle="S", facts=[], body="<p>kept as markup</p>")
    assert "<p>kept as markup</p>" in text and '<nav class="toc"' not in text
    assert '<main class="report">\n<p>kept as markup</p>\n</main>' in text
