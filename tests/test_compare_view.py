"""The Streamlit comparison view runs headless (AppTest) and escapes and highlights sentences."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from nianbao.compare.text import Marked
from nianbao.ui.compare_view import REUSED_STYLE, sentences_html


def _script() -> None:
    """A tiny app rendering the comparison of two constructed reports."""
    from nianbao.compare.series import compare_reports
    from nianbao.model import Applications, Report
    from nianbao.ui.compare_view import render_comparison

    def report(year: int, new: int, problems: str) -> Report:
        applications = Applications()
        applications.rows["new"] = [new, 0, 0, 0, 0, 0, new]
        return Report(
            agency="友好区人社局",
            year=year,
            parts={"1": f"{year}年，我局依法公开。", "5": problems},
            applications=applications,
        )

    reports = [report(2023, 17, "培训不足。<b>制度</b>待完善。"), report(2024, 95, "培训不足。解读不深。")]
    render_comparison(compare_reports(reports))


def test_render_comparison_runs_without_exception() -> None:
    at = AppTest.from_function(_script, default_timeout=30).run()
    assert not at.exception
    assert "友好区人社局" in at.subheader[0].value
    assert [t.label for t in at.tabs] == ["2023年 → 2024年"]
    html = "\n".join(m.value for m in at.markdown)
    assert "&lt;b&gt;制度&lt;/b&gt;" in html and "<b>制度" not in html
    assert "一、总体情况**　重复率 100% ⚠" in html and "改进情况**　重复率 50%\n" in html
    assert list(at.dataframe[0].value.iloc[1]) == ["一、本年新收政府信息公开申请数量/总计", 17, 95]
    assert at.warning[0].value.startswith("与上年文字重复率高") and "reuse.prior_year" not in at.warning[0].value
    assert "2024 年与 2023 年相比：“一、总体情况”有 100% 的文字与上年相同，超过提示线" in html


def test_sentences_html_highlights_shared_sentences_only() -> None:
    html = sentences_html([Marked("甲。", "甲", True), Marked("乙。", "乙", False)], "color:red")
    assert html == f'<span style="{REUSED_STYLE}">甲。</span><br><span style="color:red">乙。</span>'
    assert "无内容" in sentences_html([], "color:red")
