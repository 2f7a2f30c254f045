"""Issue 17.2 and 17.7: hostile inputs are answered quickly with a Chinese message, never a hang or a memory blow-up.

Each reproduction runs the CLI in a subprocess as a clerk would, and measures that child's own wall time and
peak RSS. The bounds (10 s, 200 MB) are the issue's, meant as safety nets, not as benchmarks; an address-space
cap makes a regression fail fast instead of filling the machine.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from nianbao import corpus
from nianbao.corpus import limits
from nianbao.errors import ReadError
from tests.helpers import TEMPLATE, shared_file
from tests.hostile_inputs import demo_docx, docx_bomb, docx_paragraphs, nested_html, pdf_bomb, run_cli

CAP_MB = 1500  # far above a normal run (≈ 50–150 MB), far below what the bombs took before the limits


@pytest.mark.parametrize("command", ["check", "parse"])
def test_html_nested_100k_deep_is_answered_in_seconds(tmp_path: Path, command: str) -> None:
    page = nested_html(tmp_path / "深层嵌套.html", 100_000)  # 1.1 MB; ran past 600 s before
    run = run_cli([command, str(page)], tmp_path, timeout=120, cap_mb=CAP_MB)
    assert run.code == 2, run.stderr[-500:]
    assert "深层嵌套.html" in run.stderr and "上限" in run.stderr and "Traceback" not in run.stderr
    assert run.seconds < 10


def test_html_nested_beyond_the_depth_limit_says_so(tmp_path: Path) -> None:
    page = nested_html(tmp_path / "p.html", 5_000)  # few tags, very deep: refused on depth, not on size
    with pytest.raises(ReadError, match="嵌套达到 1000 层以上"):
        corpus.parse_file(page)


def test_html_nested_deep_but_within_the_limit_is_read(tmp_path: Path) -> None:
    report = corpus.parse_file(nested_html(tmp_path / "p.html", 900))
    assert report.agency == "云汐区人力资源和社会保障局" and report.year == 2024
    assert set(report.parts) >= {"1", "5"} and report.applications is not None
    assert report.applications.rows["new"][6] is not None


def test_html_with_90k_sibling_blocks_is_read(tmp_path: Path) -> None:
    """Within the tag limit a big flat page is still read in full (no limit refuses it, no step is quadratic)."""
    page = nested_html(tmp_path / "flat.html", 1)
    text = page.read_text(encoding="utf-8").replace("<body>", "<body>" + "<p>附：说明</p>" * 90_000, 1)
    page.write_text(text, encoding="utf-8")
    run = run_cli(["parse", "--json", str(page)], tmp_path, timeout=120, cap_mb=CAP_MB)
    assert run.code == 0, run.stderr[-500:]
    assert "云汐区人力资源和社会保障局" in run.stdout
    assert run.seconds < 60


def test_html_with_too_many_tags_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "大页面.html"
    page.write_text("<html><body>" + "<span>字</span>" * (limits.HTML_MAX_TAGS + 10) + "</body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match=r"大页面\.html.*超过 100,000 个的上限"):
        corpus.parse_file(page)


@pytest.mark.slow
def test_docx_bomb_is_refused_from_declared_sizes_under_200_mb(tmp_path: Path) -> None:
    bomb = docx_bomb(tmp_path / "炸弹.docx")  # ≈ 4 MB on disk, word/document.xml inflates to 1.2 GB
    assert bomb.stat().st_size < 8_000_000
    run = run_cli(["check", str(bomb)], tmp_path, timeout=180, cap_mb=CAP_MB)
    assert run.code == 2, run.stderr[-500:]
    assert "炸弹.docx" in run.stderr and "word/document.xml 解压后为 1.1 GB" in run.stderr
    assert "超过 20.0 MB 的上限" in run.stderr and "Traceback" not in run.stderr
    assert run.peak_mb < 200


def test_docx_with_millions_of_paragraphs_is_refused_under_200_mb(tmp_path: Path) -> None:
    """3 million empty paragraphs: 66 KB on disk, 18 MB of XML (under the size limit), minutes to read."""
    flood = docx_paragraphs(tmp_path / "段落.docx", 3_000_000)
    run = run_cli(["check", str(flood)], tmp_path, timeout=120, cap_mb=CAP_MB)
    assert run.code == 2, run.stderr[-500:]
    assert "段落.docx" in run.stderr and "正文段落超过 50,000 个" in run.stderr
    assert run.peak_mb < 200 and run.seconds < 30


@pytest.mark.slow
def test_pdf_content_bomb_is_refused_under_200_mb(tmp_path: Path) -> None:
    bomb = pdf_bomb(tmp_path / "炸弹.pdf")  # ≈ 3 MB, its page content inflates to 1 GB of text operators
    run = run_cli(["check", str(bomb)], tmp_path, timeout=120, cap_mb=CAP_MB)
    assert run.code == 2, run.stderr[-500:]
    assert "炸弹.pdf" in run.stderr and "页面内容解压后超过 64.0 MB" in run.stderr
    assert run.peak_mb < 200


def test_real_sized_documents_pass_the_limits() -> None:
    """Our exported docx is read as before; the official template's archive passes the checks."""
    report = corpus.parse_bytes(demo_docx(), "demo.docx")
    assert report.agency == "云汐区人力资源和社会保障局" and report.applications is not None
    template = shared_file(TEMPLATE).read_bytes()
    limits.check_archive(template, TEMPLATE.name)


def test_docx_just_under_the_paragraph_limit_is_read(tmp_path: Path) -> None:
    path = docx_paragraphs(tmp_path / "长.docx", limits.DOCX_MAX_PARAGRAPHS - 2_000)
    assert corpus.parse_file(path).agency == "云汐区人力资源和社会保障局"


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    """A zip of (name, data, compression) members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data, method in members:
            zf.writestr(name, data, compress_type=method)
    return out.getvalue()


def test_docx_with_an_unusual_compression_method_is_refused() -> None:
    data = _zip([("[Content_Types].xml", b"<Types/>", zipfile.ZIP_DEFLATED),
                 ("word/document.xml", b"<w:document/>" * 10, zipfile.ZIP_BZIP2)])
    with pytest.raises(ReadError, match=r"x\.docx.*压缩方式"):
        corpus.parse_bytes(data, "x.docx")


def test_docx_with_too_many_members_is_refused_before_opening() -> None:
    data = _zip([("word/document.xml", b"<w:document/>", zipfile.ZIP_STORED)]
                + [(f"word/media/{i}.png", b"", zipfile.ZIP_STORED) for i in range(limits.DOCX_MAX_MEMBERS + 1)])
    with pytest.raises(ReadError, match="文件数超过 2000 个"):
        corpus.parse_bytes(data, "x.docx")


def test_docx_whose_parts_add_up_beyond_the_total_limit_is_refused() -> None:
    picture = b"\x89PNG" + b"\x00" * (limits.DOCX_MAX_PART_BYTES + 1)  # media may exceed the part limit …
    data = _zip([("word/document.xml", b"<w:document/>", zipfile.ZIP_DEFLATED)]
                + [(f"word/media/{i}.png", picture, zipfile.ZIP_DEFLATED) for i in range(10)])
    with pytest.raises(ReadError, match=r"解压后共 .* MB，超过 200\.0 MB 的上限"):  # … but not the total
        corpus.parse_bytes(data, "x.docx")


def test_file_larger_than_the_input_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "大文件.txt"
    with big.open("wb") as handle:
        handle.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: takes no disk space
    with pytest.raises(ReadError, match=r"大文件\.txt.*超过 100\.0 MB 的上限"):
        corpus.parse_file(big)


@pytest.mark.parametrize("paragraph", [b"<w:p/>", b"<ns0:p>x</ns0:p>", b"<w:p w:rsidR='00A1'><w:pPr/></w:p>"])
def test_paragraphs_are_counted_exactly_across_inflate_steps(paragraph: bytes) -> None:
    """The count is exact whatever the prefix and wherever a 1 MB step cuts a tag (the last case spans two)."""
    def body(count: int) -> bytes:
        return _zip([("word/document.xml", b"<w:document><w:body>" + paragraph * count + b"</w:body></w:document>",
                      zipfile.ZIP_DEFLATED)])
    limits.check_archive(body(limits.DOCX_MAX_PARAGRAPHS), "x.docx")
    with pytest.raises(ReadError, match="正文段落超过"):
        limits.check_archive(body(limits.DOCX_MAX_PARAGRAPHS + 1), "x.docx")
