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

from analysis.errors import ResourceError

__all__ = ["ANNOTATION_SOURCES", "annotation_code_sha256", "sources_sha256"]

#: Files (relative to the ``analysis`` package) whose content shapes the annotation tables:
#: the spaCy pipeline additions, the Doc → rows conversion, the text the model sees
#: (``io/schema.py`` joins title, standfirst and body) and the bundled entity patterns.
ANNOTATION_SOURCES: tuple[str, ...] = (
    "annotation/pipeline.py",
    "annotation/doc_rows.py",
    "io/schema.py",
    "resources/entity_patterns.yml",
)


def sources_sha256(package: Traversable, sources: Sequence[str]) -> str:
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
