"""Word (docx) output in the layout of an official document (GB/T 9704-2012): A4, its margins and fonts.

Title 方正小标宋简体 二号, body 仿宋_GB2312 三号 at 22 lines a page, part headings as Word's Heading 1
(黑体 三号) and the （一）… items of a part as Heading 2 (楷体_GB2312 三号), so Word's navigation pane
shows the outline; the tables built cell by cell with the template's merges and wide label columns; the
sign-off (agency, date) at the end; page numbers “— 1 —” at the foot.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from nianbao.drafting.export_layout import Block, Grid

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import Table

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
ITEM_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
TABLE_FONT = "宋体"
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_TABLE = Pt(9)  # 小五, so table 三 fits on about one page
SIZE_PAGE_NUMBER = Pt(14)  # 四号
LINE = Pt(28.95)  # 22 lines in the 225 mm text area
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}  # GB/T 9704-2012 7.1
TEXT_WIDTH_MM = 210 - 28 - 26
# column widths (mm) per table: wide label columns, narrow value columns
WIDTHS: dict[str, tuple[float, ...]] = {
    "applications": (9, 21, 56, *(10,) * 7),
    "active": (56, 100 / 3, 100 / 3, 100 / 3),
    "review": (TEXT_WIDTH_MM / 15,) * 15,
}
PAGE_TABLES = frozenset({"applications"})
TITLE_LINE = 20  # characters of 二号 in the text width
_TITLE_TAIL = re.compile(r"(?:(?:19|20)\d{2}|【请补充：年度】)年政府信息公开工作年度报告.*$")
ITEM_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^。；，,]{1,20}$")


def _east_asian(run_or_style, name: str) -> None:  # type: ignore[no-untyped-def]
    """Set the font of a run or style, East Asian text included."""
    run_or_style.font.name = name
    fonts = run_or_style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):  # a theme font would win
        fonts.attrib.pop(qn(theme), None)


def _style(document: DocumentObject, name: str, font: str, size: Pt, bold: bool = False) -> None:
    """A paragraph style in black, one font and size, fixed line spacing, no extra space around it."""
    style = document.styles[name]
    _east_asian(style, font)
    style.font.size, style.font.bold, style.font.italic = size, bold, False
    style.font.color.rgb = RGBColor(0, 0, 0)
    color = style.element.rPr.find(qn("w:color"))
    if color is not None:  # the template's headings are theme-coloured blue
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    if name.startswith("Heading"):
        fmt.keep_with_next = True
        fmt.first_line_indent = Pt(32)


def _page(document: DocumentObject) -> None:
    """A4 portrait with the GB/T 9704 margins, page numbers at the foot."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side, value in MARGINS.items():
        setattr(section, f"{side}_margin", value)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("— ", None, " —"):
        run = footer.add_run(text or "")
        _east_asian(run, TABLE_FONT)
        run.font.size = SIZE_PAGE_NUMBER
        if text is None:
            for kind, body in (("begin", None), (None, "PAGE"), ("end", None)):
                element = OxmlElement("w:fldChar" if kind else "w:instrText")
                if kind:
                    element.set(qn("w:fldCharType"), kind)
                else:
                    element.set(qn("xml:space"), "preserve")
                    element.text = body
                run._r.append(element)


def _cell_width(table: Table, widths: tuple[float, ...]) -> None:
    """Fixed column widths (grid and every cell), so Word and LibreOffice keep the label columns wide."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _add_table(document: DocumentObject, grid: Grid) -> None:
    """A table of the grid's size; each cell merged over its span, then written at its origin."""
    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_width(table, WIDTHS.get(grid.name, (TEXT_WIDTH_MM / grid.n_cols,) * grid.n_cols))
    # fetched once: table.cell() re-walks the whole table; merges of disjoint spans leave the others' cells valid
    slots = table._cells
    for cell in grid.cells:
        target = slots[cell.row * grid.n_cols + cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            corner = slots[(cell.row + cell.rowspan - 1) * grid.n_cols + cell.col + cell.colspan - 1]
            target = target.merge(corner)
        paragraph = target.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if cell.header or cell.value else WD_ALIGN_PARAGRAPH.LEFT
        fmt = paragraph.paragraph_format
        fmt.first_line_indent, fmt.line_spacing_rule = Pt(0), WD_LINE_SPACING.SINGLE
        run = paragraph.add_run(cell.text)
        _east_asian(run, TABLE_FONT)
        run.font.size = SIZE_TABLE
        run.bold = cell.header
    _keep_together(table)
    document.add_paragraph()  # the body resumes below the table


def _keep_together(table: Table) -> None:
    """Rows that do not split and stay with the next one, so a table that fits a page starts on a fresh one."""
    last = len(table.rows) - 1
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < last:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _signoff(document: DocumentObject, agency: str, date: str) -> None:
    """Agency centred over the date (four characters in from the right), kept on a page with the last paragraph."""
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    date_chars = len(re.sub(r"\d", "", date)) + len(re.findall(r"\d", date)) / 2
    for text, indent in ((agency, max(4 + date_chars / 2 - len(agency) / 2, 0)), (date, 4)):
        paragraph = document.add_paragraph(text)
        fmt = paragraph.paragraph_format
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.first_line_indent, fmt.right_indent = Pt(0), Pt(16 * indent)
        if text is agency:
            fmt.space_before, fmt.keep_with_next = Pt(2 * LINE.pt), True


def _opens_page_table(blocks: list[Block], index: int) -> bool:
    """The heading at `index` opens the part holding the applications table (table 三)."""
    for block in blocks[index + 1:]:
        if block.kind in ("heading", "title"):
            return False
        if block.kind == "table" and block.grid is not None:
            return block.grid.name in PAGE_TABLES
    return False


def _title(document: DocumentObject, text: str) -> None:
    """The title, broken after the agency's name when it is too long for one line."""
    paragraph = document.add_paragraph(style="Title")
    match = _TITLE_TAIL.search(text)
    if match and match.start() > 0 and len(text) > TITLE_LINE:
        paragraph.add_run(text[: match.start()]).add_break()
        paragraph.add_run(match.group(0))
    else:
        paragraph.add_run(text)


def build_docx(blocks: list[Block], signoff: tuple[str, str] | None = None) -> bytes:
    """The document's bytes: title, headings (Word heading styles), body paragraphs, tables, sign-off."""
    document = Document()
    _page(document)
    _style(document, "Normal", BODY_FONT, SIZE_BODY)
    document.styles["Normal"].paragraph_format.first_line_indent = Pt(32)
    _style(document, "Title", TITLE_FONT, SIZE_TITLE)
    _style(document, "Heading 1", HEADING_FONT, SIZE_BODY)
    _style(document, "Heading 2", ITEM_FONT, SIZE_BODY)
    title = document.styles["Title"]
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = LINE
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.element.get_or_add_pPr()  # the template's Title has a bottom border: drop it
    for border in title.element.pPr.findall(qn("w:pBdr")):
        title.element.pPr.remove(border)
    for n, block in enumerate(blocks):
        if block.kind == "table" and block.grid is not None:
            _add_table(document, block.grid)
        elif block.kind == "title":
            _title(document, block.text)
        elif block.kind == "heading":
            heading = document.add_paragraph(block.text, style="Heading 1")
            # table 三 takes most of a page: its part starts on a fresh one, so the table is never cut
            heading.paragraph_format.page_break_before = _opens_page_table(blocks, n)
        elif ITEM_HEADING.match(block.text.strip()):
            document.add_paragraph(block.text.strip(), style="Heading 2")
        else:
            document.add_paragraph(block.text)
    if signoff is not None:
        _signoff(document, *signoff)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
