"""The package's layers: the tree shows the pipeline and imports only go downwards."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"
STAGES = (
    "io",
    "annotation",
    "query",
    "overview",
    "sourcing",
    "framing",
    "wordchoice",
    "validation",
    "evaluation",
    "reports",
    "cli",
)
FEATURES = ("overview", "sourcing", "framing", "wordchoice")


def _imports(path: Path) -> set[str]:
    """Every ``analysis.…`` module a file imports, at any depth (lazy imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("analysis")}


def _modules(under: Path = PACKAGE) -> list[Path]:
    return sorted(under.rglob("*.py"))


def test_the_root_holds_a_few_shared_modules_and_one_folder_per_stage():
    root_modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert set(root_modules) - {"__init__.py", "__main__.py"} <= {
        "errors.py",
        "plots.py",
        "resource_files.py",
        "skips.py",
    }
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert folders == set(STAGES)


def test_nothing_but_main_imports_the_cli():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if "cli" not in path.relative_to(PACKAGE).parts[:1]
        and path.name != "__main__.py"
        and any(
            name == "analysis.cli" or name.startswith("analysis.cli.") for name in _imports(path)
        )
    ]
    assert offenders == []


def test_analyses_never_import_reports_or_evaluation():
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for stage in (*FEATURES, "io", "annotation", "query", "validation")
        for path in _modules(PACKAGE / stage)
        for name in sorted(_imports(path))
        if name.startswith(("analysis.reports", "analysis.evaluation"))
    ]
    assert offenders == []


def test_the_share_mode_is_a_parameter_not_an_environment_variable():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if "ANALYSIS_SHARE" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_every_command_module_lists_its_commands():
    from analysis import cli

    names = [command.name for module in cli.COMMAND_MODULES for command in module.COMMANDS]
    assert len(names) == len(set(names))
    assert {"load", "annotate", "report", "sourcing", "framing", "framing-train"} <= set(names)
    on_disk = {p.stem for p in (PACKAGE / "cli").glob("*.py")} - {"__init__", "arguments"}
    assert on_disk == {module.__name__.rsplit(".", 1)[1] for module in cli.COMMAND_MODULES}
