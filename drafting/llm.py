"""The LLM adapter: LangChain chat models (ChatOpenAI, ChatOllama) behind our own types; LLM renderer."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from nianbao.drafting.backends import Backend, ChatClient, Passage, register_backend
from nianbao.drafting.outline import Outline, fill_names
from nianbao.drafting.render import format_value
from nianbao.errors import LlmError
from nianbao.prompts import load_prompt
from nianbao.settings import Settings

API_KEY_VARIABLES = ("NIANBAO_LLM_API_KEY", "OPENAI_API_KEY")




class LangChainClient:
    """A LangChain chat model; its types and exceptions stay inside this class."""

    def __init__(self, model: Any, label: str) -> None:
        self.model = model
        self.label = label

    def complete(self, messages: list[tuple[str, str]]) -> str:
        """Invoke the chat model; any failure becomes LlmError."""
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
        try:
            answer = self.model.invoke([kinds[role](content=content) for role, content in messages])
        except Exception as exc:  # the server's failures arrive as httpx, openai, ollama or langchain exceptions
            kind = "超时" if "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower() else "出错"
            raise LlmError(f"大模型服务（{self.label}）调用{kind}：{type(exc).__name__}") from exc
        content = answer.content
        if isinstance(content, list):
            content = "".join(c.get("text", "") if isinstance(c, dict) else str(c) for c in content)
        return str(content).strip()


def api_key() -> str:
    """The API key from the environment at the moment of use (never stored); on-prem servers often need none."""
    return next((os.environ[v] for v in API_KEY_VARIABLES if os.environ.get(v)), "not-needed")


def make_client(backend: str, settings: Settings) -> ChatClient:
    """A chat client for `openai` (any OpenAI-compatible server) or `ollama`; raises LlmError when unconfigured."""
    if not settings.llm_model:
        raise LlmError("未配置大模型名称（环境变量 NIANBAO_LLM_MODEL）。")
    if backend == "openai":
        from langchain_openai import ChatOpenAI

        if not settings.llm_base_url:
            raise LlmError("未配置大模型服务地址（环境变量 NIANBAO_LLM_BASE_URL）。")
        model = ChatOpenAI(model=settings.llm_model, base_url=settings.llm_base_url, api_key=api_key(),
                           timeout=settings.llm_timeout, max_retries=0, temperature=0.3)
        return LangChainClient(model, f"OpenAI 兼容接口 {settings.llm_base_url}")
    if backend == "ollama":
        from langchain_ollama import ChatOllama

        base = settings.llm_base_url or "http://127.0.0.1:11434"
        model = ChatOllama(model=settings.llm_model, base_url=base, temperature=0.3,
                           client_kwargs={"timeout": settings.llm_timeout})
        return LangChainClient(model, f"Ollama {base}")
    raise LlmError(f"未知的大模型后端“{backend}”。")


def _figure_lines(outline: Outline, keys: list[str]) -> str:
    """`{{key}} = value（source）` lines for the figures the outline uses."""
    lines = []
    for key in keys:
        figure = outline.facts.figures.get(key)
        if figure is not None:
            lines.append(f"{{{{{key}}}}} = {format_value(figure.value)}（{figure.source}）")
    return "\n".join(lines) or "（无）"


def _outline_lines(outline: Outline) -> str:
    """The outline's points as a numbered list."""
    names = outline.context()
    labels = {"status": "上年措施落实", "problems": "问题", "measures": "改进措施", "applications": "要点",
              "supervision": "要点"}
    lines = []
    for section in outline.sections:
        for point in section.points:
            ref = f"（对应问题 {point.ref}）" if point.ref else ""
            lines.append(f"- [{labels.get(section.name, section.name)} {point.key}]{ref} {fill_names(point.brief, names)}")
    return "\n".join(lines)


@dataclass
class LlmRenderer:
    """Renders an outline through a chat client with the prompts of prompts/ and retrieved passages."""

    client: ChatClient
    passages: list[Passage] = field(default_factory=list)
    name: str = "llm"

    def figure_keys(self, outline: Outline) -> list[str]:
        """Figures offered to the model: those the outline's points use."""
        keys = [k for s in outline.sections for p in s.points for k in p.slots]
        return list(dict.fromkeys(keys))

    def _messages(self, outline: Outline) -> list[tuple[str, str]]:
        """System and user messages of a first draft."""
        facts = outline.facts
        passages = "\n".join(f"[{p.source}{'·' + p.article if p.article else ''}] {p.text[:300]}"
                             for p in self.passages) or "（无）"
        user = load_prompt("draft").render(
            agency=facts.agency, level="人民政府" if facts.level == "government" else "政府部门", year=facts.year,
            title=outline.title, figures=_figure_lines(outline, self.figure_keys(outline)),
            outline=_outline_lines(outline), required="、".join(label for label, _ in outline.required) or "（无）",
            passages=passages, prior=outline.prior_text.strip()[:1500] or "（无）",
        )
        return [("system", load_prompt("system").render()), ("user", user)]

    def render(self, outline: Outline) -> str:
        """A first draft (figures still as `{{key}}` slots or as written by the model)."""
        return self.client.complete(self._messages(outline))

    def repair(self, outline: Outline, draft: str, findings: list[str]) -> str:
        """A second draft after sending the guard's findings back."""
        user = load_prompt("repair").render(findings="\n".join(f"- {f}" for f in findings), draft=draft,
                                            figures=_figure_lines(outline, self.figure_keys(outline)))
        return self.client.complete([*self._messages(outline), ("assistant", draft), ("user", user)])


def _backend(name: str) -> Backend:
    """The registry entry of an LLM backend: a renderer over the configured chat model (or a given client)."""
    def make(settings: Settings, passages: list[Passage], client: ChatClient | None) -> LlmRenderer:
        return LlmRenderer(client or make_client(name, settings), passages, name)
    return make


def register() -> None:
    """Register the openai and ollama backends (entry point of the group nianbao.backends)."""
    register_backend("openai", _backend("openai"))
    register_backend("ollama", _backend("ollama"))
