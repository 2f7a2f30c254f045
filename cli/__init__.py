"""The `nianbao` command line (typer): each command module registers its commands here."""

from __future__ import annotations

import typer

from nianbao.cli import bench, compare, draft, library, model, reports

app = typer.Typer(help="年报助手：政府信息公开工作年度报告的解析、检查、对比与起草。", no_args_is_help=True)
for _module in (reports, compare, library, draft, bench, model):
    _module.register(app)


def main() -> None:
    """Entry point of the `nianbao` script."""
    app()
