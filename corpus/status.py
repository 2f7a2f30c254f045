"""Per-table read status for `parse --json`: complete, partial (which rows and why) or absent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.labels import application_where
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
    Active,
    Active2019,
    Applications,
    ReadNote,
    ReviewLitigation,
    TableStatus,
)

if TYPE_CHECKING:
    from corpus.tables import TableRead

Table = Active | Active2019 | Applications | ReviewLitigation
_2019_FIELDS: dict[str, dict[str, str]] = {
    "rules": ACTIVE_2019_DOCUMENT_FIELDS, "normative_documents": ACTIVE_2019_DOCUMENT_FIELDS,
    "licensing": ACTIVE_2019_ITEM_FIELDS, "other_services": ACTIVE_2019_ITEM_FIELDS,
    "punishment": ACTIVE_2019_ITEM_FIELDS, "coercion": ACTIVE_2019_ITEM_FIELDS,
    "fees": ACTIVE_2019_FEE_FIELDS, "procurement": ACTIVE_2019_PROCUREMENT_FIELDS,
}


def _active_cells(table: Active) -> list[tuple[str, str, object]]:
    """(row where, cell where, value) of part 二 in the 2021 format."""
    out: list[tuple[str, str, object]] = []
    for row, label in ACTIVE_ROWS.items():
        for name, field_label in ACTIVE_FIELDS.items():
            out.append((f"二/{label}", f"二/{label}/{field_label}", getattr(getattr(table, row), name)))
    out += [(f"二/{label}", f"二/{label}", getattr(table, key)) for key, label in ACTIVE_SINGLE.items()]
    return out


def _active_2019_cells(table: Active2019) -> list[tuple[str, str, object]]:
    """(row where, cell where, value) of part 二 in the 2019 format."""
    out: list[tuple[str, str, object]] = []
    for row, label in ACTIVE_2019_ROWS.items():
        for name, field_label in _2019_FIELDS[row].items():
            out.append((f"二/{label}", f"二/{label}/{field_label}", getattr(getattr(table, row), name)))
    return out


_APPLICATION_WHERE: dict[str, tuple[str, tuple[str, ...]]] = {
    key: (application_where(key), tuple(f"{application_where(key)}/{COLUMN_LABELS[c]}" for c in APPLICANT_COLUMNS))
    for key in APPLICATION_ROWS
}


def cells_with_rows(table: Table) -> list[tuple[str, str, object]]:
    """Every cell of a table as (row where, cell where, value)."""
    if isinstance(table, Applications):
        return [(_APPLICATION_WHERE[key][0], _APPLICATION_WHERE[key][1][col], v)
                for key, values in table.rows.items() for col, v in enumerate(values)]
    if isinstance(table, ReviewLitigation):
        return [(label, f"{label}/{field_label}", getattr(getattr(table, group), name))
                for group, label in REVIEW_GROUPS.items() for name, field_label in REVIEW_FIELDS.items()]
    if isinstance(table, Active2019):
        return _active_2019_cells(table)
    return _active_cells(table)


def table_cells(table: Table) -> list[tuple[str, object]]:
    """Every cell of a table as (where, value)."""
    return [(where, value) for _, where, value in cells_with_rows(table)]


def read_status(read: TableRead | None) -> TableStatus:
    """How a table was read, from the parser's reading of it."""
    if read is None or read.table is None:
        return TableStatus(status="absent")
    cells = cells_with_rows(read.table)
    unread: dict[str, str] = {}
    for row, where, value in cells:
        if value is not None:
            continue
        if where in read.unreadable:
            unread.setdefault(where, read.unreadable[where])
        else:
            unread.setdefault(row, read.unreadable.get(row, "无法读取"))
    done = sum(1 for _, _, v in cells if v is not None)
    return TableStatus(
        status="complete" if done == len(cells) else "partial", cells=len(cells), read=done,
        unread=[ReadNote(where=w, reason=r, kind=read.kinds.get(w, "")) for w, r in unread.items()],
        inferred=[ReadNote(where=w, reason=r, kind=read.kinds.get(w, "")) for w, r in read.inferred.items()],
    )
