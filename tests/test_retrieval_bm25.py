"""BM25 over jieba tokens and reciprocal rank fusion."""

from __future__ import annotations

from pathlib import Path

from nianbao.retrieval.bm25 import tokenize
from nianbao.retrieval.chunking import pack
from nianbao.retrieval.search import fuse, rrf
from nianbao.retrieval.textindex import BM25_KEY, TextIndex, Where
from nianbao.retrieval.types import Chunk


def index_of(tmp_path: Path, docs: list[str], tokens: list[list[str]] | None = None) -> TextIndex:
    """A text index holding the documents as chunks "0", "1", …"""
    index = TextIndex(tmp_path / "bm25.sqlite3")
    words = tokens or [tokenize(d) for d in docs]
    index.upsert([Chunk(str(i), d, {"content_hash": "h", BM25_KEY: " ".join(w)}) for i, (d, w) in
                  enumerate(zip(docs, words, strict=True))])
    return index


def top(index: TextIndex, query: list[str]) -> list[str]:
    """Ids ranked by BM25."""
    return [c.id for c, *_ in index.search(query, Where(), 3)]


def test_tokenize_drops_punctuation_and_stop_words() -> None:
    tokens = tokenize("行政机关应当在20个工作日内答复，的。")
    assert "工作日" in tokens and "答复" in tokens and "20" in tokens
    assert "，" not in tokens and "的" not in tokens and "应当" not in tokens


def test_bm25_ranks_the_matching_document_first(tmp_path: Path) -> None:
    docs = ["行政机关收到申请后二十个工作日内答复", "行政事业性收费项目应当主动公开", "政府信息公开工作年度报告"]
    index = index_of(tmp_path, docs)
    assert top(index, tokenize("收费项目要公开吗"))[0] == "1"
    assert top(index, tokenize("年度报告"))[0] == "2"
    assert top(index, tokenize("完全无关的火星探测")) == []


def test_rare_terms_weigh_more(tmp_path: Path) -> None:
    docs = ["公开 公开 公开 答复", "公开 公开 公开 复议", "公开 公开 公开 诉讼"]
    index = index_of(tmp_path, docs, [d.split() for d in docs])
    assert top(index, ["公开", "复议"])[0] == "1"


def test_rrf_rewards_agreement() -> None:
    fused = rrf([["a", "b", "c"], ["b", "c", "a"]])
    assert max(fused, key=fused.get) == "b"  # type: ignore[arg-type]
    assert rrf([["x"]]) == {"x": 1 / 61}


def test_fuse_judges_a_chunk_without_vector_by_its_bm25_rank_alone() -> None:
    fused = fuse([["a", "b"], ["t", "a", "b"]], vectorless={"t"})
    assert fused["t"] == 1 / 61  # first by BM25, no vector ranking to appear in
    assert fused["a"] == (1 / 61 + 1 / 62) / 2
    assert max(fused, key=fused.get) == "t"  # type: ignore[arg-type]
    assert fuse([["a"]], set()) == {"a": 1 / 61}


def test_pack_respects_size_and_keeps_all_text() -> None:
    paragraphs = ["第一段很短。", "第二段" + "很长的句子。" * 40, "第三段。"]
    chunks = pack(paragraphs, size=60, overlap=10)
    assert all(len(c) <= 70 for c in chunks)
    joined = "".join(chunks)
    for sentence in ("第一段很短。", "第三段。", "第二段很长的句子。"):
        assert sentence in joined
    assert pack(["一句。"], 60, 10) == ["一句。"]
