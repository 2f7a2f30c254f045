"""One walk over a report's table cells, with the one address scheme every room uses.

Addresses (the `where` of findings, of unreadable cells and of changed figures):
- part 二: `二/规章/本年制发件数`, `二/行政许可` (2019 format: `二/规范性文件/本年新制作数量`);
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
    ACTIVE_2019_DOCUMENT_FIELDS,
    ACTIVE_2019_FEE_FIELDS,
    ACTIVE_2019_ITEM_FIELDS,
    ACTIVE_2019_PROCUREMENT_FIELDS,
    ACTIVE_2019_ROWS,
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
    Active,
    Active2019,
    Applications,
    Report,
    ReviewLitigation,
)

TableName = Literal["active", "active_2019", "applications", "review_litigation"]
Table = Active | Active2019 | Applications | ReviewLitigation
Value = int | float | None

_2019_FIELDS: dict[str, dict[str, str]] = {
    "rules": ACTIVE_2019_DOCUMENT_FIELDS, "normative_documents": ACTIVE_2019_DOCUMENT_FIELDS,
    "licensing": ACTIVE_2019_ITEM_FIELDS, "other_services": ACTIVE_2019_ITEM_FIELDS,
    "punishment": ACTIVE_2019_ITEM_FIELDS, "coercion": ACTIVE_2019_ITEM_FIELDS,
    "fees": ACTIVE_2019_FEE_FIELDS, "procurement": ACTIVE_2019_PROCUREMENT_FIELDS,
}


@dataclass(frozen=True)
class Cell:
    """One table cell: its address, its row's address, the model keys that hold it, and its value."""

    where: str
    row_where: str
    table: TableName
    row: str  # model key: "rules", "licensing", "new", "review", …
    column: str  # model key: "issued", "total", "maintained", … ("" for part 二's single-value rows)
    value: Value
    decimal: bool = False  # may hold a decimal (the fee amount, the 2019 procurement amount)


def active_where(row: str, field: str | None = None) -> str:
    """Address of a part 二 row (and field): 二/规章/本年制发件数, 二/行政许可."""
    path = f"二/{(ACTIVE_ROWS | ACTIVE_SINGLE)[row]}"
    return path if field is None else f"{path}/{ACTIVE_FIELDS[field]}"


def active_2019_where(row: str, field: str | None = None) -> str:
    """Address of a 2019-format part 二 row (and field): 二/规范性文件/本年新制作数量."""
    path = f"二/{ACTIVE_2019_ROWS[row]}"
    return path if field is None else f"{path}/{_2019_FIELDS[row][field]}"


def row_where(key: str, column: int | None = None) -> str:
    """Address of a part 三 row (and column by index in APPLICANT_COLUMNS)."""
    group = ROW_GROUPS[key]
    path = f"{group}/{ROW_LABELS[key]}" if group else ROW_LABELS[key]
    return path if column is None else f"{path}/{COLUMN_LABELS[APPLICANT_COLUMNS[column]]}"


def review_where(group: str, field: str | None = None) -> str:
    """Address of a part 四 group (and field): 行政复议/总计."""
    path = REVIEW_GROUPS[group]
    return path if field is None else f"{path}/{REVIEW_FIELDS[field]}"


def table_cells(table: Table) -> Iterator[Cell]:
    """Every cell of one table, in the official order."""
    if isinstance(table, Active):
        for row in ACTIVE_ROWS:
            values = getattr(table, row)
            for field in ACTIVE_FIELDS:
                yield Cell(active_where(row, field), active_where(row), "active", row, field, getattr(values, field))
        for row in ACTIVE_SINGLE:
            yield Cell(active_where(row), active_where(row), "active", row, "", getattr(table, row),
                       row == "fees_10k_yuan")
    elif isinstance(table, Active2019):
        for row in ACTIVE_2019_ROWS:
            values = getattr(table, row)
            for field in _2019_FIELDS[row]:
                yield Cell(active_2019_where(row, field), active_2019_where(row), "active_2019", row, field,
                           getattr(values, field), field == "amount")
    elif isinstance(table, Applications):
        for key in APPLICATION_ROWS:
            row_values = table.rows.get(key) or []
            for col, (column, value) in enumerate(zip(APPLICANT_COLUMNS, row_values, strict=False)):
                yield Cell(row_where(key, col), row_where(key), "applications", key, column, value)
    else:
        for group in REVIEW_GROUPS:
            values = getattr(table, group)
            for field in REVIEW_FIELDS:
                yield Cell(review_where(group, field), review_where(group), "review_litigation", group, field,
                           getattr(values, field))


def cells(report: Report) -> Iterator[Cell]:
    """Every cell of the 2021-format tables the report has, in the official order (part 二, 三, 四)."""
    for table in (report.active, report.applications, report.review_litigation):
        if table is not None:
            yield from table_cells(table)
