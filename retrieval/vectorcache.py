"""Vectors by content: each distinct embedded text is embedded once per embedding model, whatever file holds it.

data_dir/vectors/<model key>.sqlite3 maps sha256(embedded text) to its float32 vector. A chunk repeated in
another report or year, a re-ingest after the vector store was lost, or the same report in two formats
reuse the stored vector instead of running the model again. It is a cache: deleting it loses nothing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from array import array
from pathlib import Path

from nianbao.errors import DamagedStore
from nianbao.retrieval import sqlitefile
from nianbao.retrieval.embeddings import Embedder

_SCHEMA = "CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;"
_SLICE = 500


def text_key(text: str) -> str:
    """The cache key of an embedded text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def model_key(embedder: Embedder) -> str:
    """A file name for the embedding model (name, local model path, dimension)."""
    ident = {"name": embedder.name, "model": str(getattr(embedder, "model", "")), "dim": embedder.dim}
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:16]


class VectorCache:
    """Content-addressed vectors of one embedding model; a damaged cache file is set aside and started anew."""

    def __init__(self, data_dir: Path, embedder: Embedder) -> None:
        self.embedder = embedder
        self.path = data_dir / "vectors" / f"{model_key(embedder)}.sqlite3"
        self.embedded = 0  # texts this object sent to the model
        self.reused = 0  # texts answered from the cache
        if sqlitefile.problem(self.path):
            sqlitefile.set_aside(self.path)  # only a cache: nothing is lost by starting over
        sqlitefile.create(self.path, _SCHEMA, wal=True)

    def get(self, keys: list[str]) -> dict[str, list[float]]:
        """Cached vectors by key (missing keys are left out)."""
        found: dict[str, list[float]] = {}
        try:
            with sqlitefile.connect(self.path) as conn:
                for start in range(0, len(keys), _SLICE):
                    part = keys[start : start + _SLICE]
                    rows = conn.execute(f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(part))})", part)
                    found.update((k, _unpack(v)) for k, v in rows)
        except DamagedStore:
            return {}  # a cache damaged while open: embed again
        return found

    def put(self, items: dict[str, list[float]]) -> None:
        """Store vectors by key."""
        if not items:
            return
        rows = [(k, array("f", v).tobytes()) for k, v in items.items()]
        try:
            with sqlitefile.connect(self.path) as conn:
                conn.executemany("INSERT OR IGNORE INTO vec VALUES (?, ?)", rows)
        except (DamagedStore, sqlite3.Error):
            return  # a cache that cannot be written only costs time later

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Vectors of the texts: cached ones read, the others embedded once (each distinct text once) and stored."""
        keys = [text_key(t) for t in texts]
        known = self.get(list(dict.fromkeys(keys)))
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in known}
        if todo:
            fresh = dict(zip(todo, self.embedder.embed(list(todo.values())), strict=True))
            rounded = {k: array("f", v).tolist() for k, v in fresh.items()}  # float32, as stored
            self.put(rounded)
            known.update(rounded)
        self.embedded += len(todo)
        self.reused += len(texts) - len(todo)
        return [known[k] for k in keys]


def _unpack(blob: bytes) -> list[float]:
    """A stored float32 vector as floats."""
    values = array("f")
    values.frombytes(blob)
    return values.tolist()
