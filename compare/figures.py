"""Table figures of a report by official label path, and the figures that changed between two years."""

from __future__ import annotations

from typing import Any

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

Figure = int | float | None
_LONG_SUFFIX = "政府信息公开申请数量"


def short_row_label(key: str) -> str:
    """The official row label without the trailing 政府信息公开申请数量 or explanatory note in brackets."""
    label = ROW_LABELS[key].removesuffix(_LONG_SUFFIX)
    note = label.find("（", 1)
    return label[:note] if note > 0 else label


def _row_path(key: str) -> str:
    """`三/` + the row's group (if any) + its short label, e.g. 三/（三）不予公开/1.属于国家秘密."""
    group = ROW_GROUPS[key]
    return "/".join(p for p in ("三", group, short_row_label(key)) if p)


def figure_values(report: Report) -> dict[str, Figure]:
    """Every table figure of the report keyed by its label path (empty for a report without tables)."""
    values: dict[str, Figure] = {}
    if report.active is not None:
        for row, row_label in ACTIVE_ROWS.items():
            cells = getattr(report.active, row)
            for field, field_label in ACTIVE_FIELDS.items():
                values[f"二/{row_label}/{field_label}"] = getattr(cells, field)
        for field, label in ACTIVE_SINGLE.items():
            values[f"二/{label}"] = getattr(report.active, field)
    if report.applications is not None:
        for key in APPLICATION_ROWS:
            row = report.applications.rows.get(key) or []
            for column, value in zip(APPLICANT_COLUMNS, row, strict=False):
                values[f"{_row_path(key)}/{COLUMN_LABELS[column]}"] = value
    if report.review_litigation is not None:
        for group, group_label in REVIEW_GROUPS.items():
            cells = getattr(report.review_litigation, group)
            for field, field_label in REVIEW_FIELDS.items():
                values[f"四/{group_label}/{field_label}"] = getattr(cells, field)
    return values


def changed_figures(previous: Report, current: Report) -> list[dict[str, Any]]:
    """Figures known in both years whose value changed, in table order: {"where", "from", "to"}."""
    before = figure_values(previous)
    changes = []
    for where, value in figure_values(current).items():
        old = before.get(where)
        if old is not None and value is not None and old != value:
            changes.append({"where": where, "from": old, "to": value})
    return changes
