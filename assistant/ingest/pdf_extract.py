"""Bounded text extraction from PDFs with pypdf: page texts within the time and memory limits.

pypdf on its own will spend minutes or gigabytes on a decompression bomb or a page of megabytes
of drawing instructions. Here its stream limits are tightened (`pdf_limits`), decoded bytes are
counted (`_DecodeBudget`) and a wall-clock deadline is checked between pages and operators.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import time
from collections.abc import Iterator
from typing import Any

import pypdf
from pypdf import PasswordType, PdfReader
from pypdf import errors as pdf_errors
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from ..errors import IngestError
from . import limits
from .messages import clean


class PdfTimeout(BaseException):
    """`limits.PDF_SECONDS` ran out. A BaseException, so pypdf's ``except Exception`` cannot swallow it."""


PDF_LIMIT_ERRORS: tuple[type[BaseException], ...] = tuple(
    error for error in (getattr(pdf_errors, "LimitReachedError", None),) if error is not None
)
_PDF_TEXT_OPERATORS = re.compile(rb"T[jJ]|Do|['\"]")  # the operators that can show text (as pypdf checks)


@contextlib.contextmanager
def pdf_limits() -> Iterator[None]:
    """pypdf's resource limits, tightened for press releases, while reading one file."""
    apply = getattr(pypdf, "apply_configuration", None)  # pypdf >= 7
    if apply is None:
        yield
        return
    stream_limits = {
        "zlib_maximum_output_length": limits.MAX_PDF_STREAM_BYTES,
        "lzw_maximum_output_length": limits.MAX_PDF_STREAM_BYTES,
        "run_length_maximum_output_length": limits.MAX_PDF_STREAM_BYTES,
        "brotli_maximum_output_length": limits.MAX_PDF_STREAM_BYTES,
        "jbig2_maximum_output_length": limits.MAX_PDF_STREAM_BYTES,
        "array_based_stream_maximum_output_length": limits.MAX_PDF_STREAM_BYTES,
        "xform_maximum_invocations_per_extraction": 200,
    }
    known = {field.name for field in dataclasses.fields(pypdf.Configuration)}
    with apply(**{name: value for name, value in stream_limits.items() if name in known}):
        yield


def read_pdf_text(data: bytes, source: str) -> tuple[str, list[str]]:
    """The metadata title and the text of each page, within the PDF limits."""
    deadline = time.monotonic() + limits.PDF_SECONDS

    def check_time(*_: Any) -> None:  # also pypdf's visitor, called before each operator
        if time.monotonic() > deadline:
            raise PdfTimeout()

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise IngestError(source, "encrypted PDF; remove the password (e.g. qpdf --decrypt) and try again")
    meta_title = clean((reader.metadata.title if reader.metadata else None) or "")
    pages = reader.pages
    if len(pages) > limits.MAX_PDF_PAGES:
        raise IngestError(
            source, f"PDF has {len(pages):,} pages; a press release has far fewer (limit {limits.MAX_PDF_PAGES:,}), split it"
        )
    decoded = _DecodeBudget(source)
    texts: list[str] = []
    for number, page in enumerate(pages, start=1):
        check_time()
        content = decoded.page(page, number)
        if not _PDF_TEXT_OPERATORS.search(content):
            texts.append("")  # no text to show; pypdf would skip it too
            continue
        if len(content) > limits.MAX_PDF_PAGE_TEXT_CONTENT:
            raise IngestError(source, _too_complex(f"page {number}", len(content)))
        texts.append(page.extract_text(visitor_operand_before=check_time) or "")
    return meta_title, texts


class _DecodeBudget:
    """Counts the bytes decompressed for page contents, fonts and forms; too many is an IngestError.

    pypdf keeps what it decompressed, so this bounds the memory of reading a file: a small file can
    hold thousands of streams that each expand a thousandfold.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.used = 0

    def page(self, page: DictionaryObject, number: int) -> bytes:
        """The decoded content of ``page``, after charging it and the fonts and forms it may use."""
        contents = _resolve(page.get("/Contents"))
        streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
        content = b"\n".join(self._data(stream) for stream in streams)
        resources = _resolve(page.get("/Resources"))
        if isinstance(resources, DictionaryObject):
            fonts = _resolve(resources.get("/Font"))
            if isinstance(fonts, DictionaryObject):
                if len(fonts) > limits.MAX_PDF_FONTS_PER_PAGE:
                    raise IngestError(self.source, f"page {number} uses {len(fonts):,} fonts (limit {limits.MAX_PDF_FONTS_PER_PAGE})")
                for font in fonts.values():
                    font = _resolve(font)
                    if isinstance(font, DictionaryObject):
                        self._data(font.get("/ToUnicode"))
                        descriptor = _resolve(font.get("/FontDescriptor"))
                        if isinstance(descriptor, DictionaryObject):
                            self._data(descriptor.get("/FontFile"))
                            self._data(descriptor.get("/FontFile3"))
            xobjects = _resolve(resources.get("/XObject"))
            if isinstance(xobjects, DictionaryObject):
                for xobject in xobjects.values():
                    xobject = _resolve(xobject)
                    if isinstance(xobject, StreamObject) and xobject.get("/Subtype") == "/Form":
                        form = self._data(xobject)
                        if len(form) > limits.MAX_PDF_PAGE_TEXT_CONTENT and _PDF_TEXT_OPERATORS.search(form):
                            raise IngestError(self.source, _too_complex(f"a form on page {number}", len(form)))
        return content

    def _data(self, obj: Any) -> bytes:
        stream = _resolve(obj)
        if not isinstance(stream, StreamObject):
            return b""
        data = stream.get_data()
        self.used += len(data)
        if self.used > limits.MAX_PDF_DECODED_BYTES:
            raise IngestError(
                self.source,
                f"PDF expands to more than {_mb(limits.MAX_PDF_DECODED_BYTES)} of content and fonts (a decompression bomb?)",
            )
        return data


def _resolve(obj: Any) -> Any:
    return obj.get_object() if obj is not None and hasattr(obj, "get_object") else obj


def _too_complex(what: str, size: int) -> str:
    return (
        f"{what} holds {_mb(size)} of drawing instructions (limit {_mb(limits.MAX_PDF_PAGE_TEXT_CONTENT)}); "
        "too complex for a press release, save it as text"
    )


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
