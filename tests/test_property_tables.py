"""Property tests: consistent tables survive every layout; a changed cell makes the matching rule fire."""

from __future__ import annotations

import os
import random
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao import corpus
from nianbao.benchmarks.layouts import flatten_pdf_like, gbk_bytes, render_pdf, utf16_bytes, web_pipe_like
from nianbao.cells import row_where
from nianbao.checker import check_report
from nianbao.drafting.export import render_docx, render_html, render_markdown, render_text
from nianbao.model import (
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    COLUMN_LABELS,
    RESULT_ROWS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    ROW_LABELS,
    Active,
    ActiveRow,
    Applications,
    Report,
    ReviewGroup,
    ReviewLitigation,
)

TABLE_RULES = {"applications.balance", "applications.results_total", "applications.row_total", "review.total",
               "value.invalid"}
AGENCIES = ("青山区人力资源和社会保障局", "云溪县人民政府", "河西街道办事处", "滨江区市场监督管理局", "北湖区教育局")
PROSE = {
    "1": ("本年度，本机关坚持以公开为常态、不公开为例外，全年在门户网站发布各类信息 312 条。",
          "依申请公开方面，本机关畅通受理渠道，规范答复流程，按时办结各类申请。",
          "平台建设方面，完成网站栏目优化 6 项，监督保障方面，开展专项检查 2 次。"),
    "5": ("主要问题是部分栏目更新不够及时，解读形式较为单一。",
          "下一步将健全信息发布审核机制，丰富图解、视频等解读形式。"),
    "6": ("本年度未收取信息处理费。", "无其他需要报告的事项。"),
}
# NIANBAO_PROPERTY_SCALE=20 multiplies every max_examples (a long local hunt for parser failures)
SCALE = int(os.environ.get("NIANBAO_PROPERTY_SCALE", "1"))
SETTINGS = settings(max_examples=30 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])

counts = st.one_of(st.just(0), st.integers(0, 9), st.integers(10, 400))
small = st.one_of(st.just(0), st.integers(0, 6))
seeds = st.integers(0, 2**32 - 1)


@st.composite
def applications(draw: st.DrawFn) -> Applications:
    """21 result rows × 6 applicant columns and the carry-overs; totals and 本年新收 derived so every rule holds."""
    rows: dict[str, list[int]] = {}
    for key in RESULT_ROWS:
        rows[key] = draw(st.lists(counts, min_size=6, max_size=6))
    results = [sum(rows[k][c] for k in RESULT_ROWS) for c in range(6)]
    carried_out = draw(st.lists(small, min_size=6, max_size=6))
    carried_in = [draw(st.integers(0, min(9, results[c] + carried_out[c]))) for c in range(6)]
    rows["results_total"], rows["carried_out"], rows["carried_in"] = results, carried_out, carried_in
    rows["new"] = [results[c] + carried_out[c] - carried_in[c] for c in range(6)]
    return Applications(rows={k: [*rows[k], sum(rows[k])] for k in APPLICATION_ROWS})


@st.composite
def review_group(draw: st.DrawFn) -> ReviewGroup:
    """One group of part 四 with its total."""
    parts = draw(st.lists(small, min_size=4, max_size=4))
    return ReviewGroup(maintained=parts[0], corrected=parts[1], other=parts[2], pending=parts[3], total=sum(parts))


fees = st.one_of(st.integers(0, 5000), st.integers(1, 10**6).map(lambda cents: cents / 100))
active_rows = st.builds(ActiveRow, issued=small, repealed=small, in_force=st.integers(0, 80))
actives = st.builds(Active, rules=active_rows, normative_documents=active_rows, licensing=st.integers(0, 20000),
                    punishment=counts, coercion=counts, fees_10k_yuan=fees)
reviews = st.builds(ReviewLitigation, review=review_group(), suit_direct=review_group(),
                    suit_after_review=review_group())


@st.composite
def reports(draw: st.DrawFn) -> Report:
    """A report with consistent tables and short prose in parts 一, 五 and 六."""
    agency = draw(st.sampled_from(AGENCIES))
    level = "government" if agency.endswith(("人民政府", "街道办事处")) else "department"
    parts = {key: "\n".join(draw(st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True)))
             for key, options in PROSE.items()}
    return Report(agency=agency, year=draw(st.integers(2021, 2025)), level=level, parts=parts,
                  active=draw(actives), applications=draw(applications()), review_litigation=draw(reviews))


LAYOUTS: dict[str, Callable[[Report, random.Random], Report]] = {
    "text": lambda r, rng: corpus.parse_text(render_text(r)),
    "markdown": lambda r, rng: corpus.parse_bytes(render_markdown(r).encode("utf-8"), "x.md"),
    "html": lambda r, rng: corpus.parse_bytes(render_html(r).encode("utf-8"), "x.html"),
    "pdf_text": lambda r, rng: corpus.parse_bytes(flatten_pdf_like(r, rng).encode("utf-8"), "x.txt"),
    "pdf_text_pasted": lambda r, rng: corpus.parse_text(flatten_pdf_like(r, rng)),
    "web_pipe": lambda r, rng: corpus.parse_bytes(web_pipe_like(r, rng).encode("utf-8"), "x.txt"),
    "gbk": lambda r, rng: corpus.parse_bytes(gbk_bytes(flatten_pdf_like(r, rng)), "x.txt"),
    "utf16": lambda r, rng: corpus.parse_bytes(utf16_bytes(web_pipe_like(r, rng), bom=rng.random() < 0.5), "x.txt"),
}


def table_errors(report: Report) -> list[str]:
    """The error findings of the table rules, as “rule where” strings."""
    return [f"{f.rule} {f.where}" for f in check_report(report) if f.severity == "error" and f.rule in TABLE_RULES]


def assert_same_tables(parsed: Report, report: Report) -> None:
    """The three tables read back exactly, and no table rule fires."""
    assert parsed.active == report.active
    assert parsed.applications == report.applications
    assert parsed.review_litigation == report.review_litigation
    assert table_errors(parsed) == []


@pytest.mark.parametrize("layout", list(LAYOUTS))
@SETTINGS
@given(report=reports(), seed=seeds)
def test_layout_round_trip(layout: str, report: Report, seed: int) -> None:
    assert_same_tables(LAYOUTS[layout](report, random.Random(seed)), report)


@settings(max_examples=15 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_docx_round_trip(report: Report) -> None:
    """A Word document with the template's merged cells (slower to build: fewer examples)."""
    assert_same_tables(corpus.parse_bytes(render_docx(report), "x.docx"), report)


@settings(max_examples=12 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_pdf_round_trip(report: Report) -> None:
    """A PDF printed with ruled tables and merged cells (reportlab, CID font STSong-Light)."""
    pytest.importorskip("reportlab")
    assert_same_tables(corpus.parse_bytes(render_pdf(report), "x.pdf"), report)


def _findings(report: Report, layout: str, seed: int) -> set[tuple[str, str | None]]:
    """(rule, where) of every error after rendering and parsing back."""
    parsed = LAYOUTS[layout](report, random.Random(seed))
    return {(f.rule, f.where) for f in check_report(parsed) if f.severity == "error"}


MUTATION_LAYOUTS = st.sampled_from(["text", "markdown", "pdf_text_pasted", "web_pipe"])


@SETTINGS
@given(report=reports(), key=st.sampled_from(RESULT_ROWS), col=st.integers(0, 5), delta=st.integers(1, 5),
       layout=MUTATION_LAYOUTS, seed=seeds)
def test_changed_result_cell_breaks_column_and_row(report: Report, key: str, col: int, delta: int, layout: str,
                                                   seed: int) -> None:
    assert report.applications is not None
    report.applications.rows[key][col] += delta
    found = _findings(report, layout, seed)
    assert ("applications.results_total", row_where("results_total", col)) in found
    assert ("applications.row_total", row_where(key, 6)) in found
    assert "applications.balance" not in {rule for rule, _ in found}


@SETTINGS
@given(report=reports(), col=st.integers(0, 6), delta=st.integers(1, 5), layout=MUTATION_LAYOUTS, seed=seeds)
def test_changed_carry_over_breaks_balance(report: Report, col: int, delta: int, layout: str, seed: int) -> None:
    assert report.applications is not None
    report.applications.rows["carried_out"][col] += delta
    found = _findings(report, layout, seed)
    assert ("applications.balance", f"勾稽关系/{COLUMN_LABELS[APPLICANT_COLUMNS[col]]}") in found
    assert ("applications.row_total", row_where("carried_out", 6)) in found


@SETTINGS
@given(report=reports(), group=st.sampled_from(list(REVIEW_GROUPS)), field=st.sampled_from(list(REVIEW_FIELDS)),
       delta=st.integers(1, 5), layout=MUTATION_LAYOUTS, seed=seeds)
def test_changed_review_field_breaks_total(report: Report, group: str, field: str, delta: int, layout: str,
                                           seed: int) -> None:
    assert report.review_litigation is not None
    target = getattr(report.review_litigation, group)
    setattr(target, field, getattr(target, field) + delta)
    found = _findings(report, layout, seed)
    assert {(r, w) for r, w in found if r == "review.total"} == {("review.total", f"{REVIEW_GROUPS[group]}/总计")}


def _replace_value(text: str, line_has: str, index: int, placeholder: str) -> str:
    """The text with the index-th value of the first table line containing `line_has` replaced."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        words = line.split(" ")
        if line_has in line and words[-1].replace(".", "").isdigit():
            values_at = len(words) - sum(1 for w in words if w.replace(".", "").isdigit())
            words[values_at + index] = placeholder
            lines[i] = " ".join(words)
            return "\n".join(lines)
    raise AssertionError(f"no table line with {line_has}")


@SETTINGS
@given(report=reports(), key=st.sampled_from(APPLICATION_ROWS), col=st.integers(0, 6),
       placeholder=st.sampled_from(["—", "x", "/"]))
def test_unreadable_application_value_is_null_not_zero(report: Report, key: str, col: int, placeholder: str) -> None:
    text = _replace_value(render_text(report), ROW_LABELS[key], col, placeholder)
    parsed = corpus.parse_text(text)
    assert parsed.applications is not None and report.applications is not None
    assert parsed.applications.rows[key][col] is None
    expected = list(report.applications.rows[key])
    expected[col] = None
    assert parsed.applications.rows[key] == expected
    invalid = [f for f in check_report(parsed) if f.rule == "value.invalid"]
    assert [(f.where, f.actual, f.severity) for f in invalid] == [(row_where(key, col), None, "error")]


@SETTINGS
@given(report=reports(), index=st.integers(0, 14), placeholder=st.sampled_from(["—", "x"]))
def test_unreadable_review_value_is_null_not_zero(report: Report, index: int, placeholder: str) -> None:
    text = render_text(report)
    values_line = next(line for line in text.splitlines() if len(line.split(" ")) == 15)
    parsed = corpus.parse_text(_replace_value(text, values_line, index, placeholder))
    group, field = list(REVIEW_GROUPS)[index // 5], list(REVIEW_FIELDS)[index % 5]
    assert parsed.review_litigation is not None
    assert getattr(getattr(parsed.review_litigation, group), field) is None
    invalid = [f for f in check_report(parsed) if f.rule == "value.invalid"]
    assert [(f.where, f.actual) for f in invalid] == [(f"{REVIEW_GROUPS[group]}/{REVIEW_FIELDS[field]}", None)]
