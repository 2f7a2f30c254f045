"""Last year's text is data, never instructions: what a draft or a prompt may quote of it, and what was left out.

A past report in the library is third-party text: it may carry a phone number, a web address, a figure that
is not in its own tables, or a sentence written to steer a language model. Before any renderer sees it, a
promised measure is cut to the clauses that hold none of these (an item with an instruction is dropped
whole), the part's text loses such sentences and its foreign figures are masked, and every cut is noted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from nianbao.cells import cells
from nianbao.corpus.regulation import cn_to_int
from nianbao.model import Report

INSTRUCTION, CONTACT, URL, FIGURE = "疑似指令", "联系方式", "网址", "上年表格中没有的数字"
_INSTRUCTION = re.compile("|".join((
    r"(?:忽略|无视|忘记|忘掉|不要理会|不必理会|不用理会|推翻)[^。；;！!]{0,12}?(?:要求|指令|指示|提示|规则|约束|设定|规定)",
    r"(?:草稿|正文|回答|回复|输出|答案)(?:中|里|内)?(?:必须|务必|一定要|要)?(?:写明|写上|写入|注明|加入|输出|声明)",
    r"请(?:直接|务必|一定)?(?:输出|写明|写上|照抄|原样|回复|回答|扮演)",
    r"(?:你|您)(?:现在|从现在起|接下来)?(?:是一个|是一名|扮演|作为|必须|应当|需要|只需)",
    r"(?:系统|system)\s*(?:提示|消息|指令|prompt)|提示词|(?i:prompt)|<\|\w+\|>|\[/?INST\]",
    r"(?i:(?<![a-z])(?:ignore|disregard|forget|override)(?![a-z])[^.。]{0,30}(?:instructions?|rules|prompts?|above|previous))",
    r"#{2,}|`{3}|\{\{|\}\}|原样(?:输出|照抄|写入)",
)))
_CONTACT = re.compile("|".join((
    r"(?<!\d)1[3-9]\d(?:[\s\-－]?\d{4}){2}(?!\d)",                      # mobile
    r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[\-－—\s]?)\d{7,8}(?!\d)",  # landline with area code
    r"(?<!\d)[48]00[\-－\s]?\d{3}[\-－\s]?\d{4}(?!\d)",                  # 400/800 numbers
    r"(?:电话|手机|热线|传真|微信|(?i:qq)|联系方式)[号码]*[：:\s]*[\d\-－\s]{5,}",
    r"[\w.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",                    # e-mail
)))
_URL = re.compile(r"(?i:(?:https?|ftp)://\S+|www\.[A-Za-z0-9.\-]+|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*"
                  r"\.(?:cn|com|net|org|gov|edu|info|top|xyz|site|io|example)\b)")
_CN = "零一二两三四五六七八九十百千万"
_NOT_FIGURE = re.compile("|".join((
    r"《[^》]*》", r"[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号",  # titles, document numbers
    rf"第[\d{_CN}]+(?:条|款|项|章|节|次|批|季度|期|届)", r"(?:19|20)\d{2}\s*年(?:度)?",
    r"\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?", r"(?<!\d)(?:7|15|20)\s*个工作日",  # dates, statutory working days
    rf"[{_CN}]+是", rf"[（(][\d{_CN}]+[）)]", r"(?:^|(?<=[。；;：:\s]))\d{1,2}[.、．](?!\d)", rf"[{_CN}]+、",
    r"一件事|一起(?!案|事件)",  # 高效办成一件事; 一起 = together, unless a case is meant
)))
_FIGURE = re.compile(rf"\d+(?:\.\d+)?|[{_CN}]+(?=件|宗|起|人次)")
_CLAUSE = re.compile(r"[^，,；;。：！!？?]+[，,；;。：！!？?]*")  # not at ASCII ':' (https://)
_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]*\n?|\n")
_EXCERPT = 24
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")  # same length: spans stay valid


@dataclass
class Screened:
    """What may be quoted of a text, the pieces left out as (kind, piece), and how many figures were masked."""

    text: str
    dropped: list[tuple[str, str]] = field(default_factory=list)
    masked: int = 0


def table_values(report: Report) -> frozenset[float]:
    """Every value in the report's own tables (parts 二–四): the figures its prose may quote."""
    return frozenset(float(c.value) for c in cells(report) if c.value is not None)


def excerpt(text: str) -> str:
    """A short, single-line excerpt for a note."""
    flat = re.sub(r"\s+", " ", text).strip(" ，,；;。")
    return flat if len(flat) <= _EXCERPT else flat[:_EXCERPT] + "…"


def foreign_figures(text: str, allowed: Collection[float]) -> list[tuple[int, int, str]]:
    """(start, end, as written) of figures the text states that are not among `allowed`.

    Years, dates, article, document and list numbers and the statutory 7/15/20 working days are no figures.
    """
    digits = text.translate(_ASCII_DIGITS)
    blanked = _NOT_FIGURE.sub(lambda m: " " * len(m.group(0)), digits)
    found = []
    for match in _FIGURE.finditer(blanked):
        raw = match.group(0)
        try:
            value = float(raw) if raw[0].isdigit() else float(cn_to_int(raw.replace("两", "二")))
        except ValueError:
            continue
        if value not in allowed:
            found.append((match.start(), match.end(), text[match.start():match.end()]))
    return found


def problem(text: str, allowed: Collection[float] | None) -> tuple[str, str] | None:
    """The first reason a piece of text may not be quoted: (kind, detail), or None when it may."""
    normal = unicodedata.normalize("NFKC", text)
    for kind, pattern in ((INSTRUCTION, _INSTRUCTION), (CONTACT, _CONTACT), (URL, _URL)):
        found = pattern.search(normal)
        if found:
            return kind, found.group(0).strip()
    if allowed is not None:
        figures = foreign_figures(text, allowed)
        if figures:
            return FIGURE, "、".join(dict.fromkeys(raw for _, _, raw in figures))
    return None


def screen_item(text: str, allowed: Collection[float]) -> Screened:
    """A promised measure or a problem: clauses with a contact, a URL or a foreign figure cut; with an instruction, nothing."""
    if _INSTRUCTION.search(unicodedata.normalize("NFKC", text)):
        return Screened("", [(INSTRUCTION, text.strip())])
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    for clause in _CLAUSE.findall(text):
        found = problem(clause, allowed)
        if found is None:
            kept.append(clause)
        else:
            dropped.append((found[0], clause.strip().rstrip("，,；;。：:")))
    rest = "".join(kept).strip().rstrip("，,；;：:")
    if len(re.sub(r"[^\u4e00-\u9fff]", "", rest)) < 4:
        rest = ""  # an ordinal or a connective alone is no measure
    return Screened(rest, dropped)


def screen_text(text: str, allowed: Collection[float] | None) -> Screened:
    """A part's text as reference: sentences with an instruction, a contact or a URL dropped, foreign figures masked."""
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    masked = 0
    for sentence in _SENTENCE.findall(text):
        found = problem(sentence, None)
        if found is not None:
            dropped.append((found[0], sentence.strip()))
            kept.append("\n" if sentence.endswith("\n") else "")
            continue
        for start, end, _ in reversed(foreign_figures(sentence, allowed) if allowed is not None else []):
            sentence = sentence[:start] + "×" + sentence[end:]
            masked += 1
        kept.append(sentence)
    return Screened("".join(kept), dropped, masked)


def item_notes(cuts: list[tuple[str, str, str]]) -> list[str]:
    """Notes for the cuts made in last year's part 五 items: (label "措施"/"问题", kind, piece)."""
    notes = []
    for label, kind, piece in cuts:
        if kind == INSTRUCTION:
            notes.append(f"上年报告中的一条{label}像是写给大模型的指令（“{excerpt(piece)}”），已整条去掉，未写入草稿。")
        else:
            notes.append(f"上年{label}中的“{excerpt(piece)}”含{kind}，未引用。")
    return notes


def text_note(screened: Screened, covered: list[str], what: str = "上年报告原文") -> list[str]:
    """A note on the sentences left out of a reference text, unless the item notes already name them."""
    fresh = list(dict.fromkeys(piece for _, piece in screened.dropped if not any(c in piece for c in covered)))
    if not fresh:
        return []
    examples = "、".join(f"“{excerpt(p)}”" for p in fresh[:2])
    return [f"{what}作参考资料时，去掉了含联系方式、网址或疑似指令的 {len(fresh)} 句（如{examples}）。"]


def screen_passages(texts: list[tuple[str, bool]], cuts: list[tuple[str, str, str]]) -> tuple[list[str], list[str]]:
    """Retrieved passages (text, is a past report's) for a prompt: reports screened, all their figures masked."""
    screened = [screen_text(text, frozenset()) if report else Screened(text) for text, report in texts]
    dropped = Screened("", [d for s in screened for d in s.dropped])
    return [s.text for s in screened], text_note(dropped, [piece for _, _, piece in cuts], "检索到的往年报告片段")
