"""Hybrid search: vector and BM25 rankings fused by reciprocal rank fusion, with metadata filters."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from nianbao.retrieval.bm25 import tokenize
from nianbao.retrieval.store import VectorStore, where_clause
from nianbao.retrieval.textindex import BM25_KEY, TextIndex, Where
from nianbao.retrieval.types import Chunk, Hit

__all__ = ["BM25_KEY", "Filters", "Mode", "Searcher", "fuse", "rrf"]

Mode = Literal["hybrid", "vector", "bm25"]
RRF_K = 60
EXACT_LIMIT = 300  # filters passing at most this many chunks: exact cosine among their stored vectors
OVERFETCH = 1000  # broad filters: this many unfiltered neighbours are filtered here first
RESTRICT_LIMIT = 5000  # then the store's search among at most this many matching ids


@dataclass(frozen=True)
class Filters:
    """Optional restrictions of a search."""

    kind: str | None = None
    agency: str | None = None
    year: int | None = None
    part: str | None = None


def rrf(rankings: list[list[str]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion: each id scores the sum of 1/(k + rank) over the rankings it appears in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


def fuse(rankings: list[list[str]], vectorless: set[str]) -> dict[str, float]:
    """RRF averaged over the rankings a chunk can appear in: a chunk without a vector (a table part) is
    judged by its BM25 rank alone instead of losing to chunks that both rankings can name."""
    scores = rrf(rankings)
    return {i: s if i in vectorless else s / len(rankings) for i, s in scores.items()}


class Searcher:
    """Searches one vector store and its text index (BM25, filters and chunk texts live on disk)."""

    def __init__(self, store: VectorStore, text: TextIndex) -> None:
        self.store = store
        self.text = text
        self._agencies: set[str] | None = None
        self._pool: ThreadPoolExecutor | None = None

    def refresh(self) -> None:
        """Forget cached facts about the stored chunks (call after writing)."""
        self._agencies = None

    def agencies(self) -> set[str]:
        """Every agency name in the library."""
        if self._agencies is None:
            self._agencies = self.text.agencies()
        return self._agencies

    def _matching_agencies(self, agency: str | None) -> frozenset[str] | None:
        """Stored agency names containing the given text (None = no agency filter)."""
        if not agency:
            return None
        return frozenset(name for name in self.agencies() if agency in name or name in agency)

    def vector(self, query: str, where: Where, n: int) -> list[Chunk]:
        """The n nearest chunks passing the filters (texts and metadata read from the text index).

        No filter: the store's index. Narrow filters (one agency, one year): exact cosine among the few
        matching chunks (on a server, the server's search restricted to them). Broad filters: unfiltered neighbours filtered here; when too few pass, the
        store's search restricted to the matching ids, and its own filtered search only as a last resort.
        """
        vector = self.store.embed_query(query)
        if where.empty:
            return self._chunks(self.store.nearest(vector, n))
        few = self.text.candidates(where, EXACT_LIMIT)
        if few is not None and self.store.shared:  # a server: rank there (fetching 300 vectors costs 3× more)
            return self._chunks(self.store.nearest(vector, n, ids=few))
        if few is not None:
            return self._chunks(_exact(vector, self.store.vectors(few), n))
        nearest = self.store.nearest(vector, OVERFETCH)
        passing = self.text.passing([i for i, _ in nearest], where)
        if len(passing) >= n or len(nearest) < OVERFETCH:
            distance = dict(nearest)
            return self._chunks([(i, distance[i]) for i in passing[:n]])
        some = self.text.candidates(where, RESTRICT_LIMIT)
        if some is not None:
            return self._chunks(self.store.nearest(vector, n, ids=some))
        return self._chunks(self.store.nearest(vector, n, where=_chroma_where(where)))

    def _worker(self) -> ThreadPoolExecutor:
        """The thread that runs the BM25 half of a search."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-bm25")
        return self._pool

    def _chunks(self, ranked: list[tuple[str, float]]) -> list[Chunk]:
        """Chunks of ranked ids, in rank order."""
        found = self.text.get([i for i, _ in ranked])
        return [found[i] for i, _ in ranked if i in found]

    def search(self, query: str, filters: Filters | None = None, top: int = 5, mode: Mode = "hybrid") -> list[Hit]:
        """The `top` best chunks for the query, best first."""
        filters = filters or Filters()
        agencies = self._matching_agencies(filters.agency)
        if agencies is not None and not agencies:
            return []
        where = Where(filters.kind, filters.year, filters.part, agencies)
        pool = max(top * 4, 20)
        by_id: dict[str, Chunk] = {}
        rankings: list[list[str]] = []
        vectorless: set[str] = set()
        # BM25 (SQLite, which releases the GIL) runs on a worker thread while the vector half runs here
        words = self._worker().submit(lambda: self.text.search(tokenize(query), where, pool)) if mode != "vector" else None
        if mode in ("hybrid", "vector"):
            found = self.vector(query, where, pool)
            rankings.append([c.id for c in found])
            by_id.update((c.id, c) for c in found)
        if words is not None:
            ranked = words.result()
            rankings.append([c.id for c, _, _ in ranked])
            by_id.update((c.id, c) for c, _, _ in ranked)
            vectorless = {c.id for c, _, has_vector in ranked if not has_vector}
        fused = sorted(fuse(rankings, vectorless).items(), key=lambda p: p[1], reverse=True)[:top]
        return [Hit.from_chunk(by_id[i], score) for i, score in fused]


def _exact(vector: list[float], vectors: dict[str, list[float]], n: int) -> list[tuple[str, float]]:
    """The n ids nearest to the vector by cosine distance (exact)."""
    import numpy as np

    if not vectors:
        return []
    ids = list(vectors)
    matrix = np.asarray([vectors[i] for i in ids], dtype=np.float32)
    query = np.asarray(vector, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(query) or 1.0)
    distance = 1.0 - (matrix @ query) / np.where(norms > 0, norms, 1.0)
    order = np.argsort(distance, kind="stable")[:n]
    return [(ids[k], float(distance[k])) for k in order]


def _chroma_where(where: Where) -> dict[str, object] | None:
    """The store's `where` for our filters."""
    clause = where_clause([("kind", where.kind), ("year", where.year), ("part", where.part)])
    if where.agencies is None:
        return clause
    agency_term = {"agency": {"$in": sorted(where.agencies)}}
    return agency_term if clause is None else {"$and": [*clause.get("$and", [clause]), agency_term]}
