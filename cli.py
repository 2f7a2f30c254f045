"""The `nianbao` command line (typer)."""

import typer

app = typer.Typer(help="年报助手：政府信息公开工作年度报告的解析、检查、对比与起草。", no_args_is_help=True)


def main() -> None:
    """Entry point of the `nianbao` script."""
    app()
