"""The chat's actions as plain functions returning a Reply (no Streamlit here): draft, compare, help, and dispatch."""

from __future__ import annotations

from nianbao import corpus
from nianbao.compare.series import compare_reports
from nianbao.corpus.meta import same_agency
from nianbao.drafting.assemble import export_report
from nianbao.drafting.counts import table_errors
from nianbao.drafting.export import render_markdown, report_title
from nianbao.drafting.export_layout import Block
from nianbao.drafting.service import Draft, draft_part
from nianbao.errors import CompareError, ReadError, StoreError
from nianbao.model import PART_TITLES, Report
from nianbao.settings import Settings
from nianbao.ui.asking import do_ask
from nianbao.ui.checking import do_check, findings_markdown, stored_report
from nianbao.ui.counts import blank_cells, is_blank, without_blanks
from nianbao.ui.reply import DOCX_MIME, Context, Download, Reply
from nianbao.ui.router import Intent

PART_NAMES = {"5": PART_TITLES["5"], "overview-supervision": "总体情况·监督保障",
              "overview-applications": "总体情况·依申请公开"}
# where a drafted part sits in the report: its part heading and, for an item of 一, the item's heading
PART_HEADINGS = {"5": (PART_TITLES["5"], None), "overview-supervision": (PART_TITLES["1"], "（五）监督保障"),
                 "overview-applications": (PART_TITLES["1"], "（二）依申请公开")}
BACKEND_NAMES = {"template": "模板起草", "openai": "大模型起草", "ollama": "本地大模型起草"}
BLANK = "统计表尚未填写"
# the service's note names a CLI option; in the app the prior year comes from the library
_CLI_NOTE = "（可用 --prior 指定，或先将上年报告导入资料库）"
_APP_NOTE = "（可在左侧“导入条例或往年报告”导入上年报告）"

HELP = (
    "我可以做四件事（也可以用斜杠命令）：\n"
    "- **起草**（/draft）：如“起草存在的主要问题”“再写一下监督保障部分”“起草依申请公开情况”；\n"
    "- **对比**（/compare）：本年度与上一年度的报告逐句对比，标出照搬的句子和变化的数字；\n"
    "- **检查**（/check）：检查上传的报告，或粘贴的全文或一段文字（如“检查这段：……”）；\n"
    "- **问答**（/ask）：关于《条例》或往年报告的问题，如“申请公开信息要交钱吗”“去年我局收到多少件申请”，"
    "先给答案，再列出处。"
)


def app_notes(notes: list[str]) -> list[str]:
    """Service notes as the app says them: no command-line options."""
    return [n.replace(_CLI_NOTE, _APP_NOTE).replace("--prior", "上年报告") for n in notes]


def guard_summary(draft: Draft, blank: bool) -> str:
    """The guard's report in Chinese: figures verified, reuse, placeholders, sources, notes."""
    if blank or not draft.figures:
        figures = f"- 数字核验：{BLANK}，草稿未写任何统计数字，相关内容以【请补充】占位" if blank else (
            "- 数字核验：草稿中没有取自统计表的数字")
    else:
        figures = f"- 数字核验：{len(draft.figures)} 处数字均取自本年统计表或上年报告"
    lines = [figures + (f"；**{len(draft.unverified)} 处未能核实**" if draft.unverified else "")]
    if draft.reuse is not None:
        lines.append(f"- 与 {draft.prior_year} 年同一部分的重复率：{draft.reuse:.0%}")
    if draft.placeholders:
        lines.append(f"- 待补充 {len(draft.placeholders)} 处：" + "；".join(draft.placeholders[:6]))
    if draft.sources:
        cites = [s.get("article") or f"{s['source']}（第{s.get('part')}部分）" for s in draft.sources]
        lines.append("- 依据：" + "、".join(dict.fromkeys(str(c) for c in cites)))
    lines += [f"- 说明：{note}" for note in app_notes(draft.notes)]
    return "\n".join(lines)


def part_docx(ctx: Context, part: str, text: str) -> bytes:
    """A drafted part as a Word file in the report's official layout (title, part heading, item heading, text)."""
    from nianbao.drafting.export_docx import build_docx  # python-docx loads only when a file is made

    heading, item = PART_HEADINGS[part]
    blocks = [Block("title", report_title(Report(agency=ctx.agency, year=ctx.year))), Block("heading", heading)]
    if item:
        blocks.append(Block("paragraph", item))
    blocks += [Block("paragraph", line.strip()) for line in text.splitlines() if line.strip()]
    return build_docx(blocks)


def do_draft(intent: Intent, ctx: Context) -> Reply:
    """起草: a part from this session's counts, checked by the guard, with its sources; placeholders while blank."""
    part = intent.part or "5"
    counts = ctx.counts
    if counts is None:
        return Reply("还没有本年度统计数据，请先在“统计表”页填写。", "draft")
    errors = without_blanks(table_errors(counts), counts)
    if errors:
        return Reply("统计表有错误，修正后才能起草（起草只使用核对无误的数字）：\n\n" + findings_markdown(errors),
                     "draft", findings=errors)
    blank = is_blank(counts)
    missing = len(blank_cells(counts))
    try:
        prior = stored_report(ctx, ctx.agency, ctx.year - 1)
    except StoreError as exc:  # a library that cannot be read is not "no prior year"
        return Reply(f"资料库无法读取，无法查找上一年度报告，未起草：{exc}", "draft")
    draft = draft_part(counts, part, ctx.settings.llm_backend, prior, ctx.settings, ctx.library)
    title = PART_NAMES[part]
    backend = BACKEND_NAMES.get(draft.backend, draft.backend)
    lead = ""
    if blank:
        lead = f"**{BLANK}**：以下草稿不含统计数字，请先在“统计表”页填写，再重新起草。\n\n"
    elif missing:
        lead = f"统计表尚有 {missing} 处空白，涉及这些格子的数字没有写入草稿。\n\n"
    text = (f"{lead}**{ctx.agency} {ctx.year} 年 · {title}**（{backend}）\n\n{draft.text}\n\n---\n"
            f"{guard_summary(draft, blank)}")
    name = f"{ctx.year}_{title.replace('·', '_')}"
    downloads = [Download("下载草稿（.docx）", part_docx(ctx, part, draft.text), f"{name}.docx", DOCX_MIME),
                 Download("下载草稿（.md）", f"## {title}\n\n{draft.text}\n".encode(), f"{name}.md", "text/markdown")]
    return Reply(text, "draft", draft=draft, downloads=downloads,
                 sources=[str(s.get("article") or s.get("source")) for s in draft.sources])


def _compared(intent: Intent, reports: list[Report]) -> list[Report]:
    """The reports to compare: the years named, every year for 历年/所有, else the latest against the one before."""
    if intent.years:
        return [r for r in reports if r.year in set(intent.years)] or reports
    if any(w in intent.text for w in ("历年", "所有", "全部", "每年", "逐年")):
        return reports
    return reports[-2:]


def _uploaded_report(ctx: Context) -> Report | None:
    """The uploaded report when it is this agency's and says its year; None otherwise (also when unreadable)."""
    if ctx.upload is None:
        return None
    try:
        report = corpus.parse_bytes(ctx.upload[1], ctx.upload[0])
    except ReadError:  # an unreadable upload is the check's business, not the comparison's
        return None
    return report if report.year and same_agency(report.agency, ctx.agency) else None


def do_compare(intent: Intent, ctx: Context) -> Reply:
    """对比: this year (an uploaded report, else the latest stored) against the year before; other years when named."""
    reports: list[Report] = []
    if ctx.library is not None:
        reports = [r for r in ctx.library.reports() if same_agency(r.agency, ctx.agency) and r.year]
    uploaded = _uploaded_report(ctx)
    if uploaded is not None:  # this year's draft, uploaded to be checked, is compared too (it replaces a stored copy)
        reports = [r for r in reports if r.year != uploaded.year] + [uploaded]
    reports.sort(key=lambda r: r.year or 0)
    if len(reports) < 2:
        return Reply(f"资料库中“{ctx.agency}”的报告不足两年，无法对比。请先在左侧导入往年报告。", "compare")
    chosen = _compared(intent, reports)
    try:
        result = compare_reports(chosen, ctx.settings.reuse_threshold)
    except CompareError as exc:
        return Reply(str(exc), "compare")
    years = "、".join(str(y) for y in result.years)
    others = "、".join(str(r.year) for r in reports if r not in chosen)
    lines = [f"**{ctx.agency}** {years} 年对比（重复率：本年句子中与上年相同的比例，数字和年份不计）："]
    for pair in reversed(result.pairs):
        shares = "，".join(f"{PART_TITLES[k]} {d.reuse:.0%}" for k, d in sorted(pair.parts.items())
                          if k in {"1", "5"} and d.reuse is not None)
        lines.append(f"- {pair.current.year} 年对 {pair.previous.year} 年：{shares}；表格数字变化 {len(pair.figures)} 处")
    if others:
        lines.append(f"\n还有 {others} 年的报告：说“对比 {reports[0].year} {reports[1].year}”或“对比历年报告”，"
                     "或到“逐年对比”页选择年份。")
    return Reply("\n".join(lines), "compare", comparison=result)


def do_help(intent: Intent, ctx: Context) -> Reply:
    """帮助."""
    return Reply(HELP, "help")


ACTIONS = {"draft": do_draft, "compare": do_compare, "check": do_check, "ask": do_ask, "help": do_help}


def run(intent: Intent, ctx: Context) -> Reply:
    """The routed action's reply, with the line saying how the message was understood."""
    reply = ACTIONS[intent.action](intent, ctx)
    reply.notice = intent.notice
    return reply


def report_downloads(counts: Report, prior: Report | None, settings: Settings) -> list[Download]:
    """The whole report in the 2021 format as .docx and .md."""
    from nianbao.drafting.export import render_docx  # python-docx loads only when a file is made

    report, texts, _ = export_report(counts, prior, settings)
    name = f"{counts.agency}{counts.year}年政府信息公开工作年度报告"
    return [Download("下载全文（.docx，公文格式）", render_docx(report, texts), f"{name}.docx", DOCX_MIME),
            Download("下载全文（.md）", render_markdown(report, texts).encode(), f"{name}.md", "text/markdown")]
