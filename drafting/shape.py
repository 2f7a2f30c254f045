"""The shape of a draft: its length against the part's budget, problems tied to measures, no cut-off or echo."""

from __future__ import annotations

import re
from functools import cache

from nianbao.drafting.backends import Completion
from nianbao.drafting.outline import Outline
from nianbao.prompts import FOLDER

# Characters a point may take in the final text (figures and quotations filled in), and a lead per paragraph.
POINT_CHARS = {"status": 75, "problem": 85, "measure": 75, "fact": 100, "item": 70}
LEAD_CHARS = 40
_ENUM = re.compile(r"[一二三四五六七八九十]是|[（(][一二三四五六七八九十][）)]|(?:^|(?<=[。；;：:\n]))\s*\d{1,2}[.、．](?!\d)")
_STATUS_LEAD = re.compile(r"落实|推进情况|完成情况")
_MEASURE_LEAD = re.compile(r"下一步|改进措施|整改措施|针对上述问题|拟从以下|将采取|将重点|加以改进")
_PROBLEM_LEAD = re.compile(r"问题|不足|短板|差距")
_OUTLINE_LABEL = re.compile(
    r"(?:问题|改进措施|上年措施落实|要点|事实)\s*[psm]\d+|(?<![A-Za-z])[psm]\d+\s*[（(：:]|\"[psm]\d+\"\s*:|\{\{\w+\}\}\s*=")
_ENDS = "。！？!?】”）)"


def char_budget(outline: Outline) -> int:
    """The most characters a draft of the outline's part may have."""
    sections = [s for s in outline.sections if s.points]
    return sum(POINT_CHARS.get(p.kind, 100) for s in sections for p in s.points) + LEAD_CHARS * len(sections)


def token_budget(outline: Outline, most: int) -> int:
    """max_tokens for one answer: the character budget as tokens, JSON keys and slots included, capped."""
    count = sum(len(s.points) for s in outline.sections)
    return max(16, min(most, char_budget(outline) + 12 * count + 32))


@cache
def echo_markers() -> tuple[str, ...]:
    """Openings of the prompt templates' own lines: a draft containing one echoes the prompt."""
    markers = {"###", "可用占位符", "本句不含数字"}
    for path in sorted(FOLDER.glob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            head = re.split(r"\{\{", line.strip(), maxsplit=1)[0].strip()
            if len(head) >= 8:
                markers.add(head[:8])
    return tuple(sorted(markers))


def echo_findings(text: str) -> list[str]:
    """Findings when the draft repeats the prompt's headers or the outline's point labels."""
    echoed = [m for m in echo_markers() if m in text]
    echoed += [m.group(0).strip() for m in _OUTLINE_LABEL.finditer(text)]
    if not echoed:
        return []
    return [f"草稿照抄了提示词本身的内容（“{'”“'.join(dict.fromkeys(echoed[:3]))}”），不是报告正文，不予采用。"]


def cut_findings(text: str, completion: Completion | None) -> list[str]:
    """Findings when the answer was cut off at its token budget or stops in the middle of a sentence."""
    if completion is not None and completion.truncated:
        limit = f" {completion.max_tokens} 个词元的" if completion.max_tokens else "长度"
        return [f"大模型的回答达到{limit}上限仍未结束（被截断），不予采用。"]
    stripped = text.rstrip()
    if stripped and stripped[-1] not in _ENDS:
        return [f"草稿在句子中间结束（末尾为“{stripped[-12:]}”），疑似被截断，不予采用。"]
    return []


def length_findings(text: str, outline: Outline) -> list[str]:
    """A finding when the draft exceeds the part's character budget."""
    budget = char_budget(outline)
    size = len(re.sub(r"\s+", "", text))
    if size > budget:
        return [f"草稿共 {size} 字，超过本部分 {budget} 字的篇幅上限（按要点计算），请删去套话、精简表述。"]
    return []


def _items(paragraph: str) -> int:
    """Numbered items of a paragraph after its lead, else its sentences."""
    first = _ENUM.search(paragraph)
    if first:
        return len(_ENUM.findall(paragraph))
    body = re.split(r"[：:]", paragraph, maxsplit=1)[-1]
    return len([s for s in re.split(r"[。；;]", body) if len(s.strip()) > 3])


def structure_findings(text: str, outline: Outline) -> list[str]:
    """Part 五: as many problems as the outline has, and one measure for each problem."""
    if outline.part != "5":
        return []
    expected = sum(len(s.points) for s in outline.sections if s.name == "problems")
    problems = measures = None
    for paragraph in (p.strip() for p in re.split(r"\n\s*", text) if p.strip()):
        lead = paragraph[:40]
        if _STATUS_LEAD.search(lead[:30]) and not _PROBLEM_LEAD.search(lead[:30]):
            continue
        if _MEASURE_LEAD.search(lead):
            measures = (measures or 0) + _items(paragraph)
        elif _PROBLEM_LEAD.search(lead):
            problems = (problems or 0) + _items(paragraph)
    findings = []
    if problems is not None and problems != expected:
        findings.append(f"草稿列出问题 {problems} 条，要点为 {expected} 条，应逐条对应、不多不少。")
    if problems is not None and measures is not None and measures != problems:
        findings.append(f"草稿列出问题 {problems} 条、改进措施 {measures} 条，问题与措施应一一对应。")
    return findings
