"""`nianbao bench`: throughput, latency and memory benchmarks on a generated workload (needs a checkout)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

ROOT = Path(__file__).resolve().parents[2]


class ScaleChoice(StrEnum):
    """Benchmark sizes: small (CI, ~3 minutes) or full (README numbers, ~25 minutes)."""

    small = "small"
    full = "full"


def bench_command(
    scale: Annotated[ScaleChoice, typer.Option("--scale", help="small：几分钟内完成（CI）；full：省级规模，约 25 分钟")] = ScaleChoice.small,
    json_file: Annotated[Path | None, typer.Option("--json", help="把全部测量结果写入该 JSON 文件")] = None,
) -> None:
    """运行性能基准（解析检查、导入、检索、起草、应用启动，并与普通 LangChain 流程对比），打印表格。"""
    if not (ROOT / "benchmarks" / "bench.py").exists():
        typer.echo("找不到 benchmarks/：性能基准只能在项目源码目录中运行。", err=True)
        raise typer.Exit(2)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.bench import main

    main(scale.value, json_file)


def register(app: typer.Typer) -> None:
    """Register the bench command."""
    app.command("bench")(bench_command)
