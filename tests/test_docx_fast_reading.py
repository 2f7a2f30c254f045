"""The docx reader walks the XML itself for speed; its text must equal python-docx's own reading exactly."""

from __future__ import annotations

import io
import random

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from nianbao.benchmarks.workload import agencies, make_report, render
from nianbao.corpus.readers import linearise_rows, read_docx
from tests.helpers import TEMPLATE, shared_file


def reference(data: bytes) -> str:
    """The document's text through python-docx's public API: paragraph.text, row.cells (merged cells once)."""
    blocks: list[str] = []
    for item in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(item.text)
        elif isinstance(item, Table):
            rows = []
            for row in item.rows:
                seen: set[int] = set()
                cells = []
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text)
                rows.append(cells)
            blocks.append(linearise_rows(rows))
    return "\n".join(blocks)


def merged_cells_document() -> bytes:
    """A table with horizontal and vertical merges, tabs, line breaks and several paragraphs in one cell."""
    document = docx.Document()
    document.add_paragraph("说明：\t第一项").add_run().add_break()
    table = document.add_table(rows=4, cols=4)
    for r in range(4):
        for c in range(4):
            table.cell(r, c).text = f"格{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 2))  # horizontal
    table.cell(1, 1).merge(table.cell(3, 1))  # vertical over three rows
    table.cell(2, 2).merge(table.cell(3, 3))  # a block
    table.cell(1, 3).add_paragraph("第二段")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_merged_cells_tabs_and_breaks_read_as_python_docx_reads_them() -> None:
    data = merged_cells_document()
    assert read_docx(data, "m.docx").text == reference(data)


def test_generated_reports_read_as_python_docx_reads_them() -> None:
    rng = random.Random(5)
    for agency in agencies(3, seed=9):
        data, _ = render(make_report(agency, 2024), "docx", rng)
        assert read_docx(data, "r.docx").text == reference(data)


def test_the_real_template_reads_as_python_docx_reads_it() -> None:
    data = shared_file(TEMPLATE).read_bytes()
    assert read_docx(data, TEMPLATE.name).text == reference(data)
