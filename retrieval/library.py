"""The library: ingest the regulation and reports, search them, and keep report records for other features."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corpus.regulation import is_regulation, split_articles
from nianbao.model import Report
from nianbao.settings import Settings
from retrieval.chunking import regulation_chunks, report_chunks, summary_chunks
from retrieval.records import Records
from retrieval.types import Chunk, Hit, IngestResult

if TYPE_CHECKING:
    from retrieval.search import Mode, Searcher
    from retrieval.store import VectorStore

ProgressCallback = Callable[[int, int, str], None]  # (files done, files total, current file name)

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".yaml", ".yml"})
_WRITE_BATCH = 64


class DocumentError(Exception):
    """A file that cannot be ingested; the message (Chinese) names the file."""


@dataclass(frozen=True)
class LibraryStatus:
    """What the library holds."""

    documents: int
    pending: int
    chunks: int
    regulation_articles: int
    years_by_agency: dict[str, list[int]] = field(default_factory=dict)


def collect_files(paths: Iterable[Path | str], result: IngestResult) -> list[Path]:
    """Files named or found (recursively) under folders; missing paths become errors."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                and not p.name.startswith(".") and p.stem.upper() != "README"
            )
        elif path.is_file():
            files.append(path)
        else:
            result.errors.append(f"找不到文件或文件夹：{path}")
    return list(dict.fromkeys(p.resolve() for p in files))


def _plain_text(path: Path, data: bytes) -> str | None:
    """Text of a txt/md/docx file through the project's readers (to recognise the regulation), else None."""
    from corpus.errors import ReadError
    from corpus.readers import read_bytes

    if path.suffix.lower() not in (".txt", ".md", ".docx"):
        return None
    try:
        return read_bytes(data, path.name).text
    except ReadError:  # not readable as text: the report parser will say so
        return None


class Library:
    """Ingestion, search and report records under settings.data_dir (vector store per `index_name`)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.records = Records(self.settings.data_dir)
        self._searcher: Searcher | None = None

    @property
    def searcher(self) -> Searcher:
        """The searcher over the vector store (loads the embedder and opens the store on first use)."""
        if self._searcher is None:
            from retrieval.embeddings import get_embedder
            from retrieval.search import Searcher
            from retrieval.store import VectorStore

            self._searcher = Searcher(VectorStore(self.settings, get_embedder(self.settings)))
        return self._searcher

    @property
    def index(self) -> str:
        """Name of the vector index in use."""
        return self.searcher.store.name

    # ----- ingestion -----
    def prepare(self, path: Path, data: bytes, content_hash: str) -> tuple[str, list[Chunk], Report | None]:
        """Journal kind (regulation, summaries or report), chunks and the parsed report; raises DocumentError."""
        source = path.name
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            return "summaries", summary_chunks(_summaries(path, data), source, content_hash), None
        text = _plain_text(path, data)
        if text is not None and is_regulation(text):
            articles = split_articles(text)
            return "regulation", regulation_chunks(articles, source, content_hash), None
        report = _parse_report(path)
        report.meta.source = report.meta.source or source
        size, overlap = self.settings.chunk_size, self.settings.chunk_overlap
        return "report", report_chunks(report, source, content_hash, size, overlap), report

    def ingest(
        self, paths: Iterable[Path | str], progress: ProgressCallback | None = None, bar: bool = True
    ) -> IngestResult:
        """Add files and folders; unchanged files are skipped, changed ones replace their old chunks.

        Per file: mark it pending in the journal, remove chunks of its old content, upsert chunks
        with deterministic ids, store its report record, mark it done. An interrupted run leaves
        the file pending, and the next run writes it again without duplicates.
        """
        from tqdm import tqdm

        result = IngestResult()
        files = collect_files(paths, result)
        store = self.searcher.store
        with tqdm(total=len(files), desc="导入", unit="个文件", file=sys.stderr, disable=not bar or None) as pbar:
            for done, path in enumerate(files):
                if progress:
                    progress(done, len(files), path.name)
                pbar.set_postfix_str(path.name[-30:], refresh=False)
                self._ingest_file(path, store, result)
                pbar.update(1)
        if progress:
            progress(len(files), len(files), "")
        self.searcher.refresh()
        return result

    def _ingest_file(self, path: Path, store: VectorStore, result: IngestResult) -> None:
        """Ingest one file into the store and the journal (see `ingest`)."""
        key = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.errors.append(f"无法读取文件 {path}：{exc.strerror or exc}")
            return
        content_hash = hashlib.sha256(data).hexdigest()
        entry = self.records.entry(self.index, key)
        if entry and entry.status == "done" and entry.content_hash == content_hash:
            result.unchanged.append(key)
            return
        try:
            kind, chunks, report = self.prepare(path, data, content_hash)
        except DocumentError as exc:
            result.errors.append(str(exc))
            return
        if not chunks:
            result.errors.append(f"{path}：没有可导入的正文（未识别出条文或报告各部分内容），已跳过。")
            return
        stale = set(entry.stale) | {entry.content_hash} if entry else set()
        stale.discard(content_hash)
        self.records.mark_pending(self.index, key, content_hash, stale, kind, len(chunks))
        for old in stale:
            if not self.records.hash_in_use(self.index, old, other_than=key):
                store.delete_content(old)
        for start in range(0, len(chunks), _WRITE_BATCH):
            store.upsert(chunks[start : start + _WRITE_BATCH])
            self.records.mark_written(self.index, key, min(start + _WRITE_BATCH, len(chunks)))
        if report is not None:
            if report.agency and report.year:
                self.records.put_report(report, content_hash, stale)
            else:
                result.warnings.append(f"{path}：未识别出机关名称或年度，表格数据未存入报告记录。")
        self.records.mark_done(self.index, key)
        (result.replaced if entry and entry.status == "done" else result.added).append(key)
        result.chunks_written += len(chunks)

    # ----- queries -----
    def search(
        self,
        query: str,
        kind: str | None = None,
        agency: str | None = None,
        year: int | None = None,
        part: str | None = None,
        top: int = 5,
        mode: Mode = "hybrid",
    ) -> list[Hit]:
        """Hybrid search with optional filters (see retrieval.search)."""
        from retrieval.search import Filters

        return self.searcher.search(query, Filters(kind, agency, year, part), top=top, mode=mode)

    def status(self) -> LibraryStatus:
        """Documents, chunks, regulation articles and report years per agency."""
        entries = self.records.entries(self.index)
        chunks = self.searcher.store.chunks()
        years: dict[str, set[int]] = {}
        for c in chunks:
            agency, year = c.metadata.get("agency"), c.metadata.get("year")
            if agency and isinstance(year, int):
                years.setdefault(str(agency), set()).add(year)
        articles = {c.metadata.get("article") for c in chunks if c.metadata.get("kind") == "regulation"}
        return LibraryStatus(
            documents=sum(e.status == "done" for e in entries),
            pending=sum(e.status != "done" for e in entries),
            chunks=len(chunks),
            regulation_articles=len(articles),
            years_by_agency={a: sorted(y) for a, y in sorted(years.items())},
        )

    def get_report(self, agency: str, year: int) -> Report | None:
        """The stored report of an agency and year (tables included), or None."""
        return self.records.get_report(agency, year)

    def reports(self, agency: str | None = None) -> list[Report]:
        """Stored reports ordered by agency and year; only one agency's when given."""
        return self.records.reports(agency)


def _parse_report(path: Path) -> Report:
    """The lead's report parser; its errors become DocumentError naming the file."""
    from corpus import parse_file
    from corpus.errors import ReadError

    try:
        return parse_file(path)
    except ReadError as exc:
        message = str(exc)
        raise DocumentError(message if path.name in message else f"{path}：{message}") from exc
    except Exception as exc:  # a parser bug must not abort the other files
        raise DocumentError(f"{path}：无法解析（{type(exc).__name__}: {exc}）") from exc


def _summaries(path: Path, data: bytes) -> list[dict[str, Any]]:
    """Article summaries of a YAML file: a list of mappings with at least number and summary."""
    import yaml

    try:
        entries = yaml.safe_load(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DocumentError(f"{path}：不是有效的 YAML（{exc}）") from exc
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "number" in e for e in entries):
        raise DocumentError(f"{path}：YAML 应为条文摘要列表（每项至少包含 number 和 summary）。")
    return entries


def get_report(agency: str, year: int, settings: Settings | None = None) -> Report | None:
    """The stored report of an agency and year (no embedding model or vector store needed)."""
    return Records((settings or Settings()).data_dir).get_report(agency, year)


def reports(agency: str | None = None, settings: Settings | None = None) -> list[Report]:
    """Stored reports ordered by agency and year (no embedding model or vector store needed)."""
    return Records((settings or Settings()).data_dir).reports(agency)


def ingest(
    paths: Iterable[Path | str], settings: Settings | None = None, progress: ProgressCallback | None = None
) -> IngestResult:
    """Ingest files and folders into the library of the given settings."""
    return Library(settings).ingest(paths, progress=progress)
