"""Project hygiene: environment.yml agrees with pyproject, notebooks carry no outputs."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
#: PyPI name → conda-forge name, where they differ.
CONDA_NAMES = {"duckdb": "python-duckdb"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_every_runtime_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(r) for r in project["dependencies"]} | {
        _name(r) for r in project["optional-dependencies"]["scale"]
    }
    runtime = {"dask" if n == "dask" else n for n in runtime}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = {
        _name(d)
        for item in env["dependencies"]
        if isinstance(item, dict)
        for d in item.get("pip", [])
        if not d.startswith("-e")
    }
    listed = conda | pip
    missing = sorted(n for n in runtime if CONDA_NAMES.get(n, n) not in listed and n not in listed)
    assert not missing, f"add to environment.yml: {missing}"
    extra = sorted(
        n
        for n in listed - {"python", "pip", "distributed"}
        if n not in runtime and n not in set(CONDA_NAMES.values())
    )
    assert not extra, f"environment.yml lists packages pyproject does not: {extra}"
    assert any(
        isinstance(item, dict) and "-e .[all]" in item.get("pip", [])
        for item in env["dependencies"]
    )
    assert "python=3.11" in env["dependencies"]


def test_notebooks_are_committed_without_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, (
                    f"{path.name} has outputs"
                )


def test_report_notebooks_have_a_tagged_parameters_cell():
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(path.read_text())
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, path.name
        source = "".join(tagged[0]["source"])
        for name in ("corpus", "store", "model", "tables_dir"):
            assert re.search(rf"^{name} = ", source, re.M), f"{path.name} lacks {name}"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", readme, re.S)
    assert blocks and blocks[0].strip().splitlines() == ["make reports", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
