"""Decode input files: UTF-8 (with or without BOM) first, otherwise detect and record.

Undecodable or binary input raises :class:`UndecodableError`, which loaders turn into a
recorded skip instead of a crash.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

__all__ = ["UndecodableError", "decode_bytes", "read_text"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can trust."""


def decode_bytes(
    data: bytes, *, encoding: str | None = None, source: str = "<bytes>"
) -> tuple[str, str]:
    """Return ``(text, encoding_used)``; newlines are normalised to ``\\n``.

    An explicit ``encoding`` wins; then a BOM; then strict UTF-8; then charset-normalizer's
    best guess. Text with NUL bytes (binary files) is rejected.
    """
    if encoding:
        try:
            return _normalise_newlines(data.decode(encoding)), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise UndecodableError(f"{source}: cannot decode as {encoding}: {exc}") from exc
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise_newlines(data.decode(name)), name
            except UnicodeDecodeError as exc:
                raise UndecodableError(
                    f"{source}: has a {name} BOM but does not decode: {exc}"
                ) from exc
    if b"\x00" in data[:8192]:
        raise UndecodableError(f"{source}: looks binary (NUL bytes), not text")
    try:
        return _normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UndecodableError(f"{source}: not UTF-8 and no encoding could be detected")
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise UndecodableError(
            f"{source}: decodes as {best.encoding} only to control characters; probably binary"
        )
    return _normalise_newlines(text), best.encoding


def read_text(path: Path, *, encoding: str | None = None) -> tuple[str, str]:
    """Read and decode a file; see :func:`decode_bytes`."""
    return decode_bytes(path.read_bytes(), encoding=encoding, source=str(path))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\r\f")
    return controls / len(sample)
