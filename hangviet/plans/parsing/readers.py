"""Reading plan files: .docx (python-docx) and plain-text bytes in whatever encoding they came in."""

from __future__ import annotations

import codecs
import unicodedata

from hangviet.core.legacy_text import detect_legacy_encoding, is_vietnamese_syllable, to_unicode

from .outline import is_task_table_header


def read_docx_text(fileobj) -> str:
    """Paragraphs and table rows of a .docx in document order; a table row becomes one line of
    tab-separated cells. Layout tables (the two-column header, the signature block) are written line
    by line across their cells, as a PDF would show them."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(fileobj)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            lines.extend(_table_lines(Table(block, document)))
    return "\n".join(lines)


def _row_cells(row) -> list:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # merged cells repeat
            continue
        seen.add(id(cell._tc))
        cells.append(cell)
    return cells


def _table_lines(table) -> list[str]:
    rows = [_row_cells(row) for row in table.rows]
    if not rows:
        return []
    first = [" ".join(p.text.strip() for p in c.paragraphs).strip() for c in rows[0]]
    lines: list[str] = []
    if is_task_table_header(first) or len(rows) > 3:
        for cells in rows:
            texts = [" ".join(p.text.strip() for p in c.paragraphs if p.text.strip()) for c in cells]
            lines.append("\t".join(t.replace("\t", " ") for t in texts))
        return lines
    for cells in rows:
        columns = [[p.text.strip() for p in c.paragraphs] for c in cells]
        height = max((len(c) for c in columns), default=0)
        for i in range(height):
            parts = [c[i] if i < len(c) else "" for c in columns]
            lines.append("\t\t".join(parts).strip("\t"))
    return lines


def _vietnamese_score(text: str) -> int:
    words = [w for w in text.split() if not w.isascii()]
    return sum(1 if is_vietnamese_syllable(w.strip(".,;:!?()\"“”'")) else -1 for w in words[:20000])


def read_text_bytes(data: bytes) -> str:
    """Decode a plan file: UTF-8 (with or without BOM), UTF-16, then the 8-bit Windows code pages
    (CP1258 Vietnamese, CP1252), and finally TCVN3 / VNI legacy fonts -> NFC Unicode."""
    if data.startswith(codecs.BOM_UTF8):
        return to_unicode(data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return to_unicode(data.decode("utf-16", errors="replace"))
    if len(data) >= 4 and data.count(0) >= len(data) // 4:
        odd_zeros = data[1::2].count(0)
        encoding = "utf-16-le" if odd_zeros >= data[0::2].count(0) else "utf-16-be"
        return to_unicode(data.decode(encoding, errors="replace"))
    try:
        return to_unicode(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    western = _decode_cp1252(data)
    if detect_legacy_encoding(western):
        return to_unicode(western)
    vietnamese = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if _vietnamese_score(vietnamese) > _vietnamese_score(western):
        return vietnamese
    return to_unicode(western)


def _latin1_fallback(error: UnicodeDecodeError):
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error("hangviet-latin1", _latin1_fallback)


def _decode_cp1252(data: bytes) -> str:
    """CP1252, with the five bytes it leaves undefined read as Latin-1."""
    return data.decode("cp1252", errors="hangviet-latin1")
