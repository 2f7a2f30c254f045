"""The chat's four actions as plain functions returning a Reply (no Streamlit here)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx

from nianbao import checker, corpus
from nianbao.compare.series import Comparison, compare_reports
from nianbao.corpus.meta import same_agency
from nianbao.drafting.assemble import export_report
from nianbao.drafting.counts import table_errors
from nianbao.drafting.export import render_docx, render_markdown
from nianbao.drafting.service import Draft, draft_part
from nianbao.errors import CompareError, ReadError, StoreError
from nianbao.model import PART_TITLES, Finding, Report
from nianbao.retrieval.articles import default_article_index
from nianbao.retrieval.library import Library
from nianbao.retrieval.types import Hit
from nianbao.settings import Settings
from nianbao.ui.router import Intent

PART_NAMES = {"5": PART_TITLES["5"], "overview-supervision": "总体情况·监督保障",
              "overview-applications": "总体情况·依申请公开"}


@dataclass
class Download:
    """A file the reply offers."""

    label: str
    data: bytes
    file_name: str
    mime: str


@dataclass
class Reply:
    """What the assistant answers: markdown, plus optional findings, comparison or draft details."""

    text: str
    action: str
    findings: list[Finding] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    comparison: Comparison | None = None
    draft: Draft | None = None
    downloads: list[Download] = field(default_factory=list)


@dataclass
class Context:
    """What the session knows: profile, settings, this year's counts, the library, an uploaded file."""

    agency: str
    year: int
    level: str
    settings: Settings
    library: Library | None = None
    counts: Report | None = None
    upload: tuple[str, bytes] | None = None


HELP = (
    "我可以做四件事（也可以用斜杠命令）：\n"
    "- **起草**（/draft）：如“起草存在的主要问题”“写一段监督保障”“起草依申请公开情况”；\n"
    "- **对比**（/compare）：本年度与往年报告逐句对比，标出照搬的句子和变化的数字；\n"
    "- **检查**（/check）：检查上传的报告或粘贴的全文（/check 后接全文）；\n"
    "- **问答**（/ask）：关于《条例》或往年报告的问题，回答附出处。"
)


def findings_markdown(findings: list[Finding]) -> str:
    """Findings grouped by severity, each with its article."""
    if not findings:
        return "未发现问题。"
    lines: list[str] = []
    for severity, label in (("error", "错误"), ("warning", "警告"), ("info", "提示")):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"**{label}（{len(group)}）**")
        for f in group:
            article = f"（《条例》{f.article}）" if f.article else ""
            lines.append(f"- `{f.rule}` {f.where or ''}：{f.message}{article}")
    return "\n".join(lines)


def do_check(intent: Intent, ctx: Context) -> Reply:
    """检查: the pasted text after the command, else the uploaded file."""
    try:
        if len(intent.text) > 200:
            report = corpus.parse_text(intent.text, "粘贴的文本")
        elif ctx.upload is not None:
            report = corpus.parse_bytes(ctx.upload[1], ctx.upload[0])
        else:
            return Reply("请先在左侧上传要检查的报告，或在 /check 后粘贴报告全文。", "check")
    except ReadError as exc:
        return Reply(str(exc), "check")
    articles = default_article_index(ctx.settings)
    findings = checker.check_report(report, articles)
    if ctx.library is not None and report.agency and report.year:
        previous = _stored_report(ctx, report.agency, report.year - 1)
        if previous is not None:
            findings += checker.check_with_prior(report, previous)
    errors = sum(f.severity == "error" for f in findings)
    head = (f"已检查 **{report.meta.source}**（{report.agency or '机构未识别'}，{report.year or '年份未识别'} 年）："
            f"错误 {errors} 项。\n\n{articles.describe()}。\n\n")
    return Reply(head + findings_markdown(findings), "check", findings=findings)


def _stored_report(ctx: Context, agency: str, year: int) -> Report | None:
    """A report from the library, tolerant of a library that cannot be opened."""
    if ctx.library is None:
        return None
    try:
        return ctx.library.get_report(agency, year)
    except StoreError:  # an unreadable library only means no prior year
        return None


def citation(hit: Hit) -> str:
    """A hit's citation: article number, or report/year/part."""
    if hit.kind == "regulation":
        return f"《条例》{hit.article}" + ("（本项目摘要）" if str(hit.source).endswith((".yaml", ".yml")) else "")
    part = PART_TITLES.get(str(hit.part), hit.part or "")
    return f"{hit.agency or hit.source} {hit.year or ''} 年报告 · {part}"


def do_ask(intent: Intent, ctx: Context, top: int = 4) -> Reply:
    """问答: quote the retrieved passages with their citations; never answer without a source."""
    if ctx.library is None:
        return Reply("资料库尚未就绪，暂时无法回答。", "ask")
    hits = ctx.library.search(intent.text, top=top)
    if not hits:
        return Reply("资料库中没有找到与问题相关的条文或往年报告，无法给出有出处的回答。", "ask")
    lines = ["根据资料库中的以下内容（按相关程度排列）：", ""]
    sources: list[str] = []
    for i, hit in enumerate(hits, 1):
        cite = citation(hit)
        sources.append(cite)
        quote = hit.text.strip().replace("\n", " ")
        lines.append(f"{i}. **{cite}**：{quote[:300]}{'…' if len(quote) > 300 else ''}")
    return Reply("\n".join(lines), "ask", sources=sources)


def do_compare(intent: Intent, ctx: Context) -> Reply:
    """对比: the agency's reports in the library (and this year's, if uploaded) year over year."""
    reports: list[Report] = []
    if ctx.library is not None:
        reports = [r for r in ctx.library.reports() if same_agency(r.agency, ctx.agency)]
    if intent.years:
        reports = [r for r in reports if r.year in set(intent.years)] or reports
    if len(reports) < 2:
        return Reply(f"资料库中“{ctx.agency}”的报告不足两年，无法对比。请先在左侧导入往年报告。", "compare")
    try:
        result = compare_reports(reports)
    except CompareError as exc:
        return Reply(str(exc), "compare")
    lines = [f"**{ctx.agency}** {result.years[0]}–{result.years[-1]} 年逐年对比（重复率为本年句子中与上年相同的比例）："]
    for pair in result.pairs:
        shares = "，".join(
            f"{PART_TITLES[k][:2]}{d.reuse:.0%}" for k, d in sorted(pair.parts.items()) if k in {"1", "5"} and d.reuse is not None
        )
        lines.append(f"- {pair.previous.year}→{pair.current.year}：{shares}；表格数字变化 {len(pair.figures)} 处")
    return Reply("\n".join(lines), "compare", comparison=result)


def do_help(intent: Intent, ctx: Context) -> Reply:
    """帮助."""
    return Reply(HELP, "help")


def draft_docx(title: str, text: str) -> bytes:
    """A draft as a small Word document (title, then one paragraph per line)."""
    document = docx.Document()
    document.add_heading(title, level=2)
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def guard_summary(draft: Draft) -> str:
    """The guard's report in Chinese: figures verified, reuse, placeholders, sources, notes."""
    lines = [f"- 数字核验：{len(draft.figures)} 处数字均取自本年统计表或上年报告"
             + (f"；**{len(draft.unverified)} 处未能核实**" if draft.unverified else "")]
    if draft.reuse is not None:
        lines.append(f"- 与 {draft.prior_year} 年同一部分的重复率：{draft.reuse:.0%}")
    if draft.placeholders:
        lines.append(f"- 待补充 {len(draft.placeholders)} 处：" + "；".join(draft.placeholders[:6]))
    if draft.sources:
        cites = [s.get("article") or f"{s['source']}（第{s.get('part')}部分）" for s in draft.sources]
        lines.append("- 依据：" + "、".join(dict.fromkeys(str(c) for c in cites)))
    lines += [f"- 说明：{note}" for note in draft.notes]
    return "\n".join(lines)


def do_draft(intent: Intent, ctx: Context) -> Reply:
    """起草: a part from this session's counts, checked by the guard, with its sources."""
    part = intent.part or "5"
    counts = ctx.counts
    if counts is None:
        return Reply("还没有本年度统计数据，请先在“统计表”页填写。", "draft")
    errors = table_errors(counts)
    if errors:
        return Reply("统计表有错误，修正后才能起草（起草只使用核对无误的数字）：\n\n" + findings_markdown(errors),
                     "draft", findings=errors)
    prior = _stored_report(ctx, ctx.agency, ctx.year - 1)
    draft = draft_part(counts, part, ctx.settings.llm_backend, prior, ctx.settings, ctx.library)
    title = PART_NAMES[part]
    text = f"**{ctx.agency} {ctx.year} 年 · {title}**（{draft.backend}）\n\n{draft.text}\n\n---\n{guard_summary(draft)}"
    name = f"{ctx.year}_{title.replace('·', '_')}"
    downloads = [Download("下载草稿（.docx）", draft_docx(title, draft.text), f"{name}.docx",
                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                 Download("下载草稿（.md）", f"## {title}\n\n{draft.text}\n".encode(), f"{name}.md", "text/markdown")]
    return Reply(text, "draft", draft=draft, downloads=downloads,
                 sources=[str(s.get("article") or s.get("source")) for s in draft.sources])


def report_downloads(counts: Report, prior: Report | None, settings: Settings) -> list[Download]:
    """The whole report in the 2021 format as .docx and .md."""
    report, texts, _ = export_report(counts, prior, settings)
    name = f"{counts.agency}{counts.year}年政府信息公开工作年度报告"
    return [Download("下载全文（.docx，统一格式）", render_docx(report, texts), f"{name}.docx",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Download("下载全文（.md）", render_markdown(report, texts).encode(), f"{name}.md", "text/markdown")]
