"""Shared test helpers: where the third-party documents in ../shared live, skipping when absent, the CLI in a process."""

from __future__ import annotations

import os
import subprocess
import sys
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
CLI = [sys.executable, "-c", "from nianbao.cli import main; main()"]  # `nianbao` from this checkout


def cli_env(data: Path, **more: str) -> dict[str, str]:
    """The environment of a CLI process on its own data dir (hashing embedding: no model to load)."""
    return {**os.environ, "NIANBAO_DATA_DIR": str(data), "NIANBAO_EMBEDDING": "hashing", **more}


def nianbao(data: Path, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `nianbao ARGS` in its own process on a data dir; `env` adds NIANBAO_* variables."""
    return subprocess.run([*CLI, *args], cwd=ROOT, env=cli_env(data, **env), capture_output=True, text=True,
                          timeout=timeout)


def shared_file(path: Path) -> Path:
    """The path of a third-party test document, or skip when ../shared is absent."""
    if not path.exists():
        pytest.skip(f"第三方测试资料不存在：{path}（测试从 ../shared 读取真实报告；该目录不随仓库分发）")
    return path
