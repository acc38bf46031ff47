"""Media-analysis workbench: load news coverage, annotate it once with spaCy, and measure
sourcing, framing and word choice in reproducible reports.

The handful of names a notebook needs::

    import analysis
    corpus, manifest = analysis.load_corpus("data/sample/corpus.yml")
    ann = analysis.annotate(corpus)          # cached: warm runs parse nothing
    ann.tokens, ann.sentences, ann.entities  # plain DataFrames
    for batch in ann.batches(500): ...       # large corpora: 500 documents at a time

Feature packages are imported by name: ``from analysis import overview, wordchoice``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("analysis")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

from analysis.annotation.annotate import Annotations, annotate, open_annotated  # noqa: E402
from analysis.annotation.dask_backend import scheduler_client  # noqa: E402
from analysis.errors import AnalysisError, InputError, ModelError, ReportError, ResourceError  # noqa: E402
from analysis.io import Manifest, load_corpus, save_corpus  # noqa: E402
from analysis.io.groups import fold_groups  # noqa: E402
from analysis.query import open_corpus  # noqa: E402
from analysis.reports.page import ReportPage, report_page  # noqa: E402
from analysis.reports.tables import save_table, show_table  # noqa: E402

__all__ = [
    "__version__",
    "AnalysisError",
    "Annotations",
    "InputError",
    "Manifest",
    "ModelError",
    "ReportError",
    "ResourceError",
    "annotate",
    "fold_groups",
    "load_corpus",
    "open_annotated",
    "open_corpus",
    "ReportPage",
    "report_page",
    "save_corpus",
    "save_table",
    "scheduler_client",
    "show_table",
]
