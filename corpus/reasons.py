"""Why a row was not read, or how it was inferred: the Chinese reasons of `read_status` and value.invalid."""

from __future__ import annotations

from nianbao.corpus.rows import RowOutcome


def _readings(outcome: RowOutcome) -> str:
    """Up to three cuts of a digit run, for the message (“5/7/30、5/73/0”)."""
    return "、".join("/".join(r) for r in outcome.readings[:3])


def _identity_reason(outcome: RowOutcome, identity: str) -> str:
    """A digit run read only because one cut (or the cells all fitting cuts share) satisfies the identity."""
    partly = None in outcome.cells
    how = "有多种拆分满足" if partly else "只有一种拆分满足"
    tail = "，只读取各种拆分一致的单元格" if partly else "，据此读取"
    return (f"数字连写“{outcome.raw}”：{how}“{identity}”{tail}；这一行的总计核对因此不是独立核对，"
            "请以原表为准")


def row_reason(outcome: RowOutcome, identity: str, width: int) -> str:
    """The reason for a row's unread cells or its inferred reading; empty when it was read plainly."""
    how, raw = outcome.how, outcome.raw
    if how == "missing":
        return "表格中找不到这一行"
    if how == "empty":
        return "该行没有填写数值（空白单元格）"
    if how == "order":
        return "这一行在文本中没有行标签，按统一格式的行序和数值个数放置"
    if how == "identity":
        return _identity_reason(outcome, identity)
    if how == "ambiguous":
        which = "部分单元格" if any(c is not None for c in outcome.cells) else "各格"
        return f"数字连写“{raw}”有多种拆分方式（如 {_readings(outcome)}），无法确定{which}数值"
    if how == "unfit":
        return (f"数字连写“{raw}”有多种拆分方式，且没有一种满足“{identity}”，无法确定各格数值"
                "（原表数字可能有误）")
    if how == "short":
        return f"表中只读到 {raw} 个数值，应为 {width} 个"
    if how == "none":
        count = len(raw.split())
        if count and count < width and sum(len(t) for t in raw.split()) < width:
            return f"只读到 {count} 个数值（“{raw}”），应为 {width} 个，无法逐格对应"
        return f"读到的数值“{raw}”无法对应为 {width} 格，无法逐格对应"
    return ""
