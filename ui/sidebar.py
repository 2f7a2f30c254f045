"""The sidebar: agency and year, drafting backend, library status and imports, the one report upload."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from nianbao.drafting.backends import describe_backend
from nianbao.drafting.llm import API_KEY_VARIABLES
from nianbao.retrieval.library import Library, LibraryStatus
from nianbao.retrieval.types import IngestResult
from nianbao.ui.actions import BACKEND_NAMES

REPORT_TYPES = ["txt", "docx", "pdf", "html", "htm", "md"]


def api_key_line() -> str:
    """Whether an API key is set in one of the variables drafting reads (the key itself never shown)."""
    found = [v for v in API_KEY_VARIABLES if os.environ.get(v)]
    return f"API 密钥：已从环境变量 {found[0]} 读取" if found else "API 密钥：未配置"


def import_messages(result: IngestResult) -> list[tuple[str, str]]:
    """(kind, text) lines of an import: what was added, updated and unchanged, then every warning and error."""
    head = (f"导入完成：新增 {len(result.added)} 份，更新 {len(result.replaced)} 份，"
            f"未变 {len(result.unchanged)} 份（内容与资料库中的相同）。")
    lines = [("success" if result.ok else "warning", head)]
    lines += [("warning", w) for w in result.warnings]
    lines += [("error", e) for e in result.errors]
    return lines


def import_files(library: Library, files: list) -> list[tuple[str, str]]:  # list of streamlit UploadedFile
    """Save uploads to the data folder and ingest them with a progress bar; the messages to show."""
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
    return import_messages(result)


def _profile(status: LibraryStatus) -> None:
    """Agency, level and year of this session."""
    state = st.session_state
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


def _library(library: Library, status: LibraryStatus) -> None:
    """Library status and the import of regulation text and past reports."""
    state = st.session_state
    st.header("资料库")
    st.caption(f"文档 {status.documents} 份 · 片段 {status.chunks} 个 · 条例条文 {status.regulation_articles} 条")
    for agency, years in status.years_by_agency.items():
        st.caption(f"{agency}：{'、'.join(str(y) for y in years)}")
    files = st.file_uploader("导入条例或往年报告", accept_multiple_files=True, key="import_files", type=REPORT_TYPES)
    if not files:
        state.pop("import_messages", None)
    elif st.button("导入资料库"):
        state.import_messages = import_files(library, files)
        state.pop("library_status", None)
        st.rerun()  # the status above shows the new documents
    for kind, text in state.get("import_messages", []):
        {"success": st.success, "warning": st.warning, "error": st.error}[kind](text)


def sidebar(library: Library, status: LibraryStatus) -> None:
    """Agency profile, year, backend, library status, imports, the report to check."""
    state = st.session_state
    with st.sidebar:
        _profile(status)
        st.header("起草方式")
        settings = library.settings
        name = BACKEND_NAMES.get(settings.llm_backend, settings.llm_backend)
        st.write(f"当前：{name}")
        st.caption(describe_backend(settings))
        if settings.llm_base_url:
            st.caption(f"模型服务：{settings.llm_base_url} · {settings.llm_model or '未指定模型'}")
            st.caption(api_key_line())
        _library(library, status)
        st.header("待检查的报告")
        upload = st.file_uploader("上传报告（txt、docx、pdf、html）", key="check_file", type=REPORT_TYPES)
        state.upload = (upload.name, upload.getvalue()) if upload is not None else None
        if upload is not None:
            st.caption(f"对话中说“检查上传的报告”，或到“检查报告”页查看：{upload.name}")
