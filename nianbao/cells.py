"""One walk over a report's table cells, with the one address scheme every room uses.

Addresses (the `where` of findings, of unreadable cells and of changed figures):
- part 二: `二/规章/本年制发件数`, `二/行政许可`;
- part 三: `一、本年新收政府信息公开申请数量/自然人`, `（三）不予公开/1.属于国家秘密/总计`
  (group, official row label, column);
- part 四: `行政复议/总计`, `行政诉讼/复议后起诉/结果维持`.
A row's address without its column names the whole row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from nianbao.model import (
    ACTIVE_FIELDS,
    ACTIVE_ROWS,
    ACTIVE_SINGLE,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    COLUMN_LABELS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    ROW_GROUPS,
    ROW_LABELS,
    Report,
)

Table = Literal["active", "applications", "review_litigation"]
Value = int | float | None


@dataclass(frozen=True)
class Cell:
    """One table cell: its address, the model keys that hold it, and its value."""

    where: str
    table: Table
    row: str  # model key: "rules", "licensing", "new", "review", …
    column: str  # model key: "issued", "total", "maintained", … ("" for part 二's single-value rows)
    value: Value
    decimal: bool = False  # may hold a decimal (the fee amount)


def active_where(row: str, field: str | None = None) -> str:
    """Address of a part 二 row (and field): 二/规章/本年制发件数, 二/行政许可."""
    path = f"二/{(ACTIVE_ROWS | ACTIVE_SINGLE)[row]}"
    return path if field is None else f"{path}/{ACTIVE_FIELDS[field]}"


def row_where(key: str, column: int | None = None) -> str:
    """Address of a part 三 row (and column by index in APPLICANT_COLUMNS)."""
    group = ROW_GROUPS[key]
    path = f"{group}/{ROW_LABELS[key]}" if group else ROW_LABELS[key]
    return path if column is None else f"{path}/{COLUMN_LABELS[APPLICANT_COLUMNS[column]]}"


def review_where(group: str, field: str | None = None) -> str:
    """Address of a part 四 group (and field): 行政复议/总计."""
    path = REVIEW_GROUPS[group]
    return path if field is None else f"{path}/{REVIEW_FIELDS[field]}"


def cells(report: Report) -> Iterator[Cell]:
    """Every cell of the tables the report has, in the official order (part 二, 三, 四)."""
    if report.active is not None:
        for row in ACTIVE_ROWS:
            values = getattr(report.active, row)
            for field in ACTIVE_FIELDS:
                yield Cell(active_where(row, field), "active", row, field, getattr(values, field))
        for row in ACTIVE_SINGLE:
            yield Cell(active_where(row), "active", row, "", getattr(report.active, row), row == "fees_10k_yuan")
    if report.applications is not None:
        for key in APPLICATION_ROWS:
            row_values = report.applications.rows.get(key) or []
            for col, (column, value) in enumerate(zip(APPLICANT_COLUMNS, row_values, strict=False)):
                yield Cell(row_where(key, col), "applications", key, column, value)
    if report.review_litigation is not None:
        for group in REVIEW_GROUPS:
            values = getattr(report.review_litigation, group)
            for field in REVIEW_FIELDS:
                yield Cell(review_where(group, field), "review_litigation", group, field, getattr(values, field))
