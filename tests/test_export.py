"""Export of a report in the 2021 format: the template's merged cells, placeholders, chrome, parse-back."""

from __future__ import annotations

import io
import random

import docx
import pytest

from nianbao import corpus
from nianbao.benchmarks.layouts import sample_report
from nianbao.checker import check_report
from nianbao.drafting.export import render_docx, render_html, render_markdown, render_text
from nianbao.drafting.export_layout import applications_grid
from nianbao.model import APPLICATION_ROWS, PART_TITLES, ROW_LABELS, Report
from tests.helpers import TEMPLATE, shared_file

Span = tuple[int, int, int, int]


def merge_structure(table) -> tuple[int, int, set[Span]]:  # type: ignore[no-untyped-def]
    """(rows, columns, spans of the merged cells) of a python-docx table."""
    regions: dict[object, Span] = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            r0, c0, r1, c1 = regions.get(cell._tc, (r, c, r, c))
            regions[cell._tc] = (min(r0, r), min(c0, c), max(r1, r), max(c1, c))
    spans = {s for s in regions.values() if s[0] != s[2] or s[1] != s[3]}
    return len(table.rows), len(table.columns), spans


def _tables(data: bytes) -> list:  # type: ignore[type-arg]
    """The tables of a docx."""
    return list(docx.Document(io.BytesIO(data)).tables)


@pytest.fixture(scope="module")
def report() -> Report:
    """A consistent report with non-zero cells."""
    return sample_report(random.Random(3))


@pytest.fixture(scope="module")
def docx_bytes(report: Report) -> bytes:
    """The report rendered once as Word."""
    return render_docx(report)


def test_docx_merges_as_the_official_template(docx_bytes: bytes) -> None:
    template = _tables(shared_file(TEMPLATE).read_bytes())
    ours = _tables(docx_bytes)
    assert len(ours) == len(template) == 3
    for mine, official in zip(ours, template, strict=True):
        assert merge_structure(mine) == merge_structure(official)


def test_docx_merged_cells_hold_the_official_labels(docx_bytes: bytes) -> None:
    active, apps, review = _tables(docx_bytes)
    _, _, spans = merge_structure(apps)
    assert (0, 0, 2, 2) in spans and "勾稽关系" in apps.cell(0, 0).text
    assert (0, 3, 0, 9) in spans and apps.cell(0, 3).text == "申请人情况"
    assert (1, 4, 1, 8) in spans and apps.cell(1, 4).text == "法人或其他组织"
    assert (5, 0, 26, 0) in spans and apps.cell(20, 0).text == "三、本年度办理结果"
    for group, span in {"（三）不予公开": (7, 1, 14, 1), "（四）无法提供": (15, 1, 17, 1),
                        "（五）不予处理": (18, 1, 22, 1), "（六）其他处理": (23, 1, 25, 1)}.items():
        assert span in spans and apps.cell(span[2], 1).text == group
    _, _, review_spans = merge_structure(review)
    assert {(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)} <= review_spans
    assert [review.cell(1, c).text for c in (0, 5, 10)] == ["结果维持", "未经复议直接起诉", "复议后起诉"]
    assert active.cell(0, 3).text == "第二十条第（一）项" and active.cell(13, 3).text == active.cell(13, 1).text


def test_docx_none_values_are_empty_cells_and_read_back_as_null(report: Report) -> None:
    broken = report.model_copy(deep=True)
    assert broken.applications is not None and broken.review_litigation is not None
    broken.applications.rows["granted"][2] = None
    broken.review_litigation.suit_direct.pending = None
    _, apps, review = _tables(render_docx(broken))
    assert apps.cell(5, 5).text == "" and review.cell(3, 8).text == ""
    parsed = corpus.parse_bytes(render_docx(broken), "x.docx")
    assert parsed.applications == broken.applications
    assert parsed.review_litigation == broken.review_litigation
    invalid = {f.where for f in check_report(parsed) if f.rule == "value.invalid"}
    assert invalid == {"三、本年度办理结果/（一）予以公开/科研机构", "行政诉讼/未经复议直接起诉/尚未审结"}


@pytest.mark.parametrize("fmt", ["docx", "html", "markdown", "text"])
def test_export_parses_back_to_the_same_counts(report: Report, fmt: str) -> None:
    parsed = {
        "docx": lambda: corpus.parse_bytes(render_docx(report), "x.docx"),
        "html": lambda: corpus.parse_bytes(render_html(report).encode("utf-8"), "x.html"),
        "markdown": lambda: corpus.parse_bytes(render_markdown(report).encode("utf-8"), "x.md"),
        "text": lambda: corpus.parse_text(render_text(report)),
    }[fmt]()
    assert (parsed.active, parsed.applications, parsed.review_litigation) == (
        report.active, report.applications, report.review_litigation)
    assert sorted(parsed.parts) == list(PART_TITLES)
    if fmt != "html":  # the web page's title sits outside the article body (see the html test)
        assert (parsed.agency, parsed.year) == (report.agency, report.year)
    assert [f.rule for f in check_report(parsed) if f.severity == "error"] == []


def test_markdown_layout(report: Report) -> None:
    md = render_markdown(report)
    assert md.startswith(f"# {report.agency}{report.year}年政府信息公开工作年度报告\n")
    assert all(f"## {title}" in md for title in PART_TITLES.values())
    lines = md.splitlines()
    table = [line for line in lines if line.startswith("| ")]
    assert sum(1 for line in lines if line.startswith("|") and "---" in line) == 3
    assert any("勾稽关系" in line and "申请人情况" in line for line in table)
    # every application row: its label, then seven values, in a 10-column row
    for key in APPLICATION_ROWS:
        row = next(line for line in table if f"| {ROW_LABELS[key]} |" in line)
        assert row.count("|") == 11 and row.split("|")[-8:-1] == [f" {v} " for v in report.applications.rows[key]]
    assert "| 行政复议 |  |  |  |  | 行政诉讼 |" in md


def test_text_rows_are_label_then_seven_values(report: Report) -> None:
    text = render_text(report)
    assert report.applications is not None
    for key in APPLICATION_ROWS:
        line = next(line for line in text.splitlines() if ROW_LABELS[key] in line and line[-1].isdigit())
        assert line.split(" ")[-7:] == [str(v) for v in report.applications.rows[key]]
    assert "行政事业性收费 " + str(report.active.fees_10k_yuan).rstrip("0").rstrip(".") in text  # type: ignore[union-attr]


def test_html_has_site_chrome_that_the_parser_ignores(report: Report) -> None:
    page = render_html(report)
    assert all(word in page for word in ("网站地图", "联系我们", "ICP备", "联系电话", "当前位置"))
    assert 'rowspan="22"' in page and 'colspan="5"' in page and 'rowspan="8"' in page
    parsed = corpus.parse_bytes(page.encode("utf-8"), "x.html")
    assert all("网站地图" not in text and "ICP" not in text for text in parsed.parts.values())
    assert parsed.applications == report.applications


def test_missing_parts_get_visible_placeholders_and_texts_override() -> None:
    bare = Report(agency="云溪县人民政府", year=2024, level="government")
    text = render_text(bare, texts={"5": "本机关自行填写的问题与改进。"})
    assert text.count("【请补充：") == 5
    assert "工作考核、社会评议和责任追究" in text  # art. 50(4): governments report these results
    assert "本机关自行填写的问题与改进。" in text
    assert render_text(Report()).startswith("【请补充：机关名称】【请补充：年度】年政府信息公开工作年度报告")


def test_re_export_of_a_parsed_report_prints_each_table_once(report: Report) -> None:
    parsed = corpus.parse_text(render_text(report))
    again = render_text(parsed)
    assert again.count("勾稽关系") == 1 and again.count("第二十条第（一）项") == 1
    assert again.count("未经复议直接起诉") == 1
    reparsed = corpus.parse_text(again)
    assert reparsed.applications == report.applications and reparsed.active == report.active


def test_applications_grid_is_the_template_shape() -> None:
    grid = applications_grid(None)
    assert (grid.n_rows, grid.n_cols) == (28, 10)
    assert all(c.text == "" for c in grid.cells if c.value)


def test_html_agency_from_the_page_title(report: Report) -> None:
    parsed = corpus.parse_bytes(render_html(report).encode("utf-8"), "x.html")
    assert (parsed.agency, parsed.year) == (report.agency, report.year)
