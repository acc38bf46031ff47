"""One report notebook in a process of its own, so the runner can end it, kernel and all.

:mod:`analysis.reports.execution` starts this file as
``python -P notebook_process.py JOB OUTCOME``. Run by path it imports papermill and the
standard library only, not the ``analysis`` package (a second or more of start-up per
notebook), and ``-P`` keeps this folder off ``sys.path`` (its ``html.py`` would shadow the
standard library's). ``JOB`` is a pickle of ``(notebook, executed, parameters)`` written by
the runner; ``OUTCOME`` is written as JSON, ``{"ok": true}`` or what papermill reported about
the error (``ename``, ``evalue``, ``cell_index``, ``exec_count``). Exit code 0 or 1.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path
from typing import Any

#: Optional imports papermill's dependencies try that a notebook run never uses: pyarrow (for
#: papermill's HDFS handler) and rfc3987_syntax (jsonschema's IRI format check, which builds a
#: grammar on import). Blocked in this process only, they cut its start-up from 5.3 to 1.1 s
#: and its memory from 128 to 49 MiB (measured on a loaded two-core machine).
UNUSED_OPTIONAL_IMPORTS = ("pyarrow", "rfc3987_syntax")


def skip_unused_imports() -> None:
    """Make the optional imports above fail fast (``import`` of a ``None`` module raises)."""
    for name in UNUSED_OPTIONAL_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def error_outcome(exc: BaseException) -> dict[str, Any]:
    """What the runner needs to name the failure: papermill's fields, else the exception's."""
    lines = str(exc).strip().splitlines()
    return {
        "ok": False,
        "type": type(exc).__name__,
        "ename": getattr(exc, "ename", None) or type(exc).__name__,
        "evalue": getattr(exc, "evalue", None) or (lines[-1] if lines else ""),
        "cell_index": getattr(exc, "cell_index", None),
        "exec_count": getattr(exc, "exec_count", None),
    }


#: A kernel that dies while starting, before any cell ran, is started again (at most this many
#: attempts in all): a busy machine occasionally loses one, and nothing was executed yet.
START_ATTEMPTS = 3


def died_starting(exc: BaseException) -> bool:
    """True for nbclient's "Kernel died before replying to kernel_info" (no cell has run)."""
    return "before replying to kernel_info" in str(exc)


def run(job_file: Path, outcome_file: Path) -> int:
    """Execute the notebook described by ``job_file``; write the outcome; 0 on success."""
    import papermill

    notebook, executed, parameters = pickle.loads(job_file.read_bytes())
    for attempt in range(1, START_ATTEMPTS + 1):
        try:
            papermill.execute_notebook(
                str(notebook), str(executed), parameters=parameters,
                kernel_name="python3", progress_bar=False, log_output=False, report_mode=True,
            )  # fmt: skip
        except Exception as exc:  # PapermillExecutionError, dead kernels, unreadable notebooks
            outcome = error_outcome(exc)
            if died_starting(exc) and attempt < START_ATTEMPTS:
                print(f"kernel died while starting (attempt {attempt}); starting it again",
                      file=sys.stderr)  # fmt: skip
                continue
        else:
            outcome = {"ok": True}
        break
    outcome_file.write_text(json.dumps(outcome, default=str), encoding="utf-8")
    return 0 if outcome["ok"] else 1


if __name__ == "__main__":
    skip_unused_imports()
    sys.exit(run(Path(sys.argv[1]), Path(sys.argv[2])))
