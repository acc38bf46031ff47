"""Run report notebooks in child processes, so that one failure stops the others at once.

papermill cannot cancel an execution running in a thread, so every notebook runs in a
process of its own (:mod:`analysis.reports.notebook_process`), which starts the notebook's
kernel. :func:`execute_notebooks` runs up to ``workers`` of them at a time and, unless told
to keep going, stops at the first failure: :func:`end_process_tree` freezes each running
process and everything below it (the kernel, anything the kernel started), kills them all
and removes the kernels' connection files, so nothing the run started outlives it.
A failure is described in one line naming the notebook and the cell, numbered as in the
source notebook (:func:`failure_message`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import psutil

__all__ = [
    "ExecutionOutcome",
    "NotebookJob",
    "end_process_tree",
    "execute_notebooks",
    "failure_message",
]

log = logging.getLogger(__name__)

_CHILD = Path(__file__).with_name("notebook_process.py")
#: Cells papermill adds to the executed copy; they do not count when naming the failing cell.
_INSERTED_TAGS = {"injected-parameters", "papermill-error-cell-tag"}


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to execute: the source, where its executed copy goes, its parameters."""

    notebook: Path
    executed: Path
    parameters: dict[str, Any]


@dataclass(frozen=True)
class ExecutionOutcome:
    """Which notebooks failed (with a one-line message each) and which were stopped unfinished.

    A job in neither mapping succeeded. ``stopped`` holds the notebooks that were running or
    waiting when a failure ended the run (empty with ``keep_going``).
    """

    failures: dict[Path, str] = field(default_factory=dict)
    stopped: list[Path] = field(default_factory=list)


@dataclass
class _Running:
    job: NotebookJob
    process: subprocess.Popen[bytes]
    outcome_file: Path
    log_file: Path


def execute_notebooks(
    jobs: Sequence[NotebookJob],
    *,
    workers: int = 1,
    keep_going: bool = False,
    poll: float = 0.1,
    environment: Mapping[str, str] | None = None,
) -> ExecutionOutcome:
    """Execute ``jobs``, ``workers`` at a time; stop them all at the first failure.

    With ``keep_going`` every job runs to its end and every failure is recorded. The child
    processes inherit the environment (``MPLBACKEND``, ``PYTHONPATH``) and working directory,
    plus ``environment`` (infrastructure such as the Dask scheduler, never content).
    Whatever happens (a failure, ``KeyboardInterrupt``), no child process or kernel is left
    running when this returns.
    """
    pending = list(enumerate(jobs))
    running: list[_Running] = []
    outcome = ExecutionOutcome()
    with tempfile.TemporaryDirectory(prefix="analysis-notebooks-") as scratch:
        try:
            while pending or running:
                while pending and len(running) < max(1, workers):
                    number, job = pending.pop(0)
                    running.append(_start(job, Path(scratch), number, environment))
                for finished in _wait_for_any(running, poll):
                    running.remove(finished)
                    message = _result(finished)
                    if message is not None:
                        log.info("%s", message)  # the caller reports it
                        outcome.failures[finished.job.notebook] = message
                if outcome.failures and not keep_going:
                    outcome.stopped.extend(r.job.notebook for r in running)
                    outcome.stopped.extend(job.notebook for _, job in pending)
                    pending.clear()
                    break
        finally:
            for unfinished in running:
                log.info("stopping %s", unfinished.job.notebook.name)
                end_process_tree(unfinished.process)
    return outcome


def _start(
    job: NotebookJob, scratch: Path, number: int, environment: Mapping[str, str] | None = None
) -> _Running:
    log.info("running %s", job.notebook.name)
    stem = f"{number:03d}-{job.notebook.stem}"
    job_file = scratch / f"{stem}.job.pickle"
    job_file.write_bytes(pickle.dumps((job.notebook, job.executed, job.parameters)))
    outcome_file, log_file = scratch / f"{stem}.outcome.json", scratch / f"{stem}.log"
    with log_file.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-P", str(_CHILD), str(job_file), str(outcome_file)],
            stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, **(environment or {})},
        )  # fmt: skip
    return _Running(job, process, outcome_file, log_file)


def _wait_for_any(running: list[_Running], poll: float) -> list[_Running]:
    """The running jobs whose process has exited, waiting until there is at least one."""
    while True:
        finished = [r for r in running if r.process.poll() is not None]
        if finished or not running:
            return finished
        time.sleep(poll)


def _result(finished: _Running) -> str | None:
    """``None`` when the notebook succeeded, else the one-line failure message."""
    if log.isEnabledFor(logging.DEBUG):  # papermill's warnings, kept out of the way by default
        output = finished.log_file.read_text(encoding="utf-8", errors="replace").strip()
        log.debug("%s output: %s", finished.job.notebook.name, output or "(none)")
    try:
        outcome = json.loads(finished.outcome_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # the process died before writing its outcome
        output = finished.log_file.read_text(encoding="utf-8", errors="replace").strip()
        last = output.splitlines()[-1] if output else "no output"
        outcome = {
            "ok": False,
            "ename": "process exited",
            "evalue": f"code {finished.process.returncode}: {last}",
        }
    if outcome.get("ok"):
        return None
    return failure_message(finished.job.notebook, finished.job.executed, outcome)


def failure_message(notebook: Path, executed: Path, outcome: dict[str, Any]) -> str:
    """``notebook NAME failed in cell N (Error: value) [first line of the cell]``.

    The cell is numbered as in the source notebook (papermill's own cells skipped), read from
    the executed copy papermill saves on failure; without it, papermill's ``ename``/``evalue``.
    """
    cell_info = ""
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # no executed copy: the kernel never started, or the process was killed
        nb = None
    source_cells = [] if nb is None else [
        c for c in nb.cells if not _INSERTED_TAGS & set(c.get("metadata", {}).get("tags", []))
    ]  # fmt: skip
    for number, cell in enumerate(source_cells, start=1):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            first_line = (cell.source.strip().splitlines() or [""])[0][:80]
            cell_info = f" in cell {number} ({errors[0].get('ename')}: {errors[0].get('evalue')}) [{first_line}]"
            break
    if not cell_info:
        cell_info = f" ({outcome.get('ename')}: {outcome.get('evalue')})"
    return f"notebook {notebook.name} failed{cell_info}"


def end_process_tree(process: subprocess.Popen[bytes], *, timeout: float = 5.0) -> None:
    """Kill ``process`` and all its descendants, and remove their kernels' connection files.

    Every process is frozen (SIGSTOP) before its children are listed, top down, so none can
    start a process that would escape; then all are killed. Kernels run in a session of their
    own (jupyter_client starts them so), which is why a process-group kill would miss them.
    """
    try:
        root = psutil.Process(process.pid)
        root.suspend()
    except psutil.NoSuchProcess:
        process.wait()
        return
    tree, queue = [root], [root]
    while queue:
        try:
            children = queue.pop().children()
        except psutil.NoSuchProcess:
            continue
        for child in children:
            try:
                child.suspend()
            except psutil.NoSuchProcess:
                continue
            tree.append(child)
            queue.append(child)
    connection_files = [path for member in tree for path in _connection_files(member)]
    for member in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            member.kill()
    process.wait(timeout=timeout)
    alive = _wait_ended(tree[1:], timeout)
    if alive:
        log.warning("processes %s did not end", [p.pid for p in alive])
    for path in connection_files:
        path.unlink(missing_ok=True)


def _wait_ended(members: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    """Wait until every process has ended; a zombie has (its new parent reaps it, not us)."""
    deadline = time.monotonic() + timeout
    alive = members
    while True:
        alive = [member for member in alive if _still_running(member)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _still_running(member: psutil.Process) -> bool:
    try:
        return member.is_running() and member.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _connection_files(member: psutil.Process) -> list[Path]:
    """The connection file (``-f FILE.json``) in a kernel's command line, if it is a kernel."""
    try:
        argv = member.cmdline()
    except psutil.Error:
        return []
    if not any("kernel" in arg for arg in argv[:3]):  # e.g. python -m ipykernel_launcher -f …
        return []
    return [
        Path(value)
        for flag, value in zip(argv, argv[1:], strict=False)
        if flag == "-f" and value.endswith(".json")
    ]
