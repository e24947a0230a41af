"""The Vietnamese administrative document layout of Decree 30/2020/NĐ-CP, in python-docx: A4, margins
top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 14 pt body; the header of two columns
(issuing body | national motto), number and symbol, place-and-date line; the title; the closing with
"Nơi nhận" on the left and the signer's block on the right."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14


def _set_font(run, size: float, bold=False, italic=False, underline=False):
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _cell_par(cell, text: str, size=13, bold=False, italic=False, underline=False, align=WD_ALIGN_PARAGRAPH.CENTER,
              first=False, space_after=0):
    par = cell.paragraphs[0] if first else cell.add_paragraph()
    par.alignment = align
    par.paragraph_format.space_after = Pt(space_after)
    par.paragraph_format.space_before = Pt(0)
    par.paragraph_format.line_spacing = 1.0
    if text:
        _set_font(par.add_run(text), size, bold, italic, underline)
    return par


def vn_date_line(place: str, on: dt.date | None) -> str:
    if on is None:
        return f"{place}, ngày    tháng    năm    " if place else "ngày    tháng    năm    "
    # Decree 30: days below 10 and months below 3 take a leading zero
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"{place}, ngày {on.day:02d} tháng {month} năm {on.year}"


def _widths(table, widths):
    """Fixed column widths, in the grid (what LibreOffice reads) and on every cell (what Word reads)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for i, width in enumerate(widths):
        table.columns[i].width = width
        for cell in table.columns[i].cells:
            cell.width = width


class OfficialDocument:
    """Build a document in the Decree 30 layout, then `render()` to bytes."""

    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.line_spacing = 1.15
        self._page_numbers(section)

    def _page_numbers(self, section):
        """Page numbers centred in the header, from page 2 (Decree 30)."""
        section.different_first_page_header_footer = True
        par = section.header.paragraphs[0]
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = par.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            run._element.append(el)
        _set_font(run, 13)

    def header(self, *, governing_body: str, issuing_body: str, number_symbol: str, place: str, on: dt.date | None):
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _no_borders(table)
        _widths(table, [Mm(62), Mm(103)])
        left, right = table.rows[0].cells
        first = True
        if governing_body:
            _cell_par(left, governing_body.upper(), 13, first=True)
            first = False
        _cell_par(left, issuing_body.upper(), 13 if len(issuing_body) <= 20 else 12, bold=True, first=first)
        _cell_par(left, "———", 13)
        _cell_par(left, f"Số: {number_symbol}" if number_symbol else "Số:      /", 13, space_after=0)
        _cell_par(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True, first=True)
        _cell_par(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
        _cell_par(right, "", 13)
        _cell_par(right, vn_date_line(place, on), 14, italic=True)
        self.doc.add_paragraph()

    def title(self, kind: str, summary: str):
        par = self.doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.space_after = Pt(0)
        _set_font(par.add_run(kind.upper()), 14, bold=True)
        for line in [s for s in summary.split("\n") if s.strip()]:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            _set_font(p.add_run(line.strip()), 14, bold=True)
        rule = self.doc.add_paragraph()
        rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(rule.add_run("—————"), 14)

    def heading(self, text: str, level: int = 1):
        par = self.doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        par.paragraph_format.first_line_indent = Mm(10)
        par.paragraph_format.space_before = Pt(6)
        _set_font(par.add_run(text), BODY_PT, bold=True, italic=level > 2)
        return par

    def para(self, text: str, *, bold_prefix: str = "", italic=False, indent=True):
        par = self.doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            par.paragraph_format.first_line_indent = Mm(10)
        if bold_prefix:
            _set_font(par.add_run(bold_prefix), BODY_PT, bold=True, italic=italic)
        _set_font(par.add_run(text), BODY_PT, italic=italic)
        return par

    def table(self, headers: list[str], rows: list[list[str]], widths_mm: list[int] | None = None, size=12):
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, text in enumerate(headers):
            _cell_par(table.rows[0].cells[i], text, size, bold=True, first=True)
        for row in rows:
            cells = table.add_row().cells
            for i, text in enumerate(row):
                _cell_par(cells[i], str(text), size, first=True,
                          align=WD_ALIGN_PARAGRAPH.LEFT if i in (1,) else WD_ALIGN_PARAGRAPH.CENTER)
        if widths_mm:
            _widths(table, [Mm(w) for w in widths_mm])
        self.doc.add_paragraph()
        return table

    def closing(self, *, recipients: list[str], authority: str, signer_name: str):
        table = self.doc.add_table(rows=1, cols=2)
        table.autofit = False
        _no_borders(table)
        _widths(table, [Mm(85), Mm(80)])
        left, right = table.rows[0].cells
        par = _cell_par(left, "", 12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
        _set_font(par.add_run("Nơi nhận:"), 12, bold=True, italic=True)
        for line in recipients:
            _cell_par(left, line if line.startswith("-") else f"- {line}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
        lines = [s.strip() for s in (authority or "").replace("/", "\n").split("\n") if s.strip()]
        for i, line in enumerate(lines or [""]):
            _cell_par(right, line.upper(), 14, bold=True, first=i == 0)
        for _ in range(4):
            _cell_par(right, "", 14)
        _cell_par(right, signer_name, 14, bold=True)

    def render(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()
