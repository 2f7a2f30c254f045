"""narrative.table_mismatch: figures stated in the prose against the tables.

Precision over recall: a pattern only fires on a sentence that clearly states this year's
figure for one table cell, never on comparisons with last year, sub-counts (其中…) or other
years. A false alarm costs a clerk's trust.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from nianbao.model import Finding, Report

_N = r"(\d+|[零一二两三四五六七八九十]{1,3})"
_UNIT = r"\s*(?:件|项|个|份|宗|起|次)(?!工作日|自然日|日|月|小时|年|以上|以内|多)"
_SENTENCE = re.compile(r"[^。；;！!？?]+")
_OTHER_YEAR_OR_COMPARISON = re.compile(r"上年|去年|上一年|同比|较|增长|增加|减少|下降|上升|累计|历年|以来|之日|期限|平均")
_CN = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """Arabic or small Chinese numerals (up to 九十九)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN.get(tens, 1) if tens else 1
        o = _CN.get(ones, 0) if ones else 0
        return t * 10 + o
    return _CN.get(text) if len(text) == 1 else None


@dataclass
class Claim:
    """A figure the prose states, and which table cell it speaks of."""

    cell: str
    value: int | float
    quote: str


@dataclass
class Pattern:
    """A prose pattern for one table cell; `guard` rejects sentences it must not read."""

    cell: str
    regex: re.Pattern[str]
    guard: re.Pattern[str] | None = None


_VERB = r"(?:收到|受理|接收|新收|接到)"
PATTERNS: list[Pattern] = [
    Pattern("new", re.compile(_VERB + r"[^，,。；\d]{0,16}?申请[^，,。；\d]{0,6}?(?:共|合计|总计)?\s*" + _N + _UNIT)),
    Pattern("new", re.compile(_VERB + r"[^，,。；\d]{0,8}?" + _N + _UNIT + r"[^，,。；\d]{0,12}申请")),
    Pattern("carried_in", re.compile(r"上年(?:度)?结转[^，,。；\d]{0,12}?" + _N + _UNIT)),
    Pattern("carried_in", re.compile(r"结转自?上(?:一)?年(?:度)?[^，,。；\d]{0,10}?" + _N + _UNIT)),
    Pattern("carried_out", re.compile(r"结转(?:至|到)?下(?:一)?年度?[^，,。；\d]{0,10}?" + _N + _UNIT)),
    Pattern("carried_out", re.compile(_N + _UNIT + r"[^，,。；\d]{0,12}?(?:结转|顺延)(?:至|到)?下(?:一)?年")),
    Pattern("review", re.compile(r"行政复议(?:案件|申请)?[^，,。；\d]{0,6}?" + _N + _UNIT),
            re.compile(r"复议后起诉|行政诉讼")),
    Pattern("suits", re.compile(r"行政诉讼(?:案件)?[^，,。；\d]{0,6}?" + _N + _UNIT), re.compile(r"行政复议")),
    Pattern("fees", re.compile(r"行政事业性收费[^，,。；\d]{0,8}?(\d+(?:\.\d+)?)\s*万元")),
]
_NONE_CARRIED_OUT = re.compile(r"(?:无|没有|未有)[^，,。；\d]{0,4}结转(?:至|到)?下(?:一)?年")


def _table_value(report: Report, cell: str) -> int | float | None:
    """The table's value for a claim's cell, or None when absent/unreadable."""
    apps, review, active = report.applications, report.review_litigation, report.active
    if cell in {"new", "carried_in", "carried_out"} and apps is not None:
        return apps.rows[cell][6]
    if cell == "review" and review is not None:
        return review.review.total
    if cell == "suits" and review is not None:
        a, b = review.suit_direct.total, review.suit_after_review.total
        return a + b if a is not None and b is not None else None
    if cell == "fees" and active is not None:
        return active.fees_10k_yuan
    return None


_CELL_LABELS: dict[str, str] = {
    "new": "表三“一、本年新收政府信息公开申请数量”总计",
    "carried_in": "表三“二、上年结转政府信息公开申请数量”总计",
    "carried_out": "表三“四、结转下年度继续办理”总计",
    "review": "表四“行政复议”总计",
    "suits": "表四“行政诉讼”两项总计之和",
    "fees": "表二“行政事业性收费”金额（万元）",
}
_CELL_WHERE: dict[str, str] = {
    "new": "一、本年新收政府信息公开申请数量/总计",
    "carried_in": "二、上年结转政府信息公开申请数量/总计",
    "carried_out": "四、结转下年度继续办理/总计",
    "review": "行政复议/总计",
    "suits": "行政诉讼/总计",
    "fees": "二/行政事业性收费",
}


def _other_year(sentence: str, year: int | None) -> bool:
    """The sentence speaks of a year other than the report's."""
    years = {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", sentence)}
    return bool(year and years and year not in years)


def find_claims(text: str, year: int | None) -> list[Claim]:
    """Figures this year's prose states for table cells."""
    claims: list[Claim] = []
    for sentence in (m.group(0) for m in _SENTENCE.finditer(text)):
        compact = re.sub(r"\s+", "", sentence)
        if _other_year(compact, year):
            continue
        seen: set[str] = set()
        for pattern in PATTERNS:
            if pattern.cell in seen:
                continue
            m = pattern.regex.search(compact)
            if not m or (pattern.guard and pattern.guard.search(m.group(0))):
                continue
            lead = compact[: m.start()]
            if _OTHER_YEAR_OR_COMPARISON.search(m.group(0)) or re.search(r"其中[^，,。]*$", lead):
                continue
            if pattern.cell in {"new", "carried_in"} and _OTHER_YEAR_OR_COMPARISON.search(lead[-6:]):
                continue
            value = float(m.group(1)) if "." in m.group(1) else cn_number(m.group(1))
            if value is not None:
                claims.append(Claim(pattern.cell, value, m.group(0)))
                seen.add(pattern.cell)
        none_out = _NONE_CARRIED_OUT.search(compact)
        if "carried_out" not in seen and none_out:
            claims.append(Claim("carried_out", 0, none_out.group(0)))
    return claims


def prose_of(report: Report) -> str:
    """The narrative text: parts 一, 五, 六 (parts 二–四 are tables)."""
    return "\n".join(report.parts.get(k, "") for k in ("1", "5", "6"))


def check_narrative(report: Report, claims_of: Callable[[str, int | None], list[Claim]] = find_claims) -> list[Finding]:
    """A finding per prose figure that contradicts the table."""
    findings: list[Finding] = []
    for claim in claims_of(prose_of(report), report.year):
        table = _table_value(report, claim.cell)
        if table is None or table == claim.value:
            continue
        findings.append(Finding(
            rule="narrative.table_mismatch", severity="error", where=_CELL_WHERE[claim.cell],
            expected=table, actual=claim.value, article="第五十条",
            message=f"正文“{claim.quote}”与{_CELL_LABELS[claim.cell]} {table} 不一致。",
        ))
    return findings
