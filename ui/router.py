"""Deterministic routing of a clerk's chat message to one of the actions, with an explicit precedence.

A message is an instruction, optionally followed by a text after a colon or a line break
("检查这段草稿：……"). Only the instruction is searched for keywords, so words inside a pasted text
never choose the action. When several actions match, the precedence is check > compare > draft >
ask; a long text with no instruction is a text to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Action = Literal["draft", "compare", "check", "ask", "help"]

ACTION_NAMES: dict[str, str] = {"draft": "起草", "compare": "对比", "check": "检查", "ask": "问答", "help": "帮助"}
SLASH: dict[str, Action] = {
    "/draft": "draft", "/起草": "draft",
    "/compare": "compare", "/对比": "compare",
    "/check": "check", "/检查": "check",
    "/ask": "ask", "/问答": "ask",
    "/help": "help", "/帮助": "help",
}
PRECEDENCE: tuple[Action, ...] = ("check", "compare", "draft")
_KEYWORDS: dict[Action, tuple[str, ...]] = {
    "check": ("检查", "核对", "校验", "审核一下", "帮我审核", "挑错", "挑毛病", "有没有错", "有无错误", "核查",
              "有没有问题"),
    "compare": ("对比", "比较", "比一比", "比比", "重复率", "文字重复", "是否重复", "重复了", "照搬", "复制粘贴", "抄了",
                "雷同", "变化", "往年", "历年", "逐年"),
    "draft": ("起草", "草拟", "拟写", "撰写", "草稿", "帮我写", "帮忙写", "写一下", "写一段", "写一份", "写段", "写份",
              "写个", "写写", "再写", "重写", "改写", "续写", "生成", "出一稿", "拟一段", "拟个"),
}
# "写" (or 拟) in front of a part's name is a drafting request too: "写监督保障", "监督保障部分写一写"
_WRITE = re.compile(r"写|拟稿|成文")
_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview-supervision", ("监督保障", "监督", "考核", "评议", "追究")),
    ("overview-applications", ("依申请", "申请情况", "申请公开情况", "申请办理情况")),
    ("5", ("存在的主要问题", "主要问题", "问题", "改进", "第五部分", "五、")),
)
_SLASH = re.compile(r"(/[^\s：:]+)[\s：:]*(.*)", re.S)
_BREAK = re.compile(r"[：:\n]")
LONG_TEXT = 200  # characters: a message this long without an instruction is a pasted text


@dataclass
class Intent:
    """What the assistant will do with a message."""

    action: Action
    text: str  # the whole message without a slash command
    part: str | None = None
    years: list[int] = field(default_factory=list)
    by: Literal["slash", "keyword", "text", "default"] = "default"
    body: str = ""  # the text given with the instruction (after a colon or line break), e.g. a paragraph to check
    matched: str = ""  # the keyword that chose the action

    @property
    def notice(self) -> str:
        """One line telling the clerk how the message was understood."""
        name = ACTION_NAMES[self.action]
        how = {"slash": "（斜杠命令）", "keyword": f"（关键词“{self.matched}”）" if self.matched else "",
               "text": "（长段文字）", "default": ""}[self.by]
        return f"已按『{name}』处理{how}。如需其他操作，可用 /draft、/compare、/check、/ask。"


def draft_part(text: str) -> str | None:
    """Which narrative part a draft request names, if any."""
    for part, words in _PARTS:
        if any(w in text for w in words):
            return part
    return "5" if re.fullmatch(r"\s*(?:第?[五5](?:部分)?)\s*", text) else None


def split_message(text: str) -> tuple[str, str]:
    """The instruction and the text given with it (after the first colon or line break)."""
    match = _BREAK.search(text)
    if match is None:
        return text, ""
    return text[: match.start()].strip(), text[match.end():].strip()


def _keyword(instruction: str) -> tuple[Action, str] | None:
    """The action of the instruction by precedence, and the keyword that chose it."""
    for action in PRECEDENCE:
        word = next((w for w in _KEYWORDS[action] if w in instruction), None)
        if word:
            return action, word
    if _WRITE.search(instruction) and draft_part(instruction):
        return "draft", _WRITE.search(instruction).group(0)  # type: ignore[union-attr]
    return None


def route(message: str) -> Intent:
    """Slash command first, then keywords of the instruction by precedence; a long bare text is checked; else 问答."""
    text = message.strip()
    years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", text)]
    slash = _SLASH.match(text)
    if slash and slash.group(1).lower() in SLASH:
        action, rest = SLASH[slash.group(1).lower()], slash.group(2).strip()
        part = draft_part(rest) if action == "draft" else None
        return Intent(action, rest, part, years, "slash", body=rest)
    instruction, body = split_message(text)
    found = _keyword(instruction)
    if found is None and len(text) > LONG_TEXT:
        return Intent("check", text, None, years, "text", body=text)
    if found is None:
        return Intent("ask", text, None, years, "default")
    action, word = found
    part = draft_part(instruction) if action == "draft" else None
    return Intent(action, text, part, years, "keyword", body=body, matched=word)
