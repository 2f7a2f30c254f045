"""Findings about how the tables were read: cells known only through an identity or the row order, the 2019 format.

A reading that depends on the identity the arithmetic rules check (a digit run cut so that six columns sum to
总计) is said so, because for that row the check proves nothing; a 2019-format report is told which rules do not
apply to it, and its part 二 cells that could not be read are value.invalid like any other.
"""

from __future__ import annotations

from nianbao.cells import table_cells
from nianbao.model import Finding, Report

_INFERRED_RULES = {"identity": "table.split_by_identity", "order": "table.placed_by_order"}
_FORMAT_NOTE = ("本报告使用 2019 年版表格（国办公开办函〔2019〕60号）：表二各栏（本年新制作数量、上一年项目数量、"
                "处理决定数量、政府集中采购等）与 2021 年格式不同，已按原栏目另行读取（active_2019），不计入 2021 格式的"
                "表二字段；依赖 2021 格式表二的规则（crossyear.in_force）不适用。表三、表四按两种格式相同的部分核对。")


def check_reading(report: Report) -> list[Finding]:
    """table.split_by_identity, table.placed_by_order, format.template_2019, format.outdated_template, value.invalid."""
    findings: list[Finding] = []
    for status in report.read_status.values():
        for note in status.inferred:
            rule = _INFERRED_RULES.get(note.kind)
            if rule:
                findings.append(Finding(rule=rule, severity="info", where=note.where, message=f"“{note.where}”：{note.reason}。"))
    if report.format != "2019":
        return findings
    findings.append(Finding(rule="format.template_2019", severity="info", where="表二", message=_FORMAT_NOTE))
    if report.year is not None and report.year >= 2021:
        findings.append(Finding(
            rule="format.outdated_template", severity="warning", where="表二", expected="2021 年统一格式",
            actual="2019 年版表格", article="第五十条",
            message=(f"{report.year} 年度报告仍使用 2019 年版表格；自 2021 年度起应使用国办公开办函〔2021〕30号"
                     "印发的统一格式（表二：本年制发件数、本年废止件数、现行有效件数等）。"),
        ))
    if report.active_2019 is not None and not report.meta.truncated:
        seen = report.meta.unreadable
        for cell in table_cells(report.active_2019):
            where = cell.where
            if cell.value is None:
                raw = seen.get(where) or seen.get(where.rsplit("/", 1)[0])
                problem = f"无法读取（{raw}）" if raw else "无法读取"
                findings.append(Finding(rule="value.invalid", severity="error", where=where, actual=None,
                                        message=f"“{where}”的数值{problem}，请核对原表。"))
    return findings
