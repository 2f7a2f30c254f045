"""The .docx in the layout of an official document: A4, GB/T 9704 margins and fonts, heading styles, table 三 on
one page, the sign-off; rendered with LibreOffice, each page saved as a PNG beside the e2e screenshots."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt

from nianbao.corpus import parse_file
from nianbao.data import DEMO_COUNTS, DEMO_REPORTS
from nianbao.drafting.assemble import export_report
from nianbao.drafting.counts import read_counts
from nianbao.drafting.export import render_docx
from nianbao.drafting.export_docx import build_docx
from nianbao.drafting.export_layout import Block
from nianbao.model import PART_TITLES
from nianbao.settings import Settings
from tests.docx_render import docx_to_pdf, pdf_pages, save_page_pngs
from tests.helpers import ROOT

OUTPUT = ROOT / "test-output" / "e2e"
A4_PT = (595.3, 841.9)


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo bureau's 2025 report as exported by the app (template drafts against the 2024 report)."""
    folder = tmp_path_factory.mktemp("docx")
    counts = read_counts(DEMO_COUNTS / "2025_yunxi_rsj.yaml")
    prior = parse_file(DEMO_REPORTS / "2024_yunxi_rsj.txt")
    report, texts, _ = export_report(counts, prior, Settings(data_dir=folder / "data"))
    path = folder / "report.docx"
    path.write_bytes(render_docx(report, texts))
    return path


def _east_asian(style) -> str:  # type: ignore[no-untyped-def]
    """The East Asian font name of a style."""
    from docx.oxml.ns import qn

    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_page_is_a4_with_gbt9704_margins(report_docx: Path) -> None:
    section = docx.Document(str(report_docx)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def test_fonts_and_heading_styles(report_docx: Path) -> None:
    document = docx.Document(str(report_docx))
    title, normal = document.styles["Title"], document.styles["Normal"]
    assert _east_asian(title) == "方正小标宋简体" and title.font.size == Pt(22)  # 二号
    assert _east_asian(normal) == "仿宋_GB2312" and normal.font.size == Pt(16)  # 三号
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb == docx.shared.RGBColor(0, 0, 0) and heading.font.color.theme_color is None
    by_style: dict[str, list[str]] = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Heading 1"] == list(PART_TITLES.values())  # the navigation pane shows the six parts
    assert {"（一）主动公开", "（二）依申请公开", "（五）监督保障"} <= set(by_style["Heading 2"])
    assert by_style["Title"] == ["云汐区人力资源和社会保障局\n2025年政府信息公开工作年度报告"]


def test_signoff_closes_the_document(report_docx: Path) -> None:
    texts = [p.text for p in docx.Document(str(report_docx)).paragraphs if p.text.strip()]
    assert texts[-2:] == ["云汐区人力资源和社会保障局", "【请补充：成文日期】"]


def test_table_three_has_wide_label_columns(report_docx: Path) -> None:
    table = docx.Document(str(report_docx)).tables[1]
    widths = [round(c.width.mm) for c in table.columns]
    assert len(widths) == 10 and widths[2] >= 50 and all(w <= 12 for w in widths[3:])
    assert sum(widths) <= 210 - 28 - 26 + 1


@pytest.mark.slow
def test_rendered_by_libreoffice_a4_and_table_three_on_one_page(report_docx: Path, tmp_path: Path) -> None:
    pdf = docx_to_pdf(report_docx, tmp_path)
    pages = pdf_pages(pdf)
    assert all(abs(w - A4_PT[0]) < 2 and abs(h - A4_PT[1]) < 2 for w, h, _ in pages)
    first = [i for i, (_, _, text) in enumerate(pages) if "一、本年新收政府信息公开申请数量" in text.replace(" ", "")]
    last = [i for i, (_, _, text) in enumerate(pages) if "四、结转下年度继续办理" in text.replace(" ", "")]
    assert first and last and first[0] == last[-1], f"表三跨页：第 {first} 至 {last} 页"
    assert len(pages) <= 5
    last = pages[-1][2].replace(" ", "")
    assert "云汐区人力资源和社会保障局" in last and len(last) > 60  # the sign-off never stands alone on a page
    saved = save_page_pngs(pdf, OUTPUT, "docx-report")
    assert len(saved) == len(pages) and all(p.stat().st_size > 2_000 for p in saved)


@pytest.mark.slow
def test_part_draft_in_the_same_style(tmp_path: Path) -> None:
    blocks = [Block("title", "云汐区人力资源和社会保障局2025年政府信息公开工作年度报告"), Block("heading", PART_TITLES["1"]),
              Block("paragraph", "（五）监督保障"), Block("paragraph", "我局将政务公开纳入年度考核。")]
    path = tmp_path / "part.docx"
    path.write_bytes(build_docx(blocks))
    document = docx.Document(str(path))
    assert [p.style.name for p in document.paragraphs] == ["Title", "Heading 1", "Heading 2", "Normal"]
    assert round(document.sections[0].page_width.mm) == 210
    pages = pdf_pages(docx_to_pdf(path, tmp_path))
    assert len(pages) == 1 and abs(pages[0][1] - A4_PT[1]) < 2


def test_part_draft_from_the_chat_has_the_report_title_and_headings(tmp_path: Path) -> None:
    from nianbao.ui.actions import part_docx
    from nianbao.ui.reply import Context

    ctx = Context("云汐区人力资源和社会保障局", 2025, "department", Settings(data_dir=tmp_path))
    document = docx.Document(io.BytesIO(part_docx(ctx, "overview-supervision", "第一段。\n\n第二段。")))
    assert [(p.style.name, p.text) for p in document.paragraphs] == [
        ("Title", "云汐区人力资源和社会保障局\n2025年政府信息公开工作年度报告"), ("Heading 1", PART_TITLES["1"]),
        ("Heading 2", "（五）监督保障"), ("Normal", "第一段。"), ("Normal", "第二段。")]
    assert round(document.sections[0].top_margin.mm) == 37
