"""`nianbao compare`: one agency's reports year over year (FORMAT.md §6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

import corpus
from checker.reuse import DEFAULT_THRESHOLD
from compare.series import CompareError, compare_reports
from compare.terminal import format_comparison


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
    try:
        reports = [corpus.parse_file(path) for path in files]
        comparison = compare_reports(reports, threshold)
    except (corpus.ReadError, CompareError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(comparison.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_comparison(comparison), nl=False)


def register(app: typer.Typer) -> None:
    """Add compare to the CLI."""
    app.command("compare")(compare_command)
