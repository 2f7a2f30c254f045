"""The report model as data frames with the official labels, for display and editing."""

from __future__ import annotations

import pandas as pd

from nianbao.checker.names import rule_name
from nianbao.model import (
    ACTIVE_FIELDS,
    ACTIVE_ROWS,
    ACTIVE_SINGLE,
    APPLICANT_COLUMNS,
    APPLICATION_ROW_SPECS,
    COLUMN_LABELS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    Finding,
    Report,
)

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def applications_frame(report: Report) -> pd.DataFrame | None:
    """Part 三 as 25 labelled rows × 7 columns."""
    if report.applications is None:
        return None
    index = [f"{group}｜{label}" if group else label for _, label, group in APPLICATION_ROW_SPECS]
    data = [report.applications.rows[key] for key, _, _ in APPLICATION_ROW_SPECS]
    return pd.DataFrame(data, index=index, columns=[COLUMN_LABELS[c] for c in APPLICANT_COLUMNS], dtype="Int64")


def active_frame(report: Report) -> pd.DataFrame | None:
    """Part 二 as one table: the two 第二十条第（一）项 rows, then the single-value rows."""
    if report.active is None:
        return None
    rows: dict[str, list[object]] = {}
    for key, label in ACTIVE_ROWS.items():
        row = getattr(report.active, key)
        rows[label] = [getattr(row, f) for f in ACTIVE_FIELDS]
    for key, label in ACTIVE_SINGLE.items():
        rows[label] = [getattr(report.active, key), None, None]
    columns = [*ACTIVE_FIELDS.values()]
    columns[0] = "本年制发件数／本年处理决定数量／本年收费金额（万元）"
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def review_frame(report: Report) -> pd.DataFrame | None:
    """Part 四 as three groups × five results."""
    if report.review_litigation is None:
        return None
    data = [[getattr(getattr(report.review_litigation, g), f) for f in REVIEW_FIELDS] for g in REVIEW_GROUPS]
    return pd.DataFrame(data, index=list(REVIEW_GROUPS.values()), columns=list(REVIEW_FIELDS.values()), dtype="Int64")


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a table with Chinese headers and Chinese rule names (the ids stay in the JSON output)."""
    return pd.DataFrame(
        [{"级别": SEVERITY_LABELS[f.severity], "规则": rule_name(f.rule), "位置": f.where or "", "说明": f.message,
          "应为": "" if f.expected is None else str(f.expected), "实际": "" if f.actual is None else str(f.actual),
          "条例": f.article or ""} for f in findings],
        columns=["级别", "规则", "位置", "说明", "应为", "实际", "条例"],
    )
