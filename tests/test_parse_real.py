"""The parser on the real documents in ../shared: the seed, the two PDFs, the 37 web reports."""

from __future__ import annotations

import pytest

from nianbao import corpus
from nianbao.model import APPLICATION_ROWS, REVIEW_FIELDS, REVIEW_GROUPS
from tests.helpers import PDF_2023, PDF_2024, SEED, WEB, shared_file


def _all_cells(report):  # type: ignore[no-untyped-def]
    """Every table cell of a parsed report."""
    apps = [v for row in report.applications.rows.values() for v in row]
    review = [getattr(getattr(report.review_litigation, g), f) for g in REVIEW_GROUPS for f in REVIEW_FIELDS]
    active = report.active
    rows = [getattr(getattr(active, r), f) for r in ("rules", "normative_documents") for f in ("issued", "repealed", "in_force")]
    return apps + review + rows + [active.licensing, active.punishment, active.coercion, active.fees_10k_yuan]


def test_seed_tables_every_cell() -> None:
    report = corpus.parse_file(shared_file(SEED))
    assert (report.agency, report.year, report.level) == ("友好区人社局", 2024, "department")
    assert sorted(report.parts) == ["1", "2", "3", "4", "5", "6"]
    rows = report.applications.rows
    assert rows["granted"] == [0, 0, 0, 0, 0, 1, 1]
    for key in APPLICATION_ROWS:
        if key != "granted":
            assert rows[key] == [0] * 7, key
    # the （二）部分公开 row's last 0 wrapped onto its own line
    assert rows["partial"] == [0] * 7
    review = report.review_litigation
    assert [getattr(getattr(review, g), f) for g in REVIEW_GROUPS for f in REVIEW_FIELDS] == [0] * 15
    active = report.active
    assert active.rules.model_dump() == {"issued": 0, "repealed": 0, "in_force": 0}
    assert active.normative_documents.model_dump() == {"issued": 0, "repealed": 0, "in_force": 0}
    assert (active.licensing, active.punishment, active.coercion, active.fees_10k_yuan) == (0, 0, 0, 0)
    assert report.meta.unreadable == {}


@pytest.mark.parametrize("path", [PDF_2023, PDF_2024], ids=["2023", "2024"])
def test_pdfs_parse_without_null(path) -> None:  # type: ignore[no-untyped-def]
    report = corpus.parse_file(shared_file(path))
    assert report.level == "government"
    assert report.agency and report.agency.endswith("洪泽区人民政府")
    assert sorted(report.parts) == ["1", "2", "3", "4", "5", "6"]
    assert None not in _all_cells(report)


def test_pdf_2023_values() -> None:
    report = corpus.parse_file(shared_file(PDF_2023))
    rows = report.applications.rows
    assert report.year == 2023
    assert rows["new"][6] == 21 and rows["results_total"][6] == 21
    assert rows["partial"][0] == 4 and rows["unavailable_1"][0] == 10
    assert report.active.fees_10k_yuan == pytest.approx(7730.28)
    assert report.active.normative_documents.in_force == 5
    assert report.review_litigation.review.model_dump() == {
        "maintained": 10, "corrected": 1, "other": 0, "pending": 0, "total": 0}
    # the 2019 trial layout's single （六）其他处理 row is read as 3.其他, and said so
    assert any("单行" in note for note in report.meta.notes)


def test_pdf_2024_values() -> None:
    report = corpus.parse_file(shared_file(PDF_2024))
    rows = report.applications.rows
    assert report.year == 2024
    assert rows["new"][6] == 95 and rows["granted"][6] == 50 and rows["unavailable_1"][6] == 31
    assert report.active.licensing == 9487 and report.active.normative_documents.in_force == 8
    assert report.review_litigation.suit_after_review.total == 3


@pytest.mark.parametrize("path", [PDF_2023, PDF_2024], ids=["2023", "2024"])
def test_pdf_text_and_ruled_tables_agree(path) -> None:  # type: ignore[no-untyped-def]
    """The flattened page text alone and pdfplumber's ruled tables give the same tables."""
    from nianbao.corpus.tables import read_active, read_applications, read_review

    doc = corpus.readers.read_path(shared_file(path))
    from_text = corpus.parse_document(doc)
    tables = corpus.readers.pdf_tables(shared_file(path).read_bytes())
    assert tables
    assert read_applications(tables).table == from_text.applications
    assert read_review(tables).table == from_text.review_litigation
    assert read_active(tables).table == from_text.active


def test_all_web_reports_parse() -> None:
    files = sorted(shared_file(WEB).glob("*.txt"))
    assert len(files) == 37
    for path in files:
        report = corpus.parse_file(path)
        assert report.year and 2019 <= report.year <= 2025, path.name
        assert report.agency, path.name
        assert "1" in report.parts, path.name
        # partial copies: a table that is not in the stored text is absent, not zero
        if "三、收到和处理" not in path.read_text(encoding="utf-8"):
            assert report.applications is None, path.name


def test_web_partial_table_rows() -> None:
    report = corpus.parse_file(shared_file(WEB / "2022_chaoyang_shuangtaqu_zf.txt"))
    assert report.meta.truncated
    assert report.active.normative_documents.model_dump() == {"issued": 2, "repealed": 5, "in_force": 30}
    assert report.active.licensing is None  # cut off in the stored copy: unknown, not 0
    assert report.level == "government"
