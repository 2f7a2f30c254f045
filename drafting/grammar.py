"""Constrained drafting: the model answers JSON, one sentence per outline point, figures only as slot names.

The JSON schema's patterns allow no digit and no Chinese numeral before a measure word (件、次、% …) outside
a `{{slot}}` of the point's own figures, so under constrained sampling (llama.cpp grammar) the model cannot
write a figure at all; `{{quote}}` stands for the point's wording quoted from last year's report. The
sentences are put together with the template's leads and numbering; slots are filled from the facts and
the guard still checks the result.
"""

from __future__ import annotations

import json
import re
from typing import Any

from nianbao.drafting import labels
from nianbao.drafting.outline import Outline, Point, fill_names
from nianbao.drafting.render import ORDINALS, format_value
from nianbao.prompts import load_prompt

QUOTE = "quote"
NUMERALS = "零〇一二两三四五六七八九十百千万亿"
_BANNED = r'0-9０-９' + NUMERALS + r'"\\{}#＃A-Za-zＡ-Ｚａ-ｚ\x00-\x1f'
# Words in which a numeral counts nothing; outside them the grammar admits no numeral at all.
NUMERAL_WORDS = ("进一步", "第三方", "千方百计", "一方面", "一次性", "一站式", "一网通办", "一件事", "一把手", "统一", "唯一",
                 "单一", "逐一", "之一", "同一", "一一", "一步", "一些", "一致", "一律", "一体", "一流", "一线", "一般",
                 "一直", "一定", "一切", "一并", "一贯", "一旦", "一再", "一窗", "一网", "十分", "百姓", "三方", "万一")
# Characters a sentence may have, by kind of point (the character budget of one sentence).
SENTENCE_CHARS = {"status": 60, "problem": 70, "measure": 55, "fact": 90, "item": 60}
# Free characters around the mandatory pieces: before {{quote}}, between it and 【请补充：…】, after.
_AROUND = {(True, True): (10, 8, 40), (True, False): (12, 50), (False, True): (40, 16)}
_ENUMERATOR = re.compile(rf"^\s*(?:[{ORDINALS}]是|第[{ORDINALS}]，?|首先|其次|最后|[（(][{ORDINALS}\d][）)]|\d[.、．])\s*")


def quote_of(outline: Outline, point: Point) -> str | None:
    """Last year's wording a point refers to (the topic of a promised measure or a named problem)."""
    for prefix, items in (("上年措施：", outline.facts.prior_measures), ("上年问题：", outline.facts.prior_problems)):
        for item in items:
            if point.grounds == prefix + item.text:
                return item.topic
    return None


def point_slots(outline: Outline, point: Point) -> list[str]:
    """Slot names a point may use: its figures that are known, and `quote` when it cites last year."""
    slots = [k for k in point.slots if outline.facts.value(k) is not None]
    return [*slots, QUOTE] if quote_of(outline, point) else slots


def points(outline: Outline) -> list[Point]:
    """The outline's points in order."""
    return [p for s in outline.sections for p in s.points]


def needs_placeholder(point: Point) -> bool:
    """Whether only the clerk can say what a point says (every template wording has a 【请补充：…】)."""
    return bool(point.variants) and all("【请" in v for v in point.variants)


def sentence_pattern(slots: list[str], max_chars: int, placeholder: bool = False) -> str:
    """Regex of one sentence: allowed characters, numerals not counting anything, the given slots.

    `quote` among the slots makes last year's wording mandatory; `placeholder` a 【请补充：…】 after it.
    """
    figures = [s for s in slots if s != QUOTE]
    units = [f"[^{_BANNED}【】]", "(?:" + "|".join(NUMERAL_WORDS) + ")"]
    if figures:
        units.append(r"\{\{(?:" + "|".join(re.escape(s) for s in figures) + r")\}\}")
    unit = f"(?:{'|'.join(units)})"
    required = []
    if QUOTE in slots:
        required.append(r"\{\{" + QUOTE + r"\}\}")
    if placeholder:
        required.append(f"【请(?:补充|确认)：[^{_BANNED}【】]{{2,30}}】")
    if not required:
        return f"^{unit}{{4,{max_chars}}}$"
    around = _AROUND[(QUOTE in slots, placeholder)]
    return "^" + "".join(f"{unit}{{0,{n}}}{r}" for n, r in zip(around, required, strict=False)) + f"{unit}{{0,{around[-1]}}}$"


def schema_for(outline: Outline) -> dict[str, Any]:
    """The JSON schema of an answer: one sentence per point key, in the outline's order."""
    properties = {
        p.key: {"type": "string", "pattern": sentence_pattern(point_slots(outline, p), SENTENCE_CHARS.get(p.kind, 90),
                                                              needs_placeholder(p))}
        for p in points(outline)
    }
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def parse_answer(text: str, outline: Outline) -> dict[str, str] | None:
    """The sentences of a JSON answer by point key, or None when the text is not such a JSON object."""
    stripped = text.strip()
    fence = re.match(r"^```(?:json)?\s*(.*?)\s*```$", stripped, re.S)
    if fence:
        stripped = fence.group(1)
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    answer = {k: v.strip() for k, v in data.items() if isinstance(v, str) and v.strip()}
    return answer if any(p.key in answer for p in points(outline)) else None


def _clean(sentence: str, quote: str | None) -> str:
    """One sentence: no enumerator of its own, last year's wording in Chinese quotation marks, no end mark."""
    text = _ENUMERATOR.sub("", sentence.strip())
    if quote is not None:
        text = re.sub(r"[“\"'‘]?\{\{" + QUOTE + r"\}\}[”\"'’]?", lambda _m: f"“{quote}”", text)
    return text.rstrip("。；;，,、 ")


def assemble(outline: Outline, answer: dict[str, str]) -> str:
    """The part's text from the answer's sentences, with the template's leads and numbering (slots kept)."""
    names = outline.context()
    paragraphs = []
    for section in outline.sections:
        chosen = [_clean(answer[p.key], quote_of(outline, p)) for p in section.points if answer.get(p.key)]
        chosen = [c for c in chosen if c]
        if not chosen:
            continue
        lead = fill_names(outline.pick(section.leads, f"lead:{section.name}"), names)
        if section.numbered and len(chosen) > 1:
            body = "".join(f"{ORDINALS[i]}是{c}。" for i, c in enumerate(chosen[:10]))
        elif section.name == "status":
            body = "；".join(chosen) + "。"
        else:
            body = "".join(f"{c}。" for c in chosen)
        paragraphs.append(lead + body)
    return "\n\n".join(paragraphs)


def key_list(outline: Outline) -> str:
    """The answer's keys as the prompt names them."""
    return "、".join(p.key for p in points(outline))


def _brief(outline: Outline, point: Point) -> str:
    """What a point must say, with last year's wording as the `{{quote}}` slot."""
    brief = fill_names(point.brief, outline.context())
    quote = quote_of(outline, point)
    if quote is not None:
        brief = brief.replace(f"“{quote}”", "{{" + QUOTE + "}}")
    return brief


def reference(outline: Outline, point: Point) -> str:
    """A template wording of the point for the model to rewrite (another one than the template draft's)."""
    if not point.variants:
        return _brief(outline, point)
    wording = fill_names(outline.pick(point.variants, f"llm:{point.key}:{point.grounds}"), outline.context())
    quote = quote_of(outline, point)
    return wording.replace(f"“{quote}”", "{{" + QUOTE + "}}") if quote is not None else wording


def point_lines(outline: Outline) -> str:
    """The points for the prompt: key, kind and a wording to rewrite, then what each slot stands for."""
    kinds = {"status": "上年措施落实情况", "problem": "问题", "measure": "改进措施", "fact": "事实", "item": "要点"}
    lines = []
    for point in points(outline):
        ref = f"（针对 {point.ref}）" if point.ref else ""
        lines.append(f'"{point.key}"：{kinds.get(point.kind, point.kind)}{ref}。参考写法：{reference(outline, point)}')
    slots = dict.fromkeys(k for p in points(outline) for k in point_slots(outline, p) if k != QUOTE)
    if slots:
        lines.append("占位符的含义（数值只供理解，句中不得写出）：" + "；".join(
            f"{{{{{k}}}}} {labels.name_of(k)}={format_value(outline.facts.figures[k].value)}" for k in slots))
    quotes = [(p.key, quote_of(outline, p)) for p in points(outline) if quote_of(outline, p)]
    if quotes:
        lines.append("上年原文：" + "；".join(f"{key} 的 {{{{{QUOTE}}}}}=“{q}”" for key, q in quotes))
    return "\n".join(lines)


def messages(outline: Outline, passages: str) -> list[tuple[str, str]]:
    """System and user messages asking for the JSON answer (static instructions first, for the prompt cache)."""
    facts = outline.facts
    example = next((f"{{{{{k}}}}}" for p in points(outline) for k in point_slots(outline, p) if k != QUOTE), "{{new}}")
    user = load_prompt("draft_json").render(
        agency=facts.agency, level="人民政府" if facts.level == "government" else "政府部门", year=facts.year,
        title=outline.title, keys=key_list(outline), example=example, quote="{{" + QUOTE + "}}",
        points=point_lines(outline), passages=passages,
        shape="{" + ", ".join(f'"{p.key}": "……"' for p in points(outline)) + "}")
    return [("system", load_prompt("system").render()), ("user", user)]
