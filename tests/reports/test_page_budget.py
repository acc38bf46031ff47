"""Reports stay readable at real size: the 3,000 news_bias articles from 170 outlets.

Every page ≤ 5 MB and ≤ 40 figures with every section of the notebooks present, and no
summary table shows more than ``max_groups`` groups; ``by=leaning`` gives three groups on every
page. The corpus is parsed once into a store under the user cache (shared with the robustness
sweep), so warm runs only execute the notebooks.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.reports import run_reports

pytestmark = [pytest.mark.slow, pytest.mark.sweep]

ROOT = Path(__file__).resolve().parents[2]
MAX_BYTES = 5 * 1024 * 1024
MAX_FIGURES = 40
MAX_GROUPS = 12
PAGES = ("00_corpus_overview", "01_sourcing", "02_framing", "03_word_choice")
COLUMNS = {"text": "text", "title": "title", "outlet": "outlet", "published": "date", "id": "id"}


def _figures(page: str) -> int:
    return len(re.findall(r"<img\b", page)) + len(re.findall(r"<svg\b", page))


def _notebook_sections(name: str) -> list[str]:
    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    return [
        line[3:].strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]


def _report(news_bias: Path, store: Path, out: Path, **parameters) -> Path:
    result = run_reports(
        [news_bias], out, store=store, load_options={"columns": COLUMNS},
        parameters=parameters or None,
    )  # fmt: skip
    return result.out


@pytest.fixture(scope="module")
def news_bias(gold_dataset) -> Path:
    return gold_dataset("news_bias/articles.parquet")


@pytest.fixture(scope="module")
def by_outlet(news_bias, real_corpus_store, tmp_path_factory) -> Path:
    return _report(news_bias, real_corpus_store, tmp_path_factory.mktemp("news") / "by-outlet")


def test_every_page_fits_the_budget_with_every_section(by_outlet):
    sizes = {}
    for name in PAGES:
        page = (by_outlet / f"{name}.html").read_text(encoding="utf-8")
        sizes[name] = (len(page.encode("utf-8")), _figures(page))
        assert sizes[name][0] <= MAX_BYTES, (name, sizes[name])
        assert sizes[name][1] <= MAX_FIGURES, (name, sizes[name])
        for section in _notebook_sections(name):
            assert section in page, f"{name}: section {section!r} is missing"
    print("page sizes (bytes, figures):", sizes)


def test_summary_tables_fold_to_max_groups_and_full_tables_keep_all(by_outlet):
    provenance = json.loads((by_outlet / "provenance.json").read_text())
    assert provenance["analysis_skips"]["documents"] == 0, "real news must not need skips"
    per_outlet = pd.read_csv(by_outlet / "tables" / "documents_per_outlet.csv")
    assert len(per_outlet) == 170, "the full table keeps every outlet"
    overview = (by_outlet / "00_corpus_overview.html").read_text(encoding="utf-8")
    assert "170 outlets: figures and summary tables show the 11 largest" in overview
    assert "other outlets (159)" in overview
    header = re.search(r"<dt>Outlets</dt><dd>([^<]*)</dd>", overview).group(1)
    assert header.startswith("170 outlets; largest: Washington Times (228), "), header
    assert header.endswith(", …") and header.count("), ") == 5, header


def test_by_leaning_gives_three_groups_on_every_page(news_bias, real_corpus_store, tmp_path):
    out = _report(news_bias, real_corpus_store, tmp_path / "by-leaning", by="leaning")
    for name in PAGES:
        page = (out / f"{name}.html").read_text(encoding="utf-8")
        assert "3 leanings: all shown." in page, name
    assert sorted(pd.read_csv(out / "tables" / "documents_per_outlet.csv")["leaning"]) == [
        "center",
        "left",
        "right",
    ]
    for table in ("sourcing_kinds", "framing_dominant", "wordchoice_loaded_rates"):
        assert pd.read_csv(out / "tables" / f"{table}.csv")["leaning"].nunique() == 3, table
