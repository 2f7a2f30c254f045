"""Arithmetic rules on the three tables: balance, totals, invalid values."""

from __future__ import annotations

from collections.abc import Iterator

from nianbao.model import (
    ACTIVE_FIELDS,
    ACTIVE_ROWS,
    ACTIVE_SINGLE,
    APPLICANT_COLUMNS,
    COLUMN_LABELS,
    RESULT_ROWS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    ROW_GROUPS,
    ROW_LABELS,
    Count,
    Finding,
    Report,
)

ART50 = "第五十条"


def row_where(key: str, column: int | None = None) -> str:
    """`where` path of an application row (and column)."""
    group = ROW_GROUPS[key]
    path = f"{group}/{ROW_LABELS[key]}" if group else ROW_LABELS[key]
    return path if column is None else f"{path}/{COLUMN_LABELS[APPLICANT_COLUMNS[column]]}"


def _known(*values: Count) -> bool:
    """All values are readable integers."""
    return all(isinstance(v, int) for v in values)


def check_applications(report: Report) -> list[Finding]:
    """applications.balance, applications.results_total and applications.row_total."""
    if report.applications is None:
        return []
    rows = report.applications.rows
    findings: list[Finding] = []
    for col, name in enumerate(APPLICANT_COLUMNS):
        label = COLUMN_LABELS[name]
        new, carried_in = rows["new"][col], rows["carried_in"][col]
        total, carried_out = rows["results_total"][col], rows["carried_out"][col]
        if _known(new, carried_in, total, carried_out) and new + carried_in != total + carried_out:  # type: ignore[operator]
            findings.append(Finding(
                rule="applications.balance", severity="error", where=f"勾稽关系/{label}",
                expected=new + carried_in, actual=total + carried_out, article=ART50,  # type: ignore[operator]
                message=(f"“{label}”列不平衡：本年新收 {new} + 上年结转 {carried_in} = {new + carried_in}，"  # type: ignore[operator]
                         f"但办理结果总计 {total} + 结转下年度 {carried_out} = {total + carried_out}。"),  # type: ignore[operator]
            ))
        parts = [rows[k][col] for k in RESULT_ROWS]
        if _known(total, *parts) and sum(parts) != total:  # type: ignore[arg-type]
            findings.append(Finding(
                rule="applications.results_total", severity="error", where=row_where("results_total", col),
                expected=sum(parts), actual=total, article=ART50,  # type: ignore[arg-type]
                message=f"“{label}”列的（七）总计为 {total}，但（一）至（六）各项之和为 {sum(parts)}。",  # type: ignore[arg-type]
            ))
    for key, values in rows.items():
        if _known(*values) and sum(values[:6]) != values[6]:  # type: ignore[arg-type]
            findings.append(Finding(
                rule="applications.row_total", severity="error", where=row_where(key, 6),
                expected=sum(values[:6]), actual=values[6], article=ART50,  # type: ignore[arg-type]
                message=f"“{ROW_LABELS[key]}”一行的总计为 {values[6]}，但六类申请人之和为 {sum(values[:6])}。",  # type: ignore[arg-type]
            ))
    return findings


def check_review(report: Report) -> list[Finding]:
    """review.total per group."""
    if report.review_litigation is None:
        return []
    findings: list[Finding] = []
    for key, label in REVIEW_GROUPS.items():
        g = getattr(report.review_litigation, key)
        parts = [g.maintained, g.corrected, g.other, g.pending]
        if _known(g.total, *parts) and sum(parts) != g.total:
            findings.append(Finding(
                rule="review.total", severity="error", where=f"{label}/总计", expected=sum(parts), actual=g.total,
                article=ART50,
                message=(f"{label}的总计为 {g.total}，但结果维持 {g.maintained} + 结果纠正 {g.corrected} + "
                         f"其他结果 {g.other} + 尚未审结 {g.pending} = {sum(parts)}。"),
            ))
    return findings


def _cells(report: Report) -> Iterator[tuple[str, object, bool]]:
    """(where, value, may be decimal) for every cell of the present tables."""
    if report.active is not None:
        for row, row_label in ACTIVE_ROWS.items():
            for field, field_label in ACTIVE_FIELDS.items():
                yield f"二/{row_label}/{field_label}", getattr(getattr(report.active, row), field), False
        for field, label in ACTIVE_SINGLE.items():
            yield f"二/{label}", getattr(report.active, field), field == "fees_10k_yuan"
    if report.applications is not None:
        for key, values in report.applications.rows.items():
            for col, value in enumerate(values):
                yield row_where(key, col), value, False
    if report.review_litigation is not None:
        for key, label in REVIEW_GROUPS.items():
            for field, field_label in REVIEW_FIELDS.items():
                yield f"{label}/{field_label}", getattr(getattr(report.review_litigation, key), field), False


def check_values(report: Report) -> list[Finding]:
    """value.invalid: unreadable, negative or non-integer counts (fees may be decimal)."""
    findings: list[Finding] = []
    seen = report.meta.unreadable
    for where, value, decimal in _cells(report):
        if value is None:
            if report.meta.truncated:
                continue  # the stored copy ends inside the table; the rest is absent, not wrong
            raw = seen.get(where) or seen.get(where.rsplit("/", 1)[0])
            problem = f"无法读取（{raw}）" if raw else "无法读取"
        elif isinstance(value, float) and not decimal:
            problem = f"不是整数（{value}）"
        elif isinstance(value, int | float) and value < 0:
            problem = f"为负数（{value}）"
        else:
            continue
        findings.append(Finding(rule="value.invalid", severity="error", where=where, actual=value,
                                message=f"“{where}”的数值{problem}，请核对原表。"))
    return findings
