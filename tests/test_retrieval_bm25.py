"""BM25 over jieba tokens and reciprocal rank fusion."""

from __future__ import annotations

from retrieval.bm25 import BM25, tokenize
from retrieval.chunking import pack
from retrieval.search import rrf


def test_tokenize_drops_punctuation_and_stop_words() -> None:
    tokens = tokenize("行政机关应当在20个工作日内答复，的。")
    assert "工作日" in tokens and "答复" in tokens and "20" in tokens
    assert "，" not in tokens and "的" not in tokens and "应当" not in tokens


def test_bm25_ranks_the_matching_document_first() -> None:
    docs = ["行政机关收到申请后二十个工作日内答复", "行政事业性收费项目应当主动公开", "政府信息公开工作年度报告"]
    index = BM25([tokenize(d) for d in docs])
    assert index.top(tokenize("收费项目要公开吗"), 3)[0][0] == 1
    assert index.top(tokenize("年度报告"), 3)[0][0] == 2
    assert index.top(tokenize("完全无关的火星探测"), 3) == []


def test_rare_terms_weigh_more() -> None:
    docs = ["公开 公开 公开 答复", "公开 公开 公开 复议", "公开 公开 公开 诉讼"]
    index = BM25([d.split() for d in docs])
    scores = index.scores(["公开", "复议"])
    assert scores[1] > scores[0] and scores[1] > scores[2]


def test_rrf_rewards_agreement() -> None:
    fused = rrf([["a", "b", "c"], ["b", "c", "a"]])
    assert max(fused, key=fused.get) == "b"  # type: ignore[arg-type]
    assert rrf([["x"]]) == {"x": 1 / 61}


def test_pack_respects_size_and_keeps_all_text() -> None:
    paragraphs = ["第一段很短。", "第二段" + "很长的句子。" * 40, "第三段。"]
    chunks = pack(paragraphs, size=60, overlap=10)
    assert all(len(c) <= 70 for c in chunks)
    joined = "".join(chunks)
    for sentence in ("第一段很短。", "第三段。", "第二段很长的句子。"):
        assert sentence in joined
    assert pack(["一句。"], 60, 10) == ["一句。"]
