"""Fixtures only: every data directory in a temp path, offline model hubs, the demo inputs, a fake chat server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao import corpus
from nianbao.drafting.counts import read_counts, validate_counts
from nianbao.model import Report
from tests.fake_llm_server import FakeChatServer
from tests.helpers import DEMO

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every data directory at a fresh temp path so no test touches a user's library."""
    data = tmp_path_factory.mktemp("nianbao-data")
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    return data


@pytest.fixture(scope="module")
def demo_inputs() -> tuple[Report, Report]:
    """2025 counts of the demo government and its 2024 report."""
    counts = validate_counts(read_counts(DEMO / "counts" / "2025_yunxi_zf.yaml"))
    return counts, corpus.parse_file(DEMO / "reports" / "2024_yunxi_zf.txt")


@pytest.fixture
def chat_server() -> Iterator[FakeChatServer]:
    """A running loopback chat-completions server (scripted replies)."""
    with FakeChatServer() as fake:
        yield fake
