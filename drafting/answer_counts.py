"""Questions about our own counts ("去年我局收到多少件申请"), answered from the stored tables with their cells.

The figure is read from the table's cells (nianbao.cells); a sum over several cells is added here, by
our code, and says which cells it adds. Nothing else computes a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.cells import cells
from nianbao.drafting.render import format_value
from nianbao.model import Report

_TABLES = {"active": "表二（主动公开政府信息情况）", "applications": "表三（收到和处理政府信息公开申请情况）",
           "review_litigation": "表四（政府信息公开行政复议、行政诉讼情况）"}
_QUANTITY = re.compile(r"多少|几件|几个|几起|几次|几宗|几项|数量|总数|几多|多大|有几")
_PERIOD = re.compile(r"工作日|多少天|几天|天内|日内|期限|多久|多长时间|几个月")  # a question about a time limit, not a count


@dataclass(frozen=True)
class CountTopic:
    """A figure a clerk asks about: the words that name it, the cells it is (or sums), how to say it."""

    name: str
    pattern: re.Pattern[str]
    keys: tuple[tuple[str, str, str], ...]  # (table, row, column) of nianbao.cells
    phrase: str  # "{value}" is the figure
    unit: str = "件"


def _apps(*rows: str) -> tuple[tuple[str, str, str], ...]:
    """The 总计 cells of application rows."""
    return tuple(("applications", r, "total") for r in rows)


def _review(column: str, *groups: str) -> tuple[tuple[str, str, str], ...]:
    """Cells of one column of table 四's groups."""
    return tuple(("review_litigation", g, column) for g in groups)


_SUITS = ("suit_direct", "suit_after_review")
# most specific first: the first topic whose words occur is the one asked about
TOPICS: tuple[CountTopic, ...] = (
    CountTopic("carried_in", re.compile(r"上年结转|结转自上"), _apps("carried_in"), "上年结转政府信息公开申请{value}件"),
    CountTopic("carried_out", re.compile(r"结转(?:到|至)?下"), _apps("carried_out"), "结转下年度继续办理{value}件"),
    CountTopic("partial", re.compile(r"部分公开"), _apps("partial"), "部分公开{value}件"),
    CountTopic("denied", re.compile(r"不予公开|不公开"), _apps(*(f"denied_{i}" for i in range(1, 9))),
               "不予公开{value}件"),
    CountTopic("unavailable", re.compile(r"无法提供"), _apps("unavailable_1", "unavailable_2", "unavailable_3"),
               "无法提供{value}件"),
    CountTopic("not_processed", re.compile(r"不予处理"), _apps(*(f"not_processed_{i}" for i in range(1, 6))),
               "不予处理{value}件"),
    CountTopic("granted", re.compile(r"予以公开|全部公开"), _apps("granted"), "予以公开{value}件"),
    CountTopic("suits", re.compile(r"行政诉讼|起诉|诉讼|被告"), _review("total", *_SUITS), "被提起行政诉讼{value}件"),
    CountTopic("review", re.compile(r"行政复议|复议"), _review("total", "review"), "被申请行政复议{value}件"),
    CountTopic("corrected", re.compile(r"纠正|纠错"), _review("corrected", "review", *_SUITS),
               "行政复议、行政诉讼结果纠正{value}件"),
    CountTopic("results", re.compile(r"办结|办理了|处理了|答复了|办理结果"), _apps("results_total"),
               "办结（办理结果总计）政府信息公开申请{value}件"),
    CountTopic("new", re.compile(r"(?:收到|新收|受理|接到|接收|有)[^，。？?]{0,14}申请|申请[^，。？?]{0,4}(?:多少|几)"),
               _apps("new"), "新收政府信息公开申请{value}件"),
    CountTopic("normative_in_force", re.compile(r"现行有效"), (("active", "normative_documents", "in_force"),),
               "现行有效行政规范性文件{value}件"),
    CountTopic("normative_repealed", re.compile(r"废止"), (("active", "normative_documents", "repealed"),),
               "废止行政规范性文件{value}件"),
    CountTopic("normative_issued", re.compile(r"规范性文件"), (("active", "normative_documents", "issued"),),
               "制发行政规范性文件{value}件"),
    CountTopic("licensing", re.compile(r"行政许可|许可"), (("active", "licensing", ""),), "作出行政许可决定{value}件"),
    CountTopic("punishment", re.compile(r"行政处罚|处罚"), (("active", "punishment", ""),), "作出行政处罚决定{value}件"),
    CountTopic("coercion", re.compile(r"行政强制"), (("active", "coercion", ""),), "作出行政强制决定{value}件"),
    CountTopic("fees", re.compile(r"行政事业性收费|收费金额"), (("active", "fees_10k_yuan", ""),),
               "行政事业性收费{value}万元", "万元"),
)


@dataclass(frozen=True)
class CountAnswer:
    """A figure from a stored table: the answer sentence and where it was read."""

    text: str
    value: int | float | None
    source: str  # report
    table: str
    rows: tuple[str, ...]  # the cells' addresses (nianbao.cells)

    @property
    def citation(self) -> str:
        """Report, table and row(s) of the figure."""
        rows = "、".join(self.rows) if len(self.rows) <= 3 else f"{self.rows[0]} 等 {len(self.rows)} 项之和"
        return f"{self.source} · {self.table} · {rows}"


def count_topic(question: str) -> CountTopic | None:
    """The figure a question asks for ("多少/几件" and a row's words), or None when it asks for no figure."""
    if not _QUANTITY.search(question) or _PERIOD.search(question):
        return None
    return next((t for t in TOPICS if t.pattern.search(question)), None)


def answer_count(topic: CountTopic, report: Report, source: str) -> CountAnswer:
    """The figure of a topic in a report's tables; None value (with a sentence saying so) when a cell is blank."""
    found = {(c.table, c.row, c.column): c for c in cells(report)}
    table = _TABLES[topic.keys[0][0]]
    chosen = [found.get(k) for k in topic.keys]
    rows = tuple(c.where for c in chosen if c is not None)
    who = f"{report.agency}{report.year}年"
    if not rows or any(c is None or c.value is None for c in chosen):
        return CountAnswer(f"{source}的{table}中没有可读的这一项数字，无法回答。", None, source, table, rows)
    values = [c.value for c in chosen if c is not None and c.value is not None]
    value = sum(values) if len(values) > 1 else values[0]
    summed = f"（{len(values)} 项之和）" if len(values) > 1 else ""
    text = f"{who}{topic.phrase.format(value=format_value(value))}{summed}。"
    return CountAnswer(text, value, source, table, rows)
