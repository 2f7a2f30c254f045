"""Split a report's text into the six parts, mapping the title deviations real reports use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.corpus.headings import expose, title_length

_NUMERALS = "一二三四五六"
# what a part's title must contain (any of), beyond its numeral
_TITLE_WORDS: dict[str, tuple[str, ...]] = {
    "1": ("总体情况", "总体", "概述", "基本情况"),
    "2": ("主动公开政府信息", "主动公开情况", "主动公开"),
    "3": ("收到和处理", "依申请公开", "处理政府信息公开申请", "申请情况"),
    "4": ("行政复议", "行政诉讼"),
    "5": ("存在的主要问题", "主要问题", "存在问题", "问题及改进", "问题和改进"),
    "6": ("其他需要报告", "其他需要汇报", "其他事项", "需要报告的", "其他需要说明", "其他需报告"),
}
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?([一二三四五六])\s*[、.．，,]\s*(.{2,60}?)\s*(?:\*\*)?\s*$")
_HEADING_INLINE = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?([一二三四五六])\s*[、.．]\s*([^。：:\s]{2,30}?)(?:[。：:]|\s+(?=\S))")
# a heading run into the previous sentence, as some web pages store them
_MIDLINE = re.compile(
    r"(?<=[。；;！!？?）)])\s*(?=[一二三四五六]、\s*(?:总体情况|主动公开政府信息|收到和处理|政府信息公开行政复议"
    r"|存在的主要问题|其他需要报告))"
)
_TRUNCATION = re.compile(r"\[\.\.\.\s*truncated[^\]]*\]|（以下省略）|\[…省略…\]")


@dataclass
class Parts:
    """The six parts' texts, their titles as printed, and the text before part 一."""

    texts: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    intro: str = ""
    truncated: bool = False


def _title_key(numeral: str, title: str) -> str | None:
    """Which part a heading opens, or None when it is a table row or sub-item."""
    key = str(_NUMERALS.index(numeral) + 1)
    if any(w in title for w in _TITLE_WORDS[key]):
        if key == "4" and ("结转" in title or "继续办理" in title):
            return None
        if key == "1" and ("新收" in title or "申请数量" in title):
            return None
        if key == "3" and "办理结果" in title:
            return None
        return key
    return None


_SENTENCE_END = "。！？；：!?;:"
_ITEM_START = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d)|[一二三四五六七八九十]是)")
NARRATIVE = ("1", "5", "6")


def reflow(text: str) -> str:
    """Join lines that a PDF wrapped mid-sentence; keep paragraph and item breaks."""
    paragraphs: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        prev = paragraphs[-1] if paragraphs else ""
        heading = bool(_ITEM_START.match(prev)) and len(prev) <= 30 and not prev.endswith(tuple(_SENTENCE_END))
        if prev and not prev.endswith(tuple(_SENTENCE_END)) and not _ITEM_START.match(line) and not heading:
            paragraphs[-1] = prev + line
        else:
            paragraphs.append(line)
    return "\n".join(paragraphs)


Start = tuple[int, str, str, str]  # (line index, key, title, text after the title)


def _starts(lines: list[str]) -> list[Start]:
    """(line index, key, title, text after the title) of the part headings found in order."""
    starts: list[Start] = []
    next_min = 1
    for idx, line in enumerate(lines):
        m = _HEADING.match(line) or _HEADING_INLINE.match(line)
        if not m:
            continue
        key = _title_key(m.group(1), m.group(2))
        if key is None or int(key) < next_min:
            continue
        printed = m.group(2).strip()
        rest = line[m.end() :].strip() if m.re is _HEADING_INLINE else ""
        cut = title_length(key, m.group(2))
        if cut is not None and cut < len(m.group(2).rstrip()):
            printed, rest = m.group(2)[:cut].strip(), line[m.start(2) + cut :].strip()
        starts.append((idx, key, f"{m.group(1)}、{printed}", rest))
        next_min = int(key) + 1
    return starts


def _expose_inline(lines: list[str], starts: list[Start]) -> tuple[list[str], list[Start]]:
    """Put headings that run into the text on lines of their own, for the parts not found at a line start."""
    for key in "123456":
        found = {k: idx for idx, k, _, _ in starts}
        if key in found:
            continue
        lo = max((idx for k, idx in found.items() if k < key), default=0)
        hi = min((idx for k, idx in found.items() if k > key), default=len(lines) - 1) + 1
        exposed = expose(lines, key, lo, hi, 0)
        if exposed is not None:
            candidate = _starts(exposed)
            if len(candidate) > len(starts):
                lines, starts = exposed, candidate
    return lines, starts


def split_parts(text: str) -> Parts:
    """Find the headings of parts 一–六 in order; text between them belongs to each part."""
    parts = Parts()
    truncation = _TRUNCATION.search(text)
    if truncation:
        parts.truncated = True
        text = text[: truncation.start()]
    lines = _MIDLINE.sub("\n", text).splitlines()
    starts = _starts(lines)
    if len(starts) < len(_NUMERALS):
        lines, starts = _expose_inline(lines, starts)
    if not starts:
        parts.intro = text.strip()
        return parts
    parts.intro = reflow("\n".join(lines[: starts[0][0]]))
    for n, (idx, key, title, inline_rest) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        body = "\n".join(([inline_rest] if inline_rest else []) + lines[idx + 1 : end]).strip()
        parts.texts[key] = reflow(body) if key in NARRATIVE else body
        parts.titles[key] = title
    return parts
