"""Rows cut only through their own identity are checked against the column identities before they are kept.

A digit run that lost its separators may have one cut that makes its six columns sum to its 总计 and
still not be the printed one (the row may hold a real error). Where the column identities of part 三
(（一）–（六） sum to （七）总计; 一 + 二 = （七） + 四) can be evaluated and fail in a column, a row that was
read only through its identity is not trusted there: it becomes null with the reason, never a number
that might differ from the printed one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nianbao.cells import row_where
from nianbao.model import RESULT_ROWS, Applications

if TYPE_CHECKING:
    from nianbao.corpus.tableread import TableRead

_BALANCE = ("new", "carried_in", "results_total", "carried_out")


def _failing_columns(rows: dict[str, list[int | None]]) -> tuple[set[int], set[int]]:
    """Columns where （一）–（六） do not sum to （七）, and columns where the balance does not hold (when known)."""
    results, balance = set(), set()
    for col in range(7):
        parts = [rows[k][col] for k in RESULT_ROWS]
        total = rows["results_total"][col]
        if total is not None and None not in parts and sum(parts) != total:  # type: ignore[arg-type]
            results.add(col)
        new, cin, done, cout = (rows[k][col] for k in _BALANCE)
        if None not in (new, cin, done, cout) and new + cin != done + cout:  # type: ignore[operator]
            balance.add(col)
    return results, balance


def veto_identity_splits(apps: Applications, out: TableRead) -> None:
    """Null the rows read through their own identity that a failing column identity contradicts."""
    inferred = [k for k in apps.rows if out.kinds.get(row_where(k)) == "identity"]
    if not inferred:
        return
    results, balance = _failing_columns(apps.rows)
    for key in inferred:
        checks = (results if key in RESULT_ROWS or key == "results_total" else set()) | (
            balance if key in _BALANCE else set())
        if not checks:
            continue
        where = row_where(key)
        apps.rows[key] = [None] * 7
        out.inferred.pop(where, None)
        out.kinds[where] = "unfit"
        out.unreadable[where] = ("数字连写：按“六类申请人之和等于总计”只有一种拆分，但拆分后与列的勾稽关系不符，"
                                 "无法确定各格数值（原表数字可能有误）")
