"""ArticleIndex: the regulation's articles for the regulation checks, from the official text or our summaries.

Sources, best first: the official text (a file, via corpus.regulation; the library's imported copy
is found by nianbao.retrieval.articles), else the project's own summaries in
data/regulation/articles.yaml. Every article records which one it came from, so a finding can
say whether it quotes the regulation or paraphrases it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from nianbao.corpus.regulation import (
    ARTICLE_LABEL_PREFIX,
    ITEM_START,
    Article,
    article_label,
    cn_to_int,
    is_regulation,
    split_articles,
)
from nianbao.data import ARTICLE_SUMMARIES

Source = Literal["official", "summary"]

SUMMARIES_PATH = ARTICLE_SUMMARIES
ARTICLE_COUNT = 56

_FIGURE = re.compile(r"(\d+)\s*个工作日|(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_SUMMARY_EXTRA = re.compile(r"^(关键词|关键数字)：")


@dataclass(frozen=True)
class IndexedArticle:
    """One article as the checks see it: official text or our summary, with its items and figures."""

    number: int
    label: str
    chapter: str
    text: str
    items: int
    source: Source
    origin: str = ""
    topic: str = ""
    paragraph_items: tuple[int, ...] | None = None  # items per 款; known from the official text only
    figures: tuple[str, ...] = ()  # statutory figures in order of appearance: "20个工作日", "1月31日"

    @property
    def official(self) -> bool:
        """True when the text is the regulation's own wording."""
        return self.source == "official"

    @property
    def body(self) -> str:
        """The text without its leading 第N条 label."""
        return ARTICLE_LABEL_PREFIX.sub("", self.text, count=1)

    def item_text(self, item: int) -> str | None:
        """The wording of item （N） from the official text; None for summaries or a missing item."""
        if not self.official:
            return None
        for line in self.text.splitlines():
            match = ITEM_START.match(line)
            if match and cn_to_int(match.group(1)) == item:
                return line.strip()
        return None

    def figure_values(self, unit: str) -> list[str]:
        """Figures of one unit (个工作日 or 日期) in order, as text: ["20", "20"] or ["1月31日", "3月31日"]."""
        if unit == "日期":
            return [f for f in self.figures if f.endswith("日") and "月" in f]
        return [f.removesuffix(unit) for f in self.figures if f.endswith(unit)]

    def quote(self, item: int | None = None, limit: int = 160) -> str:
        """The article (or one item) marked with its source: 【条例原文·第N条】… or 【本项目摘要，非原文·第N条】…."""
        text = (self.item_text(item) if item else None) or self.body
        text = " ".join(text.split())
        if len(text) > limit:
            text = text[:limit] + "……"
        if self.official:
            return f"【条例原文·{self.label}】{text}"
        return f"【本项目摘要，非原文·{self.label}】{text}"


@dataclass(frozen=True)
class ArticleIndex:
    """The regulation's articles by number, and where they came from."""

    articles: Mapping[int, IndexedArticle]
    notes: tuple[str, ...] = field(default=())

    def get(self, number: int) -> IndexedArticle | None:
        """The article of a number, or None."""
        return self.articles.get(number)

    def __contains__(self, number: object) -> bool:
        return number in self.articles

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def last(self) -> int:
        """Highest article number known (56 for the 2019 regulation)."""
        return max(self.articles, default=ARTICLE_COUNT)

    @property
    def sources(self) -> set[Source]:
        """Sources present among the articles."""
        return {a.source for a in self.articles.values()}

    def describe(self) -> str:
        """Which source the checks use, in Chinese, for messages and the CLI."""
        origins = sorted({a.origin for a in self.articles.values() if a.origin})
        where = f"（{'、'.join(origins)}）" if origins else ""
        if self.sources == {"official"}:
            return f"依据：已导入的条例原文{where}"
        if self.sources == {"summary"}:
            return f"依据：本项目自行撰写的条文摘要{where}，非条例原文；导入条例原文后可引用原文"
        return f"依据：条例原文与本项目条文摘要（缺少原文的条文用摘要）{where}"

    # ----- constructors -----
    @classmethod
    def from_articles(cls, articles: Iterable[Article], origin: str = "") -> ArticleIndex:
        """Index of articles split from the official text by corpus.regulation."""
        return cls({a.number: _official(a, origin) for a in articles})

    @classmethod
    def from_text(cls, text: str, origin: str = "") -> ArticleIndex:
        """Index of the official regulation text (Markdown or plain text)."""
        return cls.from_articles(split_articles(text), origin)

    @classmethod
    def from_file(cls, path: Path | str) -> ArticleIndex:
        """Index of the official regulation text in a file."""
        path = Path(path)
        return cls.from_text(path.read_text(encoding="utf-8-sig"), path.name)

    @classmethod
    def from_summaries(cls, entries: Iterable[Mapping[str, Any]], origin: str = "") -> ArticleIndex:
        """Index of our own summaries (entries of data/regulation/articles.yaml)."""
        return cls({a.number: a for a in (_summary(e, origin) for e in entries)})

    @classmethod
    def from_yaml(cls, path: Path | str = SUMMARIES_PATH) -> ArticleIndex:
        """Index of our own summaries in a YAML file (by default data/regulation/articles.yaml)."""
        path = Path(path)
        entries = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or []
        return cls.from_summaries(entries, path.name)


    def merged(self, fallback: ArticleIndex) -> ArticleIndex:
        """This index, completed with the fallback's articles that it lacks."""
        articles = {**fallback.articles, **self.articles}
        return ArticleIndex(dict(sorted(articles.items())), self.notes + fallback.notes)



def from_paths(paths: Iterable[Path | str]) -> ArticleIndex | None:
    """The official text from the first of these files (e.g. the library's ingested files) that is the regulation."""
    for path in map(Path, paths):
        if path.suffix.lower() in (".md", ".txt") and path.is_file():
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            if is_regulation(text):
                return ArticleIndex.from_text(text, path.name)
    return None


@functools.lru_cache(maxsize=4)
def _summaries_index(path: str, mtime_ns: int) -> ArticleIndex:
    """Our summaries, parsed once per file version (YAML parsing costs ~50 ms; drafts check every time)."""
    return ArticleIndex.from_yaml(path)


def load_article_index(summaries: Path | str = SUMMARIES_PATH) -> ArticleIndex:
    """Our own summaries of the articles (the fallback when the official text was not imported)."""
    path = Path(summaries)
    return _summaries_index(str(path), path.stat().st_mtime_ns)


# ----- helpers -----
def _official(article: Article, origin: str) -> IndexedArticle:
    """An IndexedArticle of an article of the official text."""
    return IndexedArticle(
        number=article.number,
        label=article.label,
        chapter=article.chapter,
        text=article.text,
        items=article.items,
        source="official",
        origin=origin,
        paragraph_items=_paragraph_items(article.text),
        figures=_figures(article.text),
    )


def _paragraph_items(text: str) -> tuple[int, ...]:
    """Number of items in each 款 (paragraph) of an article's text; item lines belong to the 款 before them."""
    counts: list[int] = []
    for line in (x for x in text.splitlines() if x.strip()):
        if ITEM_START.match(line) and counts:
            counts[-1] += 1
        else:
            counts.append(0)
    return tuple(counts)


def _figures(text: str) -> tuple[str, ...]:
    """Working-day periods and month-day dates in a text, in order: ("20个工作日", "1月31日")."""
    return tuple(
        f"{m.group(1)}个工作日" if m.group(1) else f"{int(m.group(2))}月{int(m.group(3))}日"
        for m in _FIGURE.finditer(text)
    )


def _summary(entry: Mapping[str, Any], origin: str) -> IndexedArticle:
    """An IndexedArticle of one of our summaries."""
    number = int(entry["number"])
    summary = "\n".join(
        line for line in str(entry.get("summary", "")).strip().splitlines() if not _SUMMARY_EXTRA.match(line)
    )
    figures: list[str] = []
    for value in entry.get("key_numbers") or []:
        if isinstance(value, Mapping):
            unit = str(value.get("unit", ""))
            figures.append(str(value.get("value", "")) + ("" if unit == "日期" else unit))
        else:
            figures.extend(_figures(str(value)))
    return IndexedArticle(
        number=number,
        label=str(entry.get("label") or article_label(number)),
        chapter=str(entry.get("chapter", "")),
        text=summary,
        items=int(entry.get("items") or 0),
        source="summary",
        origin=origin,
        topic=str(entry.get("topic", "")),
        figures=tuple(figures),
    )
