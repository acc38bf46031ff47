"""Reader-facing HTML: executed notebooks without code, in a self-contained page.

nbconvert's ``basic`` template renders only the notebook body (no CDN scripts, unlike the
``lab``/``classic`` templates that load require.js and MathJax); we wrap it in our own page
shell, the Jinja2 templates in ``analysis/reports/templates/`` (inlined CSS, a title block, a
table of contents, no scripts and no URLs). Images are embedded as data URIs. The templates
autoescape, so every string from the corpus or the user placed in the page is text; only the
CSS and nbconvert's body enter as markup (notebook outputs are pandas tables, which pandas
escapes).
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import nbformat
from markupsafe import Markup
from nbconvert import HTMLExporter

from analysis.resource_files import bundled_resource

__all__ = ["TocEntry", "notebook_to_html", "index_html", "page", "notebook_title"]

_HEADING = re.compile(r'<h([12]) id="(?P<id>[^"]+)">(?P<text>.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


class TocEntry(NamedTuple):
    """One line of a page's contents: heading level (1 or 2), anchor id and plain text."""

    level: int
    anchor: str
    text: str


@functools.cache
def _templates() -> jinja2.Environment:
    """The page templates, read from the installed package (autoescape on, strict names)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("analysis.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _css() -> Markup:
    return Markup(bundled_resource("report", "report.css").read_text(encoding="utf-8"))


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
    facts: Sequence[tuple[str, str]],
    body: str,
    toc: Sequence[TocEntry] = (),
    footer: str = "",
) -> str:
    """A complete HTML document around ``body`` (markup); every other argument is text."""
    return _templates().get_template("page.html.j2").render(
        title=title, subtitle=subtitle, facts=facts, body=Markup(body), toc=toc, footer=footer,
        css=_css(),
    )  # fmt: skip


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
            section = _plain_text(headings[-1].group("text"))
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


def _plain_text(markup: str) -> str:
    """Heading markup as plain text: tags and nbconvert's pilcrow anchor dropped."""
    return html.unescape(_TAGS.sub("", markup)).replace("¶", "").strip()


def _toc(body: str) -> list[TocEntry]:
    """Level-1 and level-2 headings of nbconvert's body, with the ids nbconvert gave them."""
    return [
        TocEntry(
            int(match.group(1)), html.unescape(match.group("id")), _plain_text(match.group("text"))
        )
        for match in _HEADING.finditer(body)
    ]


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


def index_html(
    *,
    reports: Sequence[dict[str, Any]],
    facts: Sequence[tuple[str, str]],
    subtitle: str,
    provenance_rows: Sequence[tuple[str, str]],
    footer: str,
) -> str:
    """The landing page: one card per report (``href``, ``title``, ``summary``), then provenance.

    A report entry with a ``failed`` error line is shown as failed, linking to its executed
    notebook (``href``) if there is one.
    """
    return _templates().get_template("index.html.j2").render(
        title="Media analysis reports", subtitle=subtitle, facts=facts, reports=reports,
        provenance_rows=provenance_rows, footer=footer, css=_css(),
    )  # fmt: skip
