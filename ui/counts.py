"""The counts editor's grids: the three official tables as editable frames, totals computed, and back to the model.

A new agency or year starts blank (every cell None, never zero). The 总计 column, the （七）总计 row and
each review group's 总计 are computed here from the cells the clerk typed; the checker still checks
the rest (the balance, carry-over). Each grid carries a 核对 column naming its row's problems.
"""

from __future__ import annotations

import math
import numbers

import pandas as pd

from nianbao.cells import cells, row_where
from nianbao.checker.names import rule_name
from nianbao.model import (
    ACTIVE_FIELDS,
    ACTIVE_ROWS,
    ACTIVE_SINGLE,
    APPLICANT_COLUMNS,
    APPLICATION_ROW_SPECS,
    APPLICATION_ROWS,
    COLUMN_LABELS,
    RESULT_ROWS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    Active,
    ActiveRow,
    Applications,
    Finding,
    Level,
    Report,
    ReviewGroup,
    ReviewLitigation,
)
from nianbao.ui.tables import applications_frame, review_frame

APP_INDEX = [f"{group}｜{label}" if group else label for _, label, group in APPLICATION_ROW_SPECS]
CHECK = "核对"
TOTAL = COLUMN_LABELS["total"]
_ROW_PATHS = {row_where(key): key for key in APPLICATION_ROWS}


def blank_counts(agency: str, year: int, level: Level) -> Report:
    """A report with every table present and every cell blank (None): nothing is stated until the clerk types it."""
    review = ReviewLitigation(**{g: ReviewGroup() for g in REVIEW_GROUPS})
    return Report(agency=agency, year=year, level=level, active=Active(), applications=Applications(),
                  review_litigation=review)


def blank_cells(report: Report) -> list[str]:
    """Addresses of the table cells nobody has filled in yet."""
    return [c.where for c in cells(report) if c.value is None and c.where not in report.meta.unreadable]


def is_blank(report: Report) -> bool:
    """No cell of any table is filled in."""
    return all(c.value is None for c in cells(report))


def without_blanks(findings: list[Finding], report: Report) -> list[Finding]:
    """The findings less “cannot be read” for cells that are merely not filled in yet."""
    blank = set(blank_cells(report))
    return [f for f in findings if not (f.rule == "value.invalid" and f.actual is None and f.where in blank)]


def with_totals(report: Report) -> Report:
    """The report with each 总计 computed from its parts where all of them are filled in."""
    out = report.model_copy(deep=True)
    if out.applications is not None:
        rows = out.applications.rows
        for col in range(6):
            parts = [rows[k][col] for k in RESULT_ROWS]
            if all(isinstance(v, int) for v in parts):
                rows["results_total"][col] = sum(v for v in parts if v is not None)
        for values in rows.values():
            if all(isinstance(v, int) for v in values[:6]):
                values[6] = sum(v for v in values[:6] if v is not None)
    if out.review_litigation is not None:
        for group in REVIEW_GROUPS:
            g = getattr(out.review_litigation, group)
            parts = [g.maintained, g.corrected, g.other, g.pending]
            if all(isinstance(v, int) for v in parts):
                g.total = sum(v for v in parts if v is not None)
    return out


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


def row_notes(findings: list[Finding]) -> dict[str, list[str]]:
    """Findings by the grid row they concern (application row key, review group or part 二 row label)."""
    notes: dict[str, list[str]] = {}
    for f in findings:
        where = f.where or ""
        if where.startswith("勾稽关系/"):
            key = "new"  # the balance of a column: shown on its first row
        elif where.rsplit("/", 1)[0] in _ROW_PATHS or where in _ROW_PATHS:
            key = _ROW_PATHS.get(where.rsplit("/", 1)[0]) or _ROW_PATHS[where]
        else:
            key = where.rsplit("/", 1)[0] if where.count("/") >= 1 else where
        column = where.rsplit("/", 1)[-1] if "/" in where else ""
        expected = f"，应为 {f.expected}" if f.expected is not None else ""
        notes.setdefault(key, []).append(f"⚠ {rule_name(f.rule)}：{column}{expected}")
    return notes


def _with_check(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """The frame with its 核对 column (one text per row) and a ⚠ before the label of each row with a problem."""
    out = frame.copy()
    out[CHECK] = pd.array(notes, dtype="string")
    out.index = [f"⚠ {label}" if note else label for label, note in zip(out.index, notes, strict=True)]
    return out


def documents_frame(report: Report, notes: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """第二十条第（一）项: 规章 and 行政规范性文件 × 制发/废止/现行有效."""
    active = report.active or Active()
    data = [[getattr(getattr(active, key), f) for f in ACTIVE_FIELDS] for key in ACTIVE_ROWS]
    frame = pd.DataFrame(data, index=list(ACTIVE_ROWS.values()), columns=list(ACTIVE_FIELDS.values()), dtype="Int64")
    notes = notes or {}
    return _with_check(frame, ["；".join(notes.get(f"二/{label}", [])) for label in ACTIVE_ROWS.values()])


def decisions_frame(report: Report) -> pd.DataFrame:
    """第二十条第（五）（六）（八）项: one value each (fees in 万元, may be decimal)."""
    active = report.active or Active()
    values = [getattr(active, key) for key in ACTIVE_SINGLE]
    return pd.DataFrame({"数量／金额（万元）": pd.array(values, dtype="Float64")}, index=list(ACTIVE_SINGLE.values()))


def editable_applications(report: Report, notes: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Part 三's 25×7 grid and its 核对 column."""
    frame = applications_frame(report)
    if frame is None:
        frame = pd.DataFrame([[None] * 7] * 25, index=APP_INDEX,
                             columns=[COLUMN_LABELS[c] for c in APPLICANT_COLUMNS], dtype="Int64")
    notes = notes or {}
    return _with_check(frame, ["；".join(notes.get(key, [])) for key in APPLICATION_ROWS])


def editable_review(report: Report, notes: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Part 四's 3×5 grid and its 核对 column."""
    frame = review_frame(report)
    if frame is None:
        frame = pd.DataFrame([[None] * 5] * 3, index=list(REVIEW_GROUPS.values()),
                             columns=list(REVIEW_FIELDS.values()), dtype="Int64")
    notes = notes or {}
    return _with_check(frame, ["；".join(notes.get(label, [])) for label in REVIEW_GROUPS.values()])


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


def _values(frame: pd.DataFrame, i: int, n: int) -> list[int | float | None]:
    """The first n cells of row i (the 核对 column left out)."""
    return [_value(v) for v in frame.iloc[i, :n].tolist()]


def frames_to_report(base: Report, documents: pd.DataFrame, decisions: pd.DataFrame,
                     applications: pd.DataFrame, review: pd.DataFrame) -> Report:
    """The edited grids as a report (agency, year, level and text kept from `base`), totals computed."""
    report = base.model_copy(deep=True)
    active = Active()
    for i, key in enumerate(ACTIVE_ROWS):
        setattr(active, key, ActiveRow(**dict(zip(ACTIVE_FIELDS, _values(documents, i, 3), strict=True))))
    for i, key in enumerate(ACTIVE_SINGLE):
        setattr(active, key, _value(decisions.iloc[i, 0], decimal=key == "fees_10k_yuan"))
    report.active = active
    report.applications = Applications(rows={
        key: _values(applications, i, 7) for i, (key, _, _) in enumerate(APPLICATION_ROW_SPECS)
    })
    report.review_litigation = ReviewLitigation(**{
        g: ReviewGroup(**dict(zip(REVIEW_FIELDS, _values(review, i, 5), strict=True)))
        for i, g in enumerate(REVIEW_GROUPS)
    })
    return with_totals(report)
