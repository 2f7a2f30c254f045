"""Arithmetic rules on the three tables: balance, totals, invalid values."""

from __future__ import annotations

from nianbao.cells import cells, review_where, row_where
from nianbao.model import (
    APPLICANT_COLUMNS,
    COLUMN_LABELS,
    RESULT_ROWS,
    REVIEW_GROUPS,
    ROW_LABELS,
    Count,
    Finding,
    Report,
)

ART50 = "第五十条"


def _ints(*values: Count) -> list[int] | None:
    """The values when all are readable integers, else None."""
    return [v for v in values if isinstance(v, int)] if all(isinstance(v, int) for v in values) else None


def check_applications(report: Report) -> list[Finding]:
    """applications.balance, applications.results_total and applications.row_total."""
    if report.applications is None:
        return []
    rows = report.applications.rows
    findings: list[Finding] = []
    for col, name in enumerate(APPLICANT_COLUMNS):
        label = COLUMN_LABELS[name]
        balance = _ints(rows["new"][col], rows["carried_in"][col], rows["results_total"][col], rows["carried_out"][col])
        if balance is not None and balance[0] + balance[1] != balance[2] + balance[3]:
            new, carried_in, total, carried_out = balance
            findings.append(Finding(
                rule="applications.balance", severity="error", where=f"勾稽关系/{label}",
                expected=new + carried_in, actual=total + carried_out, article=ART50,
                message=(f"“{label}”列不平衡：本年新收 {new} + 上年结转 {carried_in} = {new + carried_in}，"
                         f"但办理结果总计 {total} + 结转下年度 {carried_out} = {total + carried_out}。"),
            ))
        results = _ints(rows["results_total"][col], *(rows[k][col] for k in RESULT_ROWS))
        if results is not None and sum(results[1:]) != results[0]:
            findings.append(Finding(
                rule="applications.results_total", severity="error", where=row_where("results_total", col),
                expected=sum(results[1:]), actual=results[0], article=ART50,
                message=f"“{label}”列的（七）总计为 {results[0]}，但（一）至（六）各项之和为 {sum(results[1:])}。",
            ))
    for key, row in rows.items():
        values = _ints(*row)
        if values is not None and sum(values[:6]) != values[6]:
            findings.append(Finding(
                rule="applications.row_total", severity="error", where=row_where(key, 6),
                expected=sum(values[:6]), actual=values[6], article=ART50,
                message=f"“{ROW_LABELS[key]}”一行的总计为 {values[6]}，但六类申请人之和为 {sum(values[:6])}。",
            ))
    return findings


def check_review(report: Report) -> list[Finding]:
    """review.total per group."""
    if report.review_litigation is None:
        return []
    findings: list[Finding] = []
    for key, label in REVIEW_GROUPS.items():
        g = getattr(report.review_litigation, key)
        values = _ints(g.total, g.maintained, g.corrected, g.other, g.pending)
        if values is not None and sum(values[1:]) != values[0]:
            findings.append(Finding(
                rule="review.total", severity="error", where=review_where(key, "total"), expected=sum(values[1:]),
                actual=values[0], article=ART50,
                message=(f"{label}的总计为 {g.total}，但结果维持 {g.maintained} + 结果纠正 {g.corrected} + "
                         f"其他结果 {g.other} + 尚未审结 {g.pending} = {sum(values[1:])}。"),
            ))
    return findings


def check_values(report: Report) -> list[Finding]:
    """value.invalid: unreadable, negative or non-integer counts (fees may be decimal)."""
    findings: list[Finding] = []
    seen = report.meta.unreadable
    for cell in cells(report):
        where, value = cell.where, cell.value
        if value is None:
            if report.meta.truncated:
                continue  # the stored copy ends inside the table; the rest is absent, not wrong
            raw = seen.get(where) or seen.get(where.rsplit("/", 1)[0])
            problem = f"无法读取（{raw}）" if raw else "无法读取"
        elif isinstance(value, float) and not cell.decimal:
            problem = f"不是整数（{value}）"
        elif isinstance(value, int | float) and value < 0:
            problem = f"为负数（{value}）"
        else:
            continue
        findings.append(Finding(rule="value.invalid", severity="error", where=where, actual=value,
                                message=f"“{where}”的数值{problem}，请核对原表。"))
    return findings
