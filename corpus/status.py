"""Per-table read status for `parse --json`: complete, partial (which rows and why) or absent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nianbao.cells import table_cells
from nianbao.model import ReadNote, TableStatus

if TYPE_CHECKING:
    from nianbao.corpus.tableread import TableRead

def read_status(read: TableRead | None) -> TableStatus:
    """How a table was read, from the parser's reading of it."""
    if read is None or read.table is None:
        return TableStatus(status="absent")
    cells = [(c.row_where, c.where, c.value) for c in table_cells(read.table)]
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
