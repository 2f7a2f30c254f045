"""The guard every draft passes: each figure next to the label of its source, shape and length, reuse, required points."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.checker.narrative import check_narrative
from nianbao.checker.regulation import check_regulation_text
from nianbao.checker.reuse import reuse_ratio
from nianbao.corpus.articles import load_article_index
from nianbao.drafting import shape
from nianbao.drafting.backends import Completion
from nianbao.drafting.facts import Facts
from nianbao.drafting.outline import Outline
from nianbao.drafting.trace import find_figures, trace
from nianbao.model import Level, Report

__all__ = ["GuardResult", "check_draft", "find_figures", "placeholders", "verify_figures"]

PLACEHOLDER = re.compile(r"【请(?:补充|确认)：[^】]*】")


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


def verify_figures(text: str, facts: Facts) -> tuple[list[dict[str, object]], list[dict[str, object]], list[str]]:
    """Figures with their source (quotations of last year marked), figures without one, and why."""
    verified: list[dict[str, object]] = []
    unverified: list[dict[str, object]] = []
    problems: list[str] = []
    for verdict in trace(text, facts):
        if verdict.source is not None:
            entry: dict[str, object] = {"value": verdict.figure.shown, "source": verdict.source}
            if verdict.quoted:
                entry["quoted"] = True
            verified.append(entry)
        else:
            unverified.append({"value": verdict.figure.shown, "context": verdict.context})
            problems.append(verdict.problem or "")
    return verified, unverified, problems


def _narrative_findings(outline: Outline, text: str, counts: Report | None) -> list[str]:
    """Table mismatches of the checker's narrative rule, with the draft placed in its part."""
    if counts is None:
        return []
    report = counts.model_copy(deep=True)
    report.parts = {"1" if outline.part.startswith("overview") else "5": text}
    return [f.message for f in check_narrative(report)]


def check_draft(text: str, outline: Outline, threshold: float, counts: Report | None = None,
                completion: Completion | None = None) -> GuardResult:
    """Run every check on a draft of the outline's part (`completion`: the model's answer it came from)."""
    result = GuardResult()
    result.findings += shape.cut_findings(text, completion) + shape.echo_findings(text)
    result.figures, result.unverified, problems = verify_figures(text, outline.facts)
    result.findings += problems
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
    result.findings += shape.length_findings(text, outline) + shape.structure_findings(text, outline)
    result.findings += _kept_placeholders(text, outline)
    result.findings += _regulation_findings(text, outline)
    return result


def _regulation_findings(text: str, outline: Outline) -> list[str]:
    """regulation.* errors of the draft (wrong article, wrong statutory figure), against our article index."""
    level: Level = "government" if outline.facts.level == "government" else "department"
    findings = check_regulation_text(text, load_article_index(), level, outline.facts.year)
    return [f"{f.rule}：{f.message.split('【')[0]}" for f in findings if f.severity == "error"]


def _kept_placeholders(text: str, outline: Outline) -> list[str]:
    """A finding when the draft drops the 【请补充：…】 of points only the clerk can fill (no invented claims)."""
    needed = sum(1 for s in outline.sections for p in s.points if p.variants and all("【请" in v for v in p.variants))
    kept = len(PLACEHOLDER.findall(text))
    if kept < needed:
        return [f"要点中有 {needed} 处只能由经办人员补充的内容（【请补充：…】），草稿只保留了 {kept} 处；"
                "不得用未经核实的表述代替，应原样保留。"]
    return []


def placeholders(text: str) -> list[str]:
    """The visible 【请补充：…】 placeholders of a text."""
    return PLACEHOLDER.findall(text)
