"""Structure rules: the six parts, their titles, the overview items, art. 50(4), labels, deadline."""

from __future__ import annotations

import datetime as dt
import re

from nianbao.model import PART_KEYS, PART_TITLES, Finding, Report

_OVERVIEW_ITEMS: dict[str, tuple[str, ...]] = {
    "主动公开": ("主动公开",),
    "依申请公开": ("依申请", "申请公开", "政府信息公开申请"),
    "政府信息管理": ("信息管理", "管理情况", "管理工作"),
    "平台建设": ("平台",),
    "监督保障": ("监督", "保障", "考核"),
}
_GOVERNMENT_ITEMS: dict[str, tuple[str, ...]] = {
    "工作考核": ("考核",),
    "社会评议": ("评议",),
    "责任追究": ("责任追究", "追究", "追责", "问责"),
}


def _loose(title: str) -> str:
    """A title compared loosely: numbering punctuation and white space ignored."""
    return re.sub(r"[\s、.．，,（）()]", "", title)


def check_structure(report: Report) -> list[Finding]:
    """structure.missing_part, structure.part_title, structure.overview_items, structure.government_items."""
    findings: list[Finding] = []
    found = [k for k in PART_KEYS if k in report.parts]
    last = max((int(k) for k in found), default=0)
    for key in PART_KEYS:
        if key in report.parts:
            printed = report.meta.part_titles.get(key, "")
            if printed and _loose(printed) != _loose(PART_TITLES[key]):
                findings.append(Finding(
                    rule="structure.part_title", severity="warning", where=printed, expected=PART_TITLES[key],
                    actual=printed, article="第五十条",
                    message=f"标题“{printed}”与 2021 年统一格式的“{PART_TITLES[key]}”不一致。",
                ))
        elif not (report.meta.truncated and int(key) > last):
            findings.append(Finding(
                rule="structure.missing_part", severity="error", where=PART_TITLES[key], expected=PART_TITLES[key],
                article="第五十条", message=f"报告缺少“{PART_TITLES[key]}”部分（《条例》第五十条规定的内容）。",
            ))
    overview = report.parts.get("1", "")
    complete_overview = "1" in report.parts and ("2" in report.parts or not report.meta.truncated)
    if complete_overview:
        for item, words in _OVERVIEW_ITEMS.items():
            if not any(w in overview for w in words):
                findings.append(Finding(
                    rule="structure.overview_items", severity="warning", where=PART_TITLES["1"], expected=item,
                    message=f"总体情况未涉及“{item}”（2021 年格式要求总体情况包括主动公开、依申请公开、政府信息管理、平台建设、监督保障）。",
                ))
    if report.level == "government" and not report.meta.truncated:
        # the whole report: a missing part 五 is structure.missing_part, the missing items a finding of their own
        text = report.meta.intro + "".join(report.parts.values())
        for item, words in _GOVERNMENT_ITEMS.items():
            if not any(w in text for w in words):
                findings.append(Finding(
                    rule="structure.government_items", severity="error", where=PART_TITLES["1"], expected=item,
                    article="第五十条",
                    message=f"人民政府的年度报告应当报告“{item}”结果情况（《条例》第五十条第四项），报告中未见相关内容。",
                ))
    return findings


def check_labels(report: Report) -> list[Finding]:
    """format.row_label from the labels the parser saw."""
    return [
        Finding(rule="format.row_label", severity="warning", where=issue.where, expected=issue.expected,
                actual=issue.found, message=issue.note or f"表格行标签“{issue.found}”与统一格式“{issue.expected}”不一致。")
        for issue in report.meta.label_issues
    ]


def deadline(report: Report) -> dt.date | None:
    """The publication deadline of art. 49 for the report's year and level."""
    if report.year is None:
        return None
    return dt.date(report.year + 1, 3, 31) if report.level == "government" else dt.date(report.year + 1, 1, 31)


def check_deadline(report: Report) -> list[Finding]:
    """deadline.late: published after 31 Jan (department) or 31 Mar (government) of the next year."""
    due, published = deadline(report), report.meta.published
    if due is None or published is None or published <= due:
        return []
    who = "人民政府" if report.level == "government" else "政府部门"
    return [Finding(
        rule="deadline.late", severity="warning", where="发布日期", expected=due.isoformat(),
        actual=published.isoformat(), article="第四十九条",
        message=f"报告日期 {published:%Y年%m月%d日} 晚于{who}年度报告的公布期限 {due:%Y年%m月%d日}（《条例》第四十九条）。",
    )]
