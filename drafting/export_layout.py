"""The three tables of the 2021 format as grids of cells with their spans, as the official template has them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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
    Active,
    Applications,
    Report,
    ReviewLitigation,
)

# The note printed in the header of part 三's table (an official label of the 2021 format, FORMAT.md §3).
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
ORGANISATIONS = "法人或其他组织"
RESULTS_GROUP = "三、本年度办理结果"
CONTENT = "信息内容"
DECISIONS = "本年处理决定数量"
FEE_HEADER = "本年收费金额（单位：万元）"
ACTIVE_BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", ("rules", "normative_documents")),
    ("第二十条第（五）项", ("licensing",)),
    ("第二十条第（六）项", ("punishment", "coercion")),
    ("第二十条第（八）项", ("fees_10k_yuan",)),
)
REVIEW_TOP = "行政复议"
LITIGATION_TOP = "行政诉讼"
SUIT_HEADERS: dict[str, str] = {"suit_direct": "未经复议直接起诉", "suit_after_review": "复议后起诉"}


@dataclass(frozen=True)
class Cell:
    """One cell of a grid at its top-left position, with its spans."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    value: bool = False


@dataclass(frozen=True)
class Grid:
    """A table as the template lays it out: size and the cells that start somewhere in it."""

    name: str
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]

    def rows(self) -> list[list[Cell]]:
        """The cells starting in each row, left to right."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out

    def spans(self) -> set[tuple[int, int, int, int]]:
        """(first row, first col, last row, last col) of every merged cell."""
        return {(c.row, c.col, c.row + c.rowspan - 1, c.col + c.colspan - 1)
                for c in self.cells if c.rowspan > 1 or c.colspan > 1}


def fmt(value: int | float | None) -> str:
    """A cell value as printed: integers plainly, decimals without exponent, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = format(Decimal(repr(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def active_grid(active: Active | None) -> Grid:
    """Part 二: four blocks of a 4-column table, single values spanning three columns."""
    active = active or Active()
    cells: list[Cell] = []
    r = 0
    for title, keys in ACTIVE_BLOCKS:
        cells.append(Cell(title, r, 0, colspan=4, header=True))
        r += 1
        if keys[0] in ACTIVE_ROWS:
            cells.append(Cell(CONTENT, r, 0, header=True))
            cells += [Cell(label, r, i + 1, header=True) for i, label in enumerate(ACTIVE_FIELDS.values())]
            r += 1
            for key in keys:
                row = getattr(active, key)
                cells.append(Cell(ACTIVE_ROWS[key], r, 0))
                cells += [Cell(fmt(getattr(row, f)), r, i + 1, value=True) for i, f in enumerate(ACTIVE_FIELDS)]
                r += 1
            continue
        cells.append(Cell(CONTENT, r, 0, header=True))
        cells.append(Cell(FEE_HEADER if keys[0] == "fees_10k_yuan" else DECISIONS, r, 1, colspan=3, header=True))
        r += 1
        for key in keys:
            cells.append(Cell(ACTIVE_SINGLE[key], r, 0))
            cells.append(Cell(fmt(getattr(active, key)), r, 1, colspan=3, value=True))
            r += 1
    return Grid("active", r, 4, tuple(cells))


def applications_grid(apps: Applications | None) -> Grid:
    """Part 三: three header rows under the 勾稽关系 note, 25 rows of 3 label columns and 7 values."""
    rows = (apps or Applications()).rows
    names = [COLUMN_LABELS[c] for c in APPLICANT_COLUMNS]
    cells = [
        Cell(BALANCE_NOTE, 0, 0, rowspan=3, colspan=3, header=True),
        Cell(APPLICANT_HEADER, 0, 3, colspan=7, header=True),
        Cell(names[0], 1, 3, rowspan=2, header=True),
        Cell(ORGANISATIONS, 1, 4, colspan=5, header=True),
        Cell(names[6], 1, 9, rowspan=2, header=True),
        *(Cell(name, 2, 4 + i, header=True) for i, name in enumerate(names[1:6])),
    ]
    first_result = 3 + APPLICATION_ROWS.index("granted")
    n_results = APPLICATION_ROWS.index("results_total") - APPLICATION_ROWS.index("granted") + 1
    cells.append(Cell(RESULTS_GROUP, first_result, 0, rowspan=n_results))
    for i, key in enumerate(APPLICATION_ROWS):
        r, group = 3 + i, ROW_GROUPS[key]
        if not group:
            cells.append(Cell(ROW_LABELS[key], r, 0, colspan=3))
        elif group == RESULTS_GROUP:
            cells.append(Cell(ROW_LABELS[key], r, 1, colspan=2))
        else:
            if ROW_GROUPS[APPLICATION_ROWS[i - 1]] != group:
                size = sum(1 for k in APPLICATION_ROWS if ROW_GROUPS[k] == group)
                cells.append(Cell(group, r, 1, rowspan=size))
            cells.append(Cell(ROW_LABELS[key], r, 2))
        cells += [Cell(fmt(v), r, 3 + c, value=True) for c, v in enumerate(rows.get(key) or [None] * 7)]
    return Grid("applications", 3 + len(APPLICATION_ROWS), 10, tuple(cells))


def review_grid(review: ReviewLitigation | None) -> Grid:
    """Part 四: 行政复议 (5 columns) and 行政诉讼 (two groups of 5) over one row of 15 numbers."""
    review = review or ReviewLitigation()
    fields = list(REVIEW_FIELDS.values())
    cells = [Cell(REVIEW_TOP, 0, 0, colspan=5, header=True), Cell(LITIGATION_TOP, 0, 5, colspan=10, header=True)]
    cells += [Cell(label, 1, i, rowspan=2, header=True) for i, label in enumerate(fields)]
    for g, label in enumerate(SUIT_HEADERS.values()):
        cells.append(Cell(label, 1, 5 + 5 * g, colspan=5, header=True))
        cells += [Cell(f, 2, 5 + 5 * g + i, header=True) for i, f in enumerate(fields)]
    values = [getattr(getattr(review, g), f) for g in REVIEW_GROUPS for f in REVIEW_FIELDS]
    cells += [Cell(fmt(v), 3, i, value=True) for i, v in enumerate(values)]
    return Grid("review", 4, 15, tuple(cells))


def report_grids(report: Report) -> dict[str, Grid]:
    """The grid of each table a report has, keyed by part ("2", "3", "4")."""
    grids: dict[str, Grid] = {}
    if report.active is not None:
        grids["2"] = active_grid(report.active)
    if report.applications is not None:
        grids["3"] = applications_grid(report.applications)
    if report.review_litigation is not None:
        grids["4"] = review_grid(report.review_litigation)
    return grids


def signoff(report: Report) -> tuple[str, str]:
    """The agency and the date closing the document (placeholders for what is unknown)."""
    agency = report.agency or "【请补充：机关名称】"
    published = report.meta.published
    date = f"{published.year}年{published.month}月{published.day}日" if published else "【请补充：成文日期】"
    return agency, date


@dataclass(frozen=True)
class Block:
    """One block of the rendered document: the title, a part heading, a paragraph or a table."""

    kind: str  # "title" | "heading" | "paragraph" | "table"
    text: str = ""
    grid: Grid | None = None
