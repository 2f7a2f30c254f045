"""检查 in the chat and the 检查报告 tab: a whole report (file or pasted) or one pasted paragraph; no Streamlit here.

A paragraph is a draft part: its figures are checked against this session's counts (narrative rule),
its citations and statutory figures against the regulation (regulation.* rules), and its wording
against last year's report (reuse.prior_year). The structure rules need a whole report and are left out.
"""

from __future__ import annotations

import re
from collections import Counter

from nianbao import checker, corpus
from nianbao.checker.names import rule_name
from nianbao.checker.narrative import check_narrative
from nianbao.checker.regulation import check_regulation_text
from nianbao.checker.reuse import RULE as REUSE_RULE
from nianbao.checker.reuse import reuse_ratio
from nianbao.corpus.articles import ArticleIndex
from nianbao.errors import ReadError, StoreError
from nianbao.model import Finding, Report
from nianbao.retrieval.articles import default_article_index
from nianbao.ui.counts import is_blank
from nianbao.ui.reply import Context, Reply
from nianbao.ui.router import Intent

PASTED = "粘贴的文本"
SHOWN = 40  # distinct findings listed in the chat; all of them are in the CSV
_SEVERITIES = (("error", "错误"), ("warning", "警告"), ("info", "提示"))


def collapsed(findings: list[Finding]) -> list[tuple[Finding, int]]:
    """Identical findings (same rule and message) once, with how often they occur, in their first order."""
    counts = Counter((f.rule, f.message) for f in findings)
    seen: set[tuple[str, str]] = set()
    out: list[tuple[Finding, int]] = []
    for f in findings:
        key = (f.rule, f.message)
        if key not in seen:
            seen.add(key)
            out.append((f, counts[key]))
    return out


def findings_markdown(findings: list[Finding]) -> str:
    """Findings grouped by severity under their own headings, Chinese rule names, identical ones counted once."""
    if not findings:
        return "未发现问题。"
    lines: list[str] = []
    shown = 0
    for severity, label in _SEVERITIES:
        group = collapsed([f for f in findings if f.severity == severity])
        if not group:
            continue
        total = sum(n for _, n in group)
        lines += ["", f"**{label}（{total}）**", ""]  # blank lines: the heading never sticks to a bullet
        for f, n in group:
            if shown >= SHOWN:
                break
            shown += 1
            article = f"（《条例》{f.article}）" if f.article else ""
            where = f"{f.where}：" if f.where else ""
            times = f"（共 {n} 处）" if n > 1 else ""
            lines.append(f"- **{rule_name(f.rule)}**　{where}{f.message}{article}{times}")
    hidden = len(collapsed(findings)) - shown
    if hidden > 0:
        lines += ["", f"另有 {hidden} 类问题未列出，请下载检查结果（CSV）查看全部。"]
    return "\n".join(lines).strip()


def _pasted(text: str) -> bool:
    """The text after the instruction is something to check (not a remark like “上传的报告”)."""
    return len(text) >= 20 or bool(re.search(r"[。；！？\d]", text))


def parse_pasted(text: str) -> Report | None:
    """The pasted text as a whole report, or None when it is a paragraph (a part of a draft)."""
    try:
        report = corpus.parse_text(text, PASTED)
    except ReadError:  # no part titles, no tables: a paragraph
        return None
    has_table = any(t is not None for t in (report.active, report.applications, report.review_litigation))
    return report if len(report.parts) >= 2 or has_table else None


def stored_report(ctx: Context, agency: str, year: int) -> Report | None:
    """A report from the library; StoreError when the library cannot be read (never taken as "none")."""
    return ctx.library.get_report(agency, year) if ctx.library is not None else None


CROSS_YEAR = "跨年度检查（上年结转、现行有效件数、与上年文字重复）未进行"


def find_prior(ctx: Context, agency: str | None, year: int | None,
               skipped: str = CROSS_YEAR) -> tuple[Report | None, str]:
    """Last year's report from the library and a sentence saying what it was compared with, or that `skipped`."""
    if not agency or not year:
        return None, f"未识别机构或年份，{skipped}。"
    try:
        prior = stored_report(ctx, agency, year - 1)
    except StoreError as exc:
        return None, f"资料库无法读取，{skipped}：{exc}"
    if prior is None:
        return None, f"资料库中没有{agency} {year - 1} 年度报告，{skipped}。"
    return prior, f"已与资料库中{prior.agency or agency} {prior.year} 年度报告对照（上年结转、现行有效件数、与上年文字重复）。"


def check_whole(report: Report, ctx: Context, articles: ArticleIndex) -> tuple[list[Finding], list[str]]:
    """Every rule on a whole report, the cross-year ones against its previous year in the library; the note
    saying which prior year was used."""
    findings = checker.check_report(report, articles)
    previous, note = find_prior(ctx, report.agency, report.year)
    if previous is not None:
        findings += checker.check_with_prior(report, previous, ctx.settings.reuse_threshold)
    return findings, [note]


def check_paragraph(text: str, ctx: Context, articles: ArticleIndex) -> tuple[list[Finding], list[str]]:
    """The narrative, regulation and reuse rules on one paragraph; notes on what could not be checked."""
    notes: list[str] = []
    findings = [f.model_copy(update={"where": PASTED})
                for f in check_regulation_text(text, articles, ctx.level, ctx.year)]  # type: ignore[arg-type]
    counts = ctx.counts
    if counts is None or is_blank(counts):
        notes.append("统计表尚未填写，未核对文中数字；填写“统计表”页后再检查即可核对。")
    else:
        as_part = counts.model_copy(deep=True)
        as_part.parts, as_part.year = {"1": text}, ctx.year
        findings += check_narrative(as_part)
    prior, note = find_prior(ctx, ctx.agency, ctx.year, "未比较与上年的重复")
    if prior is not None:
        ratio = reuse_ratio("\n".join(prior.parts.get(k, "") for k in ("1", "5")), text)
        if ratio is not None and ratio > ctx.settings.reuse_threshold:
            findings.append(Finding(rule=REUSE_RULE, severity="warning", where=PASTED, actual=round(ratio, 2),
                                    message=f"这段文字有 {ratio:.0%} 与 {prior.year} 年报告相同（数字、年份不计）。"))
    else:
        notes.append(note)
    return checker.errors_first(findings), notes


def do_check(intent: Intent, ctx: Context) -> Reply:
    """检查: the text given with the instruction (a whole report or one paragraph), else the uploaded file."""
    text = intent.body.strip()
    articles = default_article_index(ctx.settings)
    if text and _pasted(text):
        report = parse_pasted(text)
        if report is None:
            findings, notes = check_paragraph(text, ctx, articles)
            errors = sum(f.severity == "error" for f in findings)
            head = (f"已检查**粘贴的一段文字**（{len(text)} 字，按{ctx.agency} {ctx.year} 年的草稿段落检查：文中数字对照"
                    f"本年统计表，《条例》引用和法定期限，与上年报告的重复）：错误 {errors} 项。")
            body = "\n".join(f"- {n}" for n in notes)
            return Reply(f"{head}\n\n{findings_markdown(findings)}" + (f"\n\n{body}" if body else ""), "check",
                         findings=findings)
    elif ctx.upload is not None:
        try:
            report = corpus.parse_bytes(ctx.upload[1], ctx.upload[0])
        except ReadError as exc:
            return Reply(str(exc), "check")
    else:
        return Reply("请把要检查的文字写在“检查这段：”之后（或 /check 之后），一段或全文都可以；也可以在左侧上传报告。",
                     "check")
    findings, notes = check_whole(report, ctx, articles)
    errors = sum(f.severity == "error" for f in findings)
    head = (f"已检查 **{report.meta.source}**（{report.agency or '机构未识别'}，{report.year or '年份未识别'} 年）："
            f"错误 {errors} 项。\n\n{articles.describe()}。{''.join(notes)}")
    return Reply(f"{head}\n\n{findings_markdown(findings)}", "check", findings=findings)
