"""The vector store: a chroma collection named by `index_name`, embedded or on a chroma server."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from nianbao.errors import NianbaoError, StoreError
from nianbao.retrieval.embeddings import Embedder
from nianbao.retrieval.textindex import BM25_KEY
from nianbao.retrieval.types import Chunk, Meta
from nianbao.settings import Settings, index_name

_BATCH = 256
_PAGE = 5000


def where_of(settings: Settings) -> str:
    """Where the store lives, for messages: the server's address or the local folder."""
    if settings.chroma_host:
        return f"向量库服务器 {settings.chroma_host}:{settings.chroma_port}"
    return f"向量库 {settings.data_dir / 'chroma'}"


_UNREACHABLE = ("Could not connect", "ConnectError", "Connection refused", "ConnectTimeout", "RemoteProtocolError",
                "Server disconnected", "ReadError", "ReadTimeout")


def _reason(exc: BaseException) -> str:
    """A one-line reason from a third-party error (a refused or dropped connection said in Chinese)."""
    text = (str(exc).strip().splitlines() or [""])[0][:160]
    if any(word in f"{type(exc).__name__} {text}" for word in _UNREACHABLE):
        return "连接不上或连接中断，服务器可能未启动或已停止"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def store_failure(settings: Settings, exc: BaseException) -> StoreError:
    """Our error for a chroma or connection failure: what, where, and what to do."""
    if settings.chroma_host:
        return StoreError(
            f"{where_of(settings)} 无法访问（{_reason(exc)}）。请确认服务器正在运行（chroma run），或取消 "
            "NIANBAO_CHROMA_HOST 改用本机资料库。导入中断时已写完的文件会保留，服务器恢复后再次运行 nianbao ingest 即可补全。"
        )
    return StoreError(f"{where_of(settings)} 无法读写（{_reason(exc)}）。可运行 nianbao library --repair 重建向量库。")


@contextmanager
def guarded(settings: Settings) -> Iterator[None]:
    """Run chroma calls; their failures (connection lost, damaged folder) become one clear StoreError."""
    try:
        yield
    except NianbaoError:
        raise
    except Exception as exc:  # chromadb and httpx raise many types (ConnectError, ChromaError, ValueError, …) for a dead server or a damaged folder
        raise store_failure(settings, exc) from exc


def _chroma_embedding_function(embedder: Embedder | None) -> Any:
    """Wrap our embedder for chroma, so chroma never falls back to its downloading default."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class _OurEmbedding(EmbeddingFunction[Documents]):
        def __init__(self, inner: Embedder | None) -> None:
            self._inner = inner

        def __call__(self, input: Documents) -> Embeddings:
            if self._inner is None:  # rebuilt by chroma from stored config: vectors come from us only
                raise StoreError("向量由本程序计算，不能由 chroma 自行计算。")
            return self._inner.embed(list(input))  # type: ignore[return-value]

        @staticmethod
        def name() -> str:
            return "nianbao"

        def get_config(self) -> dict[str, Any]:
            return {"embedding": self._inner.name, "dim": self._inner.dim} if self._inner else {}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> _OurEmbedding:
            return _OurEmbedding(None)

        def is_legacy(self) -> bool:
            return False

    return _OurEmbedding(embedder)


def make_client(settings: Settings) -> Any:
    """A chroma client: HttpClient when chroma_host is set, else PersistentClient under data_dir."""
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    with guarded(settings):
        if settings.chroma_host:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        path = settings.data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def open_collection(settings: Settings, client: Any, name: str, embedder: Embedder | None, **metadata: Any) -> Any:
    """A collection of ours, created when missing (vectors always come from us)."""
    with guarded(settings):
        return client.get_or_create_collection(
            name, embedding_function=_chroma_embedding_function(embedder), metadata={"hnsw:space": "cosine", **metadata}
        )


def stored_meta(chunk: Chunk, tokens: bool) -> Meta:
    """Metadata written to chroma: the BM25 tokens only when other machines need them (a server)."""
    return {k: v for k, v in chunk.metadata.items() if tokens or k != BM25_KEY}


class VectorStore:
    """Chunks with their vectors and metadata, in one chroma collection; every call guarded."""

    def __init__(self, settings: Settings, embedder: Embedder, client: Any = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.name = index_name(settings, embedder.dim)
        self.client = client if client is not None else make_client(settings)
        self.shared = bool(settings.chroma_host)  # a server: other clerks read the tokens from here
        self._collection = open_collection(settings, self.client, self.name, embedder, embedding=embedder.name,
                                           dim=embedder.dim)

    def count(self) -> int:
        """Number of stored chunks."""
        with guarded(self.settings):
            return int(self._collection.count())

    def upsert(self, chunks: list[Chunk], vectors: list[list[float]] | None = None) -> None:
        """Write chunks with their vectors (embedded here when not given); ids are deterministic."""
        if vectors is None:
            vectors = self.embedder.embed([c.vector_text for c in chunks])
        with guarded(self.settings):
            for start in range(0, len(chunks), _BATCH):
                batch = chunks[start : start + _BATCH]
                self._collection.upsert(
                    ids=[c.id for c in batch],
                    documents=[c.text for c in batch],
                    metadatas=[stored_meta(c, self.shared) for c in batch],
                    embeddings=vectors[start : start + _BATCH],
                )

    def delete_content(self, content_hash: str) -> None:
        """Remove every chunk of one file content."""
        with guarded(self.settings):
            self._collection.delete(where={"content_hash": content_hash})

    def embed_query(self, text: str) -> list[float]:
        """The query's vector."""
        return self.embedder.embed([text])[0]

    def nearest(
        self, vector: list[float], n: int, where: dict[str, Any] | None = None, ids: list[str] | None = None
    ) -> list[tuple[str, float]]:
        """Ids of the n nearest chunks (among `ids`, passing `where`, when given) with their cosine distance."""
        if n <= 0 or ids == []:
            return []
        with guarded(self.settings):
            result = self._collection.query(
                query_embeddings=[vector],
                n_results=min(n, len(ids)) if ids else n,
                where=where or None,
                ids=ids or None,
                include=["distances"],
            )
        return [(i, float(d)) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def vectors(self, ids: list[str]) -> dict[str, list[float]]:
        """Stored vectors by id."""
        if not ids:
            return {}
        with guarded(self.settings):
            got = self._collection.get(ids=ids, include=["embeddings"])
        return dict(zip(got["ids"], got["embeddings"], strict=True))

    def ids(self) -> set[str]:
        """Ids of every stored chunk."""
        return page_ids(self.settings, self._collection)

    def get(self, ids: list[str]) -> list[Chunk]:
        """Stored chunks by id (missing ids are left out)."""
        return get_chunks(self.settings, self._collection, ids)

    def chunks(self) -> list[Chunk]:
        """Every stored chunk (searches read texts from the text index; this shows what the store holds)."""
        out: list[Chunk] = []
        with guarded(self.settings):
            while True:
                got = self._collection.get(include=["documents", "metadatas"], limit=_PAGE, offset=len(out))
                out.extend(Chunk(i, d, dict(m)) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True))
                if len(got["ids"]) < _PAGE:
                    return out


def page_ids(settings: Settings, collection: Any) -> set[str]:
    """Every id of a collection, read page by page."""
    out: set[str] = set()
    with guarded(settings):
        while True:
            got = collection.get(include=[], limit=_PAGE, offset=len(out))
            out.update(got["ids"])
            if len(got["ids"]) < _PAGE:
                return out


def get_chunks(settings: Settings, collection: Any, ids: list[str]) -> list[Chunk]:
    """Chunks of a collection by id (missing ids are left out)."""
    if not ids:
        return []
    out: list[Chunk] = []
    with guarded(settings):
        for start in range(0, len(ids), _PAGE):
            got = collection.get(ids=ids[start : start + _PAGE], include=["documents", "metadatas"])
            out += [Chunk(i, d, dict(m)) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]
    return out


def where_clause(filters: Iterable[tuple[str, str | int | None]]) -> dict[str, Any] | None:
    """Chroma `where` of equality filters, skipping unset ones."""
    terms: list[Meta] = [{k: v} for k, v in filters if v not in (None, "")]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"$and": terms}
