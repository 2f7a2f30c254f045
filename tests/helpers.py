"""Shared test helpers: where the third-party documents in ../shared live, and skipping when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_2306ae272cf1740f.txt"
PDF_2023 = SHARED / "corpus" / "reports" / "pdf" / "2023_淮安市洪泽区人民政府.pdf"
PDF_2024 = SHARED / "corpus" / "reports" / "pdf" / "2024_淮安市洪泽区人民政府.pdf"
WEB = SHARED / "corpus" / "reports" / "web"
WILD = SHARED / "corpus" / "reports" / "wild" / "pingtan-archive"
REGULATION = SHARED / "corpus" / "regulation" / "政府信息公开条例-2019.md"
TEMPLATE = SHARED / "corpus" / "template" / "年度报告模版-2021格式.docx"
DEMO = ROOT / "data" / "demo"


def shared_file(path: Path) -> Path:
    """The path of a third-party test document, or skip when ../shared is absent."""
    if not path.exists():
        pytest.skip(f"第三方测试资料不存在：{path}（测试从 ../shared 读取真实报告；该目录不随仓库分发）")
    return path
