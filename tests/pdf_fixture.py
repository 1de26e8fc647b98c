"""Build tiny, valid PDFs by hand so the tests need no binary fixtures.

Each page is a list of text lines drawn top to bottom in Helvetica with
WinAnsi encoding; an empty string leaves an empty line (an extra line of
vertical space). A page given as ``None`` gets no content stream at all, which
is what a scanned page without a text layer looks like to a text extractor.
"""
from __future__ import annotations

from collections.abc import Sequence

FONT_SIZE = 11
LEADING = 14  # points between baselines
TOP = 770
LEFT = 72


def _pdf_string(text: str) -> bytes:
    """A literal string in WinAnsi (cp1252) with the PDF escapes applied."""
    raw = text.encode("cp1252")
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + raw + b")"


def _info_string(text: str) -> bytes:
    """A text string for the Info dictionary; UTF-16BE so any title fits."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _content_stream(lines: Sequence[str]) -> bytes:
    ops = [b"BT", b"/F1 %d Tf" % FONT_SIZE, b"%d TL" % LEADING, b"%d %d Td" % (LEFT, TOP)]
    for index, line in enumerate(lines):
        if index:
            ops.append(b"T*")  # next line
        if line:
            ops.append(_pdf_string(line) + b" Tj")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def build_pdf(pages: Sequence[Sequence[str] | None], title: str | None = None) -> bytes:
    """Return the bytes of a PDF with one page per item of ``pages``.

    ``title`` goes into the document Info dictionary when given.
    """
    objects: list[bytes] = []  # objects[i] is object number i + 1

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree number is known
    page_tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_numbers: list[int] = []
    for lines in pages:
        contents = b""
        if lines is not None:
            stream = _content_stream(lines)
            stream_number = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
            contents = b" /Contents %d 0 R" % stream_number
        page_numbers.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842]"
                b" /Resources << /Font << /F1 %d 0 R >> >>%s >>" % (page_tree, font, contents)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree
    kids = b" ".join(b"%d 0 R" % number for number in page_numbers)
    objects[page_tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_numbers))
    info = add(b"<< /Title " + _info_string(title) + b" >>") if title is not None else None

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_offset = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info is not None:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return bytes(out)
