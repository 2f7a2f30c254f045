"""Cross-year rules: carry-over of applications and the number of documents in force."""

from __future__ import annotations

from nianbao.cells import active_where, row_where
from nianbao.corpus.meta import same_agency, similar_agency
from nianbao.model import ACTIVE_ROWS, APPLICANT_COLUMNS, COLUMN_LABELS, Finding, Report


def unmatched_prior(report: Report, others: list[Report]) -> Finding | None:
    """crossyear.unmatched: a report of the year before exists but cannot be matched to this report's agency."""
    if report.year is None or any(consecutive(o, report) for o in others if o is not report):
        return None
    before = [o for o in others if o is not report and o.year == report.year - 1]
    unknown = report.agency is None or any(o.agency is None for o in before)
    close = [o for o in before if similar_agency(o.agency, report.agency) or (unknown and len(others) == 2)]
    if not close:
        return None
    names = "、".join(f"“{o.agency or '未识别机构'}”" for o in close)
    return Finding(
        rule="crossyear.unmatched", severity="info", where="机构名称", expected=report.agency,
        actual=close[0].agency,
        message=(f"有 {report.year - 1} 年的报告（{names}），但不能确认它与“{report.agency or '未识别机构'}”是同一机构，"
                 "未做跨年度核对（上年结转、现行有效件数）；如是同一机构，请统一机构名称后再核对。"),
    )


def consecutive(previous: Report, current: Report) -> bool:
    """Two reports of one agency for consecutive years."""
    return (
        previous.year is not None and current.year is not None and current.year == previous.year + 1
        and same_agency(previous.agency, current.agency)
    )


def check_pair(previous: Report, current: Report) -> list[Finding]:
    """crossyear.carryover and crossyear.in_force for `current` against the year before."""
    findings: list[Finding] = []
    if previous.applications is not None and current.applications is not None:
        out = previous.applications.rows["carried_out"]
        into = current.applications.rows["carried_in"]
        for col, name in enumerate(APPLICANT_COLUMNS):
            if out[col] is None or into[col] is None or out[col] == into[col]:
                continue
            label = COLUMN_LABELS[name]
            findings.append(Finding(
                rule="crossyear.carryover", severity="error", where=row_where("carried_in", col),
                expected=out[col], actual=into[col],
                message=(f"“{label}”列上年结转 {into[col]} 件，但 {previous.year} 年报告的“结转下年度继续办理”"
                         f"为 {out[col]} 件，两年数据不衔接。"),
            ))
    if previous.active is not None and current.active is not None:
        for key, label in ACTIVE_ROWS.items():
            before, now = getattr(previous.active, key), getattr(current.active, key)
            values = (before.in_force, now.issued, now.repealed, now.in_force)
            if any(v is None for v in values):
                continue
            expected = before.in_force + now.issued - now.repealed
            if expected != now.in_force:
                findings.append(Finding(
                    rule="crossyear.in_force", severity="warning", where=active_where(key, "in_force"),
                    expected=expected, actual=now.in_force,
                    message=(f"{label}现行有效 {now.in_force} 件，按上年现行有效 {before.in_force} + 本年制发 "
                             f"{now.issued} − 本年废止 {now.repealed} 应为 {expected} 件；若本年做过清理请在正文说明。"),
                ))
    return findings
