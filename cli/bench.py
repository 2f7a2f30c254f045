"""`nianbao bench`: throughput, latency and memory benchmarks on a generated workload (needs a source checkout)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from nianbao.benchmarks import bench
from nianbao.benchmarks.bench_common import ROOT
from nianbao.cli.common import fail, handled


class ScaleChoice(StrEnum):
    """Benchmark sizes: small (CI, ~3 minutes) or full (README numbers, ~25 minutes)."""

    small = "small"
    full = "full"


def bench_command(
    scale: Annotated[ScaleChoice, typer.Option("--scale", help="small：几分钟内完成（CI）；full：省级规模，约 40 分钟")] = ScaleChoice.small,
    json_file: Annotated[Path | None, typer.Option("--json", help="把全部测量结果写入该 JSON 文件")] = None,
) -> None:
    """运行性能基准（解析检查、导入、检索、起草、应用启动，并与普通 LangChain 流程对比），打印表格。"""
    if not (ROOT / "app.py").exists():
        raise fail(f"找不到 {ROOT / 'app.py'}：性能基准要测量应用启动，只能在项目源码目录中（pip install -e .）运行。")
    bench.main(scale.value, json_file)


def register(app: typer.Typer) -> None:
    """Register the bench command."""
    app.command("bench")(handled(bench_command))
