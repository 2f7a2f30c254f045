"""The app over a damaged or unreachable library: a Chinese message naming the problem, never a silent re-index."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.chroma_server import free_port
from tests.helpers import ROOT


@pytest.fixture(autouse=True)
def _fresh_library() -> None:
    """Each test opens its own data dir (the app keeps one library per process in st.cache_resource)."""
    import streamlit as st

    st.cache_resource.clear()


def _errors(at: AppTest) -> str:
    """Every error box of the page."""
    return "\n".join(str(e.value) for e in at.error)


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 300], ids=["empty", "garbage"])
def test_damaged_records_are_named_and_the_demo_is_not_indexed_over_them(
    content: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "lib"
    data.mkdir()
    records = data / "library.sqlite3"
    records.write_bytes(content)
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    monkeypatch.setenv("NIANBAO_EMBEDDING", "hashing")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    errors = _errors(at)
    assert str(records) in errors and "已损坏" in errors and "nianbao library --repair" in errors
    assert records.read_bytes() == content  # not reset
    assert not (data / "chroma").exists() and not (data / "text").exists()  # the demo was not indexed


def test_damaged_text_index_is_named_and_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nianbao.retrieval.library import Library
    from nianbao.settings import Settings

    data = tmp_path / "lib"
    library = Library(Settings(data_dir=data, embedding="hashing"))
    text = library.text.path
    library.records.entries(library.index)  # the journal exists and is sound
    text.write_bytes(b"")
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    monkeypatch.setenv("NIANBAO_EMBEDDING", "hashing")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    assert str(text) in _errors(at) and "0 字节" in _errors(at)
    assert text.read_bytes() == b""


def test_ask_with_the_server_down_shows_a_message_not_an_exception(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    for key, value in {"NIANBAO_DATA_DIR": str(tmp_path / "lib"), "NIANBAO_EMBEDDING": "hashing",
                       "NIANBAO_CHROMA_HOST": "127.0.0.1", "NIANBAO_CHROMA_PORT": str(port)}.items():
        monkeypatch.setenv(key, value)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    at.chat_input[0].set_value("答复申请的期限是多少个工作日？").run()
    assert not at.exception, at.exception
    errors = _errors(at)
    assert f"向量库服务器 127.0.0.1:{port} 无法访问" in errors, errors
    assert "StoreError" not in errors and "Traceback" not in errors and "ValueError" not in errors
