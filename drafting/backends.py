"""The drafting backends: what a renderer is, and the registry every backend (and plugin) registers in.

A backend is a one-method factory `(settings, passages, client) -> Renderer`. Backends register
themselves with `register_backend` from a `register()` function named under the entry-point group
`nianbao.backends` (pyproject.toml); plugins use the same group. The registry names none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Protocol

from nianbao.errors import UnknownBackend
from nianbao.settings import Settings

if TYPE_CHECKING:
    from nianbao.drafting.outline import Outline

ENTRY_POINTS = "nianbao.backends"


@dataclass(frozen=True)
class Passage:
    """A retrieved passage given to an LLM as grounding, with its citation."""

    source: str
    text: str
    article: str | None = None
    part: str | None = None

    def citation(self) -> dict[str, str]:
        """The `sources` entry of the draft JSON."""
        key = {"article": self.article} if self.article else {"part": self.part or ""}
        return {"source": self.source, **key}


@dataclass
class Completion:
    """One answer of a chat model: its text and what the guard and the evaluation need to know about it."""

    text: str
    truncated: bool = False  # the model stopped at its token budget, not at its own end
    max_tokens: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    seconds: float = 0.0
    structured: bool = False  # the request carried a JSON schema
    generation_tps: float | None = None  # tokens per second while generating, when the server says
    prompt_tps: float | None = None  # tokens per second while reading the prompt, when the server says


class ChatClient(Protocol):
    """Sends (role, content) messages and returns the answer; raises LlmError.

    `max_tokens` bounds the answer; `schema` asks for JSON under that JSON schema (constrained sampling where
    the model supports it; a client that cannot constrain sends it as a plain request and the text is guarded).
    """

    def complete(self, messages: list[tuple[str, str]], max_tokens: int | None = None,
                 schema: dict[str, Any] | None = None) -> Completion:
        """The model's answer."""
        ...


class Renderer(Protocol):
    """Writes an outline as text (figures as `{{key}}` slots or values), and rewrites it after the guard's findings."""

    name: str

    def render(self, outline: Outline) -> str:
        """The text of the outline's part."""
        ...

    def repair(self, outline: Outline, draft: str, findings: list[str]) -> str:
        """A new text after the guard rejected `draft` for these findings."""
        ...


class ModelRenderer(Renderer, Protocol):
    """A renderer that asks a model: the answers it received, newest last (truncation, tokens, seconds)."""

    completions: list[Completion]


class Backend(Protocol):
    """A drafting backend: makes the renderer of one draft."""

    def __call__(self, settings: Settings, passages: list[Passage], client: ChatClient | None) -> Renderer:
        """The renderer, configured from the settings (an explicit client replaces the configured one)."""
        ...


Describe = Callable[[Settings], str]
_REGISTRY: dict[str, tuple[Backend, bool]] = {}
_DESCRIBE: dict[str, Describe] = {}
_LOADED: list[bool] = []


def register_backend(name: str, backend: Backend, llm: bool = True, describe: Describe | None = None) -> None:
    """Make a backend available under a name (called by each backend's `register()`).

    An `llm` backend is grounded with retrieved passages and its text is guarded, repaired once and
    replaced by the template when it still fails; a non-LLM backend builds every figure from the facts.
    `describe` gives the one-line Chinese description of its configuration shown in the app's sidebar.
    """
    _REGISTRY[name] = (backend, llm)
    if describe is not None:
        _DESCRIBE[name] = describe


def _load() -> None:
    """Run every `register()` of the entry-point group once."""
    if _LOADED:
        return
    _LOADED.append(True)
    for entry in entry_points(group=ENTRY_POINTS):
        entry.load()()


def backend_names() -> list[str]:
    """Names of the registered backends, in registration order."""
    _load()
    return list(_REGISTRY)


def check_backend(name: str) -> str:
    """The name when it is registered; raises UnknownBackend listing the known names."""
    names = backend_names()
    if name not in _REGISTRY:
        raise UnknownBackend(f"未知的起草方式“{name}”，可选：{'、'.join(names)}（template 为不使用大模型的模板起草）。")
    return name


def is_llm(name: str) -> bool:
    """Whether a registered backend is an LLM (see register_backend); raises UnknownBackend."""
    return _REGISTRY[check_backend(name)][1]


def get_renderer(name: str, settings: Settings, passages: list[Passage] | None = None,
                 client: ChatClient | None = None) -> Renderer:
    """The renderer of a registered backend; raises UnknownBackend."""
    return _REGISTRY[check_backend(name)][0](settings, list(passages or []), client)


def describe_backend(settings: Settings, name: str | None = None) -> str:
    """What the app's sidebar shows about the drafting backend (settings.llm_backend unless named)."""
    chosen = name or settings.llm_backend
    if chosen not in backend_names():
        return f"起草方式“{chosen}”未注册，可选：{'、'.join(backend_names())}。"
    describe = _DESCRIBE.get(chosen)
    if describe is not None:
        return describe(settings)
    return f"起草方式：{chosen}" + ("" if is_llm(chosen) else "（不使用大模型，数字全部取自统计数据）")
