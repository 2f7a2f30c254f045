"""Year-over-year comparison of constructed reports: figures, series rules, JSON shape, reuse.prior_year."""

from __future__ import annotations

import pytest

from nianbao.checker.reuse import check_reuse
from nianbao.compare.figures import changed_figures, figure_values
from nianbao.compare.series import CompareError, compare_reports
from nianbao.compare.terminal import format_comparison
from nianbao.model import PART_TITLES, Active, ActiveRow, Applications, Report, ReviewLitigation

INTRO = "我局坚持依法公开。全年主动公开信息{n}条。"
PROBLEMS = "存在的问题是解读不够深入。下一步将加强培训。"


def _report(year: int, new: int = 17, carried_in: int = 0, carried_out: int = 0, **parts: str) -> Report:
    """A report with tables: applications new/carry-over in the natural-person and total columns."""
    applications = Applications()
    applications.rows["new"] = [new, 0, 0, 0, 0, 0, new]
    applications.rows["carried_in"] = [carried_in, 0, 0, 0, 0, 0, carried_in]
    applications.rows["carried_out"] = [carried_out, 0, 0, 0, 0, 0, carried_out]
    texts = {"1": INTRO.format(n=year - 1900), "5": PROBLEMS} | {k.removeprefix("p"): v for k, v in parts.items()}
    return Report(
        agency="友好区人社局",
        year=year,
        parts=texts,
        active=Active(normative_documents=ActiveRow(issued=2, repealed=0, in_force=year - 2000)),
        applications=applications,
        review_litigation=ReviewLitigation(),
    )


def test_changed_figures_use_cell_addresses_and_skip_unknown_values() -> None:
    before, after = _report(2023, new=17), _report(2024, new=95)
    assert before.applications is not None and after.applications is not None
    before.applications.rows["granted"] = [None, 0, 0, 0, 0, 0, 4]
    after.applications.rows["granted"] = [0, 0, 0, 0, 0, 0, 0]
    changes = changed_figures(before, after)
    assert {"where": "一、本年新收政府信息公开申请数量/总计", "from": 17, "to": 95} in changes
    assert {"where": "一、本年新收政府信息公开申请数量/自然人", "from": 17, "to": 95} in changes
    assert {"where": "二/行政规范性文件/现行有效件数", "from": 23, "to": 24} in changes
    assert {"where": "三、本年度办理结果/（一）予以公开/总计", "from": 4, "to": 0} in changes
    assert not any(c["where"].endswith("（一）予以公开/自然人") for c in changes)  # None → 0 is no known change
    assert len(changes) == 4


def test_a_report_without_tables_has_no_figures() -> None:
    assert figure_values(Report(year=2023, parts={"1": "甲。"})) == {}
    assert changed_figures(Report(year=2023), _report(2024)) == []
    # 4 + 4 + 25 × 7 + 15 figures when all three tables are present
    assert len(figure_values(_report(2024))) == 6 + 4 + 25 * 7 + 15


def test_reports_are_compared_in_year_order_each_against_the_previous() -> None:
    result = compare_reports([_report(2025), _report(2023), _report(2024)])
    assert result.years == [2023, 2024, 2025]
    assert [(p["from"], p["to"]) for p in result.to_json()["pairs"]] == [(2023, 2024), (2024, 2025)]


def test_json_shape_of_format_section_6() -> None:
    data = compare_reports([_report(2023), _report(2024, new=95)]).to_json()
    assert set(data) == {"agency", "years", "pairs"}
    pair = data["pairs"][0]
    assert set(pair) == {"from", "to", "parts", "figures", "findings"}
    assert set(pair["parts"]) == {"1", "5"}
    assert set(pair["parts"]["1"]) >= {"reuse", "reused", "added", "dropped"}
    assert pair["parts"]["1"]["reuse"] == 1.0  # only the figure changed


def test_reuse_above_the_threshold_is_a_finding_of_the_pair() -> None:
    pair = compare_reports([_report(2023), _report(2024)], threshold=0.5).pairs[0]
    reuse = [f for f in pair.findings if f.rule == "reuse.prior_year"]
    assert [f.where for f in reuse] == [PART_TITLES["1"], PART_TITLES["5"]]
    assert all(f.severity == "warning" and f.expected == 0.5 and f.actual == 1.0 for f in reuse)
    assert "100%" in reuse[0].message


def test_carryover_finding_comes_from_the_checker_for_consecutive_years_only() -> None:
    pair = compare_reports([_report(2023, carried_out=3), _report(2024, carried_in=1)]).pairs[0]
    assert "crossyear.carryover" in {f.rule for f in pair.findings}
    gap = compare_reports([_report(2021, carried_out=3), _report(2023, carried_in=1)]).pairs[0]
    assert not gap.consecutive
    assert "crossyear.carryover" not in {f.rule for f in gap.findings}


def test_reports_of_different_agencies_are_refused() -> None:
    other = _report(2024)
    other.agency = "友好区住建局"
    other.meta.source = "b.txt"
    with pytest.raises(CompareError, match="不是同一机关") as raised:
        compare_reports([_report(2023), other])
    assert "b.txt" in str(raised.value)


@pytest.mark.parametrize(
    ("years", "message"),
    [((2023,), "至少需要两份"), ((2023, 2023), "每个年度只能给一份"), ((2023, None), "无法识别报告年度")],
)
def test_series_that_cannot_be_compared(years: tuple[int | None, ...], message: str) -> None:
    reports = [_report(2023) for _ in years]
    for report, year in zip(reports, years, strict=True):
        report.year = year
    with pytest.raises(CompareError, match=message):
        compare_reports(reports)


def test_threshold_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(CompareError, match="阈值"):
        compare_reports([_report(2023), _report(2024)], threshold=60)


def test_check_reuse_fires_per_narrative_part_above_the_threshold() -> None:
    before = _report(2023)
    after = _report(2024, p1="全新的总体情况。另一句新话。", p2=before.parts.get("2", "表格说明。"))
    findings = check_reuse(before, after)
    assert [f.where for f in findings] == [PART_TITLES["5"]]
    assert findings[0].rule == "reuse.prior_year"
    assert check_reuse(before, after, threshold=1.0) == []
    assert [f.where for f in check_reuse(before, after, parts=("1",))] == []


def test_check_reuse_does_not_fire_at_exactly_the_threshold() -> None:
    before = _report(2023, p5="甲乙。丙丁。")
    after = _report(2024, p5="甲乙。戊己。")
    assert check_reuse(before, after, threshold=0.5, parts=("5",)) == []
    [finding] = check_reuse(before, after, threshold=0.49, parts=("5",))
    assert (finding.expected, finding.actual) == (0.49, 0.5)


def test_terminal_diff_marks_sentences_and_lists_figures() -> None:
    before = _report(2023, p5="加强培训。完善制度。")
    after = _report(2024, new=95, p5="加强培训。推进公开。")
    text = format_comparison(compare_reports([before, after]))
    assert "＝ 加强培训。" in text
    assert "＋ 推进公开。" in text
    assert "－ 完善制度。" in text
    assert "一、本年新收政府信息公开申请数量/总计" in text and "17 → 95" in text
    assert "超过阈值 50%" in text  # part 一 is copied entirely
