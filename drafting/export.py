"""Render a Report in the 2021 format: Markdown, plain text, Word (docx) and a web page (HTML)."""

from __future__ import annotations

import re

from nianbao.drafting.export_html import build_html
from nianbao.drafting.export_layout import Block, Cell, Grid, report_grids, signoff
from nianbao.model import PART_KEYS, PART_TITLES, Report

__all__ = ["Block", "outline", "render_docx", "render_html", "render_markdown", "render_text", "report_title"]

UNKNOWN_VALUE = "—"  # stands for a None value where a linear layout cannot leave a cell empty
_PLACEHOLDERS: dict[str, str] = {
    "1": "【请补充：总体情况，包括主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等情况】",
    "2": "【请补充：主动公开政府信息情况统计表（第二十条第（一）（五）（六）（八）项）】",
    "3": "【请补充：收到和处理政府信息公开申请情况统计表】",
    "4": "【请补充：政府信息公开行政复议、行政诉讼情况统计表】",
    "5": "【请补充：存在的主要问题及改进情况】",
    "6": "【请补充：其他需要报告的事项；收取信息处理费的情况在此报告】",
}
_GOVERNMENT_NOTE = "；人民政府的报告还应写明工作考核、社会评议和责任追究结果"
# where a table begins inside a part text that came from a parsed document (the table is rendered anew)
_TABLE_START: dict[str, re.Pattern[str]] = {
    "2": re.compile(r"^\s*(?:第二十条第[（(]一[）)]项|信息内容\s)"),
    "3": re.compile(r"勾稽关系|^\s*申请人情况|^\s*一、本年新收"),
    "4": re.compile(r"^\s*行政复议\s*(?:[|｜]|行政诉讼|$)"),
}



def report_title(report: Report) -> str:
    """“<机关><年度>年政府信息公开工作年度报告”, with placeholders for what is unknown."""
    agency = report.agency or "【请补充：机关名称】"
    year = str(report.year) if report.year else "【请补充：年度】"
    return f"{agency}{year}年政府信息公开工作年度报告"


def _prose(key: str, text: str, has_table: bool) -> str:
    """A part's text without the table a parsed document carried in it."""
    pattern = _TABLE_START.get(key)
    if not has_table or pattern is None:
        return text.strip()
    lines = text.splitlines()
    cut = next((i for i, line in enumerate(lines) if pattern.search(line)), len(lines))
    return "\n".join(lines[:cut]).strip()


def _placeholder(key: str, report: Report) -> str:
    """The visible placeholder for a part nobody has written yet."""
    text = _PLACEHOLDERS[key]
    if key == "1" and report.level == "government":
        text = text[:-1] + _GOVERNMENT_NOTE + "】"
    return text


def outline(report: Report, texts: dict[str, str] | None = None) -> list[Block]:
    """The document in order: title, then each part's heading, paragraphs and table."""
    grids = report_grids(report)
    blocks = [Block("title", report_title(report))]
    for key in PART_KEYS:
        blocks.append(Block("heading", PART_TITLES[key]))
        raw = (texts or {}).get(key) or report.parts.get(key) or ""
        prose = _prose(key, raw, key in grids)
        paragraphs = [p.strip() for p in prose.splitlines() if p.strip()]
        if not paragraphs and key not in grids:
            paragraphs = [_placeholder(key, report)]
        blocks += [Block("paragraph", p) for p in paragraphs]
        if key in grids:
            blocks.append(Block("table", grid=grids[key]))
    return blocks


def _linear(cell: Cell) -> str:
    """A cell's text where the layout is linear: a value that is None becomes a visible dash."""
    return UNKNOWN_VALUE if cell.value and not cell.text else cell.text


def _table_text(grid: Grid) -> list[str]:
    """One line per grid row: the cells starting in it, spans printed once."""
    lines: list[str] = []
    for row in grid.rows():
        lines.append(" ".join(w for w in map(_linear, row) if w))
    return lines


def render_text(report: Report, texts: dict[str, str] | None = None) -> str:
    """Plain text: title, headings, paragraphs, and one line per table row ("label v v v v v v v")."""
    lines: list[str] = []
    for block in outline(report, texts):
        if block.kind == "table" and block.grid is not None:
            lines += _table_text(block.grid)
        elif block.kind == "paragraph":
            lines.append("　　" + block.text)
        else:
            lines += ["", block.text] if block.kind == "heading" else [block.text]
    return "\n".join(lines).strip() + "\n"


def _md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _table_markdown(grid: Grid) -> list[str]:
    """A Markdown table: each cell at its top-left position, covered positions left empty."""
    lines: list[str] = []
    for r, row in enumerate(grid.rows()):
        slots = [""] * grid.n_cols
        for cell in row:
            slots[cell.col] = _md_escape(_linear(cell))
        lines.append("| " + " | ".join(slots) + " |")
        if r == 0:
            lines.append("|" + "|".join([" --- "] * grid.n_cols) + "|")
    return lines


def render_markdown(report: Report, texts: dict[str, str] | None = None) -> str:
    """Markdown: “# title”, “## part”, paragraphs, and the three tables laid out like the template."""
    out: list[str] = []
    for block in outline(report, texts):
        if block.kind == "title":
            out.append(f"# {block.text}")
        elif block.kind == "heading":
            out.append(f"## {block.text}")
        elif block.kind == "paragraph":
            out.append(block.text)
        elif block.grid is not None:
            out.append("\n".join(_table_markdown(block.grid)))
    return "\n\n".join(out) + "\n"


def render_docx(report: Report, texts: dict[str, str] | None = None) -> bytes:
    """A Word document whose tables have the template's merged cells."""
    from nianbao.drafting.export_docx import build_docx  # python-docx loads only when a .docx is asked for

    return build_docx(outline(report, texts), signoff(report))


def render_html(report: Report, texts: dict[str, str] | None = None) -> str:
    """A web page as government sites publish it: site chrome around the report, tables with spans."""
    return build_html(report_title(report), outline(report, texts))
