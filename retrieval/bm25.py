"""Okapi BM25 over jieba tokens, rebuilt from the store's chunks (small corpora, milliseconds)."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from functools import lru_cache

_WORD = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]+|\d+(?:\.\d+)?")
# Function words that carry no topic; kept short on purpose.
_STOP = frozenset(
    "的 了 和 与 及 或 是 在 对 为 等 并 其 之 以 按 由 将 被 把 中 上 下 年 我 我们 有 有关 应当 进行 哪些 什么 怎么 如何 多少 吗 呢".split()  # noqa: SIM905
)


@lru_cache(maxsize=1)
def _jieba() -> object:
    """jieba, initialised once and quietly."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    """Search-mode jieba words (long words also yield their sub-words), minus punctuation and stop words."""
    words = _jieba().lcut_for_search(text)  # type: ignore[attr-defined]
    out: list[str] = []
    for word in words:
        word = word.strip().lower()
        if word and word not in _STOP and _WORD.match(word):
            out.append(word)
    return out


class BM25:
    """Okapi BM25 (k1, b) over pre-tokenised documents."""

    def __init__(self, documents: list[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.size = len(documents)
        lengths = [len(doc) for doc in documents]
        avg = (sum(lengths) / len(documents)) if documents else 0.0
        self.norms = [k1 * (1 - b + b * n / avg) if avg else k1 for n in lengths]
        self.postings: dict[str, list[tuple[int, int]]] = {}  # term -> (document, term frequency)
        for i, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                self.postings.setdefault(term, []).append((i, tf))
        n = len(documents)
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def sparse_scores(self, query: list[str]) -> dict[int, float]:
        """BM25 scores of the documents containing at least one query token (inverted index)."""
        k1 = self.k1 + 1
        out: dict[int, float] = {}
        for term in dict.fromkeys(query):
            idf = self.idf.get(term)
            if idf is None:
                continue
            for i, tf in self.postings[term]:
                out[i] = out.get(i, 0.0) + idf * tf * k1 / (tf + self.norms[i])
        return out

    def scores(self, query: list[str]) -> list[float]:
        """BM25 score of every document for the query tokens."""
        out = [0.0] * self.size
        for i, score in self.sparse_scores(query).items():
            out[i] = score
        return out

    def top(self, query: list[str], n: int) -> list[tuple[int, float]]:
        """Indices and scores of the n best documents with a positive score."""
        ranked = sorted(enumerate(self.scores(query)), key=lambda p: p[1], reverse=True)
        return [(i, s) for i, s in ranked[:n] if s > 0]
