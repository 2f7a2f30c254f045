"""The regulation's article index from the library: the official text the user imported, else our summaries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from nianbao.corpus.articles import ArticleIndex, from_paths, load_article_index
from nianbao.errors import NianbaoError
from nianbao.retrieval.library import Library
from nianbao.retrieval.records import Records
from nianbao.retrieval.types import Chunk
from nianbao.settings import Settings


def from_chunks(chunks: Iterable[Chunk]) -> ArticleIndex | None:
    """Index of the official text among the library's regulation chunks; None when none was imported."""
    official = [c for c in chunks if c.metadata.get("kind") == "regulation" and _is_official_chunk(c)]
    if not official:
        return None
    official.sort(key=lambda c: int(c.metadata.get("number", 0)))
    origin = str(official[0].metadata.get("source", ""))
    chapters = {int(c.metadata.get("number", 0)): str(c.metadata.get("chapter", "")) for c in official}
    index = ArticleIndex.from_text("\n".join(c.text for c in official), origin)
    return ArticleIndex({n: replace(a, chapter=chapters.get(n) or a.chapter) for n, a in index.articles.items()})


def from_library(library: Library) -> ArticleIndex | None:
    """The official text imported into the library (`nianbao ingest`), or None when it was not imported."""
    return from_chunks(library.chunks("regulation"))


def library_article_index(library: Library) -> ArticleIndex:
    """Official text from the library's chunks when imported (missing articles from our summaries), else summaries."""
    fallback = load_article_index()
    try:
        official = from_library(library)
    except NianbaoError as exc:
        note = f"无法读取资料库中的条例原文（{exc}），改用本项目条文摘要。"
        return ArticleIndex(fallback.articles, (note,))
    return official.merged(fallback) if official else fallback


def default_article_index(settings: Settings) -> ArticleIndex:
    """The official text the user imported into the library (records only, no model load), else our summaries."""
    return records_article_index(Records(settings.data_dir))


def records_article_index(records: Records) -> ArticleIndex:
    """The official text whose file the journal records as imported, else our summaries; a damaged journal
    raises (it is named, never taken as "nothing imported")."""
    summaries = load_article_index()
    try:
        official = from_paths(records.regulation_paths())
    except OSError:  # the imported file was moved or deleted since: our summaries
        return summaries
    return official.merged(summaries) if official is not None else summaries


def _is_official_chunk(chunk: Chunk) -> bool:
    """A library chunk of the official text (not of an ingested summaries YAML)."""
    source = str(chunk.metadata.get("source", "")).lower()
    return not source.endswith((".yaml", ".yml")) and str(chunk.metadata.get("title", "")).startswith("政府信息公开条例")
