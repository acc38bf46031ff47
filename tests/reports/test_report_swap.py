"""Swapping a finished report into place: the old one goes entirely, or stays entirely.

The runner assembles a report in a hidden sibling folder and swaps it in with two renames
(old report aside, new report in). These tests drive that swap on real folders, with the
second rename made to fail the way a full disk or a permission change makes it fail.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from analysis.errors import ReportError
from analysis.reports.runner import _swap_in


def _files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def old_and_new(tmp_path) -> tuple[Path, Path]:
    out = tmp_path / "reports" / "weekly"
    _write(
        out,
        {
            "index.html": "<p>last week</p>",
            "tables/speakers.csv": "speaker,n\nGrushko,3\n",
            "tables/dropped_table.csv": "x\n1\n",
            "notes.txt": "kept by hand in the old report",
        },
    )
    staging = tmp_path / "reports" / ".weekly.tmp-1234abcd"
    _write(
        staging, {"index.html": "<p>this week</p>", "tables/speakers.csv": "speaker,n\nRutte,2\n"}
    )
    return out, staging


def _fail_renames(monkeypatch, *, failing: set[int]) -> list[tuple[str, str]]:
    """Make the listed calls (1-based) of ``Path.rename`` raise; returns the calls made."""
    real_rename = Path.rename
    calls: list[tuple[str, str]] = []

    def rename(self: Path, target):  # noqa: ANN001, ANN202 - Path.rename's own signature
        calls.append((self.name, Path(target).name))
        if len(calls) in failing:
            raise OSError(errno.EACCES, "Permission denied (simulated)", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    return calls


def _hidden_siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_replacing_a_report_leaves_only_the_new_one(old_and_new):
    out, staging = old_and_new
    new_files = _files(staging)
    _swap_in(staging, out)
    assert _files(out) == new_files, "files of the old report must not survive the swap"
    assert not staging.exists()
    assert _hidden_siblings(out) == [], "the old copy is removed after the swap"


def test_first_report_is_moved_into_place(tmp_path):
    out = tmp_path / "reports" / "first"
    staging = tmp_path / "reports" / ".first.tmp-0000"
    _write(staging, {"index.html": "<p>new</p>"})
    _swap_in(staging, out)
    assert _files(out) == {"index.html": b"<p>new</p>"}
    assert _hidden_siblings(out) == []


def test_failed_swap_restores_the_previous_report(old_and_new, monkeypatch):
    out, staging = old_and_new
    before = _files(out)
    calls = _fail_renames(monkeypatch, failing={2})  # old aside works; new into place fails
    with pytest.raises(ReportError) as info:
        _swap_in(staging, out)
    message = str(info.value)
    assert str(out) in message and "previous report was restored" in message
    assert "Permission denied (simulated)" in message, "the cause must be part of the message"
    assert isinstance(info.value.__cause__, OSError)
    assert [target for _, target in calls] == [calls[0][1], "weekly", "weekly"], (
        "expected: old report aside, new report in (fails), old report back"
    )
    assert _files(out) == before, "the previous report must be back, byte for byte"
    assert _hidden_siblings(out) == [staging.name], "only the staging folder (the caller's) is left"


def test_failed_restore_says_where_the_previous_report_is(old_and_new, monkeypatch):
    out, staging = old_and_new
    before = _files(out)
    _fail_renames(monkeypatch, failing={2, 3})  # the new report and the way back both fail
    with pytest.raises(ReportError) as info:
        _swap_in(staging, out)
    (aside,) = [p for p in out.parent.iterdir() if p.name.startswith(".weekly.old-")]
    assert str(aside) in str(info.value), "the message must say where the previous report is"
    assert _files(aside) == before


def test_previous_report_that_cannot_be_moved_is_left_alone(old_and_new, monkeypatch):
    out, staging = old_and_new
    before = _files(out)
    _fail_renames(monkeypatch, failing={1})
    with pytest.raises(ReportError, match="left in place"):
        _swap_in(staging, out)
    assert _files(out) == before
