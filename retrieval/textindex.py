"""Chunk texts, metadata and a BM25 full-text index (SQLite FTS5) beside the vector store.

The vector store answers "which chunks are near this vector"; everything else a search needs (BM25,
filters, agency names, library status) is answered here from disk, so opening a large library does not
load its chunks into memory. Tokens are our jieba tokens joined by spaces; FTS5 ranks with Okapi BM25.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nianbao.retrieval import sqlitefile
from nianbao.retrieval.bm25 import tokenize
from nianbao.retrieval.types import Chunk

BM25_KEY = "bm25"  # metadata key holding the chunk's space-joined tokens (never stored in the vector store)
FILTER_KEYS = ("kind", "agency", "year", "part")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chunk (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    kind TEXT,
    agency TEXT,
    year INTEGER,
    part TEXT,
    vector INTEGER NOT NULL,
    text TEXT NOT NULL,
    meta TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunk_content ON chunk (content_hash);
CREATE INDEX IF NOT EXISTS chunk_filter ON chunk (kind, year, part);
CREATE INDEX IF NOT EXISTS chunk_agency ON chunk (agency, year);
CREATE VIRTUAL TABLE IF NOT EXISTS chunk_fts USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS term_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""
POSTING_BUDGET = 40_000  # most postings one BM25 query reads (the commonest query words are left out beyond)
MIN_WORDS = 2  # the rarest words a query keeps whatever their postings (unless in most chunks)


@dataclass(frozen=True)
class Where:
    """Equality filters of a search; `agencies` is a set of accepted names (None = any)."""

    kind: str | None = None
    year: int | None = None
    part: str | None = None
    agencies: frozenset[str] | None = None

    def sql(self, alias: str = "c") -> tuple[str, list[Any]]:
        """SQL condition (starting with AND, or empty) and its parameters."""
        terms, params = [], []
        for key in ("kind", "year", "part"):
            value = getattr(self, key)
            if value is not None:
                terms.append(f"{alias}.{key} = ?")
                params.append(value)
        if self.agencies is not None:
            terms.append(f"{alias}.agency IN ({','.join('?' * len(self.agencies))})")
            params.extend(sorted(self.agencies))
        return "".join(f" AND {t}" for t in terms), params

    @property
    def empty(self) -> bool:
        """True when nothing is filtered."""
        return self.kind is None and self.year is None and self.part is None and self.agencies is None

    def accepts(self, meta: dict[str, Any]) -> bool:
        """True when a chunk's metadata passes every filter."""
        return (
            (self.kind is None or meta.get("kind") == self.kind)
            and (self.year is None or meta.get("year") == self.year)
            and (self.part is None or meta.get("part") == self.part)
            and (self.agencies is None or meta.get("agency") in self.agencies)
        )


def match_expression(tokens: Iterable[str]) -> str:
    """FTS5 query matching any of the tokens (each quoted as a phrase)."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in dict.fromkeys(tokens) if t.strip()]
    return " OR ".join(quoted)


class TextIndex:
    """Chunks of one index in data_dir/text/<index>.sqlite3 with an FTS5 table over their tokens."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._total: int | None = None  # chunk count for query-word pruning; reset by every write here
        sqlitefile.check(path)  # an existing file is never taken as empty
        sqlitefile.create(path, _SCHEMA, wal=True)
        with self._connect() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection committing on success, rolling back on error, always closed; damage named."""
        with sqlitefile.connect(self.path) as conn:
            conn.execute("PRAGMA synchronous = NORMAL")
            yield conn

    # ----- writing -----
    def upsert(self, chunks: list[Chunk], embedded: set[str] | None = None) -> None:
        """Write chunks (replacing any with the same id) in one transaction; `embedded`: ids with a vector (None: all)."""
        if not chunks:
            return
        self._total = None
        added: list[str] = []
        with self._connect() as conn:
            self._delete_ids(conn, [c.id for c in chunks])
            for c in chunks:
                meta = {k: v for k, v in c.metadata.items() if k != BM25_KEY}
                tokens = c.metadata.get(BM25_KEY)
                if tokens is None:  # a chunk read back from the vector store
                    tokens = " ".join(tokenize(c.search_text))
                year = meta.get("year")
                cur = conn.execute(
                    "INSERT INTO chunk (id, content_hash, kind, agency, year, part, vector, text, meta)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (c.id, str(meta.get("content_hash", "")), meta.get("kind"), meta.get("agency"),
                     year if isinstance(year, int) else None, meta.get("part"), int(embedded is None or c.id in embedded), c.text,
                     json.dumps(meta, ensure_ascii=False)),
                )
                conn.execute("INSERT INTO chunk_fts (rowid, tokens) VALUES (?, ?)", (cur.lastrowid, str(tokens)))
                added.append(str(tokens))
            _count_terms(conn, added, +1)

    @staticmethod
    def _delete_ids(conn: sqlite3.Connection, ids: list[str]) -> None:
        """Remove chunks by id."""
        for part in _slices(ids):
            _remove(conn, f"id IN ({','.join('?' * len(part))})", part)

    def delete_ids(self, ids: list[str]) -> None:
        """Remove chunks by id."""
        self._total = None
        with self._connect() as conn:
            self._delete_ids(conn, ids)

    def delete_content(self, content_hash: str) -> None:
        """Remove every chunk of one file content."""
        self._total = None
        with self._connect() as conn:
            _remove(conn, "content_hash = ?", [content_hash])

    # ----- reading -----
    def count(self, vector: bool | None = None) -> int:
        """Number of chunks (only those with or without a vector when given)."""
        sql, params = "SELECT COUNT(*) FROM chunk", []
        if vector is not None:
            sql, params = sql + " WHERE vector = ?", [int(vector)]
        with self._connect() as conn:
            return int(conn.execute(sql, params).fetchone()[0])

    def ids(self, vector: bool | None = True) -> set[str]:
        """Ids of the chunks that have (or have not) a vector; all ids with None."""
        sql, params = "SELECT id FROM chunk", []
        if vector is not None:
            sql, params = sql + " WHERE vector = ?", [int(vector)]
        with self._connect() as conn:
            return {r[0] for r in conn.execute(sql, params)}

    def vector_flags(self, ids: list[str]) -> dict[str, bool]:
        """Whether each chunk (by id) has a vector."""
        out: dict[str, bool] = {}
        with self._connect() as conn:
            for part in _slices(ids):
                rows = conn.execute(f"SELECT id, vector FROM chunk WHERE id IN ({','.join('?' * len(part))})", part)
                out.update((i, bool(v)) for i, v in rows)
        return out

    def content_counts(self) -> dict[str, int]:
        """Chunks held per file content."""
        with self._connect() as conn:
            return dict(conn.execute("SELECT content_hash, COUNT(*) FROM chunk GROUP BY content_hash").fetchall())

    def get_state(self, key: str) -> str | None:
        """A value this index keeps about itself (the server's write mark it was last brought up to)."""
        with self._connect() as conn:
            row = conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str | None) -> None:
        """Keep (or forget, with None) a value about this index."""
        with self._connect() as conn:
            if value is None:
                conn.execute("DELETE FROM state WHERE key = ?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))

    def search(self, tokens: list[str], where: Where, n: int) -> list[tuple[Chunk, float, bool]]:
        """The n best chunks by BM25 for the query tokens, passing the filters: (chunk, score, has a vector).

        Higher scores are better."""
        if n <= 0:
            return []
        expression = match_expression(self.informative(tokens))
        if not expression:
            return []
        condition, params = where.sql()
        with self._connect() as conn:
            if where.empty:  # rank first, then read only the winners' rows
                ranked = conn.execute(
                    "SELECT rowid, bm25(chunk_fts) AS score FROM chunk_fts WHERE chunk_fts MATCH ?"
                    " ORDER BY score LIMIT ?", (expression, n)
                ).fetchall()
                found = {r[0]: r[1:] for r in conn.execute(
                    f"SELECT rowid, id, text, meta, vector FROM chunk WHERE rowid IN ({','.join('?' * len(ranked))})",
                    [r for r, _ in ranked],
                )}
                rows = [(*found[r], score) for r, score in ranked if r in found]
            else:
                rows = conn.execute(
                    "SELECT c.id, c.text, c.meta, c.vector, bm25(chunk_fts) AS score FROM chunk_fts"
                    f" JOIN chunk c ON c.rowid = chunk_fts.rowid WHERE chunk_fts MATCH ?{condition}"
                    " ORDER BY score LIMIT ?",
                    [expression, *params, n],
                ).fetchall()
        return [(Chunk(i, text, json.loads(meta)), -float(score), bool(v)) for i, text, meta, v, score in rows]

    def informative(self, tokens: list[str]) -> list[str]:
        """The query words worth reading postings for.

        A word in more than half the chunks gets no BM25 weight (FTS5 floors its idf), so it is left out.
        Beyond POSTING_BUDGET postings the commonest remaining words are left out too (they weigh least),
        which keeps a query's cost bounded in a province-sized library; the MIN_WORDS rarest words stay.
        """
        words = list(dict.fromkeys(t for t in tokens if t.strip()))
        if not words:
            return []
        with self._connect() as conn:
            if self._total is None:
                self._total = int(conn.execute("SELECT COUNT(*) FROM chunk").fetchone()[0])
            total = self._total
            marks = ",".join("?" * len(words))
            df = dict(conn.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks}) AND df > 0", words).fetchall())
        known = sorted((w for w in words if w in df), key=lambda w: df[w])
        kept: list[str] = []
        used = 0
        for word in known:
            if kept and (df[word] * 2 > total or (len(kept) >= MIN_WORDS and used + df[word] > POSTING_BUDGET)):
                break
            kept.append(word)
            used += df[word]
        return kept

    def candidates(self, where: Where, limit: int) -> list[str] | None:
        """Ids of vector chunks passing the filters, or None when more than `limit` do."""
        condition, params = where.sql()
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT c.id FROM chunk c WHERE c.vector = 1{condition} LIMIT ?", [*params, limit + 1]
            ).fetchall()
        return None if len(rows) > limit else [r[0] for r in rows]

    def passing(self, ids: list[str], where: Where) -> list[str]:
        """The ids (in the given order) of chunks passing the filters (looked up by id, filtered here)."""
        found: set[str] = set()
        with self._connect() as conn:
            for part in _slices(ids):
                rows = conn.execute(
                    f"SELECT id, kind, agency, year, part FROM chunk WHERE id IN ({','.join('?' * len(part))})", part
                )
                found.update(r[0] for r in rows if where.accepts(dict(zip(FILTER_KEYS, r[1:], strict=True))))
        return [i for i in ids if i in found]

    def get(self, ids: list[str]) -> dict[str, Chunk]:
        """Chunks by id (missing ids are left out)."""
        out: dict[str, Chunk] = {}
        with self._connect() as conn:
            for part in _slices(ids):
                rows = conn.execute(
                    f"SELECT id, text, meta FROM chunk WHERE id IN ({','.join('?' * len(part))})", part
                ).fetchall()
                out.update((i, Chunk(i, text, json.loads(meta))) for i, text, meta in rows)
        return out

    def chunks(self, kind: str | None = None) -> list[Chunk]:
        """All chunks (of one kind when given), in insertion order."""
        sql, params = "SELECT id, text, meta FROM chunk", []
        if kind is not None:
            sql, params = sql + " WHERE kind = ?", [kind]
        with self._connect() as conn:
            return [Chunk(i, text, json.loads(meta)) for i, text, meta in conn.execute(sql + " ORDER BY rowid", params)]

    def agencies(self) -> set[str]:
        """Every agency name in the index."""
        with self._connect() as conn:
            return {r[0] for r in conn.execute("SELECT DISTINCT agency FROM chunk WHERE agency IS NOT NULL")}

    def years_by_agency(self) -> dict[str, list[int]]:
        """Report years held per agency."""
        out: dict[str, list[int]] = {}
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT DISTINCT agency, year FROM chunk WHERE agency IS NOT NULL AND year IS NOT NULL"
                " ORDER BY agency, year"
            ).fetchall()
        for agency, year in rows:
            out.setdefault(agency, []).append(int(year))
        return out

    def regulation_articles(self) -> int:
        """Number of distinct regulation articles held."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT COUNT(DISTINCT json_extract(meta, '$.article')) FROM chunk WHERE kind = 'regulation'"
            ).fetchone()
        return int(row[0])


def _slices(ids: list[str], size: int = 500) -> Iterator[list[str]]:
    """The ids in slices small enough for one SQL `IN (…)`."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _remove(conn: sqlite3.Connection, condition: str, params: list[str]) -> None:
    """Remove the chunks matching a condition on the chunk table: text, tokens and word counts."""
    rows = f"SELECT rowid FROM chunk WHERE {condition}"
    _count_terms(conn, [r[0] for r in conn.execute(f"SELECT tokens FROM chunk_fts WHERE rowid IN ({rows})", params)], -1)
    conn.execute(f"DELETE FROM chunk_fts WHERE rowid IN ({rows})", params)
    conn.execute(f"DELETE FROM chunk WHERE {condition}", params)


def _count_terms(conn: sqlite3.Connection, documents: list[str], sign: int) -> None:
    """Add (+1) or remove (-1) the documents' words to the per-word chunk counts."""
    counts = Counter(term for tokens in documents for term in set(tokens.split()))
    if sign > 0:
        conn.executemany(
            "INSERT INTO term_df (term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
            counts.items(),
        )
    else:
        conn.executemany("UPDATE term_df SET df = df - ? WHERE term = ?", [(n, t) for t, n in counts.items()])
