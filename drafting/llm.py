"""The LLM adapter: LangChain chat models (ChatOpenAI, ChatOllama) behind our own types; the LLM renderer."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from nianbao.drafting import grammar
from nianbao.drafting.backends import Backend, ChatClient, Completion, Passage, register_backend
from nianbao.drafting.outline import Outline, fill_names
from nianbao.drafting.render import format_value
from nianbao.drafting.shape import token_budget
from nianbao.errors import LlmError
from nianbao.prompts import load_prompt
from nianbao.settings import Settings

API_KEY_VARIABLES = ("NIANBAO_LLM_API_KEY", "OPENAI_API_KEY")
Request = Callable[[int | None, dict[str, Any] | None], dict[str, Any]]


def _openai_request(structured: bool) -> Request:
    """Request options of an OpenAI-compatible server: max_tokens, and the schema as response_format."""
    def request(max_tokens: int | None, schema: dict[str, Any] | None) -> dict[str, Any]:
        options: dict[str, Any] = {} if max_tokens is None else {"max_tokens": max_tokens}
        if schema is not None and structured:
            options["response_format"] = {"type": "json_schema",
                                          "json_schema": {"name": "draft", "schema": schema, "strict": True}}
        return options
    return request


def _ollama_request(max_tokens: int | None, schema: dict[str, Any] | None) -> dict[str, Any]:
    """Request options of Ollama: num_predict bounds the answer."""
    return {"options": {"temperature": 0.3, **({} if max_tokens is None else {"num_predict": max_tokens})}}


class LangChainClient:
    """A LangChain chat model; its types and exceptions stay inside this class."""

    def __init__(self, model: Any, label: str, request: Request | None = None) -> None:
        self.model = model
        self.label = label
        self.request = request or _openai_request(False)

    def complete(self, messages: list[tuple[str, str]], max_tokens: int | None = None,
                 schema: dict[str, Any] | None = None) -> Completion:
        """Invoke the chat model; any failure becomes LlmError."""
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
        start = time.perf_counter()
        try:
            answer = self.model.invoke([kinds[role](content=content) for role, content in messages],
                                       **self.request(max_tokens, schema))
        except LlmError:
            raise
        except Exception as exc:  # the server's failures arrive as httpx, openai, ollama, llama.cpp or langchain exceptions
            kind = "超时" if "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower() else "出错"
            raise LlmError(f"大模型服务（{self.label}）调用{kind}：{type(exc).__name__}") from exc
        content = answer.content
        if isinstance(content, list):
            content = "".join(c.get("text", "") if isinstance(c, dict) else str(c) for c in content)
        meta = answer.response_metadata or {}
        usage = getattr(answer, "usage_metadata", None) or {}
        finish = meta.get("finish_reason") or meta.get("done_reason")
        timings = meta.get("timings") or {}
        return Completion(str(content).strip(), truncated=finish == "length", max_tokens=max_tokens,
                          prompt_tokens=usage.get("input_tokens"), completion_tokens=usage.get("output_tokens"),
                          seconds=time.perf_counter() - start, structured=schema is not None,
                          generation_tps=timings.get("predicted_per_second"), prompt_tps=timings.get("prompt_per_second"))


def api_key() -> str:
    """The API key from the environment at the moment of use (never stored); on-prem servers often need none."""
    return next((os.environ[v] for v in API_KEY_VARIABLES if os.environ.get(v)), "not-needed")


def check_base_url(url: str) -> str:
    """The URL when it is a usable http(s) address; raises LlmError in Chinese otherwise."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port raises ValueError on a malformed one
    except ValueError as exc:
        raise LlmError(f"大模型服务地址无效：“{url}”（{exc}）。请检查环境变量 NIANBAO_LLM_BASE_URL，"
                       "应形如 http://127.0.0.1:8000/v1。") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LlmError(f"大模型服务地址无效：“{url}”（应以 http:// 或 https:// 开头并包含主机名）。"
                       "请检查环境变量 NIANBAO_LLM_BASE_URL，应形如 http://127.0.0.1:8000/v1。")
    return url


def make_client(backend: str, settings: Settings) -> ChatClient:
    """A chat client for `openai` (any OpenAI-compatible server) or `ollama`; raises LlmError when unconfigured."""
    if not settings.llm_model:
        raise LlmError("未配置大模型名称（环境变量 NIANBAO_LLM_MODEL）。")
    if backend == "openai":
        from langchain_openai import ChatOpenAI

        if not settings.llm_base_url:
            raise LlmError("未配置大模型服务地址（环境变量 NIANBAO_LLM_BASE_URL）。")
        model = ChatOpenAI(model=settings.llm_model, base_url=check_base_url(settings.llm_base_url),
                           api_key=api_key(), timeout=settings.llm_timeout, max_retries=0, temperature=0.3)
        return LangChainClient(model, f"OpenAI 兼容接口 {settings.llm_base_url}",
                               _openai_request(settings.llm_structured))
    if backend == "ollama":
        from langchain_ollama import ChatOllama

        base = check_base_url(settings.llm_base_url or "http://127.0.0.1:11434")
        model = ChatOllama(model=settings.llm_model, base_url=base, temperature=0.3,
                           client_kwargs={"timeout": settings.llm_timeout})
        return LangChainClient(model, f"Ollama {base}", _ollama_request)
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


def passage_lines(passages: list[Passage], size: int = 300) -> str:
    """Retrieved passages with their citation, each cut to `size` characters."""
    return "\n".join(f"[{p.source}{'·' + p.article if p.article else ''}] {p.text[:size]}" for p in passages) or "（无）"


@dataclass
class LlmRenderer:
    """Renders an outline through a chat client: JSON under the outline's schema (structured) or slot text."""

    client: ChatClient
    passages: list[Passage] = field(default_factory=list)
    name: str = "llm"
    structured: bool = False
    max_tokens: int = 1024
    completions: list[Completion] = field(default_factory=list)

    def figure_keys(self, outline: Outline) -> list[str]:
        """Figures offered to the model: those the outline's points use."""
        keys = [k for s in outline.sections for p in s.points for k in p.slots]
        return list(dict.fromkeys(keys))

    def _messages(self, outline: Outline) -> list[tuple[str, str]]:
        """System and user messages of a first draft."""
        if self.structured:
            return grammar.messages(outline, passage_lines(self.passages, 120))
        facts = outline.facts
        user = load_prompt("draft").render(
            agency=facts.agency, level="人民政府" if facts.level == "government" else "政府部门", year=facts.year,
            title=outline.title, figures=_figure_lines(outline, self.figure_keys(outline)),
            outline=_outline_lines(outline), required="、".join(label for label, _ in outline.required) or "（无）",
            passages=passage_lines(self.passages), prior=outline.prior_text.strip()[:1500] or "（无）",
        )
        return [("system", load_prompt("system").render()), ("user", user)]

    def _ask(self, outline: Outline, messages: list[tuple[str, str]]) -> str:
        """One answer within the part's token budget, as text with `{{slots}}`."""
        schema = grammar.schema_for(outline) if self.structured else None
        completion = self.client.complete(messages, token_budget(outline, self.max_tokens), schema)
        self.completions.append(completion)
        if self.structured:
            answer = grammar.parse_answer(completion.text, outline)
            if answer is not None:
                return grammar.assemble(outline, answer)
        return completion.text

    def render(self, outline: Outline) -> str:
        """A first draft (figures still as `{{key}}` slots or as written by the model)."""
        return self._ask(outline, self._messages(outline))

    def repair(self, outline: Outline, draft: str, findings: list[str]) -> str:
        """A second draft after sending the guard's findings back."""
        listed = "\n".join(f"- {f}" for f in findings)
        if self.structured:
            previous = self.completions[-1].text if self.completions else draft
            user = load_prompt("repair_json").render(findings=listed, keys=grammar.key_list(outline))
            return self._ask(outline, [*self._messages(outline), ("assistant", previous), ("user", user)])
        user = load_prompt("repair").render(findings=listed, draft=draft,
                                            figures=_figure_lines(outline, self.figure_keys(outline)))
        return self._ask(outline, [*self._messages(outline), ("assistant", draft), ("user", user)])


def _backend(name: str) -> Backend:
    """The registry entry of an LLM backend: a renderer over the configured chat model (or a given client)."""
    def make(settings: Settings, passages: list[Passage], client: ChatClient | None) -> LlmRenderer:
        structured = settings.llm_structured and name == "openai"
        return LlmRenderer(client or make_client(name, settings), passages, name, structured, settings.llm_answer_limit)
    return make


def describe_server(name: str) -> Callable[[Settings], str]:
    """The sidebar line of a server backend."""
    def describe(settings: Settings) -> str:
        where = settings.llm_base_url or ("http://127.0.0.1:11434" if name == "ollama" else "未配置服务地址")
        return f"起草方式：{name} · 模型服务 {where} · 模型 {settings.llm_model or '未指定'}"
    return describe


def register() -> None:
    """Register the openai and ollama backends (entry point of the group nianbao.backends)."""
    register_backend("openai", _backend("openai"), describe=describe_server("openai"))
    register_backend("ollama", _backend("ollama"), describe=describe_server("ollama"))
