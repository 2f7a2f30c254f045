"""Readers: text encodings, docx merged cells, html chrome, damaged files."""

from __future__ import annotations

import io

import docx
import pytest

from nianbao import corpus
from nianbao.corpus.readers import decode_bytes, linearise_rows
from nianbao.errors import ReadError
from nianbao.model import PART_TITLES
from tests.helpers import SEED, shared_file


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_seed_in_every_encoding_parses_the_same(encoding: str) -> None:
    text = shared_file(SEED).read_text(encoding="utf-8")
    reference = corpus.parse_text(text)
    report = corpus.parse_bytes(text.encode(encoding), f"seed-{encoding}.txt")
    assert report.applications == reference.applications
    assert report.agency == "友好区人社局"


def test_decode_rejects_binary() -> None:
    with pytest.raises(ReadError, match="二进制"):
        decode_bytes(bytes(range(1, 256)) + b"\x00\x00\x01" * 3, "x.bin")


def test_linearise_merged_cells_once_and_empty_values_marked() -> None:
    rows = [["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "1", "", "0", "0", "0", "0", "1"],
            ["三、本年度办理结果", "三、本年度办理结果", "（七）总计", "2", "0", "0", "0", "0", "0", "2"]]
    lines = linearise_rows(rows).splitlines()
    assert lines[0] == "三、本年度办理结果 （三）不予公开 1.属于国家秘密 1 ∅ 0 0 0 0 1"
    assert lines[1] == "三、本年度办理结果 （七）总计 2 0 0 0 0 0 2"


def _docx_with_review_table(values: list[str]) -> bytes:
    """A small Word document whose part 四 table has merged header cells."""
    document = docx.Document()
    for title in (PART_TITLES["1"], PART_TITLES["2"], PART_TITLES["3"]):
        document.add_paragraph(title)
        document.add_paragraph("（文字）")
    document.add_paragraph(PART_TITLES["4"])
    table = document.add_table(rows=4, cols=15)
    table.cell(0, 0).merge(table.cell(0, 4)).text = "行政复议"
    table.cell(0, 5).merge(table.cell(0, 14)).text = "行政诉讼"
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for i, head in enumerate(heads):
        table.cell(1, i).merge(table.cell(2, i)).text = head
        table.cell(2, 5 + i).text = head
        table.cell(2, 10 + i).text = head
    table.cell(1, 5).merge(table.cell(1, 9)).text = "未经复议直接起诉"
    table.cell(1, 10).merge(table.cell(1, 14)).text = "复议后起诉"
    for i, value in enumerate(values):
        table.cell(3, i).text = value
    for title in (PART_TITLES["5"], PART_TITLES["6"]):
        document.add_paragraph(title)
        document.add_paragraph("（文字）")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_merged_header_table() -> None:
    values = ["1", "1", "0", "0", "2", "0", "0", "0", "1", "1", "0", "0", "0", "0", "0"]
    report = corpus.parse_bytes(_docx_with_review_table(values), "r.docx")
    assert report.review_litigation.review.model_dump() == {
        "maintained": 1, "corrected": 1, "other": 0, "pending": 0, "total": 2}
    assert report.review_litigation.suit_direct.pending == 1


def test_docx_empty_cell_is_null_not_zero() -> None:
    values = ["1", "", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"]
    report = corpus.parse_bytes(_docx_with_review_table(values), "r.docx")
    assert report.review_litigation.review.corrected is None
    from nianbao.checker import check_report
    invalid = [f for f in check_report(report) if f.rule == "value.invalid"]
    assert [f.where for f in invalid] == ["行政复议/结果纠正"]


def test_html_chrome_is_ignored() -> None:
    text = shared_file(SEED).read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in text.splitlines())
    page = (
        "<html><head><meta charset='utf-8'><title>年报</title><script>var x = 1;</script></head><body>"
        "<div class='nav'><a>首页</a><a>政务公开</a> 2024年12月31日 访问量 123456</div>"
        f"<div class='content'>{body}</div>"
        "<footer>网站地图 联系我们 电话 0000-12345678 ICP备 12345678号</footer></body></html>"
    )
    report = corpus.parse_bytes(page.encode("utf-8"), "page.html")
    assert report.applications.rows["granted"] == [0, 0, 0, 0, 0, 1, 1]
    assert "访问量" not in report.parts["6"]
