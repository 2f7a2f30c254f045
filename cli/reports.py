"""`nianbao parse` and `nianbao check`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nianbao import checker, corpus
from nianbao.checker.names import rule_name
from nianbao.cli.batch import LIBRARY, Checked, gather, run, summary, write_csv
from nianbao.cli.common import echo_json, fail, handled, settings
from nianbao.corpus.articles import ArticleIndex, from_paths, load_article_index
from nianbao.errors import StoreError
from nianbao.model import PART_TITLES, Finding, Report
from nianbao.retrieval.articles import records_article_index
from nianbao.retrieval.library import Library
from nianbao.settings import Settings

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def format_findings(path: Path, report: Report, findings: list[Finding]) -> str:
    """A readable Chinese listing of one report's findings."""
    head = f"■ {path.name}（{report.agency or '机构未识别'}，{report.year or '年份未识别'} 年）"
    if not findings:
        return head + "\n  未发现问题。"
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_LABELS}
    lines = [head + f"：错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项"]
    for f in findings:
        lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {rule_name(f.rule)}（{f.rule}）  {f.where or ''}")
        lines.append(f"      {f.message}")
        extra = []
        if f.expected is not None or f.actual is not None:
            extra.append(f"应为：{f.expected}；实际：{f.actual}")
        if f.article:
            extra.append(f"依据：《条例》{f.article}")
        if extra:
            lines.append("      " + "；".join(extra))
    return "\n".join(lines)


def format_report(report: Report) -> str:
    """A readable summary of what the parser recognised."""
    lines = [f"机构：{report.agency or '未识别'}", f"年份：{report.year or '未识别'}",
             f"层级：{'人民政府' if report.level == 'government' else '政府部门'}"]
    for key, title in PART_TITLES.items():
        state = f"{len(report.parts[key])} 字" if key in report.parts else "缺失"
        lines.append(f"{title}：{state}")
    if report.applications is not None:
        rows = report.applications.rows
        lines.append(f"表三：本年新收 {rows['new'][6]}，上年结转 {rows['carried_in'][6]}，"
                     f"办理结果总计 {rows['results_total'][6]}，结转下年度 {rows['carried_out'][6]}")
    if report.format == "2019":
        lines.append("表格格式：2019 年版（表二按原栏目读取，见 active_2019）")
    for name, label in (("active", "表二"), ("applications", "表三"), ("review_litigation", "表四")):
        status = report.read_status.get(name)
        if status is not None and status.status != "complete":
            state = "未找到" if status.status == "absent" else f"读取 {status.read}/{status.cells} 格"
            by_reason: dict[str, list[str]] = {}
            for note in status.unread:
                by_reason.setdefault(note.reason, []).append(note.where)
            lines.append(f"{label}：{state}" + "".join(f"；{'、'.join(w)}：{r}" for r, w in list(by_reason.items())[:3]))
    for note in report.meta.notes:
        lines.append(f"说明：{note}")
    return "\n".join(lines)


def parse_command(
    file: Annotated[Path, typer.Argument(help="报告文件（txt/docx/pdf/html）")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 FORMAT.md §5 的 JSON")] = False,
) -> None:
    """解析一份年度报告：六个部分、三张表格、机构、年份和层级。"""
    report = corpus.parse_file(file)
    if as_json:
        echo_json(report.to_json())
    else:
        typer.echo(format_report(report))


def article_index(regulation: Path | None, library: Library | None) -> ArticleIndex:
    """The article index: a given official text, else the library's imported text, else our summaries."""
    if regulation is not None:
        index = from_paths([regulation])
        if index is None:
            raise fail(f"无法读取文件“{regulation}”：不是《政府信息公开条例》全文（应为按“第N条”分条的 txt/md）。")
        return index.merged(load_article_index())
    return records_article_index(library.records) if library is not None else load_article_index()


def open_library(config: Settings) -> Library:
    """The library for prior years; a damaged or unreachable one stops the check with how to go on."""
    try:
        return Library(config)
    except StoreError as exc:
        raise fail(f"{exc}\n如只需检查报告本身，可加 --no-library（不与资料库中的往年报告对照）。") from exc


def prior_line(item: Checked) -> str:
    """Which prior year a report was compared with, or that none was found."""
    report = item.report
    if item.prior is not None:
        where = "资料库" if item.prior_source == LIBRARY else f"同批文件 {Path(str(item.prior_source)).name}"
        return f"  对照上一年度：{item.prior_year} 年度报告（{where}）。"
    if report.year:
        return f"  未找到上一年度（{report.year - 1} 年）报告，未做跨年核对和重复率检查。"
    return "  年份未识别，未做跨年核对。"


def check_command(
    files: Annotated[list[Path], typer.Argument(help="报告文件或文件夹（txt/docx/pdf/html）；同一机构相邻年份的报告会做跨年核对")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 FORMAT.md §5 的 JSON")] = False,
    threshold: Annotated[float, typer.Option("--threshold", help="与上年报告的重复率警告阈值（第一、五部分）")] = 0.5,
    use_library: Annotated[bool, typer.Option("--library/--no-library", help="从资料库查找上一年度报告")] = True,
    regulation: Annotated[Path | None, typer.Option("--regulation", help="条例原文文件；不给时用资料库中导入的原文或本项目摘要")] = None,
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="也检查文件夹的各级子文件夹")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=0, help="并行进程数；0 表示文件多时按 CPU 核数自动并行")] = 0,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="把全部问题写入 CSV 文件（每个问题一行）")] = None,
) -> None:
    """检查报告：表格勾稽关系、合计、正文与表格数字、结构、跨年衔接、与上年重复、对《条例》的引用。"""
    config = settings()
    paths = gather(files, recursive)
    if not paths:
        raise fail("没有找到要检查的报告文件（txt、md、docx、pdf、html）。文件夹中的子文件夹需加 --recursive。")
    library = open_library(config) if use_library else None
    articles = article_index(regulation, library)
    if not as_json:
        typer.echo(f"条文依据：{articles.describe()}")
    for note in articles.notes:
        typer.echo(note, err=True)
    try:
        batch = run(paths, articles, library, threshold, jobs, bar=len(paths) > 1)
    except StoreError as exc:
        raise fail(f"{exc}\n如只需检查报告本身，可加 --no-library（不与资料库中的往年报告对照）。") from exc
    if as_json:
        echo_json([item.to_json() for item in batch.checked])
    else:
        for item in batch.checked:
            typer.echo(format_findings(item.path, item.report, item.findings))
            typer.echo(prior_line(item))
    if csv_file is not None:
        write_csv(csv_file, batch)
    if len(paths) > 1 or csv_file is not None:
        stored = library.agency_years() if library is not None else {}
        typer.echo("\n".join(["", "【汇总】", *summary(batch, stored)]), err=as_json)
        if csv_file is not None:
            typer.echo(f"问题清单已写入 {csv_file}。", err=as_json)
    for _, message, _ in batch.unreadable:
        typer.echo(message, err=True)
    if batch.unreadable:
        raise typer.Exit(2)
    if any(checker.has_errors(item.findings) for item in batch.checked):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add parse and check to the CLI."""
    app.command("parse")(handled(parse_command))
    app.command("check")(handled(check_command))
