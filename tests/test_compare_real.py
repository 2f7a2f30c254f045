"""Year-over-year comparison of real report series in ../shared, with hand-read expectations."""

from __future__ import annotations

from pathlib import Path

from nianbao import corpus
from nianbao.compare.series import Comparison, compare_reports
from tests.helpers import PDF_2023, PDF_2024, WEB, shared_file


def _series(*names: str) -> Comparison:
    """Parse the named web copies (any order) and compare them."""
    return compare_reports([corpus.parse_file(shared_file(WEB / name)) for name in names])


def _has(sentences: list[str], fragment: str) -> bool:
    """Whether one of the sentences contains the fragment."""
    return any(fragment in s for s in sentences)


def test_baoshan_four_years_in_order() -> None:
    result = _series(*(f"{y}_shanghai_baoshan_rsj.txt" for y in (2025, 2023, 2022, 2024)))
    assert result.agency is not None and result.agency.startswith("上海市宝山区")
    assert result.years == [2022, 2023, 2024, 2025]
    first, second, third = (pair.parts["1"] for pair in result.pairs)
    # 2022 → 2023: of the sub-headings only 政府信息管理总体情况 kept its wording
    assert len(first.reused) == 1 and "政府信息管理" in first.reused[0]
    # 2023 → 2024: the sub-headings and the lead-in line repeat; the disclosure sentence lost a category
    assert _has(second.reused, "具体情况如下") and _has(second.reused, "(二)依申请")
    assert _has(second.dropped, "人才服务类信息37条") and _has(second.added, "共441条")
    # 2024 → 2025: the disclosure sentence repeats with new figures only; the opening sentence is new
    assert _has(third.reused, "共406条")
    assert _has(third.added, "2025年,宝山区") and _has(third.dropped, "2024年,宝山区")
    assert second.reuse is not None and third.reuse is not None
    assert second.reuse < 0.2 < third.reuse < 0.4
    assert all(pair.figures == [] for pair in result.pairs)  # partial copies: no tables


def test_zjw_statement_of_the_statistics_period_is_reused_across_gaps() -> None:
    result = _series("2023_shanghai_zjw.txt", "2021_shanghai_zjw.txt", "2025_shanghai_zjw.txt")
    assert result.years == [2021, 2023, 2025]
    for pair in result.pairs:
        assert _has(pair.parts["1"].reused, "统计期限从")
        assert not pair.consecutive
    later = result.pairs[1].parts["1"]
    assert _has(later.reused, "新增入库") and _has(later.reused, "办结互动留言数")
    assert _has(later.dropped, "(三)政务服务和数据开放情况")
    assert _has(result.pairs[0].parts["1"].reused, "不予公开27件")


def test_putuo_tcb_lead_in_repeats_but_part_one_stays_below_the_threshold() -> None:
    [pair] = _series("2024_shanghai_putuo_tcb.txt", "2023_shanghai_putuo_tcb.txt").pairs
    part = pair.parts["1"]
    assert _has(part.reused, "现将区投促办") and _has(part.reused, "(一)主动公开情况")
    assert _has(part.added, "紧紧围绕区委")
    assert part.reuse is not None and part.reuse < 0.5 and (part.reuse_fuzzy or 0) > part.reuse
    assert [f.rule for f in pair.findings] == []


def _hongze() -> Comparison:
    """The 洪泽区 2023 and 2024 PDFs, compared."""
    paths: list[Path] = [shared_file(PDF_2024), shared_file(PDF_2023)]
    return compare_reports([corpus.parse_file(p) for p in paths])


def test_hongze_pdfs_compare_cleanly_with_table_figures() -> None:
    result = _hongze()
    [pair] = result.pairs
    assert (pair.previous.year, pair.current.year) == (2023, 2024) and pair.consecutive
    assert {"where": "一、本年新收政府信息公开申请数量/总计", "from": 21, "to": 95} in pair.figures
    assert {"where": "三、本年度办理结果/（七）总计/总计", "from": 21, "to": 95} in pair.figures
    assert {"where": "二/行政规范性文件/现行有效件数", "from": 5, "to": 8} in pair.figures
    assert {"where": "二/行政许可", "from": 550, "to": 9487} in pair.figures
    # carry-over 0 → 0 and documents in force 5 + 3 − 0 = 8: the checker's cross-year rules stay silent
    assert not [f for f in pair.findings if f.rule.startswith("crossyear.")]
    # part 六 repeats the fee sentence with only the year changed; part 五 was rewritten
    assert pair.parts["6"].reuse == 1.0
    assert (pair.parts["5"].reuse or 0) < 0.5
    assert set(pair.parts) == {"1", "2", "3", "4", "5", "6"}
