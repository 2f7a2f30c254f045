"""Word (docx) output of an outlined report: tables built cell by cell with the template's merges."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from nianbao.drafting.export_layout import Block, Grid

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject


BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"


def _east_asian(run_or_style, name: str) -> None:  # type: ignore[no-untyped-def]
    """Set the font of a run or style, East Asian text included."""
    run_or_style.font.name = name
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _add_table(document: DocumentObject, grid: Grid) -> None:
    """A table of the grid's size; each cell merged over its span, then written at its origin."""
    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # fetched once: table.cell() re-walks the whole table; merges of disjoint spans leave the others' cells valid
    slots = table._cells
    for cell in grid.cells:
        target = slots[cell.row * grid.n_cols + cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            corner = slots[(cell.row + cell.rowspan - 1) * grid.n_cols + cell.col + cell.colspan - 1]
            target = target.merge(corner)
        paragraph = target.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if cell.header or cell.value else WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(cell.text)
        run.font.size = Pt(9 if grid.n_cols > 4 else 10.5)
        run.bold = cell.header


def build_docx(blocks: list[Block]) -> bytes:
    """The document's bytes: title, part headings, paragraphs indented two characters, tables."""
    document = Document()
    normal = document.styles["Normal"]
    _east_asian(normal, BODY_FONT)
    normal.font.size = Pt(16)
    for block in blocks:
        if block.kind == "table" and block.grid is not None:
            _add_table(document, block.grid)
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(block.text)
        if block.kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _east_asian(run, TITLE_FONT)
            run.font.size = Pt(22)
        elif block.kind == "heading":
            _east_asian(run, HEADING_FONT)
        else:
            paragraph.paragraph_format.first_line_indent = Pt(32)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
