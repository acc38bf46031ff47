"""Run the report notebooks with papermill and publish the results atomically.

``run_reports`` loads and annotates the corpus once, saves it next to the report, executes
every numbered notebook in ``notebooks/`` with the common parameters (``corpus``, ``store``,
``model``, ``tables_dir``, ``share``, ``max_words``) plus the user's, and exports HTML. The new report is assembled in
a temporary folder and swapped in only when every notebook succeeded, so a failure leaves
the previous report in place. The first failure stops the notebooks still running (see
:mod:`analysis.reports.execution`); with ``keep_going`` the others run on, the report is
published with the failed notebooks marked in ``index.html``, and the result lists them.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import papermill
import pyarrow.parquet as pq

from analysis import __version__
from analysis.annotation.annotate import Annotations, annotate
from analysis.annotation.capacity import (
    default_annotation_processes,
    default_notebook_jobs,
    return_free_memory,
)
from analysis.annotation.dask_backend import SCHEDULER_ENV
from analysis.annotation.pipeline import release_pipelines
from analysis.errors import NotebookError, ReportError
from analysis.io import Manifest, load_corpus, save_corpus
from analysis.io.groups import fold_groups, group_summary
from analysis.reports.allocation import allocate_snippets
from analysis.reports.budget import SnippetBudget
from analysis.reports.execution import ExecutionOutcome, NotebookJob, execute_notebooks
from analysis.reports.html import index_html, notebook_title, notebook_to_html
from analysis.reports.notebook_cache import NotebookCache
from analysis.reports.notebook_files import report_notebooks_dir
from analysis.reports.provenance import collect_provenance, corpus_summary
from analysis.reports.share import inline_figures, redact_executed, verify_export
from analysis.reports.skip_notice import insert_skip_notice, merge_skips, skips_provenance
from analysis.reports.tables import save_table
from analysis.skips import SKIPS_TABLE, read_skips, skip_summary

__all__ = [
    "COMMON_PARAMETERS",
    "ReportResult",
    "run_reports",
    "notebook_parameters",
    "default_notebooks_dir",
]

log = logging.getLogger(__name__)

#: Parameters the runner sets in every notebook; users may not override them with -p.
COMMON_PARAMETERS = ("corpus", "store", "model", "tables_dir", "share", "max_words")


def default_notebooks_dir() -> Path:
    """The checkout's ``notebooks/``, or the copies installed with the package."""
    return report_notebooks_dir()


@dataclass(frozen=True)
class ReportResult:
    """Where a report went and what it contains.

    ``failed`` maps each notebook that failed (only possible with ``keep_going``) to its
    one-line error; its page is missing and ``index.html`` marks it.
    """

    out: Path
    notebooks: list[str]
    documents: int
    parsed: int
    cached: int
    reused: list[str] = field(default_factory=list)
    #: One line per stage that skipped documents (empty when none did).
    skip_lines: list[str] = field(default_factory=list)
    #: One line per comparison the corpus cannot support (e.g. keyness with one group).
    notices: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    #: Seconds spent loading what the store had and parsing what it lacked.
    annotate_seconds: float = 0.0


def notebook_parameters(path: Path) -> dict[str, dict[str, Any]]:
    """Parameters a notebook declares in its ``parameters`` cell (papermill's own parser)."""
    return papermill.inspect_notebook(str(path))


def _report_notebooks(folder: Path, only: Sequence[str] | None) -> list[Path]:
    notebooks = sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))
    if only:
        wanted = set(only)
        notebooks = [p for p in notebooks if p.stem in wanted or p.name in wanted]
        missing = wanted - {p.stem for p in notebooks} - {p.name for p in notebooks}
        if missing:
            raise ReportError(f"no notebook named {sorted(missing)} in {folder}")
    if not notebooks:
        raise ReportError(f"{folder}: no report notebooks (NN_name.ipynb) found")
    return notebooks


def _check_parameters(notebooks: list[Path], user: Mapping[str, Any]) -> dict[Path, set[str]]:
    declared = {nb: set(notebook_parameters(nb)) for nb in notebooks}
    clashes = sorted(set(user) & set(COMMON_PARAMETERS))
    if clashes:
        raise ReportError(
            f"parameter(s) {clashes} are set by the runner; use the matching command-line options instead"
        )
    everything = set().union(*declared.values())
    unknown = sorted(set(user) - everything)
    if unknown:
        known = ", ".join(sorted(everything - set(COMMON_PARAMETERS)))
        raise ReportError(
            f"unknown report parameter(s) {unknown}; the notebooks declare: {known or '(none besides the common ones)'}"
        )
    for nb, names in declared.items():
        lacking = sorted(set(COMMON_PARAMETERS) - names)
        if lacking:
            raise ReportError(f"{nb.name}: its parameters cell must declare {lacking}")
    return declared


def run_reports(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    parameters: Mapping[str, Any] | None = None,
    notebooks_dir: str | Path | None = None,
    only: Sequence[str] | None = None,
    store: str | Path | None = None,
    model: str | None = None,
    load_options: Mapping[str, Any] | None = None,
    progress: bool | None = None,
    share: str = "full",
    max_words: int = 30,
    max_snippets: int = 3,
    max_share: float = 0.10,
    jobs: int | None = None,
    n_process: int | None = None,
    scheduler: str | None = None,
    reuse: bool = True,
    strict: bool = False,
    keep_going: bool = False,
) -> ReportResult:
    """Load, annotate, execute the notebooks and write HTML, tables and provenance to ``out``.

    ``share`` is ``full``, ``snippets`` (per document, across every exported file, at most
    ``max_snippets`` excerpts of at most ``max_words`` words, together at most ``max_share``
    of its words; see :mod:`analysis.reports.budget`) or ``aggregates`` (no article text); see
    :mod:`analysis.reports.share`. The budget is allocated after every notebook has run, so
    ``max_snippets``/``max_share`` do not enter the notebooks' cache keys.
    It reaches every notebook as the ``share``/``max_words`` parameters (so it is part of each
    notebook's cache key). ``jobs`` notebooks run at once (default: 2 where two cores and
    the free memory allow, see :func:`analysis.annotation.capacity.default_notebook_jobs`); ``n_process``
    processes parse what the store lacks (default: every core that memory allows, one for
    small corpora); with ``scheduler`` (a Dask scheduler address) the parse and the
    per-document sourcing records are made on that cluster instead, writing the same store, and
    the kernels find the address in ``ANALYSIS_SCHEDULER`` for their batched metrics (frame
    scores, loaded language). The address is infrastructure, not content: it is no notebook
    parameter and enters no cache key. The report process lets go of the spaCy model
    before the notebooks start.
    With ``reuse`` a notebook whose inputs, parameters, code and packages are unchanged since a
    previous run is not executed again: its stored output and tables are published (see
    :mod:`analysis.reports.notebook_cache`); ``reuse=False`` runs every notebook.
    A document that one stage cannot analyse is skipped by that stage and listed in
    ``tables/analysis_skips.csv``, on the overview page and in ``provenance.json``; with
    ``strict`` any such skip fails the run instead (for CI).

    ``notebooks_dir`` is the folder of ``NN_name.ipynb`` report notebooks (default: the
    project's ``notebooks/``). Each notebook runs in a child process; the first failure stops
    the others at once and raises :class:`~analysis.errors.NotebookError` naming the notebook
    and cell, leaving the previous report in place. With ``keep_going`` the other notebooks run
    on and the report is published without the failed pages, each marked as failed in
    ``index.html`` and listed in :attr:`ReportResult.failed`.
    """
    from analysis.reports.snippets import SHARE_MODES

    if share not in SHARE_MODES:
        raise ReportError(f"share must be one of {sorted(SHARE_MODES)}, got {share!r}")
    budget = SnippetBudget(max_snippets=max_snippets, max_words=max_words, max_share=max_share)
    user_parameters = dict(parameters or {})
    folder = (Path(notebooks_dir) if notebooks_dir else default_notebooks_dir()).resolve()
    notebooks = _report_notebooks(folder, only)
    declared = _check_parameters(notebooks, user_parameters)
    input_paths = [Path(p) for p in inputs]
    corpus, manifest = load_corpus(input_paths, **dict(load_options or {}))
    if "group" in corpus.columns and "by" not in user_parameters:
        user_parameters["by"] = "group"  # a groups file was given: compare by its groups
    annotations = _annotate(corpus, model, store, progress, n_process, scheduler, user_parameters)
    release_pipelines()  # the kernels need the store, not this process's model
    return_free_memory()  # and what reading the corpus left behind goes back to the system
    out_dir = Path(out).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    report = _Report(
        staging=out_dir.parent / f".{out_dir.name}.tmp-{uuid.uuid4().hex[:8]}",
        private=out_dir.parent / f".{out_dir.name}.private-{uuid.uuid4().hex[:8]}",
        notebooks=notebooks,
        declared=declared,
        user_parameters=user_parameters,
        corpus=corpus,
        manifest=manifest,
        annotations=annotations,
        input_paths=input_paths,
        project_dir=folder.parent,
        share=share,
        max_words=max_words,
        budget=budget,
        jobs=jobs or default_notebook_jobs(int(corpus["n_chars"].sum())),
        scheduler=scheduler,
        reuse=reuse,
        strict=strict,
        keep_going=keep_going,
    )
    del corpus, annotations  # the report holds them, and lets the text go while kernels run
    try:
        runs = _build(report)
        verify_export(report.staging, report.corpus, share, max_words, budget=budget)
        _swap_in(report.staging, out_dir)
    finally:
        shutil.rmtree(report.staging, ignore_errors=True)
        shutil.rmtree(report.private, ignore_errors=True)
    return ReportResult(
        out_dir,
        [nb.stem for nb in notebooks],
        len(report.corpus),
        report.annotations.stats.n_parsed,
        report.annotations.stats.n_cached,
        [run["notebook"] for run in runs if run["reused"]],
        skip_lines=skip_summary(
            read_skips([out_dir / "tables" / f"{SKIPS_TABLE}.csv"]),
            where=str(out_dir / "tables" / f"{SKIPS_TABLE}.csv"),
        ).splitlines(),
        notices=_group_notices(report.corpus, user_parameters.get("by", "outlet")),
        failed={run["notebook"]: run["error"] for run in runs if run.get("error")},
        annotate_seconds=report.annotations.stats.seconds,
    )


def _annotate(
    corpus: pd.DataFrame,
    model: str | None,
    store: str | Path | None,
    progress: bool | None,
    n_process: int | None,
    scheduler: str | None,
    parameters: Mapping[str, Any],
) -> Annotations:
    """Parse what the store lacks: on this machine's cores, or on the Dask cluster named.

    On a cluster the workers also walk the Docs for sourcing (its per-document records, with
    the ``verbs``/``source_types`` parameters the sourcing notebook gets), so that notebook
    only assembles them.
    """
    options = {"model": model, "store": store, "progress": progress}
    if not scheduler:
        n_process = n_process or default_annotation_processes(len(corpus))
        return annotate(corpus, n_process=n_process, **options)
    from analysis.annotation.dask_backend import connect
    from analysis.sourcing.cached import cache_attributions

    client = connect(scheduler)
    try:
        annotations = annotate(corpus, backend="dask", client=client, **options)
        cache_attributions(
            annotations,
            verbs=parameters.get("verbs") or None,
            source_types=parameters.get("source_types") or None,
            client=client,
            progress=progress,
        )
        return annotations
    finally:
        client.close()


def _group_notices(corpus: pd.DataFrame, by: str) -> list[str]:
    """What the report could not compare because the corpus has a single group."""
    if by not in corpus.columns:
        return []
    view = fold_groups(corpus, by=by)
    return [view.needs_two("Keyness (word choice)")] if view.n_groups < 2 else []


@dataclass
class _Report:
    """One report run: where it is assembled, what it runs on, and how it may share text."""

    staging: Path
    private: Path  # the full-text corpus in snippets/aggregates mode: used, never published
    notebooks: list[Path]
    declared: dict[Path, set[str]]
    user_parameters: dict[str, Any]
    corpus: pd.DataFrame  # without its text while the kernels run (see _text_on_disk)
    manifest: Manifest
    annotations: Annotations
    input_paths: list[Path]
    project_dir: Path
    share: str
    max_words: int
    budget: SnippetBudget
    jobs: int
    reuse: bool
    strict: bool = False
    keep_going: bool = False
    scheduler: str | None = None  # infrastructure: reaches the kernels' environment, no cache key
    allocation: dict[str, int] = field(default_factory=dict)  # filled in snippets mode

    @property
    def model(self) -> str:
        return self.annotations.model_info.lang_name_version


def _build(report: _Report) -> list[dict[str, Any]]:
    """Assemble the report in ``report.staging``; returns the notebook runs (as in provenance)."""
    (report.staging / "executed").mkdir(parents=True)
    corpus_file = _stage_corpus(report)
    provenance = collect_provenance(
        inputs=report.input_paths, manifest=report.manifest, corpus=report.corpus,
        parameters=report.user_parameters, model_info=report.annotations.model_info,
        notebooks=report.notebooks, project_dir=report.project_dir,
    )  # fmt: skip
    provenance["share"] = {
        "mode": report.share,
        "max_words": report.max_words if report.share == "snippets" else 0,
    }
    provenance["notebook_runs"] = _run_notebooks(report, corpus_file)
    skips = read_skips([report.staging / "tables" / f"{SKIPS_TABLE}.csv"])
    provenance["analysis_skips"] = skips_provenance(skips)
    if len(skips):
        log.warning(skip_summary(skips, where=f"tables/{SKIPS_TABLE}.csv"))
    if report.strict and len(skips):
        raise ReportError(
            f"{skips['doc_id'].nunique()} document(s) could not be analysed (--strict): "
            + skip_summary(skips, where=f"tables/{SKIPS_TABLE}.csv").replace("\n", "; ")
            + "; the previous report was left in place"
        )
    _notify_skips(report, skips)
    if report.share == "snippets":
        provenance["share"].update(
            max_snippets=report.budget.max_snippets,
            max_share=report.budget.max_share,
            **report.allocation,
        )
    facts = _facts(
        corpus_summary(report.corpus),
        report.model,
        report.user_parameters,
        provenance["generated_at"],
    )
    footer = f"analysis {__version__} · model {report.model} · provenance in provenance.json"
    failed = {
        run["notebook"]: run["error"] for run in provenance["notebook_runs"] if run.get("error")
    }
    pages = _write_pages(report, facts, footer, failed)
    (report.staging / "provenance.json").write_text(
        json.dumps(provenance, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )
    (report.staging / "index.html").write_text(
        index_html(
            reports=pages,
            facts=facts,
            subtitle="Generated from the corpus below",
            provenance_rows=_provenance_rows(report, provenance),
            footer=footer,
        ),
        encoding="utf-8",
    )
    return provenance["notebook_runs"]


@contextlib.contextmanager
def _text_on_disk(report: _Report, corpus_file: Path) -> Iterator[None]:
    """Drop the article text from this process while the kernels run; read it back after.

    The kernels read the corpus from ``corpus_file``; this process needs the text only before
    (to save it) and after (the snippet budget and the export scan). At 30,000 articles that is
    about 200 MB more for the whole report while two kernels peak.
    """
    text = report.corpus.columns.get_loc("text")
    dtype = report.corpus["text"].dtype
    report.corpus = report.corpus.drop(columns="text")
    report.annotations = replace(report.annotations, corpus=report.corpus, _tables={})
    return_free_memory()
    try:
        yield
    finally:
        saved = pq.read_table(corpus_file, columns=["text"]).column("text").to_pandas()
        report.corpus.insert(text, "text", pd.array(saved, dtype=dtype))
        report.annotations = replace(report.annotations, corpus=report.corpus, _tables={})


def _stage_corpus(report: _Report) -> Path:
    """Save the corpus the kernels read (published only in full mode) and the manifest tables."""
    home = report.staging / "data" if report.share == "full" else report.private
    corpus_file = save_corpus(report.corpus, report.manifest, home / "corpus.parquet")
    tables_dir = report.staging / "tables"
    shared = {"share": report.share, "max_words": report.max_words}
    save_table(report.manifest.to_frame(), "manifest", tables_dir, **shared)
    save_table(report.manifest.by_file(), "manifest_by_file", tables_dir, **shared)
    return corpus_file


def _run_notebooks(report: _Report, corpus_file: Path) -> list[dict[str, Any]]:
    """Execute (or reuse) every notebook, then merge their tables into ``tables/``.

    Each notebook writes its tables to a folder of its own, merged afterwards, so the cache
    knows which tables belong to which notebook.
    """
    parts = report.staging / ".tables-by-notebook"
    common = {
        "corpus": str(corpus_file.resolve()),
        "store": str(report.annotations.store.root.resolve()),
        "model": report.annotations.model_info.package,
        "share": report.share,
        "max_words": report.max_words,
    }
    run_parameters = {
        notebook: {
            **common,
            "tables_dir": str((parts / notebook.stem).resolve()),
            **{k: v for k, v in report.user_parameters.items() if k in report.declared[notebook]},
        }
        for notebook in report.notebooks
    }
    cache = NotebookCache(
        report.annotations.store.path / "executed-notebooks",
        corpus_file=corpus_file,
        fingerprint=report.annotations.model_info.fingerprint,
    )
    runs = {
        notebook: _reuse(
            notebook,
            report.staging / "executed" / notebook.name,
            run_parameters[notebook],
            cache,
            report.reuse,
        )
        for notebook in report.notebooks
    }
    jobs = [
        NotebookJob(notebook, report.staging / "executed" / notebook.name, run_parameters[notebook])
        for notebook, run in runs.items()
        if not run["reused"]
    ]
    # the child processes and their kernels inherit the backend
    with inline_figures(), _text_on_disk(report, corpus_file):
        outcome = execute_notebooks(
            jobs,
            workers=report.jobs,
            keep_going=report.keep_going,
            environment={SCHEDULER_ENV: report.scheduler} if report.scheduler else None,
        )
    if outcome.failures and not report.keep_going:
        raise _stopped_error(outcome)
    for job in jobs:
        if job.notebook in outcome.failures:
            runs[job.notebook]["error"] = outcome.failures[job.notebook]
        else:
            tables_dir = Path(job.parameters["tables_dir"])
            cache.store(
                runs[job.notebook]["key"], job.executed, tables_dir, notebook=job.notebook.stem
            )
    succeeded = [nb for nb in report.notebooks if "error" not in runs[nb]]
    if report.share == "snippets":  # one budget per document over every page and table
        result = allocate_snippets(
            [(parts / nb.stem, report.staging / "executed" / nb.name) for nb in succeeded]
            + [(report.staging / "tables", None)],
            report.corpus,
            report.budget,
        )
        report.allocation.update(result.as_dict())
    merge_skips(
        [parts / nb.stem for nb in report.notebooks], report.staging / "tables",
        report.annotations.skips.frame(), share=report.share, max_words=report.max_words,
    )  # fmt: skip
    _merge_tables(
        [parts / nb.stem for nb in succeeded], report.staging / "tables"
    )  # a failed notebook's tables are partial
    shutil.rmtree(parts, ignore_errors=True)
    return list(runs.values())


def _stopped_error(outcome: ExecutionOutcome) -> NotebookError:
    """The fail-fast error: what failed, what was stopped, and that nothing was published."""
    stopped = ", ".join(notebook.stem for notebook in outcome.stopped)
    return NotebookError(
        {notebook.stem: message for notebook, message in outcome.failures.items()},
        (f"stopped {stopped}; " if stopped else "")
        + "the previous report was left in place (--keep-going publishes the notebooks that succeed)",
    )


def _notify_skips(report: _Report, skips: pd.DataFrame) -> None:
    """Put the skips notice on the overview page (the first notebook with the anchor cell)."""
    for notebook in report.notebooks:
        if insert_skip_notice(report.staging / "executed" / notebook.name, skips):
            return


def _write_pages(
    report: _Report, facts: list[tuple[str, str]], footer: str, failed: Mapping[str, str]
) -> list[dict[str, str]]:
    """One HTML page per executed notebook; returns the index entries (failed ones marked)."""
    pages = []
    for notebook in report.notebooks:
        executed = report.staging / "executed" / notebook.name
        if notebook.stem in failed:
            pages.append(_failed_entry(report, notebook, failed[notebook.stem]))
            continue
        redact_executed(executed, report.share)
        page_html = notebook_to_html(
            executed, facts=facts, subtitle=f"Report {notebook.stem}", footer=footer
        )
        (report.staging / f"{notebook.stem}.html").write_text(page_html, encoding="utf-8")
        nb = nbformat.read(executed, as_version=4)
        pages.append(
            {
                "href": f"{notebook.stem}.html",
                "title": notebook_title(nb, notebook.stem),
                "summary": _summary_line(nb),
            }
        )
    return pages


def _failed_entry(report: _Report, notebook: Path, error: str) -> dict[str, str]:
    """The index entry of a failed notebook: no page; its executed copy shows the traceback."""
    executed = report.staging / "executed" / notebook.name
    if executed.is_file():
        redact_executed(executed, report.share)
    return {
        "href": f"executed/{notebook.name}" if executed.is_file() else "",
        "title": notebook_title(nbformat.read(notebook, as_version=4), notebook.stem),
        "summary": "",
        "failed": error,
    }


def _provenance_rows(report: _Report, provenance: dict[str, Any]) -> list[tuple[str, str]]:
    """The provenance block of ``index.html``."""
    info = report.annotations.model_info
    git = provenance["git"]
    manifest = report.manifest
    return [
        ("Model", f"{info.lang_name_version} (spaCy {info.spacy_version}, pipeline {info.fingerprint})"),
        ("Git commit", f"{git['commit'] or 'unknown'}{' (uncommitted changes)' if git['dirty'] else ''}"),
        ("Input files", f"{len(provenance['input_files'])} file(s); hashes in provenance.json"),
        ("Manifest", f"read {manifest.n_read}, kept {manifest.n_kept}, skipped {manifest.n_skipped}"),
        ("Packages", ", ".join(f"{k} {v}" for k, v in provenance["packages"].items())),
    ]  # fmt: skip


def _reuse(
    notebook: Path,
    executed: Path,
    parameters: dict[str, Any],
    cache: NotebookCache,
    reuse: bool,
) -> dict[str, Any]:
    """Publish a stored run of ``notebook`` when its key is known; else a run still to execute."""
    tables_dir = Path(parameters["tables_dir"])
    key = cache.key(notebook, parameters)
    record = cache.restore(key, executed, tables_dir) if reuse else None
    if record is not None:
        log.info("reusing %s (inputs unchanged since %s)", notebook.name, record["executed_at"])
        return {
            "notebook": notebook.stem, "key": key, "reused": True,
            "executed_at": record.get("executed_at"),
        }  # fmt: skip
    tables_dir.mkdir(parents=True, exist_ok=True)
    return {"notebook": notebook.stem, "key": key, "reused": False, "executed_at": None}


def _merge_tables(parts: list[Path], tables_dir: Path) -> None:
    """Move every notebook's tables into ``tables_dir`` (later notebooks win a name clash)."""
    tables_dir.mkdir(parents=True, exist_ok=True)
    for part in parts:
        if not part.is_dir():
            continue
        for table in sorted(part.iterdir()):
            target = tables_dir / table.name
            if target.exists() and target.read_bytes() != table.read_bytes():
                log.warning("table %s is written by more than one notebook; %s's is kept",
                            table.name, part.name)  # fmt: skip
            table.replace(target)


def _facts(
    summary: dict[str, Any], model: str, parameters: dict[str, Any], generated_at: str
) -> list[tuple[str, str]]:
    outlets = group_summary(summary["outlets"], "outlet")
    dates = (
        f"{summary['date_from']} to {summary['date_to']}" if summary["date_from"] else "no dates"
    )
    if summary["undated"]:
        dates += f" ({summary['undated']} undated)"
    return [
        ("Documents", f"{summary['documents']:,}"),
        ("Outlets", outlets),
        ("Dates", dates),
        (
            "Parameters",
            ", ".join(f"{k}={v!r}" for k, v in sorted(parameters.items())) or "defaults",
        ),
        ("Model", model),
        ("Generated", generated_at),
        ("Version", f"analysis {__version__}"),
    ]


def _summary_line(notebook: nbformat.NotebookNode) -> str:
    """The first paragraph of the notebook's first Markdown cell, without the heading."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            lines = [
                line
                for line in cell.source.splitlines()
                if line.strip() and not line.startswith("#")
            ]
            if lines:
                text = " ".join(lines[0].split())
                return text if len(text) <= 220 else text[:219] + "…"
    return ""


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``staging`` with two renames (the old copy is removed last).

    A rename that fails becomes a :class:`ReportError` saying where the previous report is:
    back in place, or (if even that rename failed) in the hidden folder beside it.
    """
    old = out_dir.parent / f".{out_dir.name}.old-{uuid.uuid4().hex[:8]}"
    if out_dir.exists():
        try:
            out_dir.rename(old)
        except OSError as exc:
            raise ReportError(
                f"{out_dir}: cannot move the previous report aside ({exc}); it was left in place"
            ) from exc
    try:
        staging.rename(out_dir)
    except OSError as exc:
        if not old.exists():
            raise ReportError(f"{out_dir}: cannot move the new report into place ({exc})") from exc
        try:
            old.rename(out_dir)
        except OSError:
            raise ReportError(
                f"{out_dir}: cannot move the new report into place ({exc}) nor restore the "
                f"previous one; it is in {old}: rename it back to {out_dir.name}"
            ) from exc
        raise ReportError(
            f"{out_dir}: cannot move the new report into place ({exc}); the previous report was restored"
        ) from exc
    shutil.rmtree(old, ignore_errors=True)
