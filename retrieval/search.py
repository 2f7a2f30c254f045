"""Hybrid search: vector and BM25 rankings fused by reciprocal rank fusion, with metadata filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from retrieval.bm25 import BM25
from retrieval.store import VectorStore, where_clause
from retrieval.types import Chunk, Hit

Mode = Literal["hybrid", "vector", "bm25"]
RRF_K = 60
BM25_KEY = "bm25"  # metadata key holding the chunk's space-joined tokens


@dataclass(frozen=True)
class Filters:
    """Optional restrictions of a search."""

    kind: str | None = None
    agency: str | None = None
    year: int | None = None
    part: str | None = None

    def accepts(self, meta: dict[str, Any], agencies: set[str] | None) -> bool:
        """True when a chunk's metadata passes every filter."""
        return (
            (self.kind is None or meta.get("kind") == self.kind)
            and (self.year is None or meta.get("year") == self.year)
            and (self.part is None or meta.get("part") == self.part)
            and (agencies is None or meta.get("agency") in agencies)
        )


def rrf(rankings: list[list[str]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion: each id scores the sum of 1/(k + rank) over the rankings it appears in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return scores


class Searcher:
    """Searches one vector store; keeps the BM25 index in memory until the store changes."""

    def __init__(self, store: VectorStore) -> None:
        self.store = store
        self._cache: tuple[int, list[Chunk], BM25] | None = None

    def refresh(self) -> None:
        """Forget the in-memory BM25 index (call after writing to the store)."""
        self._cache = None

    def _bm25(self) -> tuple[list[Chunk], BM25]:
        """All chunks and their BM25 index, rebuilt from the stored tokens when the count changed."""
        count = self.store.count()
        if self._cache is None or self._cache[0] != count:
            chunks = self.store.chunks()
            index = BM25([str(c.metadata.get(BM25_KEY, "")).split() for c in chunks])
            self._cache = (count, chunks, index)
        return self._cache[1], self._cache[2]

    def agencies(self) -> set[str]:
        """Every agency name in the store."""
        chunks, _ = self._bm25()
        return {str(c.metadata["agency"]) for c in chunks if c.metadata.get("agency")}

    def _matching_agencies(self, agency: str | None) -> set[str] | None:
        """Stored agency names containing the given text (None = no agency filter)."""
        if not agency:
            return None
        return {name for name in self.agencies() if agency in name or name in agency}

    def search(self, query: str, filters: Filters | None = None, top: int = 5, mode: Mode = "hybrid") -> list[Hit]:
        """The `top` best chunks for the query, best first."""
        from retrieval.bm25 import tokenize

        filters = filters or Filters()
        agencies = self._matching_agencies(filters.agency)
        if agencies is not None and not agencies:
            return []
        pool = max(top * 4, 20)
        by_id: dict[str, Chunk] = {}
        rankings: list[list[str]] = []
        if mode in ("hybrid", "vector"):
            clauses: list[tuple[str, Any]] = [("kind", filters.kind), ("year", filters.year), ("part", filters.part)]
            where = where_clause(clauses)
            if agencies is not None:
                agency_term = {"agency": {"$in": sorted(agencies)}}
                where = agency_term if where is None else {"$and": [*where.get("$and", [where]), agency_term]}
            found = self.store.query(query, pool, where)
            rankings.append([c.id for c, _ in found])
            by_id.update((c.id, c) for c, _ in found)
        if mode in ("hybrid", "bm25"):
            chunks, index = self._bm25()
            scores = index.sparse_scores(tokenize(query))
            ranked = sorted(
                (i for i, s in scores.items() if s > 0 and filters.accepts(chunks[i].metadata, agencies)),
                key=lambda i: scores[i],
                reverse=True,
            )[:pool]
            rankings.append([chunks[i].id for i in ranked])
            by_id.update((chunks[i].id, chunks[i]) for i in ranked)
        fused = sorted(rrf(rankings).items(), key=lambda p: p[1], reverse=True)[:top]
        return [Hit.from_chunk(by_id[i], score) for i, score in fused]
