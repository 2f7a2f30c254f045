"""Realistic degraded layouts of a report, as text extracted from PDFs and stored web copies show them."""

from __future__ import annotations

import io
import random

from nianbao.drafting.export import outline, report_title
from nianbao.drafting.export_layout import Cell, Grid
from nianbao.model import (
    APPLICATION_ROWS,
    RESULT_ROWS,
    REVIEW_GROUPS,
    Active,
    ActiveRow,
    Applications,
    Report,
    ReviewGroup,
    ReviewLitigation,
)

_HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def sample_report(rng: random.Random, agency: str = "青山区人力资源和社会保障局", year: int = 2024) -> Report:
    """A report with consistent, mostly non-zero tables and short prose, for example-based tests."""
    results = {key: [rng.randint(0, 4) for _ in range(6)] for key in RESULT_ROWS}
    carried_out = [rng.randint(0, 2) for _ in range(6)]
    applications = balanced_applications(results, carried_out, [rng.randint(0, 2) for _ in range(6)])
    groups = {}
    for key in REVIEW_GROUPS:
        parts = [rng.randint(0, 3) for _ in range(4)]
        groups[key] = ReviewGroup(maintained=parts[0], corrected=parts[1], other=parts[2], pending=parts[3],
                                  total=sum(parts))
    return Report(
        agency=agency, year=year,
        parts={"1": "本年度全面推进政务公开，全年主动公开信息 215 条。", "5": "解读形式较为单一，将加以改进。",
               "6": "本年度未收取信息处理费。"},
        active=Active(rules=ActiveRow(issued=0, repealed=0, in_force=2),
                      normative_documents=ActiveRow(issued=rng.randint(0, 5), repealed=1, in_force=rng.randint(5, 30)),
                      licensing=rng.randint(0, 9999), punishment=rng.randint(0, 99), coercion=0,
                      fees_10k_yuan=rng.randint(0, 999999) / 100),
        applications=applications,
        review_litigation=ReviewLitigation(**groups),
    )


def balanced_applications(results: dict[str, list[int]], carried_out: list[int], carried_in: list[int]) -> Applications:
    """The applications table of these results (6 applicant columns): totals added, 新收 from the balance rule."""
    rows = {**results, "carried_out": carried_out, "carried_in": carried_in}
    rows["results_total"] = [sum(results[k][c] for k in RESULT_ROWS) for c in range(6)]
    rows["new"] = [rows["results_total"][c] + carried_out[c] - carried_in[c] for c in range(6)]
    return Applications(rows={k: [*rows[k], sum(rows[k])] for k in APPLICATION_ROWS})


def _pieces(text: str, rng: random.Random, keep: int = 2) -> list[str]:
    """A label broken at 0–2 random positions, never inside its first `keep` characters (the ordinal)."""
    if len(text) < keep + 3 or rng.random() < 0.35:
        return [text]
    cuts = sorted(rng.sample(range(keep + 1, len(text) - 1), k=min(rng.randint(1, 2), len(text) - keep - 2)))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def _chunks(text: str, rng: random.Random) -> list[str]:
    """A header word cut into lines of two (sometimes three) characters, as narrow PDF columns wrap it."""
    out: list[str] = []
    while text:
        size = 2 if len(text) <= 4 or rng.random() < 0.7 else 3
        out.append(text[:size])
        text = text[size:]
    return out


def _wrap(text: str, rng: random.Random) -> list[str]:
    """Prose wrapped at a page's line width (25–28 characters)."""
    width = rng.randint(25, 28)
    return [text[i : i + width] for i in range(0, len(text), width)]


def _pdf_header(cells: list[Cell], rng: random.Random) -> list[str]:
    """Header cells in reading order: narrow ones cut into short lines, neighbours sometimes run together."""
    lines: list[str] = []
    for cell in cells:
        for chunk in _pieces(cell.text, rng) if cell.colspan > 1 else _chunks(cell.text, rng):
            if lines and rng.random() < 0.15:
                lines[-1] += chunk
            else:
                lines.append(chunk)
    return lines


def _pdf_values(values: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """A row's values: what stays on the label's line and the lines that follow it."""
    roll = rng.random()
    if len(values) > 1 and roll < 0.2:  # the last number wraps onto a line of its own
        return "", [" ".join(values[:-1]), "", values[-1]]
    if roll < 0.35:  # a long label pushes the numbers onto the next line
        return "", [" ".join(values)]
    return " ".join(values), []


def _pdf_table(grid: Grid, rng: random.Random) -> list[str]:
    """A table flattened as PDF text extraction does it."""
    lines: list[str] = []
    pending: list[str] = []  # pieces of vertically merged group labels, one per following line
    for row in grid.rows():
        if all(c.header for c in row):
            lines += _pdf_header(row, rng)
            continue
        labels = [c for c in row if not c.value]
        for group in (c for c in labels if c.rowspan > 1):
            pieces = _pieces(group.text, rng, keep=3)
            if rng.random() < 0.5:
                pending += pieces  # “（四）无 1.本机关…” / “法提供 2.没有…”
            else:
                lines += pieces  # the group label's lines come before its first row
        own = [c.text for c in labels if c.rowspan == 1]
        label_lines = _pieces(" ".join(own), rng) if own else [""]
        if pending:
            label_lines[0] = f"{pending.pop(0)} {label_lines[0]}".strip()
        same_line, after = _pdf_values([c.text for c in row if c.value], rng)
        label_lines[-1] = f"{label_lines[-1]} {same_line}".strip()
        lines += [line for line in label_lines if line] + after
    return [*lines, *pending]


def flatten_pdf_like(report: Report, rng: random.Random) -> str:
    """The report's text as a PDF extraction gives it: broken labels, blank lines, wrapped numbers, footers."""
    lines: list[str] = []
    for block in outline(report):
        if block.kind == "title":
            title = report_title(report)
            split = len(report.agency or "")
            lines += [f" {title[:split]}", title[split:].replace("年", " 年", 1)] if rng.random() < 0.5 else [title]
        elif block.kind == "heading":
            lines.append(block.text)
        elif block.kind == "paragraph":
            lines += _wrap("　　" + block.text, rng)
        elif block.grid is not None:
            lines += _pdf_table(block.grid, rng)
    out: list[str] = []
    page = 1
    for i, line in enumerate(lines):
        out.append(line)
        if i > 3 and rng.random() < 0.04:
            page += 1
            out += ["", f"- {page} -" if rng.random() < 0.7 else f"第 {page} 页 共 9 页", ""]
        elif rng.random() < 0.7:
            out.append("")
    return "\n".join(out) + "\n"


def _pipe_table(grid: Grid, rng: random.Random) -> list[str]:
    """A table as stored web copies keep it: each cell on its own line ending with “ |”, or a row per line."""
    if rng.random() < 0.5:
        return [f"{cell.text} |" for row in grid.rows() for cell in row]
    lines: list[str] = []
    for row in grid.rows():
        slots = [""] * grid.n_cols
        for cell in row:
            slots[cell.col] = cell.text
        lines.append(" | ".join(slots) + " |")
    return lines


def web_pipe_like(report: Report, rng: random.Random) -> str:
    """The report as a stored web copy: a `# key: value` header, half-width brackets, cells ending with “ |”."""
    lines: list[str] = []
    if rng.random() < 0.5:
        lines += [
            f"# source: https://www.example.gov.cn/art/{report.year}/art_{rng.randint(1000, 9999)}.html",
            f"# agency: {report.agency}", f"# year: {report.year}", f"# level: {report.level}", "---",
        ]
    for block in outline(report):
        if block.grid is not None:
            lines += _pipe_table(block.grid, rng)
        else:
            lines.append(block.text)
    return "\n".join(lines).translate(_HALF_WIDTH) + "\n"


def gbk_bytes(text: str) -> bytes:
    """Text saved as GBK, as older Windows editors save it."""
    return text.encode("gbk")


def utf16_bytes(text: str, bom: bool = True) -> bytes:
    """Text saved as UTF-16 (little endian), with or without a byte-order mark."""
    return text.encode("utf-16" if bom else "utf-16-le")


def render_pdf(report: Report) -> bytes:
    """A PDF like one printed from Word: ruled tables with merged cells, CJK text, page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=28, alignment=1, wordWrap="CJK")
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=22, firstLineIndent=24, wordWrap="CJK")
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=0)
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, alignment=1, wordWrap="CJK")
    widths = {"active": [5 * cm, 4 * cm, 4 * cm, 4 * cm],
              "applications": [1.3 * cm, 1.6 * cm, 5.2 * cm] + [1.2 * cm] * 7, "review": [1.13 * cm] * 15}
    story: list[object] = []
    for block in outline(report):
        if block.grid is None:
            style = {"title": title, "heading": heading}.get(block.kind, body)
            story.append(Paragraph(block.text, style))
            continue
        grid = block.grid
        data: list[list[object]] = [[""] * grid.n_cols for _ in range(grid.n_rows)]
        commands: list[tuple[object, ...]] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                              ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for cell in grid.cells:
            data[cell.row][cell.col] = Paragraph(cell.text, cell_style)
            if cell.rowspan > 1 or cell.colspan > 1:
                end = (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)
                commands.append(("SPAN", (cell.col, cell.row), end))
        story.append(Table(data, colWidths=widths[grid.name], style=TableStyle(commands)))

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        """The page number centred at the foot of each page."""
        canvas.setFont(font, 10)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"- {doc.page} -")

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                                 topMargin=2.5 * cm, bottomMargin=2.5 * cm, title=report_title(report))
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
