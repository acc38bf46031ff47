"""A failing notebook stops the report at once; ``--keep-going`` publishes what succeeded.

Real papermill and real kernels, on notebooks written here: one raises in its 2nd cell, one
sleeps for a minute, one succeeds. Every process the run starts is watched with psutil and
must be gone when the runner returns.

The fail-fast test bounds one duration on purpose (the issue's acceptance test): the runner
must return within 10 s of the failing cell raising, against the 60 s the other notebook
would take. That is the behaviour under test, not a speed measurement, and the margin is wide.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from pathlib import Path

import nbformat
import pandas as pd
import psutil
import pytest

from analysis.cli import main
from analysis.errors import NotebookError
from analysis.reports import COMMON_PARAMETERS, run_reports

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("failfast") / "corpus.csv"
    pd.DataFrame(
        {
            "id": ["a", "b"],
            "outlet": ["Daily Example", "Evening Sample"],
            "date": ["2024-03-01", "2024-03-02"],
            "title": ["Port reopens", "Rates held"],
            "text": [
                "The port reopened on Monday, officials said, after a week of repairs.",
                "The central bank held rates steady, its governor told reporters in Paris.",
            ],
        }
    ).to_csv(path, index=False)
    return path


def _notebook(folder: Path, name: str, *cells: str, title: str | None = None) -> Path:
    """A report notebook: a tagged parameters cell declaring the common parameters, then ``cells``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    defaults = "\n".join(f'{p} = ""' for p in COMMON_PARAMETERS if p != "max_words")
    parameters = nbformat.v4.new_code_cell(defaults + "\nmax_words = 30")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, *(nbformat.v4.new_code_cell(source) for source in cells)]
    if title:
        nb.cells.insert(1, nbformat.v4.new_markdown_cell(f"# {title}\n\nA notebook that {title}."))
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


class _ProcessWatch:
    """Records every descendant process of this one started while a run is in progress.

    Descendants that exist before (left by other tests, say) are ignored.
    """

    def __init__(self) -> None:
        self.before = {_identity(p) for p in psutil.Process().children(recursive=True)}
        self.seen: dict[tuple[int, float], list[str]] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._done.is_set():
            for child in me.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if _identity(child) not in self.before:
                        # the latest command line: a new process shows its parent's until it execs
                        self.seen[_identity(child)] = child.cmdline()
            time.sleep(0.05)

    def __enter__(self) -> _ProcessWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._done.set()
        self._thread.join()

    def kernels(self) -> list[list[str]]:
        return [argv for argv in self.seen.values() if "ipykernel_launcher" in argv]

    def still_running(self) -> list[int]:
        alive = []
        for pid, created in self.seen:
            try:
                member = psutil.Process(pid)
                if member.create_time() == created and member.status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
            except psutil.NoSuchProcess:
                continue
        return alive


def _identity(process: psutil.Process) -> tuple[int, float]:
    return process.pid, process.create_time()


def _connection_files(argv: list[str]) -> list[Path]:
    return [Path(value) for flag, value in zip(argv, argv[1:], strict=False) if flag == "-f"]


def test_a_failure_stops_the_other_notebooks_within_seconds(corpus_csv, tmp_path, session_store):
    notebooks, marks = tmp_path / "notebooks", tmp_path / "marks"
    marks.mkdir()
    # the failing cell waits until the other kernel is busy sleeping, so that one must be killed
    _notebook(
        notebooks, "10_fails.ipynb",
        "import pathlib, time\n"
        f"marks = pathlib.Path({str(marks)!r})\n"
        "for _ in range(2400):  # at most 2 minutes\n"
        "    if (marks / 'sleeping').exists(): break\n"
        "    time.sleep(0.05)\n"
        "(marks / 'failed_at').write_text(repr(time.time()))\n"
        "raise ValueError('deliberate failure')",
    )  # fmt: skip
    _notebook(
        notebooks, "20_sleeps.ipynb",
        f"import pathlib, time\nmarks = pathlib.Path({str(marks)!r})\n(marks / 'sleeping').touch()",
        "time.sleep(60)",
        "(marks / 'slept').touch()",
    )  # fmt: skip
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("the previous report")

    with _ProcessWatch() as watch, pytest.raises(NotebookError) as failure:
        run_reports(
            [corpus_csv], out, store=session_store, notebooks_dir=notebooks, jobs=2, reuse=False
        )
    returned_at = time.time()

    assert returned_at - float((marks / "failed_at").read_text()) < 10
    assert not (marks / "slept").exists()
    message = str(failure.value)
    assert message.startswith(
        "notebook 10_fails.ipynb failed in cell 2 (ValueError: deliberate failure) [import pathlib, time]"
    )
    assert "stopped 20_sleeps; the previous report was left in place" in message
    assert list(failure.value.failures) == ["10_fails"]
    assert (out / "index.html").read_text() == "the previous report"
    assert not list(tmp_path.glob(".out.*")), "no staging folders left behind"

    assert len(watch.kernels()) >= 2, "both notebooks' kernels should have been seen running"
    assert watch.still_running() == [], "every process the run started must have ended"
    left = {_identity(p) for p in psutil.Process().children(recursive=True)} - watch.before
    assert left == set(), "the process tree must be as it was before the run"
    for argv in watch.kernels():
        for path in _connection_files(argv):
            assert not path.exists(), f"kernel connection file {path} left behind"


def test_keep_going_publishes_the_pages_that_succeeded(corpus_csv, tmp_path, session_store, capsys):
    notebooks = tmp_path / "notebooks"
    table_cell = (
        "import pathlib\npathlib.Path(tables_dir).mkdir(parents=True, exist_ok=True)\n"
        "(pathlib.Path(tables_dir) / '{name}.csv').write_text('n\\n{n}\\n')"
    )
    _notebook(
        notebooks, "10_fails.ipynb",
        table_cell.format(name="partial", n=1) + "\nraise ValueError('deliberate failure')",
    )  # fmt: skip
    _notebook(
        notebooks, "30_good.ipynb",
        table_cell.format(name="good", n=42),
        "print('all', 6 * 7, 'rows counted')",
        title="succeeds",
    )  # fmt: skip
    out = tmp_path / "out"
    arguments = ["report", str(corpus_csv), "--out", str(out), "--notebooks", str(notebooks)]
    arguments += ["--store", str(session_store)]

    with _ProcessWatch() as watch:
        code = main([*arguments, "--keep-going", "--rerun"])
    assert code == 1
    stderr = capsys.readouterr().err.splitlines()
    assert stderr == [
        "failed: notebook 10_fails.ipynb failed in cell 2 (ValueError: deliberate failure) [import pathlib]",
        "error: 1 of 2 notebooks failed (10_fails); the others were published, failures marked in index.html",
    ]
    assert watch.still_running() == []

    assert "all 42 rows counted" in (out / "30_good.html").read_text()
    assert not (out / "10_fails.html").exists()
    index = (out / "index.html").read_text()
    assert 'href="30_good.html"' in index and "succeeds" in index
    assert (
        '<div class="card failed"><h2><a href="executed/10_fails.ipynb">10_fails</a></h2>'
        '<p class="status">Failed: notebook 10_fails.ipynb failed in cell 2 '
        "(ValueError: deliberate failure) [import pathlib]</p></div>"
    ) in index
    executed = nbformat.read(out / "executed" / "10_fails.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in executed.cells for o in c.get("outputs", []))
    assert (out / "tables" / "good.csv").read_text() == "n\n42\n"
    assert not (out / "tables" / "partial.csv").exists(), "a failed notebook's tables are partial"
    runs = json.loads((out / "provenance.json").read_text())["notebook_runs"]
    assert {run["notebook"]: run.get("error", "") for run in runs} == {
        "10_fails": stderr[0].removeprefix("failed: "),
        "30_good": "",
    }

    # without --keep-going: the same failure, exit 1, and the published report stays as it was
    before = (out / "index.html").read_text()
    assert main(arguments) == 1
    stderr = capsys.readouterr().err.splitlines()
    assert stderr[0].startswith("failed: notebook 10_fails.ipynb failed in cell 2")
    assert stderr[1:] == [
        "error: the previous report was left in place (--keep-going publishes the notebooks that succeed)"
    ]
    assert (out / "index.html").read_text() == before
