"""`nianbao ingest`, `nianbao search` and `nianbao library`: the regulation and report library."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from nianbao.cli.common import fail, handled, settings
from nianbao.data import DEMO_LIBRARY
from nianbao.model import PART_TITLES
from nianbao.retrieval.library import Library
from nianbao.retrieval.repair import RepairReport, repair
from nianbao.settings import Settings

_PART_ALIASES = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6"}


class KindChoice(StrEnum):
    """Document kinds a search can be restricted to."""

    regulation = "regulation"
    report = "report"


def _open_library(config: Settings) -> Library:
    """The library with its vector store open (EmbeddingError/StoreError reach the CLI's handler)."""
    library = Library(config)
    _ = library.searcher
    return library


def ingest_command(
    paths: Annotated[list[Path] | None, typer.Argument(help="文件或文件夹：条例全文、年度报告（txt/md/docx/pdf/html）")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="导入项目自带的演示资料（条文摘要和示例报告）")] = False,
) -> None:
    """把条例和年度报告导入本地资料库（重复导入不会产生重复内容）。"""
    targets = list(paths or [])
    if demo:
        missing = [p for p in DEMO_LIBRARY if not p.exists()]
        if missing:
            raise fail("找不到演示资料：" + "、".join(str(p) for p in missing))
        targets.extend(DEMO_LIBRARY)
    if not targets:
        raise fail("请指定要导入的文件或文件夹，或使用 --demo 导入演示资料。")
    library = _open_library(settings())
    try:
        result = library.ingest(targets, notify=_say)
    except KeyboardInterrupt:
        raise fail("导入已中断；已完成的文件会保留，再次运行同一命令即可继续。", 130) from None
    if result.rebuilt:
        typer.echo(f"向量库缺少的 {result.rebuilt} 个片段向量已重建。")
    typer.echo(
        f"新增 {len(result.added)} 个文件，更新 {len(result.replaced)} 个，未变化 {len(result.unchanged)} 个"
        + (f"，补全 {len(result.restored)} 个（资料库丢失了其部分内容）" if result.restored else "")
        + f"；写入 {result.chunks_written} 个片段。"
    )
    for warning in result.warnings:
        typer.echo(f"提示：{warning}", err=True)
    for error in result.errors:
        typer.echo(f"错误：{error}", err=True)
    if result.errors:
        raise fail(f"{len(result.errors)} 个文件未能导入，其余文件已导入。")


def _part_key(part: str | None) -> str | None:
    """Part key "1".."6" from 1..6 or 一..六."""
    if part is None:
        return None
    key = _PART_ALIASES.get(part.strip("、 "), part.strip())
    if key not in PART_TITLES:
        raise fail(f"--part 应为 1 到 6（或 一 到 六），而不是“{part}”。")
    return key


def search_command(
    query: Annotated[str, typer.Argument(help="要查找的问题或关键词")],
    kind: Annotated[KindChoice | None, typer.Option("--kind", help="只查条例（regulation）或报告（report）")] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="只查名称包含该文字的机关")] = None,
    year: Annotated[int | None, typer.Option("--year", help="只查该年度的报告")] = None,
    part: Annotated[str | None, typer.Option("--part", help="只查报告的第几部分（1-6）")] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="返回条数")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """在资料库中检索条例条文和年度报告段落（向量 + 关键词混合检索）。"""
    part_key = _part_key(part)
    library = _open_library(settings())
    hits = library.search(query, kind=kind.value if kind else None, agency=agency, year=year, part=part_key, top=top)
    if as_json:
        typer.echo(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("没有找到相关内容。资料库为空时请先运行 nianbao ingest。")
        return
    for rank, hit in enumerate(hits, start=1):
        if hit.kind == "regulation":
            where = f"《条例》{hit.article or ''}{f'（{hit.chapter}）' if hit.chapter else ''}"
        else:
            where = f"{hit.agency or '机关未识别'} {hit.year or ''} 年 {PART_TITLES.get(hit.part or '', '')}"
        typer.echo(f"[{rank}] {where}  来源：{hit.source}  得分：{hit.score:.4f}")
        text = hit.text.replace("\n", " ")
        typer.echo("    " + (text[:200] + "…" if len(text) > 200 else text))


def _say(message: str) -> None:
    """A progress message on stderr."""
    typer.echo(message, err=True)


def library_command(
    do_repair: Annotated[bool, typer.Option("--repair", help="修复资料库：把损坏的文件移到一旁，重建向量和索引，重新导入仍在原处的文件")] = False,
) -> None:
    """显示资料库状态：文件数、片段数、各机关已有的年度，以及缺失或损坏的内容。"""
    config = settings()
    if do_repair:
        _print_repair(repair(config, notify=_say))
    library = _open_library(config)
    status = library.status()
    if config.chroma_host:
        typer.echo(f"资料库：服务器 {config.chroma_host}:{config.chroma_port}，本机记录在 {config.data_dir}"
                   f"（向量模型 {config.embedding}，索引 {library.index}）")
        typer.echo(f"服务器上片段 {status.chunks} 个，条例条文 {status.regulation_articles} 条；"
                   f"本机导入的文件 {status.documents} 个。")
    else:
        typer.echo(f"资料库：{config.data_dir}（向量模型 {config.embedding}，索引 {library.index}）")
        typer.echo(f"文件 {status.documents} 个，片段 {status.chunks} 个，条例条文 {status.regulation_articles} 条。")
    health = library.health()
    if status.pending and not health.incomplete:
        typer.echo(f"有 {status.pending} 个文件上次未导入完成，请再次运行 nianbao ingest。")
    for message in health.messages():
        typer.echo(f"注意：{message}")
    for agency, years in status.years_by_agency.items():
        typer.echo(f"  {agency}：{'、'.join(str(y) for y in years)} 年")


def _print_repair(report: RepairReport) -> None:
    """What the repair did, in Chinese."""
    for path, moved, problem in report.set_aside:
        typer.echo(f"已将损坏的 {path.name}（{problem}）移到 {moved}，并新建了空文件。")
    if report.journal_lost:
        typer.echo("导入记录和报告记录随 library.sqlite3 一起损坏，请用 nianbao ingest 重新导入往年报告和条例"
                   "（已存入向量库的内容不会重复，向量直接取自缓存）。")
    if report.restored_chunks:
        typer.echo(f"从向量库恢复了 {report.restored_chunks} 个片段的文字索引。")
    result = report.ingest
    redone = len(result.added) + len(result.replaced) + len(result.restored) if result is not None else 0
    if result is not None and (result.rebuilt or redone):
        typer.echo(f"重建向量 {result.rebuilt} 个；重新导入文件 {redone} 个（写入 {result.chunks_written} 个片段）。")
    for error in result.errors if result is not None else []:
        typer.echo(f"错误：{error}", err=True)
    for path in report.missing_files:
        typer.echo(f"文件已不在原处，需要重新导入：{path}")
    if not (report.set_aside or report.restored_chunks or report.missing_files or
            (result is not None and (result.rebuilt or redone))):
        typer.echo("资料库完好，无需修复。")


def register(app: typer.Typer) -> None:
    """Register the library commands."""
    app.command("ingest")(handled(ingest_command))
    app.command("search")(handled(search_command))
    app.command("library")(handled(library_command))
