"""Drafting a part end to end: facts → outline → renderer → guard, with repair and template fallback."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nianbao.corpus.regulation import ARTICLE_MENTION
from nianbao.drafting.backends import ChatClient, Completion, Passage, Renderer, get_renderer, is_llm
from nianbao.drafting.facts import build_facts
from nianbao.drafting.guard import GuardResult, check_draft, placeholders
from nianbao.drafting.outline import Outline, build_outline
from nianbao.drafting.quotes import screen_passages
from nianbao.drafting.render import TemplateRenderer, fill_slots
from nianbao.errors import LlmError, NianbaoError, StoreError
from nianbao.model import Report
from nianbao.retrieval.library import Library
from nianbao.settings import Settings

REGULATION = "《中华人民共和国政府信息公开条例》"
_QUERIES = {
    "5": "存在的主要问题及改进情况 改进措施 依申请公开 答复 质量",
    "overview-supervision": "监督保障 工作考核 社会评议 责任追究",
    "overview-applications": "依申请公开 新收申请 办理结果 结转 行政复议 行政诉讼",
}


@dataclass
class Attempt:
    """One model draft before acceptance: its text, the guard's findings, and the answer it came from."""

    text: str
    findings: list[str]
    unverified: int
    completion: Completion | None


@dataclass
class Draft:
    """A drafted part and everything the clerk needs to trust it (the `draft --json` shape)."""

    part: str
    text: str
    backend: str
    figures: list[dict[str, object]] = field(default_factory=list)
    unverified: list[dict[str, object]] = field(default_factory=list)
    reuse: float | None = None
    prior_year: int | None = None
    sources: list[dict[str, str]] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)  # the model's drafts and the guard's verdicts (not in JSON)

    def to_json(self) -> dict[str, Any]:
        """The JSON object printed by `nianbao draft --json`."""
        return {"part": self.part, "text": self.text, "figures": self.figures, "unverified": self.unverified,
                "reuse": None if self.reuse is None else round(self.reuse, 4), "prior_year": self.prior_year,
                "backend": self.backend, "sources": self.sources, "placeholders": self.placeholders,
                "notes": self.notes}


def prior_text(prior: Report | None, part: str) -> str:
    """The prior year's text of the same part (总体情况 for its items)."""
    if prior is None:
        return ""
    return prior.parts.get("1" if part.startswith("overview") else "5", "")


def find_prior(counts: Report, library: Library) -> Report | None:
    """The agency's report of the previous year from the library, or None (also when the library is unreadable)."""
    if not counts.agency or not counts.year:
        return None
    try:
        return library.get_report(counts.agency, counts.year - 1)
    except StoreError:  # an unreadable library only means no prior year
        return None


def find_passages(outline: Outline, library: Library | None) -> tuple[list[Passage], list[str]]:
    """Regulation articles and past report passages for grounding an LLM draft; notes when unavailable."""
    if library is None:
        return [], ["未提供资料库，大模型起草时没有参考往年报告和《条例》摘录。"]
    query = _QUERIES[outline.part]
    try:
        hits = library.search(query, kind="regulation", top=3)
        hits += library.search(query, kind="report", agency=outline.facts.agency, top=3)
    except NianbaoError as exc:  # the library is optional grounding
        return [], [f"未能检索资料库（{exc}），大模型起草时没有参考往年报告和《条例》摘录。"]
    texts, notes = screen_passages([(h.text, h.kind == "report") for h in hits], outline.facts.quote_cuts)
    passages = [Passage(source=h.source if h.kind == "report" else REGULATION, text=text, article=h.article,
                        part=h.part) for h, text in zip(hits, texts, strict=True)]
    return passages, notes


def _sources(outline: Outline, text: str, passages: list[Passage]) -> list[dict[str, str]]:
    """Citations: articles the text cites, the prior year's part, retrieved passages."""
    sources = [{"source": REGULATION, "article": "第五十条"}]
    sources += [{"source": REGULATION, "article": a} for a in dict.fromkeys(ARTICLE_MENTION.findall(text))
                if a != "第五十条"]
    facts = outline.facts
    if facts.prior_year and outline.prior_text:
        sources.append({"source": f"{facts.agency}{facts.prior_year}年度报告",
                        "part": "1" if outline.part.startswith("overview") else "5"})
    for passage in passages:
        citation = passage.citation()
        if citation not in sources:
            sources.append(citation)
    return sources


def _finish(draft: Draft, outline: Outline, threshold: float, counts: Report, passages: list[Passage]) -> Draft:
    """Fill in figures, reuse, placeholders and sources of a final text."""
    result = check_draft(draft.text, outline, threshold, counts)
    draft.figures, draft.unverified, draft.reuse = result.figures, result.unverified, result.reuse
    draft.placeholders = placeholders(draft.text)
    draft.sources = _sources(outline, draft.text, passages)
    return draft


def _last_completion(renderer: Renderer) -> Completion | None:
    """The model's latest answer, when the renderer keeps them (truncation is judged on it)."""
    completions = getattr(renderer, "completions", None)
    return completions[-1] if completions else None


def _attempt(renderer: Renderer, outline: Outline, threshold: float, counts: Report,
             previous: tuple[str, list[str]] | None, attempts: list[Attempt]) -> tuple[str, GuardResult]:
    """A first draft (or a repair of `previous` with its findings), its slots filled, and the guard's verdict."""
    raw = renderer.render(outline) if previous is None else renderer.repair(outline, *previous)
    text, _ = fill_slots(raw, outline.facts)
    completion = _last_completion(renderer)
    result = check_draft(text, outline, threshold, counts, completion)
    attempts.append(Attempt(text, result.findings, len(result.unverified), completion))
    return text, result


def draft_part(
    counts: Report,
    part: str,
    backend: str,
    prior: Report | None,
    settings: Settings,
    library: Library | None = None,
    passages: list[Passage] | None = None,
    client: ChatClient | None = None,
) -> Draft:
    """Draft one part from validated counts; a draft that fails the guard twice falls back to the template.

    `library` grounds an LLM draft (passages are looked up there unless given); `client` replaces the
    backend's configured chat model (tests, an already opened local model).
    """
    outline = build_outline(build_facts(counts, prior), part, prior_text(prior, part))
    prior_year = prior.year if prior is not None else None
    notes: list[str] = list(outline.notes)  # what the screening of last year's text left out (drafting/quotes.py)
    if prior is None:
        notes.append("没有上一年度报告可供对照（可用 --prior 指定，或先将上年报告导入资料库），未分析同比变化和上年措施落实情况。")
    threshold = settings.reuse_threshold
    if not is_llm(backend):
        renderer = get_renderer(backend, settings, [], client)
        return _finish(Draft(part, renderer.render(outline), backend, prior_year=prior_year, notes=notes),
                       outline, threshold, counts, [])
    attempts: list[Attempt] = []
    try:
        if passages is None:
            passages, more = find_passages(outline, library)
            notes += more
        renderer = get_renderer(backend, settings, passages, client)
        text, result = _attempt(renderer, outline, threshold, counts, None, attempts)
        if not result.ok:
            notes.append("大模型初稿未通过核验，已将问题发回修改：" + "；".join(result.findings))
            text, result = _attempt(renderer, outline, threshold, counts, (text, result.findings), attempts)
        if result.ok:
            return _finish(Draft(part, text, backend, prior_year=prior_year, notes=notes, attempts=attempts),
                           outline, threshold, counts, passages)
        notes.append("修改稿仍未通过核验（" + "；".join(result.findings) + "），已改用模板草稿。")
    except LlmError as exc:
        notes.append(f"{exc}，已改用模板草稿。")
    template = TemplateRenderer().render(outline)
    return _finish(Draft(part, template, TemplateRenderer.name, prior_year=prior_year, notes=notes,
                         attempts=attempts), outline, threshold, counts, [])
