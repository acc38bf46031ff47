"""Notebooks in child processes: stopping a process tree, naming a failure (no spaCy needed)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from analysis.reports.execution import (
    NotebookJob,
    end_process_tree,
    execute_notebooks,
    failure_message,
)


def _wait_for_children(process: subprocess.Popen, count: int) -> list[psutil.Process]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = psutil.Process(process.pid).children(recursive=True)
        if len(children) >= count:
            return children
        time.sleep(0.05)
    raise AssertionError(f"process {process.pid} did not start {count} child process(es)")


def _ended(member: psutil.Process) -> bool:
    try:
        return not member.is_running() or member.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_end_process_tree_kills_descendants_in_their_own_session(tmp_path):
    # like a kernel: the grandchild runs in a session of its own, with a connection file
    connection = tmp_path / "kernel-test.json"
    connection.write_text("{}")
    grandchild = [
        sys.executable,
        "-c",
        "import time; time.sleep(60)  # kernel",
        "-f",
        str(connection),
    ]
    code = (
        "import subprocess, time\n"
        f"subprocess.Popen({grandchild!r}, start_new_session=True)\n"
        "time.sleep(60)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", code])
    members = [psutil.Process(process.pid), *_wait_for_children(process, 1)]
    started = time.monotonic()
    end_process_tree(process)
    assert time.monotonic() - started < 30, "it must not wait for the sleepers"
    assert process.returncode is not None
    assert [m.pid for m in members if not _ended(m)] == []
    assert not connection.exists(), "the kernel's connection file must be removed"


def test_end_process_tree_of_a_finished_process_returns(tmp_path):
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    end_process_tree(process)
    assert process.returncode == 0


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nb, path)
    return path


@pytest.mark.slow  # runs notebooks
def test_failure_message_names_the_source_cell(tmp_path):
    notebook = _notebook(tmp_path / "05_demo.ipynb", "x = 1", "y = 2", "raise KeyError('gone')")
    executed = tmp_path / "executed.ipynb"
    outcome = execute_notebooks([NotebookJob(notebook, executed, {})], workers=1)
    assert outcome.stopped == []
    assert outcome.failures == {
        notebook: "notebook 05_demo.ipynb failed in cell 3 (KeyError: 'gone') [raise KeyError('gone')]"
    }


def test_failure_message_without_an_executed_copy_uses_the_error():
    message = failure_message(
        Path("07_x.ipynb"),
        Path("/nonexistent/07_x.ipynb"),
        {"ename": "DeadKernelError", "evalue": "Kernel died"},
    )
    assert message == "notebook 07_x.ipynb failed (DeadKernelError: Kernel died)"


@pytest.mark.slow  # runs notebooks
def test_keep_going_runs_every_job_and_records_each_failure(tmp_path):
    bad = _notebook(tmp_path / "01_bad.ipynb", "1 / 0")
    good = _notebook(tmp_path / "02_good.ipynb", "x = 40 + 2")
    outcome = execute_notebooks(
        [
            NotebookJob(bad, tmp_path / "bad.out.ipynb", {}),
            NotebookJob(good, tmp_path / "good.out.ipynb", {}),
        ],
        workers=1,
        keep_going=True,
    )
    assert list(outcome.failures) == [bad] and outcome.stopped == []
    assert "ZeroDivisionError" in outcome.failures[bad]
    executed_good = nbformat.read(tmp_path / "good.out.ipynb", as_version=4)
    assert executed_good.cells[0].execution_count == 1


@pytest.mark.slow  # runs notebooks
def test_without_keep_going_waiting_jobs_are_not_started(tmp_path):
    bad = _notebook(tmp_path / "01_bad.ipynb", "1 / 0")
    later = _notebook(tmp_path / "02_later.ipynb", "x = 1")
    outcome = execute_notebooks(
        [
            NotebookJob(bad, tmp_path / "bad.out.ipynb", {}),
            NotebookJob(later, tmp_path / "later.out.ipynb", {}),
        ],
        workers=1,
    )
    assert list(outcome.failures) == [bad] and outcome.stopped == [later]
    assert not (tmp_path / "later.out.ipynb").exists()


def test_a_kernel_that_dies_while_starting_is_started_again(tmp_path, monkeypatch):
    """Only a start-up death is retried (no cell ran); a failing cell is reported at once."""
    import pickle

    import papermill

    from analysis.reports import notebook_process

    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise RuntimeError("Kernel died before replying to kernel_info")

    job, outcome = tmp_path / "job.pickle", tmp_path / "outcome.json"
    job.write_bytes(pickle.dumps((tmp_path / "a.ipynb", tmp_path / "a.out.ipynb", {})))
    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    assert notebook_process.run(job, outcome) == 0 and len(calls) == 3

    def failing_cell(*args, **kwargs):
        calls.append(1)
        raise ZeroDivisionError("division by zero")

    calls.clear()
    monkeypatch.setattr(papermill, "execute_notebook", failing_cell)
    assert notebook_process.run(job, outcome) == 1 and len(calls) == 1
    assert '"ename": "ZeroDivisionError"' in outcome.read_text()
