"""Rule reuse.prior_year: a narrative part repeats the prior year's text (FORMAT.md §4, §6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from compare.text import reuse_ratio
from nianbao.model import PART_TITLES, Finding, Report

RULE = "reuse.prior_year"
DEFAULT_THRESHOLD = 0.5
NARRATIVE_PARTS: tuple[str, ...] = ("1", "5")


def reuse_findings(
    ratios: Mapping[str, float | None],
    previous_year: int | None,
    threshold: float = DEFAULT_THRESHOLD,
    parts: Iterable[str] = NARRATIVE_PARTS,
) -> list[Finding]:
    """Warnings for the parts whose already computed reuse ratio exceeds the threshold."""
    findings = []
    prior = f"{previous_year}年度" if previous_year else "上一年度"
    for key in parts:
        ratio = ratios.get(key)
        if ratio is None or ratio <= threshold:
            continue
        title = PART_TITLES[key]
        findings.append(
            Finding(
                rule=RULE,
                severity="warning",
                message=(
                    f"“{title}”有{ratio:.0%}的文字与{prior}报告逐句相同（仅数字、年份不同的句子也算相同），"
                    f"超过{threshold:.0%}的重复率阈值，请结合本年度的实际工作重新撰写。"
                ),
                where=title,
                expected=threshold,
                actual=round(ratio, 2),
            )
        )
    return findings


def check_reuse(
    previous: Report,
    current: Report,
    threshold: float = DEFAULT_THRESHOLD,
    parts: Iterable[str] = NARRATIVE_PARTS,
) -> list[Finding]:
    """reuse.prior_year warnings for `current` against the prior year's report `previous`."""
    keys = tuple(parts)
    ratios = {key: reuse_ratio(previous.parts.get(key, ""), current.parts.get(key, "")) for key in keys}
    return reuse_findings(ratios, previous.year, threshold, keys)
