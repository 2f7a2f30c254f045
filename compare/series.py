"""Year-over-year comparison of one agency's reports: each year against the previous (FORMAT.md §6)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from nianbao.checker.crossyear import check_pair, consecutive
from nianbao.checker.reuse import DEFAULT_THRESHOLD, reuse_findings
from nianbao.compare.figures import changed_figures
from nianbao.compare.text import PartDiff, diff_part
from nianbao.corpus.meta import same_agency
from nianbao.errors import CompareError
from nianbao.model import PART_KEYS, Finding, Report


@dataclass
class PairResult:
    """One report against the previous year's: per-part text diff, changed figures, cross-year findings."""

    previous: Report
    current: Report
    parts: dict[str, PartDiff]
    figures: list[dict[str, Any]]
    findings: list[Finding] = field(default_factory=list)

    @property
    def consecutive(self) -> bool:
        """Whether the two reports are of consecutive years (the cross-year checks need that)."""
        return consecutive(self.previous, self.current)

    def to_json(self) -> dict[str, Any]:
        """The pair object of `compare --json`."""
        return {
            "from": self.previous.year,
            "to": self.current.year,
            "parts": {key: diff.to_json() for key, diff in self.parts.items()},
            "figures": self.figures,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass
class Comparison:
    """All reports of one agency in year order and the comparison of each with the previous year."""

    agency: str | None
    reports: list[Report]
    pairs: list[PairResult]
    threshold: float = DEFAULT_THRESHOLD

    @property
    def years(self) -> list[int]:
        """The compared years, ascending."""
        return [r.year for r in self.reports if r.year is not None]

    def to_json(self) -> dict[str, Any]:
        """The `compare --json` object."""
        return {"agency": self.agency, "years": self.years, "pairs": [p.to_json() for p in self.pairs]}


def _name(report: Report) -> str:
    """How a report is named in messages: its file, else its agency and year."""
    return (
        f"“{report.meta.source}”" if report.meta.source else f"{report.agency or '未知机关'}{report.year or ''}年报告"
    )


def _check_series(reports: Sequence[Report]) -> None:
    """Raise CompareError unless the reports are two or more years of one agency."""
    if len(reports) < 2:
        raise CompareError("逐年对比至少需要两份同一机关不同年度的报告。")
    for report in reports:
        if report.year is None:
            raise CompareError(f"{_name(report)}：无法识别报告年度，不能参与逐年对比。")
    named = [r for r in reports if r.agency]
    for report in named[1:]:
        if not same_agency(report.agency, named[0].agency):
            raise CompareError(
                f"{_name(named[0])}（{named[0].agency}）与{_name(report)}（{report.agency}）"
                "不是同一机关的报告，不能逐年对比。"
            )
    years = sorted(r.year or 0 for r in reports)
    for earlier, later in itertools.pairwise(years):
        if earlier == later:
            same = "、".join(_name(r) for r in reports if r.year == later)
            raise CompareError(f"{same}都是{later}年度的报告，每个年度只能给一份。")


def compare_pair(
    previous: Report,
    current: Report,
    threshold: float = DEFAULT_THRESHOLD,
) -> PairResult:
    """Compare a report with the previous year's: parts, changed figures, findings.

    The checker's cross-year rules (carry-over, documents in force) run only when the years are consecutive.
    """
    parts = {
        key: diff_part(previous.parts.get(key, ""), current.parts.get(key, ""))
        for key in PART_KEYS
        if previous.parts.get(key, "").strip() or current.parts.get(key, "").strip()
    }
    findings = check_pair(previous, current) if consecutive(previous, current) else []
    findings += reuse_findings({key: diff.reuse for key, diff in parts.items()}, previous.year, threshold)
    return PairResult(previous, current, parts, changed_figures(previous, current), findings)


def compare_reports(
    reports: Sequence[Report],
    threshold: float = DEFAULT_THRESHOLD,
) -> Comparison:
    """Compare two or more reports of one agency in year order; raise CompareError for mixed agencies or years."""
    if not 0 <= threshold <= 1:
        raise CompareError(f"重复率阈值应在0到1之间，收到的是{threshold}。")
    _check_series(reports)
    ordered = sorted(reports, key=lambda r: r.year or 0)
    pairs = [compare_pair(a, b, threshold) for a, b in itertools.pairwise(ordered)]
    agency = next((r.agency for r in ordered if r.agency), None)
    return Comparison(agency, ordered, pairs, threshold)
