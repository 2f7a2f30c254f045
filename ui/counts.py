"""The counts editor's grids: the three official tables as editable frames, and back to the model."""

from __future__ import annotations

import math
import numbers

import pandas as pd

from nianbao.model import (
    ACTIVE_FIELDS,
    ACTIVE_ROWS,
    ACTIVE_SINGLE,
    APPLICANT_COLUMNS,
    APPLICATION_ROW_SPECS,
    COLUMN_LABELS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    Active,
    ActiveRow,
    Applications,
    Level,
    Report,
    ReviewGroup,
    ReviewLitigation,
)
from nianbao.ui.tables import applications_frame, review_frame

APP_INDEX = [f"{group}｜{label}" if group else label for _, label, group in APPLICATION_ROW_SPECS]


def blank_counts(agency: str, year: int, level: Level) -> Report:
    """A report with every table present and every cell zero."""
    apps = Applications(rows={key: [0] * 7 for key, _, _ in APPLICATION_ROW_SPECS})
    zero = {f: 0 for f in REVIEW_FIELDS}
    review = ReviewLitigation(**{g: ReviewGroup(**zero) for g in REVIEW_GROUPS})
    active = Active(rules=ActiveRow(issued=0, repealed=0, in_force=0),
                    normative_documents=ActiveRow(issued=0, repealed=0, in_force=0),
                    licensing=0, punishment=0, coercion=0, fees_10k_yuan=0)
    return Report(agency=agency, year=year, level=level, active=active, applications=apps,
                  review_litigation=review)


def start_from_last_year(counts: Report, previous: Report) -> Report:
    """Pre-fill 上年结转 from last year's 结转下年度 and 现行有效 from last year's in force."""
    updated = counts.model_copy(deep=True)
    if previous.applications is not None and updated.applications is not None:
        updated.applications.rows["carried_in"] = list(previous.applications.rows["carried_out"])
    if previous.active is not None and updated.active is not None:
        for key in ACTIVE_ROWS:
            before, now = getattr(previous.active, key), getattr(updated.active, key)
            if before.in_force is not None and now.issued is not None and now.repealed is not None:
                now.in_force = before.in_force + now.issued - now.repealed
    return updated


def documents_frame(report: Report) -> pd.DataFrame:
    """第二十条第（一）项: 规章 and 行政规范性文件 × 制发/废止/现行有效."""
    active = report.active or Active()
    data = [[getattr(getattr(active, key), f) for f in ACTIVE_FIELDS] for key in ACTIVE_ROWS]
    return pd.DataFrame(data, index=list(ACTIVE_ROWS.values()), columns=list(ACTIVE_FIELDS.values()), dtype="Int64")


def decisions_frame(report: Report) -> pd.DataFrame:
    """第二十条第（五）（六）（八）项: one value each (fees in 万元, may be decimal)."""
    active = report.active or Active()
    values = [getattr(active, key) for key in ACTIVE_SINGLE]
    return pd.DataFrame({"数量／金额（万元）": pd.array(values, dtype="Float64")}, index=list(ACTIVE_SINGLE.values()))


def editable_applications(report: Report) -> pd.DataFrame:
    """Part 三's 25×7 grid."""
    frame = applications_frame(report)
    if frame is None:
        frame = pd.DataFrame([[None] * 7] * 25, index=APP_INDEX,
                             columns=[COLUMN_LABELS[c] for c in APPLICANT_COLUMNS], dtype="Int64")
    return frame


def editable_review(report: Report) -> pd.DataFrame:
    """Part 四's 3×5 grid."""
    frame = review_frame(report)
    if frame is None:
        frame = pd.DataFrame([[None] * 5] * 3, index=list(REVIEW_GROUPS.values()),
                             columns=list(REVIEW_FIELDS.values()), dtype="Int64")
    return frame


def _value(cell: object, decimal: bool = False) -> int | float | None:
    """A grid cell as a count (None when blank)."""
    if cell is None or cell is pd.NA or (isinstance(cell, float) and math.isnan(cell)):
        return None
    if not isinstance(cell, numbers.Real | str):
        raise ValueError(f"不是数字：{cell!r}")
    number = float(cell)
    if decimal and not number.is_integer():
        return number
    return int(number) if number.is_integer() else number


def frames_to_report(base: Report, documents: pd.DataFrame, decisions: pd.DataFrame,
                     applications: pd.DataFrame, review: pd.DataFrame) -> Report:
    """The edited grids as a report (agency, year, level and text kept from `base`)."""
    report = base.model_copy(deep=True)
    active = Active()
    for i, key in enumerate(ACTIVE_ROWS):
        values = [_value(v) for v in documents.iloc[i].tolist()]
        setattr(active, key, ActiveRow(**dict(zip(ACTIVE_FIELDS, values, strict=True))))
    for i, key in enumerate(ACTIVE_SINGLE):
        setattr(active, key, _value(decisions.iloc[i, 0], decimal=key == "fees_10k_yuan"))
    report.active = active
    report.applications = Applications(rows={
        key: [_value(v) for v in applications.iloc[i].tolist()] for i, (key, _, _) in enumerate(APPLICATION_ROW_SPECS)
    })
    report.review_litigation = ReviewLitigation(**{
        g: ReviewGroup(**dict(zip(REVIEW_FIELDS, [_value(v) for v in review.iloc[i].tolist()], strict=True)))
        for i, g in enumerate(REVIEW_GROUPS)
    })
    return report
