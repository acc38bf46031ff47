"""Reader-facing HTML: executed notebooks without code, in a self-contained page.

nbconvert's ``basic`` template renders only the notebook body (no CDN scripts, unlike the
``lab``/``classic`` templates that load require.js and MathJax); we wrap it in our own page
with inlined CSS, a title block and a table of contents. Images are embedded as data URIs.
Every string from the corpus or the user that we place in the page goes through
``html.escape``; notebook outputs are pandas tables, which pandas escapes.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter

from analysis.resource_files import bundled_resource

__all__ = ["notebook_to_html", "index_html", "page", "notebook_title"]

_HEADING = re.compile(r'<h([12]) id="(?P<id>[^"]+)">(?P<text>.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def _css() -> str:
    return bundled_resource("report", "report.css").read_text(
        encoding="utf-8"
    )


def notebook_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The first level-1 Markdown heading of a notebook, else ``fallback``."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def page(
    *,
    title: str,
    subtitle: str,
    facts: list[tuple[str, str]],
    body: str,
    toc: str = "",
    footer: str = "",
) -> str:
    """A complete HTML document; ``title``, ``subtitle`` and ``facts`` are escaped here."""
    fact_rows = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in facts)
    nav = (
        f'<nav class="toc" aria-label="Contents"><strong>Contents</strong>{toc}</nav>'
        if toc
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{_css()}\n</style>\n</head>\n<body>\n"
        f'<header class="report-header"><h1>{html.escape(title)}</h1>'
        f'<div class="subtitle">{html.escape(subtitle)}</div><dl>{fact_rows}</dl></header>\n'
        f'<div class="layout">{nav}<main class="report">\n{body}\n</main></div>\n'
        f'<footer class="report-footer">{footer}</footer>\n</body>\n</html>\n'
    )


_HIDDEN_TAGS = {"parameters", "injected-parameters", "papermill-error-cell-tag"}
_IMG = re.compile(r'<img (?P<attrs>[^>]*?)src="(?P<src>data:image/[^"]+)"(?P<rest>[^>]*)>')
_HEADING_ANY = re.compile(r"<h[1-3][^>]*>(?P<text>.*?)</h[1-3]>", re.S)


def _reader_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what readers should not see and make cell ids stable (for identical HTML per run).

    Parameter cells go (their values are in the title block), and so do stderr streams:
    warnings are for the analyst and stay in ``executed/*.ipynb``.
    """
    kept = []
    for cell in notebook.cells:
        if _HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")
            ]
        kept.append(cell)
    for number, cell in enumerate(kept, start=1):
        cell["id"] = f"cell-{number}"
    notebook.cells = kept
    return notebook


def _number_figures(body: str) -> str:
    """Wrap each embedded image in a numbered <figure>; the caption names the section it is in."""
    pieces, position, section = [], 0, ""
    for number, match in enumerate(_IMG.finditer(body), start=1):
        before = body[position : match.start()]
        headings = list(_HEADING_ANY.finditer(before))
        if headings:
            section = (
                html.unescape(_TAGS.sub("", headings[-1].group("text"))).replace("¶", "").strip()
            )
        label = f"Figure {number}" + (f": {section}" if section else "")
        attrs = re.sub(r'\balt="[^"]*"\s*', "", match.group("attrs") + match.group("rest"))
        pieces.append(before)
        pieces.append(
            f'<figure id="figure-{number}"><img alt="{html.escape(label)}" src="{match.group("src")}" {attrs.strip()}>'
            f"<figcaption>{html.escape(label)}</figcaption></figure>"
        )
        position = match.end()
    pieces.append(body[position:])
    return "".join(pieces)


def _toc(body: str) -> str:
    items = []
    for match in _HEADING.finditer(body):
        text = html.escape(
            html.unescape(_TAGS.sub("", match.group("text"))).replace("¶", "").strip()
        )
        indent = ' style="margin-left:12px"' if match.group(1) == "2" else ""
        items.append(f'<li{indent}><a href="#{html.escape(match.group("id"))}">{text}</a></li>')
    return f"<ol>{''.join(items)}</ol>" if items else ""


def notebook_to_html(
    notebook_path: Path, *, facts: list[tuple[str, str]], subtitle: str, footer: str
) -> str:
    """Render an executed notebook as a self-contained page without code cells or prompts."""
    notebook = _reader_cells(nbformat.read(notebook_path, as_version=4))
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    nbconvert_log = logging.getLogger("traitlets")
    level = nbconvert_log.level
    nbconvert_log.setLevel(
        logging.ERROR
    )  # it warns about missing alt text, which _number_figures adds
    try:
        body, _ = exporter.from_notebook_node(notebook)
    finally:
        nbconvert_log.setLevel(level)
    body = _number_figures(body)
    title = notebook_title(notebook, notebook_path.stem)
    return page(
        title=title, subtitle=subtitle, facts=facts, body=body, toc=_toc(body), footer=footer
    )


def _card(report: dict[str, Any]) -> str:
    """One report on the landing page; a failed one (``report["failed"]``) shows its error."""
    title = html.escape(report["title"])
    heading = f'<a href="{html.escape(report["href"])}">{title}</a>' if report["href"] else title
    if not report.get("failed"):
        return f'<div class="card"><h2>{heading}</h2><p>{html.escape(report["summary"])}</p></div>'
    return (
        f'<div class="card failed"><h2>{heading}</h2>'
        f'<p class="status">Failed: {html.escape(report["failed"])}</p></div>'
    )


def index_html(
    *,
    reports: list[dict[str, Any]],
    facts: list[tuple[str, str]],
    subtitle: str,
    provenance_rows: list[tuple[str, str]],
    footer: str,
) -> str:
    """The landing page: one card per report with its summary, then the provenance table.

    A report entry with a ``failed`` error line is shown as failed, linking to its executed
    notebook (``href``) if there is one.
    """
    cards = "".join(_card(r) for r in reports)
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in provenance_rows
    )
    body = (
        f'<h2 id="reports">Reports</h2><div class="cards">{cards}</div>'
        f'<h2 id="provenance">Provenance</h2><table>{rows}</table>'
        '<p>Full details, including every input file hash, are in <a href="provenance.json">provenance.json</a>; '
        "metric tables are in the <code>tables/</code> folder as CSV and Parquet.</p>"
    )
    return page(
        title="Media analysis reports", subtitle=subtitle, facts=facts, body=body, footer=footer
    )
