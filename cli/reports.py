"""`nianbao parse` and `nianbao check`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nianbao import checker, corpus
from nianbao.cli.common import echo_json, fail, handled, settings
from nianbao.corpus.articles import ArticleIndex, from_paths, load_article_index
from nianbao.errors import ReadError, StoreError
from nianbao.model import PART_TITLES, Finding, Report
from nianbao.retrieval.articles import default_article_index
from nianbao.retrieval.library import Library
from nianbao.settings import Settings

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def read_reports(files: list[Path]) -> tuple[list[tuple[Path, Report]], list[str]]:
    """Parse every file; unreadable ones become messages."""
    reports: list[tuple[Path, Report]] = []
    errors: list[str] = []
    for path in files:
        try:
            reports.append((path, corpus.parse_file(path)))
        except ReadError as exc:
            errors.append(str(exc))
    return reports, errors


def format_findings(path: Path, report: Report, findings: list[Finding]) -> str:
    """A readable Chinese listing of one report's findings."""
    head = f"■ {path.name}（{report.agency or '机构未识别'}，{report.year or '年份未识别'} 年）"
    if not findings:
        return head + "\n  未发现问题。"
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_LABELS}
    lines = [head + f"：错误 {counts['error']} 项，警告 {counts['warning']} 项，提示 {counts['info']} 项"]
    for f in findings:
        lines.append(f"  [{SEVERITY_LABELS[f.severity]}] {f.rule}  {f.where or ''}")
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


def library_priors(reports: list[Report], library: Library) -> list[Report]:
    """Previous-year reports of the same agencies stored in the library (records only, no model load)."""
    priors: list[Report] = []
    for report in reports:
        if report.agency and report.year:
            try:
                prior = library.get_report(report.agency, report.year - 1)
            except StoreError:  # an unreadable library must not stop a check
                prior = None
            if prior is not None:
                priors.append(prior)
    return priors


def article_index(regulation: Path | None, use_library: bool, config: Settings) -> ArticleIndex:
    """The article index: a given official text, else the library's imported text, else our summaries."""
    if regulation is not None:
        index = from_paths([regulation])
        if index is None:
            raise fail(f"无法读取文件“{regulation}”：不是《政府信息公开条例》全文（应为按“第N条”分条的 txt/md）。")
        return index.merged(load_article_index())
    return default_article_index(config) if use_library else load_article_index()


def check_command(
    files: Annotated[list[Path], typer.Argument(help="一份或多份报告；同一机构相邻年份的报告会做跨年核对")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 FORMAT.md §5 的 JSON")] = False,
    threshold: Annotated[float, typer.Option("--threshold", help="与上年报告的重复率警告阈值（第一、五部分）")] = 0.5,
    use_library: Annotated[bool, typer.Option("--library/--no-library", help="从资料库查找上一年度报告")] = True,
    regulation: Annotated[Path | None, typer.Option("--regulation", help="条例原文文件；不给时用资料库中导入的原文或本项目摘要")] = None,
) -> None:
    """检查报告：表格勾稽关系、合计、正文与表格数字、结构、跨年衔接、与上年重复、对《条例》的引用。"""
    config = settings()
    parsed, errors = read_reports(files)
    reports = [r for _, r in parsed]
    priors = library_priors(reports, Library(config)) if use_library else []
    articles = article_index(regulation, use_library, config)
    if not as_json:
        typer.echo(f"条文依据：{articles.describe()}")
    for note in articles.notes:
        typer.echo(note, err=True)
    results = checker.check_reports(reports, priors, threshold, articles)
    if as_json:
        echo_json([
            {"file": str(path), "agency": report.agency, "year": report.year,
             "findings": [f.to_json() for f in findings]}
            for (path, report), findings in zip(parsed, results, strict=True)
        ])
    else:
        for (path, report), findings in zip(parsed, results, strict=True):
            typer.echo(format_findings(path, report, findings))
    for message in errors:
        typer.echo(message, err=True)
    if errors:
        raise typer.Exit(2)
    if any(checker.has_errors(f) for f in results):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add parse and check to the CLI."""
    app.command("parse")(handled(parse_command))
    app.command("check")(handled(check_command))
