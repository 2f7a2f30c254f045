"""Our demo corpus: clean except for the four deliberate inconsistencies its README lists."""

from __future__ import annotations

from nianbao import checker, corpus
from tests.helpers import ROOT

REPORTS = ROOT / "data" / "demo" / "reports"


def _findings(pattern: str) -> dict[int, list[tuple[str, str | None, object, object]]]:
    """(rule, where, expected, actual) of the error/warning findings per year, checked as a series."""
    reports = [corpus.parse_file(p) for p in sorted(REPORTS.glob(pattern))]
    results = checker.check_reports(reports)
    return {r.year: [(f.rule, f.where, f.expected, f.actual) for f in fs if f.severity != "info"]  # type: ignore[misc]
            for r, fs in zip(reports, results, strict=True)}


def test_bureau_series_has_exactly_the_deliberate_problems() -> None:
    found = _findings("*_yunxi_rsj.txt")
    assert found[2020] == []
    assert found[2021] == [("crossyear.in_force", "二/行政规范性文件/现行有效件数", 12, 9)]
    assert ("narrative.table_mismatch", "一、本年新收政府信息公开申请数量/总计", 36, 38) in found[2022]
    assert sorted(found[2023]) == [
        ("crossyear.carryover", "二、上年结转政府信息公开申请数量/总计", 2, 3),
        ("crossyear.carryover", "二、上年结转政府信息公开申请数量/自然人", 2, 3),
    ]
    assert found[2024] == []
    # 2022's part 五 repeats most of 2021's
    assert [x[0] for x in found[2022]] == ["narrative.table_mismatch", "reuse.prior_year"]


def test_government_series_late_and_reused() -> None:
    found = _findings("*_yunxi_zf.txt")
    assert found[2022] == [] and found[2023] == []
    assert ("deadline.late", "发布日期", "2025-03-31", "2025-04-08") in found[2024]
    assert {x[0] for x in found[2024]} == {"deadline.late", "reuse.prior_year"}


def test_demo_reports_parse_completely() -> None:
    for path in sorted(REPORTS.glob("*.txt")):
        report = corpus.parse_file(path)
        assert sorted(report.parts) == ["1", "2", "3", "4", "5", "6"], path.name
        assert report.meta.unreadable == {}, path.name
        assert report.level == ("government" if path.stem.endswith("_zf") else "department")
