"""The `nianbao` command line (typer); each feature registers its commands."""

import typer

from nianbao.commands import register_all

app = typer.Typer(help="年报助手：政府信息公开工作年度报告的解析、检查、对比与起草。", no_args_is_help=True)
register_all(app)


def main() -> None:
    """Entry point of the `nianbao` script."""
    app()
