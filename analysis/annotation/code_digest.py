"""The hash of the code and data that decide what the annotation tables contain.

The annotation store is keyed by a pipeline fingerprint. A hand-kept revision number in that
key is easy to forget, and a forgotten bump serves annotations made by older code. Instead
the fingerprint includes :func:`annotation_code_sha256`, the SHA-256 of the bytes of every
file listed in :data:`ANNOTATION_SOURCES`: change one of them (even a comment) and the next
run parses again into a new store folder. Other files of the package do not enter the hash,
so editing an analysis never invalidates the annotations.

Example
-------
>>> len(annotation_code_sha256())
64
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from analysis.errors import ResourceError

__all__ = [
    "ANNOTATION_SOURCES",
    "annotation_code_sha256",
    "module_closure_sha256",
    "sources_sha256",
]

#: Files (relative to the ``analysis`` package) whose content shapes the annotation tables:
#: the spaCy pipeline additions, the Doc → rows conversion, the text the model sees
#: (``io/schema.py`` joins title, standfirst and body) and the bundled entity patterns.
ANNOTATION_SOURCES: tuple[str, ...] = (
    "annotation/pipeline.py",
    "annotation/doc_rows.py",
    "io/schema.py",
    "resources/entity_patterns.yml",
)


def sources_sha256(package: Traversable | Path, sources: Sequence[str]) -> str:
    """SHA-256 over ``sources`` (paths below ``package``), each as its path and its bytes.

    The path enters the hash too, so moving code from one listed file to another changes it.
    """
    digest = hashlib.sha256()
    for relative in sorted(sources):
        source = package.joinpath(*relative.split("/"))
        try:
            content = source.read_bytes()
        except OSError as exc:
            raise ResourceError(
                f"{source}: cannot read this annotation source file ({exc}); reinstall the "
                "package, or remove the entry from ANNOTATION_SOURCES if the file was retired"
            ) from exc
        digest.update(relative.encode("utf-8") + b"\0")
        digest.update(len(content).to_bytes(8, "big"))
        digest.update(content)
    return digest.hexdigest()


def annotation_code_sha256() -> str:
    """SHA-256 of this installation's :data:`ANNOTATION_SOURCES` (a few small files: cheap)."""
    return sources_sha256(resources.files("analysis"), ANNOTATION_SOURCES)


def module_closure_sha256(module: str, *, package: str = "analysis") -> str:
    """SHA-256 of ``module``'s source and of every ``package`` module it imports, transitively.

    For caches of results computed by one part of the package (an extractor's per-document
    rows): the key follows the code that produced them without anyone keeping a list. Imports
    are read from the syntax tree (``import a.b``, ``from a.b import c``; ``c`` counts when it
    is a module), so a module imported inside a function counts too. A package's
    ``__init__.py`` counts only when the package itself is imported from.
    """
    root = resources.files(package)
    seen: set[str] = set()
    pending = [module]
    while pending:
        name = pending.pop()
        relative = _module_file(root, package, name)
        if relative is None or relative in seen:
            continue
        seen.add(relative)
        source = root.joinpath(*relative.split("/")).read_text(encoding="utf-8")
        pending.extend(_imported_modules(source, package))
    return sources_sha256(root, sorted(seen))


def _module_file(root: Traversable, package: str, name: str) -> str | None:
    """``analysis.sourcing.extract`` → ``sourcing/extract.py`` (or a package's ``__init__.py``)."""
    if name != package and not name.startswith(package + "."):
        return None
    parts = name.split(".")[1:]
    for candidate in ("/".join(parts) + ".py", "/".join([*parts, "__init__.py"])):
        candidate = candidate.lstrip("/")
        if root.joinpath(*candidate.split("/")).is_file():
            return candidate
    return None


def _imported_modules(source: str, package: str) -> list[str]:
    import ast

    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return [n for n in names if n == package or n.startswith(package + ".")]
