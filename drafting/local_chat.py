"""The LangChain chat model over llama.cpp in process (xllamacpp); imported only when the local backend is used."""

from __future__ import annotations

import os
import threading
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict

from nianbao.errors import LlmError

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}
_SERVERS: dict[tuple[str, int, int], Any] = {}
_LOCK = threading.Lock()


def _server(path: str, threads: int, context: int) -> Any:
    """The llama.cpp server of a model file, loaded once per process and kept."""
    key = (path, threads, context)
    with _LOCK:
        if key not in _SERVERS:
            os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # busy-waiting threads starve a shared machine
            try:
                import xllamacpp
            except ImportError as exc:
                raise LlmError("未安装本地模型组件 xllamacpp：请运行 bash scripts/setup.sh llm"
                               "（或 pip install -e \".[llm]\"）。") from exc
            params = xllamacpp.CommonParams()
            params.model.path = path
            params.n_ctx = context
            params.n_parallel = 1
            params.cpuparams.n_threads = threads
            params.cpuparams_batch.n_threads = threads
            params.warmup = False
            params.verbosity = -1
            try:
                _SERVERS[key] = xllamacpp.Server(params)
            except Exception as exc:  # llama.cpp reports a bad model file as a RuntimeError of the binding
                raise LlmError(f"本地模型“{path}”无法加载：{exc}") from exc
        return _SERVERS[key]


class ChatLlamaCpp(BaseChatModel):
    """A LangChain chat model over llama.cpp in process; `json_schema` and `max_tokens` are per-call options."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    model_path: str
    n_threads: int = 1
    n_ctx: int = 4096
    temperature: float = 0.3
    seed: int = 42

    @property
    def _llm_type(self) -> str:
        return "xllamacpp"

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        """One chat completion through the in-process server."""
        request: dict[str, Any] = {
            "messages": [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages],
            "temperature": self.temperature, "seed": self.seed,
        }
        if kwargs.get("max_tokens"):
            request["max_tokens"] = kwargs["max_tokens"]
        if kwargs.get("json_schema"):
            request["json_schema"] = kwargs["json_schema"]
        if stop:
            request["stop"] = stop
        result = _server(self.model_path, self.n_threads, self.n_ctx).handle_chat_completions(request)
        if not isinstance(result, dict) or "choices" not in result:
            message = result.get("error", {}).get("message") if isinstance(result, dict) else result
            raise LlmError(f"本地模型返回错误：{message}")
        choice = result["choices"][0]
        usage = result.get("usage") or {}
        timings = result.get("timings") or {}
        message = AIMessage(
            content=choice["message"].get("content") or "",
            response_metadata={"finish_reason": choice.get("finish_reason"), "timings": timings},
            usage_metadata={"input_tokens": usage.get("prompt_tokens", 0),
                            "output_tokens": usage.get("completion_tokens", 0),
                            "total_tokens": usage.get("total_tokens", 0)},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])


def local_request(max_tokens: int | None, schema: dict[str, Any] | None) -> dict[str, Any]:
    """Per-call options of the local model: the token budget and the grammar's schema."""
    options: dict[str, Any] = {} if max_tokens is None else {"max_tokens": max_tokens}
    if schema is not None:
        options["json_schema"] = schema
    return options
