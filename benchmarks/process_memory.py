"""Peak memory of a whole process tree, sampled while it runs.

A report lives in several processes (the ``analysis report`` parent, one process per notebook,
each notebook's kernel, annotation workers), so one process's ``maxrss`` hides most of it.
:func:`run_measured` starts a command and, every ``interval`` seconds, sums the PSS of the
command and all its descendants (``psutil``'s ``memory_full_info().pss``: a page shared by
forked workers counts once, split between them). The peak of that sum is the figure reported.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

__all__ = ["TreeMemory", "run_measured", "tree_pss"]


def tree_pss(root: psutil.Process) -> tuple[int, dict[str, int]]:
    """Bytes of PSS summed over ``root`` and its descendants, and per process name."""
    total, by_name = 0, {}
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0, {}
    for process in processes:
        try:
            pss = process.memory_full_info().pss
            name = _role(process)
        except psutil.Error:  # ended between listing and reading
            continue
        total += pss
        by_name[name] = by_name.get(name, 0) + pss
    return total, by_name


def _role(process: psutil.Process) -> str:
    """A short label: ``kernel``, ``notebook``, ``worker`` or the program's name."""
    command = " ".join(process.cmdline())
    if "ipykernel" in command:
        return "kernel"
    if "notebook_process" in command:
        return "notebook"
    if "multiprocessing" in command or "forkserver" in command:
        return "worker"
    if "-m analysis" in command:
        return "analysis"
    return process.name()


def _phase(by_role: dict[str, int]) -> str:
    if by_role.get("worker"):
        return "parse"
    if by_role.get("kernel"):
        return "notebooks"
    return "other"


@dataclass
class TreeMemory:
    """What :func:`run_measured` saw: wall time, exit code, peak PSS and its split by role."""

    seconds: float = 0.0
    returncode: int = 0
    peak_pss: int = 0
    peak_by_role: dict[str, int] = field(default_factory=dict)
    samples: int = 0
    #: Peak PSS of the samples taken while annotation workers ran (``parse``), while kernels
    #: ran (``notebooks``), and at other times.
    peak_by_phase: dict[str, int] = field(default_factory=dict)

    @property
    def peak_mib(self) -> float:
        return self.peak_pss / 2**20


def run_measured(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    interval: float = 0.5,
    log: Path | None = None,
) -> TreeMemory:
    """Run ``command`` to its end, sampling the PSS of its whole process tree."""
    result = TreeMemory()
    output = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
    root = psutil.Process(child.pid)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total, by_role = tree_pss(root)
            result.samples += 1
            phase = _phase(by_role)
            result.peak_by_phase[phase] = max(total, result.peak_by_phase.get(phase, 0))
            if total > result.peak_pss:
                result.peak_pss, result.peak_by_role = total, by_role
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        result.returncode = child.wait()
    finally:
        done.set()
        sampler.join()
        if log:
            output.close()
    result.seconds = time.perf_counter() - start
    return result
