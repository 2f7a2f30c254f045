"""The checker on the real documents in ../shared."""

from __future__ import annotations

from nianbao import checker, corpus
from tests.helpers import PDF_2023, PDF_2024, SEED, WEB, shared_file


def _errors(findings):  # type: ignore[no-untyped-def]
    """(rule, where) of the error findings."""
    return sorted((f.rule, f.where) for f in findings if f.severity == "error")


def test_seed_findings_exactly() -> None:
    findings = checker.check_report(corpus.parse_file(shared_file(SEED)))
    assert _errors(findings) == [
        ("applications.results_total", "三、本年度办理结果/（七）总计/其他"),
        ("applications.results_total", "三、本年度办理结果/（七）总计/总计"),
        ("narrative.table_mismatch", "一、本年新收政府信息公开申请数量/总计"),
    ]
    mismatch = next(f for f in findings if f.rule == "narrative.table_mismatch")
    assert (mismatch.expected, mismatch.actual) == (0, 1)
    assert "收到1项" in mismatch.message
    totals = [f for f in findings if f.rule == "applications.results_total"]
    assert all((f.expected, f.actual) == (1, 0) for f in totals)
    assert all(f.article == "第五十条" for f in totals)


def test_pdf_2023_review_totals() -> None:
    findings = checker.check_report(corpus.parse_file(shared_file(PDF_2023)))
    review = sorted((f.where, f.expected, f.actual) for f in findings if f.rule == "review.total")
    assert review == [("行政复议/总计", 11, 0), ("行政诉讼/复议后起诉/总计", 5, 0)]
    rules = {f.rule for f in findings}
    assert "applications.balance" not in rules and "applications.results_total" not in rules
    assert "value.invalid" not in rules


def test_pdfs_cross_year() -> None:
    reports = [corpus.parse_file(shared_file(PDF_2024)), corpus.parse_file(shared_file(PDF_2023))]
    assert checker.consecutive(reports[1], reports[0])
    with_pair = checker.check_reports(reports)
    alone = [checker.check_report(r) for r in reports]
    # carry-over (0 → 0) and 行政规范性文件 in force (5 + 3 − 0 = 8) continue: no cross-year finding
    assert not [f for f in with_pair[0] if f.rule.startswith("crossyear.")]
    # the rules did run: break the carry-over and they fire
    reports[1].applications.rows["carried_out"] = [2, 0, 0, 0, 0, 0, 2]
    reports[1].active.normative_documents.in_force = 9
    broken = checker.check_reports(reports)[0]
    carry = [f for f in broken if f.rule == "crossyear.carryover"]
    assert sorted(f.where for f in carry) == ["二、上年结转政府信息公开申请数量/总计", "二、上年结转政府信息公开申请数量/自然人"]
    assert [(f.expected, f.actual) for f in broken if f.rule == "crossyear.in_force"] == [(12, 8)]
    assert len(alone[0]) == len(with_pair[0])


def test_web_reports_check_without_exception() -> None:
    for path in sorted(shared_file(WEB).glob("*.txt")):
        report = corpus.parse_file(path)
        findings = checker.check_report(report)
        # partial copies: nothing cut off is reported as missing or unreadable
        assert not [f for f in findings if f.rule in {"value.invalid", "structure.missing_part"}], path.name


def test_web_reports_no_false_prose_alarm() -> None:
    """Prose figures of the web reports never contradict a table (they rarely have one)."""
    for path in sorted(shared_file(WEB).glob("*.txt")):
        findings = checker.check_report(corpus.parse_file(path))
        assert not [f for f in findings if f.rule == "narrative.table_mismatch"], path.name
