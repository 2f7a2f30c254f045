"""The vector store: a chroma collection named by `index_name`, embedded or on a chroma server."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from nianbao.errors import StoreError
from nianbao.retrieval.embeddings import Embedder
from nianbao.retrieval.textindex import BM25_KEY
from nianbao.retrieval.types import Chunk, Meta
from nianbao.settings import Settings, index_name

_BATCH = 256
_PAGE = 5000



def _chroma_embedding_function(embedder: Embedder) -> Any:
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
    try:
        if settings.chroma_host:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
        path = settings.data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # connection refused, unreadable folder, …
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.data_dir)
        raise StoreError(f"无法打开向量库（{where}）：{exc}") from exc


class VectorStore:
    """Chunks with their vectors and metadata, in one chroma collection."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.embedder = embedder
        self.name = index_name(settings, embedder.dim)
        self._client = make_client(settings)
        self._collection = self._client.get_or_create_collection(
            self.name,
            embedding_function=_chroma_embedding_function(embedder),
            metadata={"hnsw:space": "cosine", "embedding": embedder.name, "dim": embedder.dim},
        )

    def count(self) -> int:
        """Number of stored chunks."""
        return int(self._collection.count())

    def upsert(self, chunks: list[Chunk]) -> None:
        """Embed and write chunks; ids are deterministic, so repeating a write adds nothing."""
        for start in range(0, len(chunks), _BATCH):
            batch = chunks[start : start + _BATCH]
            self._collection.upsert(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[{k: v for k, v in c.metadata.items() if k != BM25_KEY} for c in batch],
                embeddings=self.embedder.embed([c.search_text for c in batch]),
            )

    def delete_content(self, content_hash: str) -> None:
        """Remove every chunk of one file content."""
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
        got = self._collection.get(ids=ids, include=["embeddings"])
        return dict(zip(got["ids"], got["embeddings"], strict=True))

    def ids(self) -> set[str]:
        """Ids of every stored chunk."""
        out: set[str] = set()
        while True:
            got = self._collection.get(include=[], limit=_PAGE, offset=len(out))
            out.update(got["ids"])
            if len(got["ids"]) < _PAGE:
                return out

    def get(self, ids: list[str]) -> list[Chunk]:
        """Stored chunks by id (missing ids are left out)."""
        if not ids:
            return []
        got = self._collection.get(ids=ids, include=["documents", "metadatas"])
        return [Chunk(i, d, dict(m)) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]

    def chunks(self) -> list[Chunk]:
        """Every stored chunk (searches read texts from the text index; this shows what the store holds)."""
        out: list[Chunk] = []
        while True:
            got = self._collection.get(include=["documents", "metadatas"], limit=_PAGE, offset=len(out))
            out.extend(Chunk(i, d, dict(m)) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True))
            if len(got["ids"]) < _PAGE:
                break
        return out


def where_clause(filters: Iterable[tuple[str, str | int | None]]) -> dict[str, Any] | None:
    """Chroma `where` of equality filters, skipping unset ones."""
    terms: list[Meta] = [{k: v} for k, v in filters if v not in (None, "")]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else {"$and": terms}
