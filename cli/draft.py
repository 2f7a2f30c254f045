"""`nianbao draft` (one part from the counts) and `nianbao export` (a whole report in the 2021 format)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nianbao import corpus
from nianbao.cli.common import echo_json, fail, handled, settings
from nianbao.drafting import export
from nianbao.drafting.assemble import export_report
from nianbao.drafting.backends import check_backend
from nianbao.drafting.counts import read_counts, validate_counts
from nianbao.drafting.outline import PARTS
from nianbao.drafting.service import draft_part
from nianbao.errors import ReadError
from nianbao.model import Report
from nianbao.retrieval.library import Library

PART_ALIASES = {"5": "5", "五": "5", "overview-supervision": "overview-supervision",
                "overview-applications": "overview-applications"}


def load_inputs(counts_file: Path, prior_file: Path | None, library: Library) -> tuple[Report, Report | None]:
    """Validated counts and the prior year's report (file given, else the library); CountsInvalid exits 1.

    A library that cannot be read stops here (StoreError, exit 2): a draft must not say "no prior year" when
    the prior year could not be looked up."""
    counts = validate_counts(read_counts(counts_file))
    if prior_file is None:
        if not (counts.agency and counts.year):
            return counts, None
        return counts, library.get_report(counts.agency, counts.year - 1)
    try:
        return counts, corpus.parse_file(prior_file)
    except ReadError as exc:
        raise fail(f"上一年度报告无法读取：{exc}", 2) from exc


def prior_line(counts: Report, prior: Report | None, prior_file: Path | None) -> str:
    """Which prior year the draft compared with, or that none was found."""
    if prior is not None:
        where = f"文件 {prior_file.name}" if prior_file is not None else "资料库"
        return f"对照的上一年度报告：{prior.year} 年度（{where}）。"
    if counts.year:
        return f"未找到上一年度（{counts.year - 1} 年）报告，未做同比对照。"
    return "统计数据未写明年度，未查找上一年度报告。"


def draft_command(
    counts_file: Annotated[Path, typer.Option("--counts", help="本年度统计数据：JSON/YAML（parse --json 的结构加 agency、year、level）或一份报告文件")],
    part: Annotated[str, typer.Option("--part", help="起草的部分：5（存在的主要问题及改进情况）、overview-supervision（监督保障）、overview-applications（依申请公开）")],
    backend: Annotated[str | None, typer.Option("--backend", help="起草方式：template（默认，不用大模型）或已注册的大模型后端（openai、ollama 等）")] = None,
    prior_file: Annotated[Path | None, typer.Option("--prior", help="上一年度报告文件；不给时从资料库查找")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（正文、数字来源、重复率、引用、待补充项、说明）")] = False,
) -> None:
    """依据统计数据起草报告的一个部分：数字全部来自统计数据并逐一核验。"""
    config = settings()
    key = PART_ALIASES.get(part)
    if key is None:
        raise fail(f"不支持的部分“{part}”，可选：{'、'.join(PARTS)}。", 2)
    chosen = check_backend(backend or config.llm_backend)
    library = Library(config)
    counts, prior = load_inputs(counts_file, prior_file, library)
    draft = draft_part(counts, key, chosen, prior, config, library)
    if as_json:
        echo_json(draft.to_json())
        return
    typer.echo(prior_line(counts, prior, prior_file))
    typer.echo(f"【{PARTS[key]}】（起草方式：{draft.backend}）\n")
    typer.echo(draft.text)
    if draft.reuse is not None:
        typer.echo(f"\n与{draft.prior_year}年度同一部分的重复率：{draft.reuse:.0%}")
    if draft.unverified:
        typer.echo("未核实的数字：" + "、".join(str(u["value"]) for u in draft.unverified))
    if draft.placeholders:
        typer.echo(f"待补充 {len(draft.placeholders)} 处（【请补充：…】）。")
    for note in draft.notes:
        typer.echo(f"说明：{note}")


def export_command(
    counts_file: Annotated[Path, typer.Option("--counts", help="本年度统计数据（JSON/YAML 或报告文件）")],
    out: Annotated[Path, typer.Option("--out", help="输出文件：.docx、.md、.html 或 .txt")],
    prior_file: Annotated[Path | None, typer.Option("--prior", help="上一年度报告文件；不给时从资料库查找")] = None,
    backend: Annotated[str, typer.Option("--backend", help="起草方式：template（默认）或已注册的大模型后端")] = "template",
) -> None:
    """按 2021 年统一格式生成整份年度报告：表格取自统计数据，已起草的部分填入正文，其余留待补充。"""
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".md", ".html", ".txt"):
        raise fail(f"不支持的输出格式“{out.suffix or out.name}”，可选 .docx、.md、.html、.txt。", 2)
    check_backend(backend)
    config = settings()
    library = Library(config)
    counts, prior = load_inputs(counts_file, prior_file, library)
    report, texts, drafts = export_report(counts, prior, config, backend, library)
    if suffix == ".docx":
        out.write_bytes(export.render_docx(report, texts))
    else:
        render = {".md": export.render_markdown, ".html": export.render_html, ".txt": export.render_text}[suffix]
        out.write_text(render(report, texts), encoding="utf-8")
    pending = sum(t.count("【请补充") for t in texts.values())
    typer.echo(f"已生成 {out}（{report.agency} {report.year} 年度）；待补充 {pending} 处。")
    for note in dict.fromkeys(n for d in drafts for n in d.notes):
        typer.echo(f"说明：{note}")


def register(app: typer.Typer) -> None:
    """Add draft and export to the CLI."""
    app.command("draft")(handled(draft_command))
    app.command("export")(handled(export_command))
