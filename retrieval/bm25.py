"""Tokens for BM25: jieba search-mode words without punctuation and stop words (ranking: retrieval.textindex)."""

from __future__ import annotations

import logging
import re
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
