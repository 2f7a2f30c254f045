"""年报助手 — the Streamlit page over nianbao.ui: chat, counts editor, year-by-year comparison, checking."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from nianbao import checker, corpus
from nianbao.compare.series import compare_reports
from nianbao.corpus.meta import same_agency
from nianbao.data import DEMO_COUNTS, DEMO_LIBRARY
from nianbao.drafting.counts import read_counts
from nianbao.errors import CompareError, CountsReadError, ReadError
from nianbao.model import PART_TITLES, Report
from nianbao.retrieval.library import Library, LibraryStatus
from nianbao.settings import Settings
from nianbao.ui import actions
from nianbao.ui.compare_view import render_comparison
from nianbao.ui.counts import (
    blank_counts,
    decisions_frame,
    documents_frame,
    editable_applications,
    editable_review,
    frames_to_report,
    start_from_last_year,
)
from nianbao.ui.errors import errors_shown
from nianbao.ui.router import route
from nianbao.ui.tables import active_frame, applications_frame, findings_frame, review_frame

DEMO_AGENCY = "云汐区人力资源和社会保障局"


@st.cache_resource(show_spinner=False)
def get_library() -> Library:
    """One library (embedding model, vector store) shared by every session of this process; settings built here."""
    return Library(Settings())


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


def sidebar(library: Library, status: LibraryStatus) -> None:
    """Agency profile, year, backend, library status, imports."""
    state = st.session_state
    with st.sidebar:
        st.header("机构与年度")
        agencies = sorted(set(status.years_by_agency) | {state.agency})
        state.agency = st.selectbox("机构名称", agencies, index=agencies.index(state.agency))
        custom = st.text_input("或输入其他机构名称", "")
        if custom.strip():
            state.agency = custom.strip()
        state.level = st.radio("层级", ["department", "government"], horizontal=True,
                               format_func=lambda v: "政府部门" if v == "department" else "人民政府",
                               index=0 if state.level == "department" else 1)
        state.year = int(st.number_input("报告年度", 2019, 2100, int(state.year)))
        st.header("起草后端")
        settings = library.settings
        st.write(f"当前：`{settings.llm_backend}`" + ("（确定性模板，无需模型）" if settings.llm_backend == "template" else ""))
        if settings.llm_base_url:
            st.caption(f"模型服务：{settings.llm_base_url} · {settings.llm_model or '未指定模型'}")
            st.caption("API 密钥：" + ("已从环境变量读取" if os.environ.get("OPENAI_API_KEY") else "未配置"))
        st.header("资料库")
        st.caption(f"文档 {status.documents} 份 · 片段 {status.chunks} 个 · 条例条文 {status.regulation_articles} 条")
        for agency, years in status.years_by_agency.items():
            st.caption(f"{agency}：{'、'.join(str(y) for y in years)}")
        files = st.file_uploader("导入条例或往年报告", accept_multiple_files=True, key="import_files")
        if files and st.button("导入资料库"):
            import_files(library, files)
        st.header("待检查的报告")
        upload = st.file_uploader("上传报告（txt、docx、pdf、html）", key="check_file",
                                  type=["txt", "docx", "pdf", "html", "htm", "md"])
        state.upload = (upload.name, upload.getvalue()) if upload is not None else None


def import_files(library: Library, files: list) -> None:  # list of streamlit UploadedFile
    """Save uploads to the data folder and ingest them with a progress bar."""
    folder = library.settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in files:
        path = folder / Path(f.name).name
        path.write_bytes(f.getvalue())
        paths.append(path)
    bar = st.progress(0.0, text="正在导入…")
    result = library.ingest(paths, progress=lambda d, t, n: bar.progress(d / max(t, 1), text=f"导入 {d}/{t} {n}"), bar=False)
    bar.empty()
    for message in result.errors:
        st.error(message)
    st.session_state.pop("library_status", None)
    st.success(f"导入完成：新增 {len(result.added)} 份，更新 {len(result.replaced)} 份，未变 {len(result.unchanged)} 份。")


def context(library: Library) -> actions.Context:
    """What the actions may use from this session."""
    state = st.session_state
    return actions.Context(state.agency, int(state.year), state.level, library.settings, library, session_counts(),
                           state.upload)


def run_action(message: str, ctx: actions.Context) -> actions.Reply:
    """Route a message and run its action."""
    intent = route(message)
    handler = {"draft": actions.do_draft, "compare": actions.do_compare, "check": actions.do_check,
               "ask": actions.do_ask, "help": actions.do_help}[intent.action]
    return handler(intent, ctx)


def show_reply(reply: actions.Reply, index: int) -> None:
    """A reply with its extras: comparison view, findings table, downloads."""
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
        state.messages.append({"role": "assistant", "reply": actions.Reply(actions.HELP, "help")})
    history = st.container()
    prompt = st.chat_input("例如：起草存在的主要问题 / 对比往年 / 检查上传的报告 / 答复期限是多少个工作日")
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
            with st.chat_message("assistant"), st.spinner("处理中…"):
                reply = run_action(prompt, context(library))
                state.messages.append({"role": "assistant", "reply": reply})
                show_reply(reply, len(state.messages) - 1)


def counts_tab(library: Library) -> None:
    """The three tables as editable grids, checked live."""
    state = st.session_state
    counts = session_counts()
    previous = library.get_report(state.agency, int(state.year) - 1)
    if previous is not None and st.button(f"从 {int(state.year) - 1} 年报告开始（上年结转取上年结转下年度）"):
        state.counts = start_from_last_year(counts, previous)
        state.counts_version += 1
        counts = state.counts
    v = state.counts_version
    st.markdown(f"**{PART_TITLES['2']}**")
    documents = st.data_editor(documents_frame(counts), key=f"docs-{v}")
    decisions = st.data_editor(decisions_frame(counts), key=f"decisions-{v}")
    st.markdown(f"**{PART_TITLES['3']}**（勾稽关系：一加二等于三加四）")
    applications = st.data_editor(editable_applications(counts), key=f"apps-{v}", height=920)
    st.markdown(f"**{PART_TITLES['4']}**")
    review = st.data_editor(editable_review(counts), key=f"review-{v}")
    edited = frames_to_report(counts, documents, decisions, applications, review)
    state.counts = edited
    findings = [f for f in checker.check_report(edited) if not f.rule.startswith("structure.")]
    if previous is not None:
        findings += checker.check_pair(previous, edited)
    if findings:
        st.error(f"统计表有 {sum(f.severity == 'error' for f in findings)} 项错误：")
        st.dataframe(findings_frame(findings), hide_index=True, width="stretch")
    else:
        st.success("统计表勾稽关系、合计均正确。")
    if not [f for f in findings if f.severity == "error"]:
        for n, d in enumerate(actions.report_downloads(edited, previous, library.settings)):
            st.download_button(d.label, d.data, file_name=d.file_name, mime=d.mime, key=f"report-{n}")


def compare_tab(library: Library) -> None:
    """Pick years of the agency's stored reports and compare them side by side."""
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


def check_tab() -> None:
    """Upload or paste a report; parsed tables and findings."""
    upload = st.file_uploader("上传报告（txt、docx、pdf、html）", type=["txt", "docx", "pdf", "html", "htm", "md"],
                              key="check_tab_file")
    pasted = st.text_area("或粘贴报告全文", height=160)
    if not (st.button("检查", type="primary") or upload is not None):
        return
    try:
        if upload is not None:
            report = corpus.parse_bytes(upload.getvalue(), upload.name)
        elif pasted.strip():
            report = corpus.parse_text(pasted, "粘贴的文本")
        else:
            return
    except ReadError as exc:
        st.error(str(exc))
        return
    show_report(report)


def show_report(report: Report) -> None:
    """Parsed tables and the checker's findings."""
    findings = checker.check_report(report)
    st.subheader(f"{report.agency or '机构未识别'} · {report.year or '年份未识别'} 年")
    cols = st.columns(3)
    cols[0].metric("错误", sum(f.severity == "error" for f in findings))
    cols[1].metric("警告", sum(f.severity == "warning" for f in findings))
    cols[2].metric("识别出的部分", f"{len(report.parts)}/6")
    st.dataframe(findings_frame(findings), hide_index=True, width="stretch")
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
        check_tab()


main()
