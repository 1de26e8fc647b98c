"""Bytes to text: the encodings press releases come in, and a clear error for anything else."""
from __future__ import annotations

import codecs
import re

from ..errors import IngestError

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HTML_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.IGNORECASE)


def decode_text(data: bytes, source: str) -> str:
    """Decode a text file: UTF-8 (BOM optional), UTF-16 with BOM, else clean cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise IngestError(source, "not UTF-8/UTF-16 text (broken UTF-16)") from err
        if "\x00" in text:  # e.g. UTF-32, whose BOM starts like UTF-16's
            raise IngestError(source, "not UTF-8/UTF-16 text; save it as UTF-8")
        return _require_text(text, source)
    if b"\x00" in data:
        raise IngestError(source, "not UTF-8/UTF-16 text (binary data?)")
    try:
        return _require_text(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as err:
        raise IngestError(source, "not UTF-8/UTF-16 text; save it as UTF-8") from err
    if _CONTROL_CHARS.search(text):
        raise IngestError(source, "not UTF-8/UTF-16 text (binary data?)")
    return _require_text(text, source)


def decode_html(data: bytes, source: str) -> str:
    """Decode a web page: the charset its ``<meta>`` declares, else as `decode_text` does."""
    declared = _HTML_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = declared.group(1).decode("ascii").lower()
        # Browsers read pages labelled Latin-1 or ASCII as windows-1252; so do we.
        name = "cp1252" if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong label: fall back to guessing
    return decode_text(data, source)


def _require_text(text: str, source: str) -> str:
    if not text.strip():
        raise IngestError(source, "file is empty")
    return text
