"""Fixtures only: every data directory in a temp path, offline model hubs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every data directory at a fresh temp path so no test touches a user's library."""
    data = tmp_path_factory.mktemp("nianbao-data")
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    return data
