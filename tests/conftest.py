"""Shared fixtures: real documents from ../shared, and every data directory in a temp path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_2306ae272cf1740f.txt"
PDF_2023 = SHARED / "corpus" / "reports" / "pdf" / "2023_淮安市洪泽区人民政府.pdf"
PDF_2024 = SHARED / "corpus" / "reports" / "pdf" / "2024_淮安市洪泽区人民政府.pdf"
WEB = SHARED / "corpus" / "reports" / "web"
REGULATION = SHARED / "corpus" / "regulation" / "政府信息公开条例-2019.md"
TEMPLATE = SHARED / "corpus" / "template" / "年度报告模版-2021格式.docx"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def shared_file(path: Path) -> Path:
    """The path of a third-party test document, or skip when ../shared is absent."""
    if not path.exists():
        pytest.skip(f"第三方测试资料不存在：{path}（测试从 ../shared 读取真实报告；该目录不随仓库分发）")
    return path


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every data directory at a fresh temp path so no test touches a user's library."""
    data = tmp_path_factory.mktemp("nianbao-data")
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(data))
    return data
