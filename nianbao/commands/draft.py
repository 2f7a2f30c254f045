"""`nianbao draft` (one part from the counts) and `nianbao export` (a whole report in the 2021 format)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from drafting.counts import CountsInvalid, CountsReadError, read_counts, validate_counts
from drafting.outline import PARTS
from drafting.render import BACKENDS, UnknownBackend
from nianbao.commands.reports import echo_json, fail
from nianbao.model import Report
from nianbao.settings import Settings

PART_ALIASES = {"5": "5", "五": "5", "overview-supervision": "overview-supervision",
                "overview-applications": "overview-applications"}


def load_inputs(counts_file: Path, prior_file: Path | None, settings: Settings) -> tuple[Report, Report | None]:
    """Validated counts and the prior year's report (file given, else the library); exits 2 or 1 on errors."""
    from drafting.service import find_prior

    try:
        counts = validate_counts(read_counts(counts_file))
    except CountsReadError as exc:
        raise fail(str(exc), 2) from exc
    except CountsInvalid as exc:
        raise fail(str(exc), 1) from exc
    if prior_file is None:
        return counts, find_prior(counts, settings)
    import corpus

    try:
        return counts, corpus.parse_file(prior_file)
    except corpus.ReadError as exc:
        raise fail(f"上一年度报告无法读取：{exc}", 2) from exc


def draft_command(
    counts_file: Annotated[Path, typer.Option("--counts", help="本年度统计数据：JSON/YAML（parse --json 的结构加 agency、year、level）或一份报告文件")],
    part: Annotated[str, typer.Option("--part", help="起草的部分：5（存在的主要问题及改进情况）、overview-supervision（监督保障）、overview-applications（依申请公开）")],
    backend: Annotated[str | None, typer.Option("--backend", help="template（默认，不用大模型）、openai 或 ollama")] = None,
    prior_file: Annotated[Path | None, typer.Option("--prior", help="上一年度报告文件；不给时从资料库查找")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（正文、数字来源、重复率、引用、待补充项、说明）")] = False,
) -> None:
    """依据统计数据起草报告的一个部分：数字全部来自统计数据并逐一核验。"""
    from drafting.service import draft_part

    settings = Settings()
    key = PART_ALIASES.get(part)
    if key is None:
        raise fail(f"不支持的部分“{part}”，可选：{'、'.join(PARTS)}。", 2)
    chosen = backend or settings.llm_backend
    if chosen not in BACKENDS:
        raise fail(str(UnknownBackend(f"未知的起草方式“{chosen}”，可选：{'、'.join(BACKENDS)}。")), 2)
    counts, prior = load_inputs(counts_file, prior_file, settings)
    draft = draft_part(counts, key, chosen, prior, settings)
    if as_json:
        echo_json(draft.to_json())
        return
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
    backend: Annotated[str, typer.Option("--backend", help="template（默认）、openai 或 ollama")] = "template",
) -> None:
    """按 2021 年统一格式生成整份年度报告：表格取自统计数据，已起草的部分填入正文，其余留待补充。"""
    from drafting import export
    from drafting.assemble import export_report

    suffix = out.suffix.lower()
    if suffix not in (".docx", ".md", ".html", ".txt"):
        raise fail(f"不支持的输出格式“{out.suffix or out.name}”，可选 .docx、.md、.html、.txt。", 2)
    if backend not in BACKENDS:
        raise fail(f"未知的起草方式“{backend}”，可选：{'、'.join(BACKENDS)}。", 2)
    settings = Settings()
    counts, prior = load_inputs(counts_file, prior_file, settings)
    report, texts, drafts = export_report(counts, prior, settings, backend)
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
    app.command("draft")(draft_command)
    app.command("export")(export_command)
