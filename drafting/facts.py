"""What the counts say, and how they changed against the prior year (pure, deterministic)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from nianbao.cells import row_where
from nianbao.drafting.quotes import screen_item, table_values
from nianbao.model import REVIEW_FIELDS, Report

_GROUPS: dict[str, tuple[str, ...]] = {
    "denied": tuple(f"denied_{i}" for i in range(1, 9)),
    "unavailable": ("unavailable_1", "unavailable_2", "unavailable_3"),
    "not_processed": tuple(f"not_processed_{i}" for i in range(1, 6)),
    "other": ("other_1", "other_2", "other_3"),
}
_GROUP_LABELS = {"denied": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
                 "other": "（六）其他处理"}
_CHANGED = {"new": "新收申请", "disputes_total": "复议与诉讼总计", "corrected_total": "复议、诉讼结果纠正之和",
            "carried_out": "结转下年度继续办理"}
_ROWS = ("new", "carried_in", "granted", "partial", "results_total", "carried_out", "unavailable_1",
         "unavailable_3", "not_processed_1", "not_processed_2")


@dataclass(frozen=True)
class Figure:
    """One figure a draft may state, with where it comes from."""

    key: str
    value: int | float
    source: str


@dataclass(frozen=True)
class Item:
    """One problem or measure of last year's part 五, and a short topic for citing it."""

    text: str
    topic: str


@dataclass
class Facts:
    """The figures of the year, their changes against the prior year, notable points and last year's part 五."""

    agency: str
    year: int
    level: str
    figures: dict[str, Figure] = field(default_factory=dict)
    trends: dict[str, str] = field(default_factory=dict)  # key -> "up" | "down" | "flat"
    notable: list[str] = field(default_factory=list)
    prior_year: int | None = None
    prior_problems: list[Item] = field(default_factory=list)  # screened (drafting/quotes.py)
    prior_measures: list[Item] = field(default_factory=list)  # screened (drafting/quotes.py)
    prior_values: frozenset[float] = frozenset()  # the prior report's table values: what its text may quote
    quote_cuts: list[tuple[str, str, str]] = field(default_factory=list)  # (措施/问题, kind, piece) left out

    def value(self, key: str) -> int | float | None:
        """The value of a figure, None when unknown."""
        figure = self.figures.get(key)
        return None if figure is None else figure.value

    def add(self, key: str, value: int | float | None, source: str) -> None:
        """Record a figure (unknown values are skipped)."""
        if value is not None:
            self.figures[key] = Figure(key, value, source)


def _total(report: Report, key: str) -> int | None:
    """The 总计 column of an application row."""
    return None if report.applications is None else report.applications.rows[key][6]


def _sum(values: list[int | float | None]) -> int | float | None:
    """Sum of known values; None when any is unknown."""
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _pct(part: int | float | None, whole: int | float | None) -> float | None:
    """A share in percent with one decimal; None when undefined."""
    if part is None or not whole:
        return None
    return round(100 * part / whole, 1)


def _table_figures(facts: Facts, report: Report, prefix: str = "") -> None:
    """Figures read or summed from tables 三 and 四."""
    label = "上年" if prefix else ""
    for key in _ROWS:
        facts.add(prefix + key, _total(report, key), f"{label}表三/{row_where(key, 6)}")
    for group, keys in _GROUPS.items():
        facts.add(prefix + group, _sum([_total(report, k) for k in keys]), f"{label}表三/{_GROUP_LABELS[group]}各项之和/总计")
    if report.applications is not None:
        person = report.applications.rows["new"][0]
        facts.add(prefix + "new_person", person, f"{label}表三/一、本年新收/自然人")
        total = _total(report, "new")
        facts.add(prefix + "new_org", None if person is None or total is None else total - person,
                  f"{label}表三/一、本年新收/法人或其他组织（总计减自然人）")
    rl = report.review_litigation
    if rl is None:
        return
    for field_key in ("total", "corrected", "maintained", "pending", "other"):
        facts.add(f"{prefix}review_{field_key}", getattr(rl.review, field_key), f"{label}表四/行政复议/{REVIEW_FIELDS[field_key]}")
        facts.add(f"{prefix}suit_{field_key}", _sum([getattr(rl.suit_direct, field_key),
                                                    getattr(rl.suit_after_review, field_key)]),
                  f"{label}表四/行政诉讼（两类之和）/{REVIEW_FIELDS[field_key]}")
    facts.add(prefix + "corrected_total", _sum([rl.review.corrected, rl.suit_direct.corrected,
                                                rl.suit_after_review.corrected]), f"{label}表四/结果纠正之和")
    facts.add(prefix + "disputes_total", _sum([rl.review.total, rl.suit_direct.total, rl.suit_after_review.total]),
              f"{label}表四/复议与诉讼总计之和")


def _change(facts: Facts, key: str) -> None:
    """Absolute and percentage change of a figure against the prior year's, and its direction."""
    now, before = facts.value(key), facts.value("prior_" + key)
    if now is None or before is None:
        return
    facts.trends[key] = "up" if now > before else "down" if now < before else "flat"
    facts.add(key + "_change", abs(now - before), f"推算：{_CHANGED[key]}本年与上年之差（绝对值）")
    pct = _pct(abs(now - before), before)
    facts.add(key + "_change_pct", pct, f"推算：{_CHANGED[key]}较上年变化幅度（%）")


def _notable(facts: Facts) -> list[str]:
    """Notable points of the year, most important first."""
    v = facts.value
    found: list[str] = []
    if (v("corrected_total") or 0) > 0:
        found.append("corrected")
    if facts.trends.get("new") == "up" and (v("new_change_pct") or 0) >= 10:
        found.append("new_up")
    if (v("unavailable_share") or 0) >= 20:
        found.append("unavailable_high")
    if (v("not_processed_share") or 0) >= 10:
        found.append("not_processed_high")
    if (v("denied_share") or 0) >= 10:
        found.append("denied_high")
    if facts.trends.get("disputes_total") == "up":
        found.append("disputes_up")
    if (v("carried_out") or 0) > 0 and (v("carried_out_share") or 0) >= 5:
        found.append("carried_out_high")
    return found


def build_facts(current: Report, prior: Report | None = None) -> Facts:
    """Facts of `current` (validated counts), compared with the prior year's report when given."""
    facts = Facts(agency=current.agency or "本机关", year=current.year or 0, level=current.level)
    _table_figures(facts, current)
    results = facts.value("results_total")
    for group in ("denied", "unavailable", "not_processed"):
        facts.add(group + "_share", _pct(facts.value(group), results), f"推算：{_GROUP_LABELS[group]}占办理结果总计的比例（%）")
    handled = _sum([facts.value("new"), facts.value("carried_in")])
    facts.add("carried_out_share", _pct(facts.value("carried_out"), handled), "推算：结转下年度占新收与上年结转之和的比例（%）")
    if prior is not None:
        facts.prior_year = prior.year
        _table_figures(facts, prior, "prior_")
        for key in ("new", "disputes_total", "corrected_total", "carried_out"):
            _change(facts, key)
        facts.prior_values = table_values(prior)
        problems, measures = split_part5(prior.parts.get("5", ""))
        facts.prior_problems = _screened(problems, "问题", facts)
        facts.prior_measures = _screened(measures, "措施", facts)
    facts.notable = _notable(facts)
    return facts


def _screened(items: list[Item], label: str, facts: Facts) -> list[Item]:
    """Items cut to what may be quoted, the cuts recorded in `facts.quote_cuts`."""
    kept: list[Item] = []
    for item in items:
        screened = screen_item(item.text, facts.prior_values)
        facts.quote_cuts += [(label, kind, piece) for kind, piece in screened.dropped]
        if screened.text:
            kept.append(Item(screened.text, _topic(screened.text)))
    return kept


# ----- last year's part 五 -----
_ORDINAL = "一二三四五六七八九十"
_ITEM_START = re.compile(rf"(?:[{_ORDINAL}]是|[（(][{_ORDINAL}][）)]|(?<![\d.])\d{{1,2}}[.、．](?!\d))")
_MEASURE_LEAD = re.compile(r"下一步|改进措施|整改措施|针对上述问题|将从以下|将着力|将重点|拟采取|工作打算|努力方向")
_REVIEW_LEAD = re.compile(
    r"(?:上年|去年|上一年|上年度|\d{4}年度?报告)[^。：:]{0,20}(?:落实|整改|做了|推进情况|完成情况)|对照上年|针对上年")
_PROBLEM_WORDS = re.compile(r"问题|不足|短板|差距|薄弱|有待|不够|需改进")


def _topic(item: str) -> str:
    """A short topic of an item: its first clause without numbering and end punctuation."""
    text = re.sub(r"【[^】]*】|\{[^{}]*\}", "", _ITEM_START.sub("", item, count=1)).strip()  # no placeholders, slots
    clauses = re.split(r"[，,。；;：:！？]", text)
    topic = clauses[0]
    if len(topic) < 10 and len(clauses) > 1 and clauses[1]:
        topic = f"{topic}，{clauses[1]}"
    topic = topic.replace("“", "‘").replace("”", "’")  # quoted inside “…”: inner quotes become ‘…’
    return re.sub(r"[\"【】{}]", "", topic)[:30]


def _items(segment: str) -> list[Item]:
    """The numbered items of a segment (一是/（一）/1.), or its sentences when unnumbered."""
    starts = [m.start() for m in _ITEM_START.finditer(segment)]
    if starts:
        pieces = [segment[a:b] for a, b in zip(starts, [*starts[1:], len(segment)], strict=True)]
    else:
        lead_end = max(segment.find("："), segment.find(":"))
        body = segment[lead_end + 1:] if lead_end >= 0 else segment
        pieces = [s for s in re.split(r"(?<=[。；;])", body) if len(s.strip()) > 6]
    items = []
    for piece in pieces:
        text = piece.strip().rstrip("；;，,").strip()
        if len(text) > 4:
            items.append(Item(text, _topic(text)))
    return items


def _segments(text: str) -> list[str]:
    """Paragraphs, further cut where a measures lead (下一步, 改进措施 …) starts inside one."""
    segments: list[str] = []
    for para in (p.strip() for p in re.split(r"\n\s*", text) if p.strip()):
        cuts = [m.start() for m in _MEASURE_LEAD.finditer(para) if m.start() > 0 and para[m.start() - 1] in "。；;"]
        bounds = [0, *cuts, len(para)]
        segments += [para[a:b] for a, b in itertools.pairwise(bounds) if para[a:b].strip()]
    return segments


def split_part5(text: str) -> tuple[list[Item], list[Item]]:
    """The problems and the promised measures named in a part 五 (review of earlier years skipped)."""
    problems: list[Item] = []
    measures: list[Item] = []
    for segment in _segments(text):
        first = _ITEM_START.search(segment)
        lead = segment[: first.start()] if first else segment[:40]
        if _REVIEW_LEAD.search(lead):
            continue
        if _MEASURE_LEAD.search(lead) or re.search(r"将[^。]{0,12}(?:做好|抓好|加强|推进|改进)", lead):
            measures += _items(segment)
        elif _PROBLEM_WORDS.search(lead) or first:
            problems += _items(segment)
    return problems, measures
