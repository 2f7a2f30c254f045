"""Index and search through a real chroma server on loopback (`chroma run`, shipped with chromadb)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.retrieval.library import Library
from nianbao.settings import Settings
from tests.chroma_server import ChromaServer, free_port

REGULATION_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "regulation"


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    """A `chroma run` server on loopback with its data in tmp_path; yields its port."""
    server = ChromaServer(tmp_path / "srv", tmp_path / "chroma.log").start()
    try:
        yield server.port
    finally:
        server.stop()


def test_index_and_search_through_server(chroma_server: int, tmp_path: Path) -> None:
    if not REGULATION_DIR.exists():
        pytest.skip(f"条例全文不存在：{REGULATION_DIR}（测试从 ../shared 读取）")
    settings = Settings(data_dir=tmp_path / "lib", embedding="hashing", chroma_host="127.0.0.1", chroma_port=chroma_server)
    library = Library(settings)
    assert library.ingest([REGULATION_DIR], bar=False).chunks_written == 56
    assert not (tmp_path / "lib" / "chroma").exists()  # nothing embedded locally: the server holds the vectors
    assert library.search("申请内容不明确，几个工作日内告知补正", top=1)[0].article == "第三十条"
    # a second client (a new process would be the same) sees the same index, and re-ingesting adds nothing
    other = Library(settings)
    assert other.status().chunks == 56
    assert other.ingest([REGULATION_DIR], bar=False).chunks_written == 0
    assert other.search("信息处理费", kind="regulation", top=1)[0].article == "第四十二条"


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    from nianbao.retrieval.store import StoreError

    settings = Settings(data_dir=tmp_path, embedding="hashing", chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreError, match=r"向量库服务器 127\.0\.0\.1:[0-9]+ 无法访问（连接不上"):
        _ = Library(settings).searcher
