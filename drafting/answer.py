"""问答: a first sentence that answers, then its sources; 未找到相关依据 below the relevance threshold.

Without an LLM the answer is the sentence of the best passage that speaks to the question, with its
article number (or report and part). Questions about our own counts are answered from the stored
tables (`Library.get_report`) with report, table and row. Search works on `Library.search`: the
question expanded with the clerk vocabulary, agency and year as filters, over-fetched, then one hit
per article (the official text preferred over our summary), index metadata stripped, re-ranked by the
question's terms. An LLM answer plugs in as `answerer` (question, passages) → text with notes, or
None to keep the deterministic sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from nianbao.corpus.articles import ArticleIndex
from nianbao.corpus.regulation import cn_to_int
from nianbao.drafting.answer_counts import CountAnswer, answer_count, count_topic
from nianbao.drafting.backends import Passage
from nianbao.drafting.question import Question, parse_question
from nianbao.errors import StoreError
from nianbao.model import PART_TITLES, Report
from nianbao.retrieval.library import Library
from nianbao.retrieval.types import Hit

REGULATION = "《条例》"
OFFICIAL = "《中华人民共和国政府信息公开条例》"
SUMMARY = "《条例》条文摘要（本项目撰写，非原文）"
MIN_RELEVANCE = 1.0  # weight of the question's terms the best passage must contain (one content word)
REPORT_BONUS = 1.0  # a question naming an agency or year is about that report before the regulation
SEARCH_PRIOR = 1.0  # the hybrid search's own order still counts: 1 for its first hit, 1/2 for the second …
RULE_BONUS = 0.5  # a question naming neither is about the rules before what some report says
TABLE_PARTS = frozenset({"2", "3", "4"})
FETCH = 24  # hits fetched before de-duplication and re-ranking
_META_LINE = re.compile(r"^\s*(?:关键词|关键数字)[:：].*$", re.M)
_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)][^，。；]{0,14}[。]?$")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
HINT = ("可以换个说法再问，尽量带上具体的事项，例如“答复期限是多少个工作日”“申请公开信息要交钱吗”"
        "“哪些信息可以不予公开”，或问本机关的数字，例如“去年我局收到多少件申请”。")


@dataclass(frozen=True)
class Profile:
    """Who asks: the session's agency and year (我局, 去年) and this year's counts when filled in."""

    agency: str | None = None
    year: int | None = None
    counts: Report | None = None


@dataclass(frozen=True)
class Source:
    """A passage the answer rests on, quoted without index metadata."""

    citation: str
    quote: str
    kind: str  # "regulation" | "report" | "table"
    article: str | None = None
    agency: str | None = None
    year: int | None = None
    part: str | None = None


@dataclass(frozen=True)
class Selected:
    """A search hit after de-duplication: its quote (official text preferred) and its relevance."""

    hit: Hit
    quote: str
    official: bool
    relevance: float
    score: float = 0.0  # the re-ranking score (rarity-weighted terms and the report/rule bonus)

    @property
    def source(self) -> Source:
        """The source line of this passage."""
        h = self.hit
        return Source(citation(h, self.official), self.quote, h.kind, h.article, h.agency, h.year, h.part)

    @property
    def passage(self) -> Passage:
        """The passage as an LLM sees it (our Passage type of drafting.backends)."""
        h = self.hit
        if h.kind == "regulation":
            return Passage(source=OFFICIAL if self.official else SUMMARY, text=self.quote, article=h.article)
        return Passage(source=f"{h.agency or h.source}{h.year or ''}年度报告", text=self.quote, part=h.part)


class AnswerText(Protocol):
    """What an answerer returns: the answer text and notes for the clerk (drafting.answer_llm's LlmAnswer fits)."""

    text: str
    notes: list[str]


Answerer = Callable[[str, list[Passage]], AnswerText | None]


@dataclass
class Composed:
    """The deterministic answer text."""

    text: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Answer:
    """The reply of 问答: answer text first, then sources; `found` False means 未找到相关依据."""

    text: str
    sources: list[Source]
    found: bool
    kind: str  # "regulation" | "report" | "counts" | "none"
    notes: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)


def strip_metadata(text: str) -> str:
    """A chunk's text without the index lines of our summaries (关键词：…, 关键数字：…)."""
    return re.sub(r"\n{2,}", "\n", _META_LINE.sub("", text)).strip()


def citation(hit: Hit, official: bool = True) -> str:
    """《条例》第N条 (marked when it is our summary), or agency, year and part of a report."""
    if hit.kind == "regulation":
        return f"{REGULATION}{hit.article}" + ("" if official else "（本项目摘要，非原文）")
    part = PART_TITLES.get(str(hit.part), hit.part or "")
    return f"{hit.agency or hit.source}{hit.year or ''}年度报告 · {part}"


def _article_text(hit: Hit, articles: ArticleIndex | None) -> tuple[str, bool]:
    """The article's official text when the index has it, else the hit's own text; and whether it is official."""
    is_summary = str(hit.source).lower().endswith((".yaml", ".yml"))
    if articles is not None and hit.article:
        try:
            entry = articles.get(cn_to_int(hit.article.removeprefix("第").removesuffix("条")))
        except (KeyError, ValueError):
            entry = None
        if entry is not None and entry.official:
            return entry.body.strip(), True
    return strip_metadata(hit.text), not is_summary


def _hits(question: Question, library: Library) -> list[Hit]:
    """Over-fetched hits: reports filtered by the question's agency and year when it names them, and articles."""
    if question.agency is None and question.year is None:
        return library.search(question.query, top=FETCH)
    reports = library.search(question.query, kind="report", agency=question.agency, year=question.year, top=FETCH)
    regulation = library.search(question.query, kind="regulation", top=FETCH)
    return sorted([*reports, *regulation], key=lambda h: -h.score)


def _candidates(question: Question, library: Library, articles: ArticleIndex | None) -> list[Selected]:
    """Over-fetched hits, one per article (official text preferred) or report part, in search order."""
    chosen: dict[tuple[object, ...], Selected] = {}
    for hit in _hits(question, library):
        if hit.kind == "report" and hit.part in TABLE_PARTS:
            continue  # rows of numbers: figures are answered from the stored tables, not quoted
        key: tuple[object, ...] = (("regulation", hit.article) if hit.kind == "regulation"
                                   else ("report", hit.agency, hit.year, hit.part))
        quote, official = _article_text(hit, articles) if hit.kind == "regulation" else (strip_metadata(hit.text), True)
        text = quote if official and hit.kind == "regulation" else f"{quote}\n{strip_metadata(hit.text)}"
        old = chosen.get(key)
        if old is None:
            chosen[key] = Selected(hit, quote, official, question.relevance(text))
        elif official and not old.official:
            chosen[key] = Selected(old.hit, quote, True, max(old.relevance, question.relevance(text)))
    return list(chosen.values())


def _idf(question: Question, candidates: list[Selected]) -> dict[str, float]:
    """Per term, its rarity among the candidates (1 in none, 0.25 in all); vocabulary words keep 1 (they fetched them)."""
    n = len(candidates)
    out: dict[str, float] = {}
    for term in question.terms:
        if term.synonyms:
            out[term.word] = 1.0
            continue
        df = sum(term.found_in(c.quote) for c in candidates)
        out[term.word] = 0.25 + 0.75 * (math.log((n + 1) / (df + 1)) / math.log(n + 1) if n else 1.0)
    return out


def select(question: Question, library: Library, articles: ArticleIndex | None, top: int = 5) -> list[Selected]:
    """The best passages, one per article or report part, re-ranked by rare question terms, search order and kind."""
    candidates = _candidates(question, library, articles)
    idf = _idf(question, candidates)
    named = question.agency is not None or question.year is not None
    scores = []
    for rank, c in enumerate(candidates):
        matched = sum(t.weight * idf[t.word] for t in question.terms if t.found_in(c.quote))
        bonus = (REPORT_BONUS if c.hit.kind == "report" else 0.0) if named else (
            RULE_BONUS if c.hit.kind == "regulation" else 0.0)
        scores.append(matched + bonus + SEARCH_PRIOR / (1 + rank))
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
    return [replace(candidates[i], score=scores[i]) for i in order[:top]]


def _sentences(text: str) -> list[str]:
    """The sentences (and list items) of a passage; an exception (但是…) stays with the rule it qualifies."""
    out: list[str] = []
    for sentence in (s.strip() for s in _SENTENCE.findall(text)):
        if out and sentence.startswith(("但是", "但", "除")):
            out[-1] += sentence
        elif len(sentence) > 3:
            out.append(sentence)
    return out


def best_sentence(question: Question, text: str) -> str:
    """The sentence of a passage that carries most of the question's terms, with what completes it."""
    sentences = _sentences(text)
    if not sentences:
        return text.strip()
    weights = [question.matched_weight(s) for s in sentences]
    i = max(range(len(sentences)), key=lambda n: (weights[n], -n))
    picked = [sentences[i]]
    if picked[0].endswith(("：", ":")):  # a lead-in: the items it introduces
        picked += sentences[i + 1: i + 9]
    elif _HEADING.match(picked[0]):  # a heading ("（五）监督保障"): what it heads
        picked = sentences[i + 1: i + 3] or picked
    sentence = "".join(picked).rstrip("；;，, ")
    return sentence if sentence.endswith(("。", "！", "？")) else sentence + "。"


def extractive_answer(question: str, passages: list[Passage]) -> Composed | None:
    """The deterministic answer: the best passage's answering sentence, introduced by its article or report."""
    if not passages:
        return None
    first = passages[0]
    sentence = best_sentence(parse_question(question), first.text)
    if first.article:
        lead = f"根据{REGULATION}{first.article}" + ("（本项目摘要，非原文）" if first.source == SUMMARY else "")
    else:
        part = PART_TITLES.get(str(first.part), first.part or "")
        lead = f"据{first.source}（{part}）"
    return Composed(f"{lead}：{sentence}")


def _on_topic(question: Question, selected: Selected) -> bool:
    """The passage has a content word of the question as a word of its own (一部 inside 一部分 is chance), or all of them."""
    if selected.relevance < MIN_RELEVANCE:
        return False
    words = set(_words(selected.quote))
    found = [t for t in question.terms if t.word in words or (len(t.word) > 2 and t.word in selected.quote)
             or any(s in selected.quote for s in t.synonyms)]
    everything = len(question.terms) >= 2 and len(found) == len(question.terms)
    return everything or sum(t.weight for t in found) >= MIN_RELEVANCE


def _words(text: str) -> list[str]:
    """jieba's words of a text (precise mode: 一部分 stays one word)."""
    import jieba  # initialised by the text index's tokenizer already when a search ran

    return jieba.lcut(text)


def _others(selected: list[Selected]) -> str:
    """“相关条文还有第十四条、第十五条。” for further relevant articles."""
    more = [s.hit.article for s in selected[1:] if s.hit.kind == "regulation" and s.hit.article]
    return f"相关条文还有{'、'.join(dict.fromkeys(more))}。" if more else ""


def _count_answer(question: Question, library: Library, profile: Profile) -> Answer | None:
    """A question about our own figures, answered from the stored table (or this year's counts)."""
    topic = count_topic(question.text)
    agency = question.agency or (profile.agency if topic else None)
    if topic is None or agency is None:
        return None
    year = question.year
    report: Report | None = None
    if year == profile.year and profile.counts is not None:
        report, source = profile.counts, f"{agency}{year}年统计表（本次填写）"
    else:
        try:
            reports = library.reports(agency)
        except StoreError:  # an unreadable library: answered as not stored below
            reports = []
        stored = [r for r in reports if r.year and (year is None or r.year == year)]
        report = max(stored, key=lambda r: r.year or 0) if stored else None
        source = f"{agency}{report.year if report else year or ''}年度报告"
    if report is None:
        when = f"{year}年" if year else ""
        return Answer(f"资料库中没有{agency}{when}的年度报告，无法从统计表回答。请先在左侧导入该年度报告。",
                      [], False, "counts")
    found: CountAnswer = answer_count(topic, report, source)
    note = [] if question.year else [f"问题未写年度，按资料库中最近的 {report.year} 年报告回答。"]
    table = Source(found.citation, found.text, "table", agency=agency, year=report.year)
    return Answer(found.text, [table], found.value is not None, "counts", note)


def answer_question(text: str, library: Library, articles: ArticleIndex | None = None,
                    profile: Profile | None = None, answerer: Answerer | None = None, top: int = 4) -> Answer:
    """Answer a clerk's question: our counts from the tables, else the best passages with an answer sentence."""
    profile = profile or Profile()
    try:
        agencies = list(library.status().years_by_agency)
    except StoreError:  # an unreadable library: no agency names to recognise
        agencies = []
    question = parse_question(text, profile.agency, profile.year, agencies)
    counted = _count_answer(question, library, profile)
    if counted is not None:
        return counted
    selected = select(question, library, articles, top=max(top, 5))
    if not any(_on_topic(question, s) for s in selected):  # nothing speaks to the question
        return Answer("未找到相关依据。" + HINT, [], False, "none")
    shown = selected[:top]
    passages = [s.passage for s in shown]
    composed = (answerer(text, passages) if answerer is not None else None) or extractive_answer(text, passages)
    if composed is None:  # no passage to answer from (cannot happen with relevant passages)
        return Answer("未找到相关依据。" + HINT, [], False, "none")
    more = _others(shown)
    body = composed.text + (f"\n\n{more}" if more else "")
    return Answer(body, [s.source for s in shown], True, shown[0].hit.kind, list(composed.notes), passages)
