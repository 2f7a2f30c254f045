"""Table figures that changed between two years of one agency, addressed like findings (nianbao.cells)."""

from __future__ import annotations

from typing import Any

from nianbao.cells import Value, cells
from nianbao.model import Report


def figure_values(report: Report) -> dict[str, Value]:
    """Every table figure of the report keyed by its address (empty for a report without tables)."""
    return {cell.where: cell.value for cell in cells(report)}


def changed_figures(previous: Report, current: Report) -> list[dict[str, Any]]:
    """Figures known in both years whose value changed, in table order: {"where", "from", "to"}."""
    before = figure_values(previous)
    changes = []
    for where, value in figure_values(current).items():
        old = before.get(where)
        if old is not None and value is not None and old != value:
            changes.append({"where": where, "from": old, "to": value})
    return changes
