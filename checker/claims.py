"""Figures the prose states for table cells: 收到N件, 上年结转N件, 办结N件, 予以公开N件, 制发规范性文件N件, ….

Precision over recall: a pattern only fires on a sentence that clearly states this year's figure for one
table cell, never on comparisons with last year, sub-counts (其中… for the applicant counts) or other years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_N = r"(\d+|[零一二两三四五六七八九十]{1,3})"
_UNIT = r"\s*(?:件|项|个|份|宗|起|次)(?!工作日|自然日|日|月|小时|年|以上|以内|多)"
_SENTENCE = re.compile(r"[^。；;！!？?]+")
_OTHER_YEAR_OR_COMPARISON = re.compile(r"上年|去年|上一年|同比|较|增长|增加|减少|下降|上升|累计|历年|以来|之日|期限|平均")
_CARRIED_IN_WORDS = re.compile(r"上年(?:度)?结转|结转自?上(?:一)?年(?:度)?")
_CN = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_GAP = r"[^，,。；\d]{0,6}?"
_APPLICATIONS = re.compile(r"申请|答复|办结|办理")
# cells whose figures a sentence breaks down with 其中 (the outcomes of the applications handled)
OUTCOMES = frozenset({"granted", "partial", "denied", "unavailable", "not_processed", "other"})


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
    """A prose pattern for one table cell; `guard` rejects matches it must not read, `needs` what the sentence says."""

    cell: str
    regex: re.Pattern[str]
    guard: re.Pattern[str] | None = None
    needs: re.Pattern[str] | None = None
    words: tuple[str, ...] = ()  # a sentence without any of these cannot match (a quick test before the regex)


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
    Pattern("results_total", re.compile(r"办结" + r"[^，,。；\d]{0,8}?" + _N + _UNIT),
            re.compile(r"建议|提案|留言|信访|来信|咨询|热线|投诉|诉求|事项"), _APPLICATIONS),
    Pattern("granted", re.compile(r"(?<!不予)(?<!部分)(?:予以公开|同意公开|公开答复|全部公开)" + _GAP + _N + _UNIT),
            re.compile(r"部分|不予|区分|及|和|或"), _APPLICATIONS),
    Pattern("partial", re.compile(r"(?:部分公开|区分处理后(?:予以)?公开)" + _GAP + _N + _UNIT), re.compile(r"及|和|或"),
            _APPLICATIONS),
    Pattern("denied", re.compile(r"不予公开(?:答复)?" + _GAP + _N + _UNIT), re.compile(r"及|和|或"), _APPLICATIONS),
    Pattern("unavailable", re.compile(r"无法提供" + r"[^，,。；\d]{0,8}?" + _N + _UNIT), re.compile(r"及|和|或"),
            _APPLICATIONS),
    Pattern("not_processed", re.compile(r"不予处理" + _GAP + _N + _UNIT), re.compile(r"及|和|或"), _APPLICATIONS),
    Pattern("other", re.compile(r"其他处理" + _GAP + _N + _UNIT), re.compile(r"及|和|或"), _APPLICATIONS),
    Pattern("normative_issued", re.compile(r"(?:制发|印发|出台|制定)了?[^，,。；\d]{0,6}?(?:行政)?规范性文件" + r"[^，,。；\d]{0,4}?"
                                           + _N + _UNIT), re.compile(r"废止|修订|清理")),
]
_NONE_CARRIED_OUT = re.compile(r"(?:无|没有|未有)[^，,。；\d]{0,4}结转(?:至|到)?下(?:一)?年")
_NONE_NEW = re.compile(r"(?:未|没有)(?:收到|受理|接到)[^，,。；\d]{0,12}?政府信息公开申请")
_AFTER_OTHER_OUTCOME = re.compile(r"(?:予以公开|同意公开|部分公开|不予公开)(?:及|和|或|、)$")


_WORDS: dict[str, tuple[str, ...]] = {
    "new": ("收到", "受理", "接收", "新收", "接到"), "carried_in": ("结转",), "carried_out": ("结转", "顺延"),
    "review": ("行政复议",), "suits": ("行政诉讼",), "fees": ("收费",), "results_total": ("办结",),
    "granted": ("公开",), "partial": ("部分公开", "区分处理"), "denied": ("不予公开",), "unavailable": ("无法提供",),
    "not_processed": ("不予处理",), "other": ("其他处理",), "normative_issued": ("规范性文件",),
}
for _pattern in PATTERNS:
    _pattern.words = _WORDS[_pattern.cell]
_ANY_WORD = re.compile("|".join(sorted({w for words in _WORDS.values() for w in words})))


def _other_year(sentence: str, year: int | None) -> bool:
    """The sentence speaks of a year other than the report's."""
    years = {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", sentence)}
    return bool(year and years and year not in years)


def _claim(pattern: Pattern, compact: str) -> Claim | None:
    """The claim a pattern reads in one sentence, or None."""
    m = pattern.regex.search(compact)
    if not m or (pattern.guard and pattern.guard.search(m.group(0))):
        return None
    if pattern.needs is not None and not pattern.needs.search(compact):
        return None
    lead = compact[: m.start()]
    said = _CARRIED_IN_WORDS.sub("", m.group(0)) if pattern.cell == "carried_in" else m.group(0)
    if _OTHER_YEAR_OR_COMPARISON.search(said) or _AFTER_OTHER_OUTCOME.search(lead):
        return None
    if pattern.cell not in OUTCOMES | {"carried_in"} and re.search(r"其中[^，,。]*$", lead):
        return None
    if pattern.cell in {"new", "carried_in"} and _OTHER_YEAR_OR_COMPARISON.search(lead[-6:]):
        return None
    value = float(m.group(1)) if "." in m.group(1) else cn_number(m.group(1))
    return Claim(pattern.cell, value, m.group(0)) if value is not None else None


def find_claims(text: str, year: int | None) -> list[Claim]:
    """Figures this year's prose states for table cells."""
    claims: list[Claim] = []
    for sentence in (m.group(0) for m in _SENTENCE.finditer(text)):
        compact = re.sub(r"\s+", "", sentence)
        if not _ANY_WORD.search(compact) or _other_year(compact, year):
            continue
        seen: set[str] = set()
        for pattern in PATTERNS:
            if pattern.cell in seen or not any(w in compact for w in pattern.words):
                continue
            claim = _claim(pattern, compact)
            if claim is not None:
                claims.append(claim)
                seen.add(pattern.cell)
        for cell, none in (("carried_out", _NONE_CARRIED_OUT), ("new", _NONE_NEW)):
            if cell not in seen and (m := none.search(compact)):
                claims.append(Claim(cell, 0, m.group(0)))
    return claims
