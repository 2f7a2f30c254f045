"""Streamlit view of a year-over-year comparison: two years side by side, reused sentences highlighted."""

from __future__ import annotations

import html
from collections.abc import Sequence

import altair as alt
import streamlit as st

from nianbao.checker.names import rule_name
from nianbao.checker.reuse import NARRATIVE_PARTS
from nianbao.compare.series import Comparison, PairResult
from nianbao.compare.text import Marked
from nianbao.model import PART_TITLES

REUSED_STYLE = "background-color:#fde68a"  # same as the other year (figures and years aside)
ADDED_STYLE = "background-color:#bbf7d0"  # new in the later year
DROPPED_STYLE = "color:#6b7280;text-decoration:line-through"  # not kept in the later year
_SEVERITY = {"error": st.error, "warning": st.warning, "info": st.info}
# the parts written in prose, with names short enough for a chart axis; parts 二–四 are tables whose
# official labels repeat every year, so their "reuse" says nothing
PROSE_PARTS: dict[str, str] = {"1": "一、总体情况", "5": "五、问题及改进", "6": "六、其他事项"}


def pair_summary(pair: PairResult, threshold: float) -> str:
    """The pair in plain Chinese: how much of each prose part repeats last year, how many figures changed."""
    shares = []
    for key in PROSE_PARTS:
        diff = pair.parts.get(key)
        if diff is None or diff.reuse is None:
            continue
        warn = "，超过提示线" if key in NARRATIVE_PARTS and diff.reuse > threshold else ""
        shares.append(f"“{PART_TITLES[key]}”有 {diff.reuse:.0%} 的文字与上年相同{warn}")
    figures = f"表格中有 {len(pair.figures)} 处数字与上年不同" if pair.figures else "表格数字与上年相同"
    return f"{pair.current.year} 年与 {pair.previous.year} 年相比：" + "；".join([*shares, figures]) + "。"


def sentences_html(sentences: Sequence[Marked], unshared_style: str) -> str:
    """The sentences as escaped HTML spans, shared ones highlighted, one sentence per line."""
    if not sentences:
        return "<em>（本部分无内容）</em>"
    spans = (
        f'<span style="{REUSED_STYLE if m.shared else unshared_style}">{html.escape(m.text)}</span>' for m in sentences
    )
    return "<br>".join(spans)


def reuse_chart(result: Comparison) -> alt.Chart:
    """Heat map of the reuse ratio per prose part (columns) and pair of years (rows); the table parts left out."""
    rows = [
        {"年度": f"{p.previous.year}→{p.current.year}", "部分": PROSE_PARTS[key], "重复率": diff.reuse}
        for p in result.pairs
        for key, diff in p.parts.items()
        if diff.reuse is not None and key in PROSE_PARTS
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("部分:N", sort=list(PROSE_PARTS.values()), title=None, axis=alt.Axis(labelAngle=0, labelLimit=240)),
        y=alt.Y("年度:N", title=None, sort="descending"),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("重复率:Q", scale=alt.Scale(domain=[0, 1], scheme="orangered"), legend=alt.Legend(format="%")),
        tooltip=["年度:N", "部分:N", alt.Tooltip("重复率:Q", format=".0%")],
    )
    return cells + base.mark_text().encode(text=alt.Text("重复率:Q", format=".0%"))


def _render_pair(pair: PairResult, threshold: float) -> None:
    """Each prose part of the two years in two columns, then the changed figures (the table parts) and findings."""
    for key, diff in pair.parts.items():
        if key not in PROSE_PARTS:
            continue  # tables: their changes are the figures below
        reuse = "—" if diff.reuse is None else f"{diff.reuse:.0%}"
        flag = " ⚠" if key in NARRATIVE_PARTS and diff.reuse is not None and diff.reuse > threshold else ""
        st.markdown(f"**{PART_TITLES[key]}**　重复率 {reuse}{flag}")
        left, right = st.columns(2)
        left.caption(f"{pair.previous.year}年")
        left.markdown(sentences_html(diff.before, DROPPED_STYLE), unsafe_allow_html=True)
        right.caption(f"{pair.current.year}年")
        right.markdown(sentences_html(diff.after, ADDED_STYLE), unsafe_allow_html=True)
    if pair.figures:
        st.markdown("**表格数字变化**（二、三、四部分的统计表）")
        table = [
            {"位置": f["where"], f"{pair.previous.year}年": f["from"], f"{pair.current.year}年": f["to"]}
            for f in pair.figures
        ]
        st.dataframe(table, hide_index=True)
    for finding in pair.findings:
        _SEVERITY[finding.severity](f"{rule_name(finding.rule)}（{finding.where or '全文'}）：{finding.message}")


def render_comparison(result: Comparison) -> None:
    """Render a comparison: a plain summary, the reuse heat map, then one tab per pair of years, latest first."""
    years = "、".join(str(y) for y in result.years)
    st.subheader(f"{result.agency or '（未识别机关）'}：{years}年度逐年对比")
    st.markdown(
        f'<span style="{REUSED_STYLE}">与上一年相同</span>（数字、年份、标点不计）　'
        f'<span style="{ADDED_STYLE}">新增</span>　<span style="{DROPPED_STYLE}">删去</span>',
        unsafe_allow_html=True,
    )
    latest = list(reversed(result.pairs))
    if latest:
        st.markdown(pair_summary(latest[0], result.threshold))
    st.altair_chart(reuse_chart(result), width="stretch")
    tabs = st.tabs([f"{p.previous.year}年 → {p.current.year}年" for p in latest])
    for tab, pair in zip(tabs, latest, strict=True):
        with tab:
            _render_pair(pair, result.threshold)
