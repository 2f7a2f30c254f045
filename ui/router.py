"""Deterministic routing of a clerk's chat message to one of four actions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Action = Literal["draft", "compare", "check", "ask", "help"]

SLASH: dict[str, Action] = {
    "/draft": "draft", "/起草": "draft",
    "/compare": "compare", "/对比": "compare",
    "/check": "check", "/检查": "check",
    "/ask": "ask", "/问答": "ask",
    "/help": "help", "/帮助": "help",
}
_KEYWORDS: tuple[tuple[Action, tuple[str, ...]], ...] = (
    ("draft", ("起草", "草拟", "拟写", "写一段", "写一份", "帮我写", "生成", "草稿", "撰写", "写个")),
    ("compare", ("对比", "比较", "重复", "照搬", "复制", "雷同", "变化", "往年", "历年")),
    ("check", ("检查", "核对", "校验", "审核", "挑错", "有没有错", "勾稽", "核查")),
)
_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("overview-supervision", ("监督保障", "监督", "考核", "评议", "追究")),
    ("overview-applications", ("依申请", "申请情况", "申请公开")),
    ("5", ("存在的主要问题", "主要问题", "问题", "改进", "第五部分", "五、")),
)


@dataclass
class Intent:
    """What the assistant will do with a message."""

    action: Action
    text: str
    part: str | None = None
    years: list[int] = field(default_factory=list)
    by: Literal["slash", "keyword", "model", "default"] = "default"


def draft_part(text: str) -> str | None:
    """Which narrative part a draft request names, if any."""
    for part, words in _PARTS:
        if any(w in text for w in words):
            return part
    return "5" if re.fullmatch(r"\s*(?:第?[五5](?:部分)?)\s*", text) else None


def route(message: str) -> Intent:
    """Slash command first, then keywords; questions go to 问答."""
    text = message.strip()
    years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", text)]
    head, _, rest = text.partition(" ")
    if head.lower() in SLASH:
        action = SLASH[head.lower()]
        return Intent(action, rest.strip(), draft_part(rest) if action == "draft" else None, years, "slash")
    for action, words in _KEYWORDS:
        if any(w in text for w in words):
            part = draft_part(text) if action == "draft" else None
            return Intent(action, text, part, years, "keyword")
    return Intent("ask", text, None, years, "default")
