"""The guard every LLM draft passes: figures verified, reuse under the threshold, required points covered."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.checker.narrative import check_narrative
from nianbao.checker.regulation import check_regulation_text
from nianbao.checker.reuse import reuse_ratio
from nianbao.corpus.articles import load_article_index
from nianbao.corpus.regulation import cn_to_int
from nianbao.drafting.facts import Facts
from nianbao.drafting.outline import Outline
from nianbao.model import Level, Report

PLACEHOLDER = re.compile(r"【请(?:补充|确认)：[^】]*】")
_CN_NUM = "零一二两三四五六七八九十百千"
_EXCLUDED = re.compile(
    "|".join((
        r"【[^】]*】",                                   # placeholders
        r"《[^》]*》",                                   # titles of laws and documents
        r"〔\d{4}〕\s*\d+\s*号",                         # document numbers
        rf"第[\d{_CN_NUM}]+(?:条|款|项|章|节|次|批|季度)",  # article/item numbers and ordinals
        r"(?:19|20)\d{2}\s*年(?:度)?",                   # years
        r"\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?",             # dates
        rf"[{_CN_NUM}]+是",                             # 一是、二是
        rf"[（(][\d{_CN_NUM}]+[）)]",                    # （一）（1）
        r"(?:^|(?<=\n))\s*\d{1,2}[.、．](?!\d)",                 # list numbers
        r"[一二三四五六七八九十]+、",                     # heading numbers
    ))
)
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_CHINESE = re.compile(rf"[{_CN_NUM}]+(?=件|宗|起|人次)")
_STATUTORY = {7: "《条例》第三十条（补正告知 7 个工作日）", 15: "《条例》第三十二条（第三方意见 15 个工作日）",
              20: "《条例》第三十三条（答复期限 20 个工作日）"}


@dataclass
class GuardResult:
    """The guard's verdict on one draft."""

    findings: list[str] = field(default_factory=list)
    figures: list[dict[str, object]] = field(default_factory=list)
    unverified: list[dict[str, object]] = field(default_factory=list)
    reuse: float | None = None

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.findings


def _chinese_value(text: str) -> int | None:
    """Value of a small Chinese numeral."""
    try:
        return cn_to_int(text.replace("两", "二"))
    except ValueError:
        return None


def find_figures(text: str) -> list[tuple[float, str, str]]:
    """(value, as written, context) of every figure stated in the text (ordinals, years, dates, articles excluded)."""
    masked = _EXCLUDED.sub(lambda m: " " * len(m.group(0)), text)
    found: list[tuple[int, float, str]] = []
    for m in _ARABIC.finditer(masked):
        found.append((m.start(), float(m.group(0)), m.group(0)))
    for m in _CHINESE.finditer(masked):
        value = _chinese_value(m.group(0))
        if value is not None:
            found.append((m.start(), float(value), m.group(0)))
    return [(value, raw, text[max(0, pos - 12): pos + len(raw) + 6]) for pos, value, raw in sorted(found)]


def _statutory(text: str, context: str, raw: str, value: float) -> str | None:
    """The regulation's source when the figure is a statutory number of working days."""
    if value in _STATUTORY and re.search(re.escape(raw) + r"\s*个工作日", context):
        return _STATUTORY[int(value)]
    return None


def verify_figures(text: str, facts: Facts) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Figures with their source, and figures that match nothing in the counts or facts."""
    by_value: dict[float, str] = {}
    for figure in facts.figures.values():
        by_value.setdefault(float(figure.value), figure.source)
    verified: list[dict[str, object]] = []
    unverified: list[dict[str, object]] = []
    for value, raw, context in find_figures(text):
        shown: int | float = int(value) if value.is_integer() else value
        source = by_value.get(value) or _statutory(text, context, raw, value)
        if source:
            verified.append({"value": shown, "source": source})
        else:
            unverified.append({"value": shown, "context": context})
    return verified, unverified


def _narrative_findings(outline: Outline, text: str, counts: Report | None) -> list[str]:
    """Table mismatches of the checker's narrative rule, with the draft placed in its part."""
    if counts is None:
        return []
    report = counts.model_copy(deep=True)
    report.parts = {"1" if outline.part.startswith("overview") else "5": text}
    return [f.message for f in check_narrative(report)]


def check_draft(text: str, outline: Outline, threshold: float, counts: Report | None = None) -> GuardResult:
    """Run every check on a draft of the outline's part."""
    result = GuardResult()
    result.figures, result.unverified = verify_figures(text, outline.facts)
    for item in result.unverified:
        result.findings.append(f"数字 {item['value']}（“{item['context']}”）在统计数据和推算结果中找不到，不得使用。")
    result.findings += _narrative_findings(outline, text, counts)
    leftover = re.findall(r"\{\{(\w+)\}\}", text)
    if leftover:
        result.findings.append(f"出现未知的数字占位符：{'、'.join(sorted(set(leftover)))}。")
    if outline.prior_text.strip():
        result.reuse = reuse_ratio(outline.prior_text, text)
        if result.reuse is not None and result.reuse > threshold:
            result.findings.append(
                f"与上一年度同一部分的重复率为 {result.reuse:.0%}，超过 {threshold:.0%} 的阈值，请结合本年度情况重新撰写，不要照搬上年文字。")
    for label, words in outline.required:
        if not any(w in text for w in words):
            result.findings.append(f"缺少必须报告的内容：{label}（应提及{'、'.join(words)}之一）。")
    if len(text.strip()) < 20:
        result.findings.append("草稿内容过短。")
    result.findings += _regulation_findings(text, outline)
    return result


def _regulation_findings(text: str, outline: Outline) -> list[str]:
    """regulation.* errors of the draft (wrong article, wrong statutory figure), against our article index."""
    level: Level = "government" if outline.facts.level == "government" else "department"
    findings = check_regulation_text(text, load_article_index(), level, outline.facts.year)
    return [f"{f.rule}：{f.message.split('【')[0]}" for f in findings if f.severity == "error"]


def placeholders(text: str) -> list[str]:
    """The visible 【请补充：…】 placeholders of a text."""
    return PLACEHOLDER.findall(text)
