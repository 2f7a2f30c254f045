"""Plain-text rendering of a comparison for the terminal: marked sentences, reuse per part, changed figures."""

from __future__ import annotations

import unicodedata

from nianbao.checker.reuse import NARRATIVE_PARTS
from nianbao.compare.series import Comparison, PairResult
from nianbao.compare.text import PartDiff
from nianbao.model import PART_TITLES

REUSED, ADDED, DROPPED = "＝ ", "＋ ", "－ "
_MARKS = {"reused": REUSED, "added": ADDED, "dropped": DROPPED}
# parts that are mostly tables: only the sentence counts are printed, the figures table says more
TABLE_PARTS: tuple[str, ...] = ("2", "3", "4")
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def _percent(ratio: float | None) -> str:
    """A ratio as a whole percent, or a dash when the part has no text."""
    return "—" if ratio is None else f"{ratio:.0%}"


def _part_heading(key: str, diff: PartDiff, threshold: float) -> str:
    """Part title with its exact and fuzzy reuse; a narrative part above the threshold is flagged."""
    line = f"【{PART_TITLES[key]}】重复率 {_percent(diff.reuse)}（近似重复 {_percent(diff.reuse_fuzzy)}）"
    if key in NARRATIVE_PARTS and diff.reuse is not None and diff.reuse > threshold:
        line += f"  ⚠ 超过阈值 {threshold:.0%}"
    return line


def _part_lines(key: str, diff: PartDiff, threshold: float) -> list[str]:
    """The lines of one part: heading, then the sentences of both years marked, in the later year's order."""
    lines = [_part_heading(key, diff, threshold)]
    if key in TABLE_PARTS:
        counts = f"相同 {len(diff.reused)} 句，新增 {len(diff.added)} 句，删去 {len(diff.dropped)} 句"
        return [*lines, f"  （以表格为主，逐句对比从略：{counts}）"]
    return lines + [_MARKS[kind] + text for kind, text in diff.interleaved()]


def _width(text: str) -> int:
    """Terminal columns of the text, wide (CJK) characters counting two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _figure_lines(pair: PairResult) -> list[str]:
    """The changed table figures as aligned rows, or a note that none changed or no tables were read."""
    if not pair.figures:
        return ["表格数字：没有可对比的变化（或两年中有一年未读到统计表）。"]
    width = max(_width(f["where"]) for f in pair.figures)
    rows = [f"表格数字变化（{len(pair.figures)} 项，{pair.previous.year}年 → {pair.current.year}年）："]
    rows += [f"  {f['where']}{' ' * (width - _width(f['where']))}  {f['from']} → {f['to']}" for f in pair.figures]
    return rows


def _finding_lines(pair: PairResult) -> list[str]:
    """The cross-year findings, one line each."""
    gap = [] if pair.consecutive else ["（两份报告年度不相邻，未做结转、现行有效件数的衔接检查。）"]
    if not pair.findings:
        return ["跨年度检查：未发现问题。", *gap]
    rows = ["跨年度检查："]
    for f in pair.findings:
        where = f"（{f.where}）" if f.where else ""
        rows.append(f"  [{_SEVERITY[f.severity]}] {f.rule}{where}：{f.message}")
    return rows + gap


def format_pair(pair: PairResult, threshold: float) -> str:
    """One year against the previous: every part, then figures and findings."""
    lines = [f"══ {pair.previous.year}年 → {pair.current.year}年 ══"]
    for key, diff in pair.parts.items():
        lines += ["", *_part_lines(key, diff, threshold)]
    lines += ["", *_figure_lines(pair), "", *_finding_lines(pair)]
    return "\n".join(lines)


def format_comparison(comparison: Comparison) -> str:
    """The whole comparison as text, with a legend of the sentence marks."""
    years = "、".join(str(y) for y in comparison.years)
    head = [
        f"{comparison.agency or '（未识别机关）'}：{years}年度逐年对比",
        f"图例：{REUSED.strip()} 与上一年相同（数字、年份、标点不计） {ADDED.strip()} 新增  {DROPPED.strip()} 删去",
    ]
    return "\n\n".join(["\n".join(head), *(format_pair(p, comparison.threshold) for p in comparison.pairs)]) + "\n"
