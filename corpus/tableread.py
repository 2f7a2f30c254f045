"""What reading one table produced: the table (or None), unreadable cells, label issues, how cells were read."""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.cells import Table, table_cells
from nianbao.model import LabelIssue


@dataclass
class TableRead:
    """One recognised table and what the parser saw around it."""

    table: Table | None
    unreadable: dict[str, str] = field(default_factory=dict)
    label_issues: list[LabelIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    inferred: dict[str, str] = field(default_factory=dict)  # where -> how it was read (identity, row order)
    kinds: dict[str, str] = field(default_factory=dict)  # where -> kind of an unread or inferred entry
    span: tuple[int, int] | None = None  # where the table is in the text it was read from (the rest is prose)

    @property
    def null_count(self) -> int:
        """How many cells are null (for choosing between two readings)."""
        if self.table is None:
            return 10**6
        return sum(1 for cell in table_cells(self.table) if cell.value is None)
