"""The plain LangChain pipeline we compare against: split raw file text, embed with our embedder, vector search.

RecursiveCharacterTextSplitter (same chunk size and overlap as ours) + langchain-chroma, with an Embeddings
adapter around our embedder, so the comparison isolates what our parsing, chunking and hybrid search add.
LangChain types stay in this module.
"""

from __future__ import annotations

import bisect
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from nianbao.model import PART_KEYS, PART_TITLES
from nianbao.retrieval.embeddings import Embedder

_ARTICLE = re.compile(r"^第([一二三四五六七八九十百零]+)条", re.MULTILINE)
_SUMMARY = re.compile(r"^- number: (\d+)", re.MULTILINE)


class EmbedderAdapter(Embeddings):
    """Our embedder behind LangChain's Embeddings interface."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Vectors of document texts."""
        return self.embedder.embed(texts)

    def embed_query(self, text: str) -> list[float]:
        """Vector of one query."""
        return self.embedder.embed([text])[0]


@dataclass(frozen=True)
class Label:
    """What a span of a source file is about, for judging a hit (never shown to the pipeline)."""

    kind: str
    article: str | None = None
    agency: str | None = None
    year: int | None = None
    part: str | None = None


@dataclass
class _Spans:
    """Label changes along one file's text: starts[i] is where labels[i] begins."""

    starts: list[int] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    def between(self, start: int, end: int) -> list[Label]:
        """Labels of every span overlapping [start, end)."""
        if not self.starts:
            return []
        first = max(bisect.bisect_right(self.starts, start) - 1, 0)
        last = max(bisect.bisect_left(self.starts, end) - 1, first)
        return self.labels[first : last + 1]


def _spans(path: Path, text: str) -> _Spans:
    """Ground-truth spans of a corpus file: articles of the regulation or summaries, parts of a report."""
    from nianbao.corpus.regulation import article_label, cn_to_int

    spans = _Spans()
    if path.suffix in (".yaml", ".yml"):
        for m in _SUMMARY.finditer(text):
            spans.starts.append(m.start())
            spans.labels.append(Label("regulation", article=article_label(int(m.group(1)))))
        return spans
    if path.suffix == ".md" and _ARTICLE.search(text):
        for m in _ARTICLE.finditer(text):
            spans.starts.append(m.start())
            spans.labels.append(Label("regulation", article=article_label(cn_to_int(m.group(1)))))
        return spans
    from nianbao.corpus import parse_text

    report = parse_text(text, path.name)
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        for key in PART_KEYS:
            if stripped.startswith(PART_TITLES[key]):
                spans.starts.append(offset)
                spans.labels.append(Label("report", agency=report.agency, year=report.year, part=key))
        offset += len(line)
    return spans


class PlainPipeline:
    """Split → embed → langchain-chroma → similarity_search."""

    def __init__(self, embedder: Embedder, persist_dir: Path, chunk_size: int = 300, chunk_overlap: int = 50) -> None:
        import chromadb
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self.splitter = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True,
            separators=["\n\n", "\n", "。", "；", "，", ""])
        self.store = Chroma(collection_name="plain", embedding_function=EmbedderAdapter(embedder),
                            persist_directory=str(persist_dir),
                            client_settings=chromadb.Settings(anonymized_telemetry=False, is_persistent=True),
                            collection_metadata={"hnsw:space": "cosine"})
        self.chunks = 0
        self._spans: dict[str, _Spans] = {}

    def ingest(self, paths: list[Path]) -> int:
        """Read, split and add every file (folders are walked); the number of chunks written."""
        files = [p for path in paths for p in (sorted(path.rglob("*")) if path.is_dir() else [path])
                 if p.is_file() and p.suffix in (".txt", ".md", ".yaml", ".yml")]
        written = 0
        for path in files:
            text = path.read_text(encoding="utf-8")
            docs = self.splitter.create_documents([text], metadatas=[{"source": str(path)}])
            self.store.add_documents(docs)
            written += len(docs)
        self.chunks += written
        return written

    def search(self, query: str, k: int = 5) -> list[Document]:
        """The k nearest chunks."""
        return self.store.similarity_search(query, k=k)

    def labels(self, doc: Document) -> list[Label]:
        """Ground-truth labels of a hit, from where it starts in its source file."""
        source = str(doc.metadata["source"])
        if source not in self._spans:
            path = Path(source)
            self._spans[source] = _spans(path, path.read_text(encoding="utf-8"))
        start = int(doc.metadata.get("start_index", 0))
        return self._spans[source].between(start, start + len(doc.page_content))


def answered(question: Any, labels: list[Label]) -> bool:
    """True when any label is what the evaluation question expects (benchmarks.retrieval_eval.Question)."""
    for label in labels:
        if question.article and label.kind == "regulation" and label.article == question.article:
            return True
        if (not question.article and label.kind == "report" and label.agency == question.agency
                and label.year == question.year and label.part in question.parts):
            return True
    return False


def recall_at(pipeline: PlainPipeline, questions: list[Any], k: int = 5) -> tuple[float, list[float]]:
    """Recall@k of the plain pipeline and each query's latency in ms."""
    found = 0
    times: list[float] = []
    for q in questions:
        start = time.perf_counter()
        hits = pipeline.search(q.text, k=k)
        times.append((time.perf_counter() - start) * 1000)
        found += any(answered(q, pipeline.labels(h)) for h in hits)
    return found / len(questions), times
