"""问答 in the chat: the answer first (written by the model when an LLM backend is set), then its sources."""

from __future__ import annotations

from nianbao.drafting.answer import Answer, Profile, answer_question
from nianbao.drafting.answer_llm import llm_answer
from nianbao.drafting.backends import backend_names, is_llm
from nianbao.errors import StoreError
from nianbao.retrieval.articles import default_article_index
from nianbao.ui.counts import is_blank
from nianbao.ui.reply import Context, Reply
from nianbao.ui.router import Intent

QUOTE_LIMIT = 160


def answer_markdown(answer: Answer) -> str:
    """The answer, then its numbered sources with short quotes, then notes."""
    lines = [answer.text]
    if answer.sources:
        lines += ["", "**依据**", ""]
        for i, source in enumerate(answer.sources, 1):
            quote = " ".join(source.quote.split())
            cut = f"{quote[:QUOTE_LIMIT]}…" if len(quote) > QUOTE_LIMIT else quote
            lines.append(f"{i}. **{source.citation}**：{cut}")
    lines += [f"\n说明：{note}" for note in answer.notes]
    return "\n".join(lines)


def do_ask(intent: Intent, ctx: Context) -> Reply:
    """问答: an answer with its sources, 未找到相关依据 when nothing in the library speaks to the question."""
    if ctx.library is None:
        return Reply("资料库尚未就绪，暂时无法回答。", "ask")
    counts = ctx.counts if ctx.counts is not None and not is_blank(ctx.counts) else None
    profile = Profile(ctx.agency, ctx.year, counts)
    settings = ctx.settings
    with_model = settings.llm_backend in backend_names() and is_llm(settings.llm_backend)
    answerer = (lambda question, passages: llm_answer(question, passages, settings)) if with_model else None
    try:
        answer = answer_question(intent.text, ctx.library, default_article_index(settings), profile, answerer)
    except StoreError as exc:
        return Reply(f"资料库暂时无法读取（{exc}），无法回答。", "ask")
    return Reply(answer_markdown(answer), "ask", sources=[s.citation for s in answer.sources])
