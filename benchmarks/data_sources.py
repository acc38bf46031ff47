"""The evaluation datasets: where each script looks for them, how to cite them, where to get them.

None of them is part of the project (most are copyrighted news released for research), so every
script takes ``--data DIR``, the folder holding them (default: ``../shared/data`` beside the
repository). When a dataset is missing a script prints one line saying which one, where to
obtain it and how to point ``--data`` at it, and exits 0 — or 2 under ``CI=true``, where the
data must be present.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The sibling folder ``../shared/data`` next to the repository.
DEFAULT_DATA = ROOT.parent / "shared" / "data"

__all__ = ["DATASETS", "DEFAULT_DATA", "Dataset", "add_data_argument", "missing_dataset"]


@dataclass(frozen=True)
class Dataset:
    """One evaluation dataset, as a script expects to find it under ``--data``."""

    path: str  # what the scripts read, relative to --data
    name: str
    citation: str
    obtain: str


DATASETS = {
    "polnear": Dataset(
        "polnear/data",
        "PolNeAR",
        "Newell, Margolin & Ruths (2018), An Attribution Relations Corpus for Political News, LREC",
        "https://github.com/networkdynamics/PolNeAR (copy its data/ folder to DIR/polnear/data)",
    ),
    "semeval2023_en": Dataset(
        "semeval2023_en/articles.jsonl",
        "SemEval-2023 Task 3 English training articles",
        "Piskorski, Stefanovitch, Da San Martino & Nakov (2023), SemEval-2023 Task 3: Detecting "
        "the Category, the Framing, and the Persuasion Techniques in Online News in a "
        "Multi-lingual Setup, SemEval",
        "https://propaganda.math.unipd.it/semeval2023task3/ (register with the organisers; one "
        "JSON line per article with id, text, frames, persuasion_spans)",
    ),
    "basil": Dataset(
        "basil/articles",
        "BASIL",
        "Fan et al. (2019), In Plain Sight: Media Bias Through the Lens of Factual Reporting, "
        "EMNLP",
        "https://github.com/launchnlp/BASIL (articles/ and annotations/ into DIR/basil)",
    ),
    "news_bias": Dataset(
        "news_bias/articles.parquet",
        "Article-Bias-Prediction",
        "Baly, Da San Martino, Glass & Nakov (2020), We Can Detect Your Bias: Predicting the "
        "Political Ideology of News Articles, EMNLP",
        "https://github.com/ramybaly/Article-Bias-Prediction (a sample of its articles as "
        "DIR/news_bias/articles.parquet: id, outlet, date, title, text, leaning)",
    ),
    "kremlin_en": Dataset(
        "kremlin_en/html",
        "en.kremlin.ru pages",
        "President of Russia website (en.kremlin.ru), CC BY 4.0",
        "https://github.com/iandennismiller/valdai-transcripts (its HTML pages into "
        "DIR/kremlin_en/html)",
    ),
    "ukraine_addresses": Dataset(
        "ukraine_addresses/addresses.jsonl",
        "Addresses by Ukrainian officials (resistinua)",
        "Amice13/resistinua, CC0 1.0",
        "https://github.com/Amice13/resistinua (one JSON line per address: id, date, title, "
        "speaker_uk, text, url, as DIR/ukraine_addresses/addresses.jsonl)",
    ),
}


#: ``load_corpus(columns=…)`` for news_bias/articles.parquet (the report's --text-col … flags).
NEWS_BIAS_COLUMNS = {
    "text": "text",
    "title": "title",
    "outlet": "outlet",
    "published": "date",
    "id": "id",
}


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--data DIR`` option every benchmark and evaluation script shares."""
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help=f"folder holding the evaluation datasets (default: {DEFAULT_DATA})",
    )


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1")


def missing_dataset(data: Path, *keys: str) -> int | None:
    """The exit code (0, or 2 under ``CI=true``) when one of ``keys`` is absent, else None.

    Prints one line naming the first missing dataset, where to obtain it and the ``--data`` flag.
    """
    for key in keys:
        dataset = DATASETS[key]
        if not (Path(data) / dataset.path).exists():
            print(
                f"{Path(sys.argv[0]).name}: {dataset.name} not found at {Path(data) / dataset.path}; "
                f"obtain it from {dataset.obtain} and pass --data DIR; skipped",
                file=sys.stderr,
            )
            return 2 if _in_ci() else 0
    return None
