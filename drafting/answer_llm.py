"""问答 with the model: an answer written only from the retrieved passages, every sentence cited, figures guarded.

The seam the app's 问答 calls: `llm_answer(question, passages, settings)` returns an `LlmAnswer`, or None
when no model is configured or the model fails (the caller then keeps its deterministic answer).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from nianbao.drafting.backends import ChatClient, Passage, backend_names, is_llm
from nianbao.drafting.trace import find_figures
from nianbao.errors import NianbaoError
from nianbao.prompts import load_prompt
from nianbao.settings import Settings

NOT_FOUND = "未找到相关依据。"
MAX_SENTENCES = 4
_PASSAGE_CHARS = 400


@dataclass
class LlmAnswer:
    """An answer: its text, the citations of the passages it rests on, and what the reader should know."""

    text: str
    citations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def citation(passage: Passage) -> str:
    """A passage's citation: the article (第N条) or the report and its part."""
    if passage.article:
        return passage.article
    return f"{passage.source}/第{passage.part}部分" if passage.part else passage.source


def schema(count: int) -> dict[str, Any]:
    """The answer's JSON schema: found, and at most four sentences each citing one passage by number."""
    sentence = {"type": "object", "properties": {"text": {"type": "string", "minLength": 4, "maxLength": 120},
                                                 "cite": {"type": "integer", "enum": list(range(1, count + 1))}},
                "required": ["text", "cite"], "additionalProperties": False}
    return {"type": "object", "properties": {"found": {"type": "boolean"},
                                             "sentences": {"type": "array", "items": sentence,
                                                           "maxItems": MAX_SENTENCES}},
            "required": ["found", "sentences"], "additionalProperties": False}


def _client(settings: Settings) -> ChatClient | None:
    """The configured model's chat client, or None for a backend without a model."""
    name = settings.llm_backend
    if name not in backend_names() or not is_llm(name):
        return None
    if name == "local":
        from nianbao.drafting.local import make_local_client

        return make_local_client(settings)
    from nianbao.drafting.llm import make_client

    return make_client(name, settings)


def _parse(text: str) -> dict[str, Any] | None:
    """The answer's JSON object, or None."""
    match = re.search(r"\{.*\}", text, re.S)
    try:
        data = json.loads(match.group(0)) if match else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _unsupported(sentence: str, passage: Passage) -> list[str]:
    """Figures of a sentence that its cited passage does not state."""
    stated = {value for value, _, _ in find_figures(passage.text)}
    stated |= {float(d) for d in re.findall(r"\d+(?:\.\d+)?", passage.text)}
    return [raw for value, raw, _ in find_figures(sentence) if value not in stated]


def _sentences(data: dict[str, Any], passages: list[Passage]) -> tuple[list[tuple[str, Passage]], list[str]]:
    """The cited sentences that pass the figure guard, and notes on those dropped."""
    kept: list[tuple[str, Passage]] = []
    notes: list[str] = []
    for item in (data.get("sentences") or [])[:MAX_SENTENCES]:
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            continue
        text, cite = str(item["text"]).strip(), item.get("cite")
        if not isinstance(cite, int) or not 1 <= cite <= len(passages):
            notes.append(f"已删去一句没有注明依据的回答（“{text[:20]}…”）。")
            continue
        bad = _unsupported(text, passages[cite - 1])
        if bad:
            notes.append(f"已删去一句含有资料中没有的数字（{'、'.join(bad)}）的回答（“{text[:20]}…”）。")
            continue
        kept.append((text.rstrip("。") + "。", passages[cite - 1]))
    return kept, notes


def llm_answer(question: str, passages: list[Passage], settings: Settings,
               client: ChatClient | None = None) -> LlmAnswer | None:
    """An answer from the passages only, each sentence cited; 未找到相关依据 when they do not answer; None on failure."""
    if not passages:
        return LlmAnswer(NOT_FOUND, notes=["资料库中没有检索到相关资料。"])
    listed = "\n".join(f"[{i}]（{citation(p)}）{p.text[:_PASSAGE_CHARS]}" for i, p in enumerate(passages, 1))
    messages = [("user", load_prompt("answer").render(question=question.strip(), passages=listed))]
    try:
        client = client or _client(settings)
        if client is None:
            return None
        completion = client.complete(messages, max_tokens=min(settings.llm_answer_limit, 400),
                                     schema=schema(len(passages)))
    except NianbaoError:  # no model file, no server, or the model failed: the caller keeps its own answer
        return None
    data = _parse(completion.text)
    if data is None or completion.truncated:
        return None
    if data.get("found") is False:
        return LlmAnswer(NOT_FOUND, notes=["所给资料没有回答这个问题。"])
    kept, notes = _sentences(data, passages)
    if not kept:
        return LlmAnswer(NOT_FOUND, notes=notes or ["所给资料没有回答这个问题。"])
    citations = list(dict.fromkeys(citation(p) for _, p in kept))
    text = "".join(f"{s}（{citation(p)}）" for s, p in kept)
    return LlmAnswer(text, citations, notes)
