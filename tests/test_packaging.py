"""A regular (non-editable) install carries the report notebooks and can run a report.

The package is built the way ``pip install .`` sees it: an sdist from a copy of the project
(so MANIFEST.in must bring the notebooks), then a wheel from that sdist (so setup.py must copy
them into ``analysis/_notebooks/``). The wheel goes into a temporary venv that borrows the big
dependencies from this interpreter's site-packages through a ``.pth`` line — a plain path, so
the editable install's import hook there stays inactive and only the wheel can be imported.
The kernel papermill starts is that venv's Python (its kernel spec comes first on
JUPYTER_PATH; nbconvert's templates come from the shared environment's share/jupyter). Needs a package index for the build tools (``build``, setuptools, wheel).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
REPORT_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _project_copy(target: Path) -> Path:
    """The top-level files, ``analysis/`` and ``notebooks/``, without caches or build output."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {
            n for n in names if n in {"__pycache__", "_notebooks"} or n.endswith(".egg-info")
        }
        if Path(folder) == ROOT:
            skipped |= {
                n
                for n in names
                if n.startswith(".") or ((ROOT / n).is_dir() and n not in {"analysis", "notebooks"})
            }
        return skipped

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def _run(args: list[str | Path], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        f"{args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path | dict[str, str]]:
    """A temporary venv with the freshly built wheel installed; its python and environment."""
    work = tmp_path_factory.mktemp("packaging")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    site = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    shared = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "shared-dependencies.pth").write_text(
        "\n".join(sorted(shared)) + "\n", encoding="utf-8"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    # this venv's kernel spec first; nbconvert's templates from the shared environment
    jupyter_path = [venv / "share" / "jupyter", Path(sys.prefix) / "share" / "jupyter"]
    env.update(MPLBACKEND="Agg", CI="true", JUPYTER_PATH=os.pathsep.join(map(str, jupyter_path)))
    env.pop("ANALYSIS_STORE", None)

    # build tools go into the temporary venv only, never into the shared one
    _run([python, "-m", "pip", "install", "--quiet", "--target", work / "tools", "build"], env=env)
    tools_env = {**env, "PYTHONPATH": str(work / "tools")}
    source = _project_copy(work / "src")
    dist = work / "dist"
    _run([python, "-m", "build", "--outdir", dist, source], env=tools_env, cwd=work)
    sdists, wheels = sorted(dist.glob("*.tar.gz")), sorted(dist.glob("*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, sorted(p.name for p in dist.iterdir())
    _run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--ignore-installed", wheels[0]],
        env=env, cwd=work,
    )  # fmt: skip
    kernel = venv / "share" / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (installed wheel)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    return {"venv": venv, "python": python, "site": site, "env": env, "wheel": wheels[0],
            "sdist": sdists[0], "work": work}  # fmt: skip


def test_wheel_and_sdist_carry_the_report_notebooks(installed):
    assert REPORT_NOTEBOOKS, "the checkout has no report notebooks"
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = set(wheel.namelist())
    assert {f"analysis/_notebooks/{name}" for name in REPORT_NOTEBOOKS} <= names
    assert "analysis/reports/notebook_files.py" in names
    assert {
        "analysis/reports/templates/page.html.j2",
        "analysis/reports/templates/index.html.j2",
    } <= names
    packaged = [n for n in names if n.startswith("analysis/_notebooks/")]
    assert len(packaged) == len(REPORT_NOTEBOOKS), "only the report notebooks are packaged"
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        first = wheel.read(f"analysis/_notebooks/{REPORT_NOTEBOOKS[0]}")
    assert first == (ROOT / "notebooks" / REPORT_NOTEBOOKS[0]).read_bytes()

    import tarfile

    with tarfile.open(installed["sdist"]) as sdist:
        members = {Path(m).relative_to(Path(m).parts[0]).as_posix() for m in sdist.getnames()}
    assert {f"notebooks/{name}" for name in REPORT_NOTEBOOKS} <= members


def test_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    probe = (
        "import analysis, json;"
        "from analysis.reports.notebook_files import report_notebooks_dir;"
        "from jupyter_client.kernelspec import KernelSpecManager;"
        "print(json.dumps({'file': analysis.__file__, 'notebooks': str(report_notebooks_dir()),"
        "'kernel': KernelSpecManager().get_kernel_spec('python3').argv[0]}))"
    )
    found = json.loads(
        _run([installed["python"], "-c", probe], env=installed["env"], cwd=tmp_path).stdout
    )
    assert Path(found["file"]).is_relative_to(installed["site"])
    assert Path(found["notebooks"]) == installed["site"] / "analysis" / "_notebooks"
    assert Path(found["kernel"]) == installed["python"]


def test_installed_package_runs_a_report(installed, tmp_path):
    corpus = tmp_path / "tiny.csv"
    corpus.write_text(
        "id,outlet,published,title,text\n"
        't1,Daily Example,2024-01-03,Council approves budget,"The council said on Monday that '
        'the budget was approved after a long debate. Mayor Jane Smith welcomed the vote."\n'
        't2,Daily Example,2024-01-05,Bridge reopens,"The bridge reopened on Friday, officials '
        'said. Drivers had waited for months."\n'
        't3,Weekly Sample,2024-02-01,Schools plan,"The school board said it would hire more '
        'teachers next year, according to a statement."\n',
        encoding="utf-8",
    )
    out = tmp_path / "report"
    result = _run(
        [installed["python"], "-m", "analysis", "report", corpus, "--out", out,
         "--store", tmp_path / "store", "--notebook", "00_corpus_overview"],
        env=installed["env"], cwd=tmp_path,
    )  # fmt: skip
    assert "3 documents" in result.stdout and "ran 00_corpus_overview" in result.stdout
    page = (out / "00_corpus_overview.html").read_text(encoding="utf-8")
    assert "Daily Example" in page and "<figure" in page
    assert "00_corpus_overview.html" in (out / "index.html").read_text(encoding="utf-8")
    provenance = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert [nb["name"] for nb in provenance["notebooks"]] == ["00_corpus_overview.ipynb"]
