"""narrative.table_mismatch: figures stated in the prose against the tables.

Precision over recall: a pattern only fires on a sentence that clearly states this year's
figure for one table cell, never on comparisons with last year, sub-counts (其中…) or other
years. A false alarm costs a clerk's trust.
"""

from __future__ import annotations

from collections.abc import Callable

from nianbao.checker.claims import Claim, Pattern, cn_number, find_claims
from nianbao.model import ROW_LABELS, Finding, Report

__all__ = ["Claim", "Pattern", "check_narrative", "cn_number", "find_claims", "prose_of"]

_GROUPS: dict[str, tuple[str, ...]] = {
    "denied": tuple(f"denied_{i}" for i in range(1, 9)),
    "unavailable": tuple(f"unavailable_{i}" for i in range(1, 4)),
    "not_processed": tuple(f"not_processed_{i}" for i in range(1, 6)),
    "other": tuple(f"other_{i}" for i in range(1, 4)),
}


def _sum(values: list[int | None]) -> int | None:
    """The sum, or None when a value is unknown."""
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def _table_value(report: Report, cell: str) -> int | float | None:
    """The table's value for a claim's cell, or None when absent/unreadable."""
    apps, review, active = report.applications, report.review_litigation, report.active
    if cell in {"new", "carried_in", "carried_out", "results_total", "granted", "partial"} and apps is not None:
        return apps.rows[cell][6]
    if cell in _GROUPS and apps is not None:
        return _sum([apps.rows[k][6] for k in _GROUPS[cell]])
    if cell == "normative_issued" and active is not None:
        return active.normative_documents.issued
    if cell == "review" and review is not None:
        return review.review.total
    if cell == "suits" and review is not None:
        a, b = review.suit_direct.total, review.suit_after_review.total
        return a + b if a is not None and b is not None else None
    if cell == "fees" and active is not None:
        return active.fees_10k_yuan
    return None


_CELL_LABELS: dict[str, str] = {
    "new": "表三“一、本年新收政府信息公开申请数量”总计",
    "carried_in": "表三“二、上年结转政府信息公开申请数量”总计",
    "carried_out": "表三“四、结转下年度继续办理”总计",
    "review": "表四“行政复议”总计",
    "suits": "表四“行政诉讼”两项总计之和",
    "fees": "表二“行政事业性收费”金额（万元）",
    "results_total": "表三“（七）总计”总计",
    "granted": "表三“（一）予以公开”总计",
    "partial": "表三“（二）部分公开”总计",
    "denied": "表三“（三）不予公开”各项总计之和",
    "unavailable": "表三“（四）无法提供”各项总计之和",
    "not_processed": "表三“（五）不予处理”各项总计之和",
    "other": "表三“（六）其他处理”各项总计之和",
    "normative_issued": "表二“行政规范性文件”本年制发件数",
}
_CELL_WHERE: dict[str, str] = {
    "new": "一、本年新收政府信息公开申请数量/总计",
    "carried_in": "二、上年结转政府信息公开申请数量/总计",
    "carried_out": "四、结转下年度继续办理/总计",
    "review": "行政复议/总计",
    "suits": "行政诉讼/总计",
    "fees": "二/行政事业性收费",
    "results_total": "三、本年度办理结果/（七）总计/总计",
    "granted": f"三、本年度办理结果/{ROW_LABELS['granted']}/总计",
    "partial": f"三、本年度办理结果/{ROW_LABELS['partial']}/总计",
    "denied": "（三）不予公开/总计",
    "unavailable": "（四）无法提供/总计",
    "not_processed": "（五）不予处理/总计",
    "other": "（六）其他处理/总计",
    "normative_issued": "二/行政规范性文件/本年制发件数",
}


def prose_of(report: Report) -> str:
    """The narrative text: parts 一, 五, 六, and the sentences of parts 二–四 around their tables."""
    return "\n".join([*(report.parts.get(k, "") for k in ("1", "5", "6")), *report.meta.prose.values()])


def _with_carryover(report: Report, claim: Claim) -> int | None:
    """本年新收 + 上年结转, when a 受理 figure may count both."""
    apps = report.applications
    if claim.cell != "new" or "受理" not in claim.quote or apps is None:
        return None
    return _sum([apps.rows["new"][6], apps.rows["carried_in"][6]])


def check_narrative(report: Report, claims_of: Callable[[str, int | None], list[Claim]] = find_claims) -> list[Finding]:
    """A finding per prose figure that contradicts the table."""
    findings: list[Finding] = []
    for claim in claims_of(prose_of(report), report.year):
        table = _table_value(report, claim.cell)
        if table is None or table == claim.value:
            continue
        if _with_carryover(report, claim) == claim.value:
            findings.append(Finding(
                rule="narrative.accepted_with_carryover", severity="info", where=_CELL_WHERE["new"], expected=table,
                actual=claim.value, message=(f"正文“{claim.quote}”等于表三本年新收 {table} 加上年结转"
                                             f" {claim.value - table}（受理数含上年结转），不作为不一致。")))
            continue
        findings.append(Finding(
            rule="narrative.table_mismatch", severity="error", where=_CELL_WHERE[claim.cell],
            expected=table, actual=claim.value, article="第五十条",
            message=f"正文“{claim.quote}”与{_CELL_LABELS[claim.cell]} {table} 不一致。",
        ))
    return findings
