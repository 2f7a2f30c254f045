"""Ingestion: files to chunks (read, parsed, chunked and tokenised here), chunks to the stores in batches.

Files are read and chunked one by one on the calling thread; a writer thread embeds and writes a batch
of a few hundred chunks (across files) while the next files are read. Per batch: mark its files pending
in the journal, remove chunks of their old contents, write chunks with deterministic ids (vectors from
the content cache, the model only for texts it has never seen), then store each file's report record and
mark it done as soon as all its chunks are written. An interrupted run leaves files pending, and the next
run writes them again without duplicates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nianbao.corpus import parse_file
from nianbao.corpus.readers import read_bytes
from nianbao.corpus.regulation import is_regulation, split_articles
from nianbao.errors import DocumentError, ReadError
from nianbao.model import Report
from nianbao.retrieval.chunking import embedded, regulation_chunks, report_chunks, summary_chunks
from nianbao.retrieval.records import PendingFile, Records
from nianbao.retrieval.server import ServerRecords, ServerText
from nianbao.retrieval.store import VectorStore
from nianbao.retrieval.textindex import TextIndex
from nianbao.retrieval.types import Chunk, IngestResult
from nianbao.retrieval.vectorcache import VectorCache
from nianbao.settings import Settings

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".yaml", ".yml"})
WRITE_BATCH = 256  # chunks embedded and written together (across files)


@dataclass(frozen=True)
class Prepared:
    """A file read and chunked, waiting to be written."""

    file: PendingFile
    chunks: list[Chunk]
    replaced: bool


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


def prepare(settings: Settings, path: Path, data: bytes, content_hash: str) -> tuple[str, list[Chunk], Report | None]:
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
    size, overlap = settings.chunk_size, settings.chunk_overlap
    return "report", report_chunks(report, source, content_hash, size, overlap), report


def prepare_file(settings: Settings, records: Records, index: str, path: Path, result: IngestResult) -> Prepared | None:
    """Read, parse and chunk one file; None when it is unchanged or unreadable (noted in result)."""
    key = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.errors.append(f"无法读取文件 {path}：{exc.strerror or exc}")
        return None
    content_hash = hashlib.sha256(data).hexdigest()
    entry = records.entry(index, key)
    if entry and entry.status == "done" and entry.content_hash == content_hash:
        result.unchanged.append(key)
        return None
    try:
        kind, chunks, report = prepare(settings, path, data, content_hash)
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
    return Prepared(pending, chunks, replaced=bool(entry and entry.status == "done"))


@dataclass
class Writer:
    """Where batches go: the journal, the vector store, the text index, and with a server its shared side."""

    records: Records
    index: str
    store: VectorStore
    text: TextIndex
    cache: VectorCache
    embed_tables: bool
    server_text: ServerText | None = None
    server_records: ServerRecords | None = None

    def write(self, batch: list[Prepared], result: IngestResult) -> None:
        """Write a batch of prepared files (see the module docstring)."""
        if not batch:
            return
        self.records.mark_pending(self.index, [p.file for p in batch])
        for p in batch:
            for old in p.file.stale:
                if not self.records.hash_in_use(self.index, old, other_than=p.file.path):
                    self.delete_content(old)
        owned = [(p, c) for p in batch for c in p.chunks]
        written: dict[str, int] = {}
        finished: set[str] = set()
        for start in range(0, len(owned), WRITE_BATCH):
            piece = owned[start : start + WRITE_BATCH]
            self.write_chunks(list({c.id: c for _, c in piece}.values()))  # two files with the same content
            for p, _ in piece:
                written[p.file.path] = written.get(p.file.path, 0) + 1
            complete = [p for p in batch if p.file.path not in finished and written.get(p.file.path) == len(p.chunks)]
            self.records.mark_written(self.index, {k: v for k, v in written.items() if k not in finished})
            self.finish([p.file for p in complete])
            finished.update(p.file.path for p in complete)
        for p in batch:
            (result.replaced if p.replaced else result.added).append(p.file.path)
            result.chunks_written += len(p.chunks)

    def write_chunks(self, chunks: list[Chunk]) -> None:
        """Chunks to every store: with a server, the server first (it is the library), then the local mirror."""
        vectors = [c for c in chunks if embedded(c, self.embed_tables)]
        values = self.cache.embed([c.vector_text for c in vectors])
        if self.server_text is None:  # embedded: the text index is the primary copy, vectors follow it
            self.text.upsert(chunks, {c.id for c in vectors})
            self.store.upsert(vectors, values)
            return
        with_vector = {c.id for c in vectors}
        self.store.upsert(vectors, values)
        self.server_text.upsert_text([c for c in chunks if c.id not in with_vector])
        self.server_text.touch()
        self.text.upsert(chunks, with_vector)

    def delete_content(self, content_hash: str) -> None:
        """Remove one file content's chunks everywhere."""
        self.store.delete_content(content_hash)
        if self.server_text is not None:
            self.server_text.delete_content(content_hash)
            self.server_text.touch()
        self.text.delete_content(content_hash)

    def finish(self, files: list[PendingFile]) -> None:
        """Records of completely written files (to the server when there is one), then the journal says done."""
        if self.server_records is not None:
            self.server_records.put_reports([(f.report, f.content_hash, f.stale) for f in files if f.report])
        self.records.mark_done(self.index, files, records=self.server_records is None)


def _plain_text(path: Path, data: bytes) -> str | None:
    """Text of a txt/md/docx file through the project's readers (to recognise the regulation), else None."""
    if path.suffix.lower() not in (".txt", ".md", ".docx"):
        return None
    try:
        return read_bytes(data, path.name).text
    except ReadError:  # not readable as text: the report parser will say so
        return None


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
