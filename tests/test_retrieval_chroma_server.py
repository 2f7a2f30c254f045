"""Index and search through a real chroma server on loopback (`chroma run`, shipped with chromadb)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.retrieval.library import Library
from nianbao.settings import Settings

REGULATION_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "regulation"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    """A `chroma run` server on loopback with its data in tmp_path; yields its port."""
    exe = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    if not Path(exe).exists():
        pytest.skip("找不到 chroma 命令（随 chromadb 包安装）")
    port = free_port()
    log = (tmp_path / "chroma.log").open("wb")
    proc = subprocess.Popen([exe, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(tmp_path / "srv")],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"chroma 服务器启动失败：{(tmp_path / 'chroma.log').read_text(errors='replace')[-500:]}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail("chroma 服务器 60 秒内未启动")
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


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
    with pytest.raises(StoreError, match="无法打开向量库"):
        _ = Library(settings).searcher
