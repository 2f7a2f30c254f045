"""年报助手 — the Streamlit page over nianbao.ui: chat, counts editor, year-by-year comparison, checking."""

from __future__ import annotations

import hashlib

import streamlit as st

from nianbao import checker, corpus
from nianbao.compare.series import compare_reports
from nianbao.corpus.meta import same_agency
from nianbao.data import DEMO_COUNTS, DEMO_LIBRARY
from nianbao.drafting.counts import read_counts
from nianbao.errors import CompareError, CountsReadError
from nianbao.model import PART_TITLES, Report
from nianbao.retrieval.articles import default_article_index
from nianbao.retrieval.library import Library, LibraryStatus
from nianbao.settings import Settings
from nianbao.ui import actions, checking
from nianbao.ui.compare_view import render_comparison
from nianbao.ui.counts import (
    CHECK,
    TOTAL,
    blank_cells,
    blank_counts,
    decisions_frame,
    documents_frame,
    editable_applications,
    editable_review,
    frames_to_report,
    is_blank,
    row_notes,
    start_from_last_year,
    without_blanks,
)
from nianbao.ui.errors import errors_shown
from nianbao.ui.reply import Context, Reply
from nianbao.ui.router import route
from nianbao.ui.sidebar import sidebar
from nianbao.ui.style import CHINESE_WIDGETS
from nianbao.ui.tables import active_frame, applications_frame, findings_frame, review_frame

DEMO_AGENCY = "云汐区人力资源和社会保障局"
SPINNERS = {"check": "正在检查…（较大的文件需要十几秒）", "draft": "正在起草并核验数字…", "compare": "正在逐句对比…",
            "ask": "正在查找依据…", "help": "…"}


@st.cache_resource(show_spinner=False)
def _library(settings_json: str) -> Library:
    """One library (embedding model, vector store) per configuration, shared by every session of this process."""
    return Library(Settings.model_validate_json(settings_json))


def get_library() -> Library:
    """The library of the configured settings (built here, at the edge)."""
    return _library(Settings().model_dump_json())


def ensure_demo(library: Library, status: LibraryStatus) -> bool:
    """Index the demo corpus on first start, with a progress bar; True when it indexed."""
    if st.session_state.get("demo_checked"):
        return False
    indexed = False
    paths = [p for p in DEMO_LIBRARY if p.exists()]
    if status.documents == 0 and paths:
        bar = st.progress(0.0, text="首次启动：正在为演示资料建立索引…")

        def progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1), text=f"首次启动：正在建立索引（{done}/{total}）{name}")

        library.ingest(paths, progress=progress, bar=False)
        bar.empty()
        indexed = True
    st.session_state.demo_checked = True
    return indexed


def cached_status(library: Library) -> LibraryStatus:
    """The library status, computed once per session and again after an import."""
    if "library_status" not in st.session_state:
        st.session_state.library_status = library.status()
    return st.session_state.library_status


def init_state() -> None:
    """Per-session state: chat history, profile, counts."""
    state = st.session_state
    state.setdefault("messages", [])
    state.setdefault("agency", DEMO_AGENCY)
    state.setdefault("level", "department")
    state.setdefault("year", 2025)
    state.setdefault("upload", None)


def session_counts() -> Report:
    """This session's counts for the selected agency and year (blank until edited or loaded)."""
    state = st.session_state
    key = (state.agency, state.year, state.level)
    if state.get("counts_key") != key:
        state.counts = _demo_counts(*key) or blank_counts(*key)
        state.counts_key = key
        state.counts_version = state.get("counts_version", 0) + 1
    counts: Report = state.counts
    return counts


def _demo_counts(agency: str, year: int, level: str) -> Report | None:
    """The demo corpus's counts file for this agency and year, if there is one."""
    for path in sorted(DEMO_COUNTS.glob(f"{year}_*.yaml")):
        try:
            counts = read_counts(path)
        except CountsReadError:  # a damaged demo file: start from blank counts
            continue
        if same_agency(counts.agency, agency):
            return counts
    return None


def context(library: Library) -> Context:
    """What the actions may use from this session."""
    state = st.session_state
    return Context(state.agency, int(state.year), state.level, library.settings, library, session_counts(),
                   state.upload)


def show_reply(reply: Reply, index: int) -> None:
    """A reply with its extras: how it was understood, comparison view, findings download, files."""
    if reply.notice:
        st.caption(reply.notice)
    st.markdown(reply.text)
    if reply.comparison is not None:
        render_comparison(reply.comparison)
    if reply.findings:
        st.download_button("下载检查结果（CSV）", findings_frame(reply.findings).to_csv(index=False).encode("utf-8-sig"),
                           file_name="检查结果.csv", mime="text/csv", key=f"csv-{index}")
    for n, d in enumerate(reply.downloads):
        st.download_button(d.label, d.data, file_name=d.file_name, mime=d.mime, key=f"dl-{index}-{n}")


def chat_tab(library: Library) -> None:
    """The chat: history, input, routed actions."""
    state = st.session_state
    if not state.messages:
        state.messages.append({"role": "assistant", "reply": Reply(actions.HELP, "help")})
    history = st.container()
    prompt = st.chat_input("例如：起草存在的主要问题 / 和去年比一比 / 检查这段：…… / 申请公开信息要交钱吗")
    with history:
        for i, message in enumerate(state.messages):
            with st.chat_message(message["role"]):
                if message["role"] == "user":
                    st.markdown(message["text"])
                else:
                    show_reply(message["reply"], i)
        if prompt:
            state.messages.append({"role": "user", "text": prompt})
            with st.chat_message("user"):
                st.markdown(prompt)
            intent = route(prompt)
            with st.chat_message("assistant"), st.spinner(SPINNERS[intent.action]):
                reply = actions.run(intent, context(library))
                state.messages.append({"role": "assistant", "reply": reply})
                show_reply(reply, len(state.messages) - 1)


SHORT_LABELS = {"社会公益组织": "公益组织", "法律服务机构": "法律服务"}  # the official name stays in the tooltip


def _grid_config(frame_columns: list[str], label_width: int) -> dict[str, object]:
    """Column widths that keep every value column readable at 1280 px; 总计 computed, 核对 written by the checker."""
    config: dict[str, object] = {"_index": st.column_config.TextColumn(width=label_width)}
    for name in frame_columns:
        if name == CHECK:
            config[name] = st.column_config.TextColumn(CHECK, width=200, disabled=True,
                                                       help="该行的问题（错误也列在页面下方）")
        else:
            config[name] = st.column_config.NumberColumn(SHORT_LABELS.get(name, name), help=name, width=76,
                                                         min_value=0, step=1, disabled=name == TOTAL)
    return config


def _edit(frame, key: str, label_width: int, **kwargs):  # type: ignore[no-untyped-def]  # pandas frames
    """One grid of the counts editor."""
    return st.data_editor(frame, key=key, column_config=_grid_config(list(frame.columns), label_width), **kwargs)


def counts_tab(library: Library) -> None:
    """The three tables as editable grids, totals computed, checked live with the problems at their rows."""
    state = st.session_state
    counts = session_counts()
    previous = library.get_report(state.agency, int(state.year) - 1)
    if previous is not None and st.button(f"从 {int(state.year) - 1} 年报告开始（上年结转取上年结转下年度）"):
        state.counts = start_from_last_year(counts, previous)
        state.counts_version += 1
        counts = state.counts
    findings = without_blanks([f for f in checker.check_report(counts) if not f.rule.startswith("structure.")], counts)
    if previous is not None:
        findings += checker.check_pair(previous, counts)
    notes = row_notes(findings)
    v = state.counts_version
    if is_blank(counts):
        st.info("统计表尚未填写。请按本年度实际情况填写；“总计”列和（七）总计由系统自动相加。")
    st.markdown(f"**{PART_TITLES['2']}**")
    documents = _edit(documents_frame(counts, notes), f"docs-{v}", 160)
    decisions = st.data_editor(decisions_frame(counts), key=f"decisions-{v}")
    st.markdown(f"**{PART_TITLES['3']}**（勾稽关系：一加二等于三加四；“总计”列和（七）总计自动相加）")
    applications = _edit(editable_applications(counts, notes), f"apps-{v}", 200, height=920)
    st.markdown(f"**{PART_TITLES['4']}**（“总计”自动相加）")
    review = _edit(editable_review(counts, notes), f"review-{v}", 200)
    edited = frames_to_report(counts, documents, decisions, applications, review)
    if edited != counts:  # show the computed totals and the rows' problems at once
        state.counts, state.counts_version = edited, v + 1
        st.rerun()
    _counts_status(findings, counts, previous, library)


def _counts_status(findings: list, counts: Report, previous: Report | None, library: Library) -> None:
    """Errors under the grids (each also in its row's 核对 column), then the downloads or why they wait."""
    errors = [f for f in findings if f.severity == "error"]
    missing = len(blank_cells(counts))
    if findings:
        st.error(f"统计表有 {len(errors)} 项错误、{len(findings) - len(errors)} 项提示，已标在各表右侧的“核对”栏：")
        st.dataframe(findings_frame(findings), hide_index=True, width="stretch")
    elif not missing:
        st.success("统计表勾稽关系、合计均正确。")
    if errors:
        st.warning(f"下载全文要等统计表没有错误：还有 {len(errors)} 项错误，改正后这里会出现下载按钮。")
    elif missing:
        st.warning(f"下载全文要等统计表填完：还有 {missing} 个格子未填写（没有发生的填 0）。")
    else:
        for n, d in enumerate(actions.report_downloads(counts, previous, library.settings)):
            st.download_button(d.label, d.data, file_name=d.file_name, mime=d.mime, key=f"report-{n}")


def compare_tab(library: Library) -> None:
    """Pick years of the agency's stored reports and compare them side by side (the latest two by default)."""
    state = st.session_state
    reports = {r.year: r for r in library.reports(state.agency) if r.year}
    if len(reports) < 2:
        st.info(f"资料库中“{state.agency}”的报告不足两年。请先在左侧导入往年报告。")
        return
    years = st.multiselect("选择要对比的年度", sorted(reports), default=sorted(reports)[-2:], key="compare_years")
    if len(years) < 2:
        st.info("请至少选择两个年度。")
        return
    try:
        render_comparison(compare_reports([reports[y] for y in sorted(years)], library.settings.reuse_threshold))
    except CompareError as exc:
        st.error(str(exc))


def check_tab(library: Library) -> None:
    """The sidebar's upload (the chat's too) or pasted text; the upload's result kept per content across reruns."""
    state = st.session_state
    if state.upload is not None:
        st.markdown(f"待检查的报告：**{state.upload[0]}**（在左侧“待检查的报告”中更换）")
    else:
        st.caption("在左侧“待检查的报告”中上传文件，或在下面粘贴报告全文或一段文字。")
    pasted = st.text_area("粘贴的文本（全文或一段）", height=160, key="check_pasted").strip()
    ctx = context(library)
    if st.button("检查", type="primary") and pasted:
        with st.spinner(SPINNERS["check"]):
            state.check_result, state.check_key = _check_text(pasted, ctx), ("text", pasted)
    elif state.upload is not None and not pasted:
        key = ("upload", state.upload[0], hashlib.sha256(state.upload[1]).hexdigest())
        if state.get("check_key") != key:
            with st.spinner(SPINNERS["check"]):
                report = corpus.parse_bytes(state.upload[1], state.upload[0])
                findings, notes = checking.check_whole(report, ctx, default_article_index(ctx.settings))
                state.check_result, state.check_key = (report, findings, notes), key
    elif state.upload is None and state.get("check_key", ("",))[0] == "upload":
        state.pop("check_result", None)  # the file was removed
        state.pop("check_key", None)
    result = state.get("check_result")
    if result is None:
        return
    report, findings, notes = result
    if report is None:
        st.subheader("粘贴的文本（一段）")
        _findings(findings)
        for note in notes:
            st.caption(note)
    else:
        show_report(report, findings)
        for note in notes:
            st.caption(note)


def _check_text(text: str, ctx: Context) -> tuple[Report | None, list, list[str]]:
    """A pasted whole report (report, findings) or paragraph (None, findings, notes)."""
    articles = default_article_index(ctx.settings)
    report = checking.parse_pasted(text)
    if report is None:
        findings, notes = checking.check_paragraph(text, ctx, articles)
        return None, findings, notes
    findings, notes = checking.check_whole(report, ctx, articles)
    return report, findings, notes


def _findings(findings: list) -> None:
    """Error and warning counts and the findings table."""
    cols = st.columns(2)
    cols[0].metric("错误", sum(f.severity == "error" for f in findings))
    cols[1].metric("警告", sum(f.severity == "warning" for f in findings))
    st.dataframe(findings_frame(findings), hide_index=True, width="stretch")


def show_report(report: Report, findings: list) -> None:
    """Parsed tables and the checker's findings."""
    st.subheader(f"{report.meta.source}：{report.agency or '机构未识别'} · {report.year or '年份未识别'} 年"
                 f"（识别出 {len(report.parts)}/6 个部分）")
    _findings(findings)
    for key, frame in (("2", active_frame(report)), ("3", applications_frame(report)), ("4", review_frame(report))):
        with st.expander(PART_TITLES[key], expanded=frame is not None and key == "3"):
            if frame is None:
                st.info("报告中没有这张表。")
            else:
                st.dataframe(frame, width="stretch")
    with st.expander("各部分正文"):
        for key, title in PART_TITLES.items():
            st.markdown(f"**{title}**")
            st.text(report.parts.get(key, "（缺失）"))


def main() -> None:
    """The page."""
    st.set_page_config(page_title="年报助手", page_icon="📑", layout="wide")
    st.markdown(CHINESE_WIDGETS, unsafe_allow_html=True)
    st.title("年报助手 · 政府信息公开工作年度报告")
    init_state()
    library = None
    with errors_shown():  # a damaged library is named with its recovery, never re-indexed over
        library = get_library()
        if ensure_demo(library, cached_status(library)):
            st.session_state.pop("library_status", None)
        sidebar(library, cached_status(library))
    if library is None:
        return
    chat, counts, years, check = st.tabs(["对话", "统计表", "逐年对比", "检查报告"])
    with chat, errors_shown():
        chat_tab(library)
    with counts, errors_shown():
        counts_tab(library)
    with years, errors_shown():
        compare_tab(library)
    with check, errors_shown():
        check_tab(library)


main()
