"""年报助手 — Streamlit glue over the nianbao package."""

from __future__ import annotations

import streamlit as st

import checker
import corpus
from nianbao.model import PART_TITLES, Report
from ui.tables import active_frame, applications_frame, findings_frame, review_frame


def read_input(upload, pasted: str) -> Report | None:  # type: ignore[no-untyped-def]
    """Parse an uploaded file or pasted text; show a Chinese error instead of raising."""
    try:
        if upload is not None:
            return corpus.parse_bytes(upload.getvalue(), upload.name)
        if pasted.strip():
            return corpus.parse_text(pasted, "粘贴的文本")
    except corpus.ReadError as exc:
        st.error(str(exc))
    return None


def show_report(report: Report) -> None:
    """Parsed tables and the checker's findings."""
    findings = checker.check_report(report)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    st.subheader(f"{report.agency or '机构未识别'} · {report.year or '年份未识别'} 年")
    cols = st.columns(3)
    cols[0].metric("错误", errors)
    cols[1].metric("警告", warnings)
    cols[2].metric("识别出的部分", f"{len(report.parts)}/6")
    if findings:
        st.dataframe(findings_frame(findings), hide_index=True, width="stretch")
    else:
        st.success("未发现问题。")
    for title, frame in (("二、主动公开政府信息情况", active_frame(report)),
                         ("三、收到和处理政府信息公开申请情况", applications_frame(report)),
                         ("四、政府信息公开行政复议、行政诉讼情况", review_frame(report))):
        with st.expander(title, expanded=frame is not None and title.startswith("三")):
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
    st.caption("上传或粘贴一份年度报告，查看识别出的表格和检查结果。")
    upload = st.file_uploader("上传报告（txt、docx、pdf、html）", type=["txt", "docx", "pdf", "html", "htm", "md"])
    pasted = st.text_area("或粘贴报告全文", height=160)
    if st.button("检查", type="primary") or upload is not None:
        report = read_input(upload, pasted)
        if report is not None:
            show_report(report)


main()
