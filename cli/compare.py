"""`nianbao compare`: one agency's reports year over year (FORMAT.md §6)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nianbao import corpus
from nianbao.checker.reuse import DEFAULT_THRESHOLD
from nianbao.cli.common import echo_json, handled
from nianbao.compare.series import compare_reports
from nianbao.compare.terminal import format_comparison


def compare_command(
    files: Annotated[
        list[Path], typer.Argument(help="同一机关两个或以上年度的报告文件（txt/docx/pdf/html），顺序不限")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="输出 FORMAT.md §6 的 JSON")] = False,
    threshold: Annotated[
        float, typer.Option("--threshold", help="总体情况、存在的主要问题两部分的重复率警告阈值（0到1）")
    ] = DEFAULT_THRESHOLD,
) -> None:
    """逐年对比同一机关的年报：各部分沿用上年文字的比例、表格数字的变化、跨年度衔接检查。"""
    comparison = compare_reports([corpus.parse_file(path) for path in files], threshold)
    if as_json:
        echo_json(comparison.to_json())
    else:
        typer.echo(format_comparison(comparison), nl=False)


def register(app: typer.Typer) -> None:
    """Add compare to the CLI."""
    app.command("compare")(handled(compare_command))
