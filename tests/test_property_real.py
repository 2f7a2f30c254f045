"""Property tests for the features of real files (issue 13): every cell reads back right or null with a finding.

Layouts come from tests/layouts_real.py (our own reports rendered as scraped pages, converter output,
2019-format reports …). A consistent table reads back exactly where the text leaves one reading; where it
does not, the cell is null and a value.invalid finding names it — never a different number.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nianbao import corpus
from nianbao.benchmarks.layouts import flatten_pdf_like, render_pdf
from nianbao.cells import table_cells
from nianbao.checker import check_report, check_reports
from nianbao.corpus.splitter import REVIEW_IDENTITY, ROW_IDENTITY, split_row
from nianbao.drafting.export import render_text
from nianbao.model import (
    ACTIVE_ROWS,
    ACTIVE_SINGLE,
    Active2019,
    Active2019Documents,
    Active2019Fees,
    Active2019Items,
    Active2019Procurement,
    Applications,
    Report,
)
from tests.layouts_real import converter_text, report_2019_text, review_prose, scraped_line, wrapped_title_text
from tests.test_property_tables import SCALE, assert_same_tables, reports, small, table_errors

SETTINGS = settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_WELL_FORMED = re.compile(r"0|[1-9]\d*")


def _pairs(table: object) -> list[tuple[str, object]]:
    """(address, value) of every cell of a table (nothing for a missing one)."""
    return [(c.where, c.value) for c in table_cells(table)] if table is not None else []  # type: ignore[arg-type]


def _wrong_or_unexplained(parsed: Report, truth: Report) -> list[str]:
    """Cells read as a number other than the truth, or null without a value.invalid finding naming them."""
    invalid = {f.where for f in check_report(parsed) if f.rule == "value.invalid"}
    problems: list[str] = []
    for name in ("active", "applications", "review_litigation"):
        got, want = getattr(parsed, name), getattr(truth, name)
        assert got is not None, name
        for (where, value), (_, expected) in zip(_pairs(got), _pairs(want), strict=True):
            if value is None and where not in invalid:
                problems.append(f"null without finding: {where}")
            elif value is not None and value != expected:
                problems.append(f"wrong: {where} {value} != {expected}")
    return problems


def _small(report: Report) -> bool:
    """Every count of part 三 and 四 is a single digit (a digit run then has as many digits as cells)."""
    values = [v for _, v in _pairs(report.applications) + _pairs(report.review_litigation)]
    return all(isinstance(v, int) and v < 10 for v in values)


@SETTINGS
@given(report=reports(), seed=st.integers(0, 2**32 - 1), style=st.sampled_from(["run", "spaced", "irregular"]))
def test_scraped_line_reads_right_or_null(report: Report, seed: int, style: str) -> None:
    """Feature 1 and 4: a whole report on one line, separators lost: no wrong number, every part found."""
    scraped = scraped_line(report, random.Random(seed), style)
    parsed = corpus.parse_text(scraped.text)
    assert sorted(parsed.parts) == ["1", "2", "3", "4", "5", "6"]
    assert (parsed.agency, parsed.year) == (report.agency, report.year)
    assert not [f for f in check_report(parsed) if f.rule == "structure.missing_part"]
    assert _wrong_or_unexplained(parsed, report) == []
    if style == "spaced":
        assert_same_tables(parsed, report)
    elif _small(report):
        assert parsed.applications == report.applications and parsed.review_litigation == report.review_litigation


def _oracle(tokens: list[str], width: int, identity: dict[int, tuple[int, ...]] | None) -> list[str | None]:
    """Brute force: every cut into well-formed cells; unique, else the cells all identity-fitting cuts share."""
    text = "".join(tokens)
    bounds = list(itertools.accumulate(len(t) for t in tokens))[:-1]
    inner = [i for i in range(1, len(text)) if i not in bounds]
    readings = []
    for extra in itertools.combinations(inner, width - 1 - len(bounds)):
        cuts = [0, *sorted([*bounds, *extra]), len(text)]
        cells = tuple(text[a:b] for a, b in itertools.pairwise(cuts))
        if all(_WELL_FORMED.fullmatch(c) for c in cells):
            readings.append(cells)
    if len(readings) <= 1:
        return list(readings[0]) if readings else [None] * width
    fitting = [r for r in readings if identity and all(sum(int(r[k]) for k in ks) == int(r[t])
                                                       for t, ks in identity.items())]
    pool = fitting or readings
    return [pool[0][i] if len({r[i] for r in pool}) == 1 else None for i in range(width)]


cell = st.one_of(st.just(0), st.just(0), st.integers(1, 9), st.integers(10, 40))


@settings(max_examples=200 * SCALE, deadline=None)
@given(parts=st.lists(cell, min_size=6, max_size=6), gaps=st.lists(st.booleans(), min_size=6, max_size=6),
       damage=st.one_of(st.none(), st.tuples(st.integers(0, 6), st.integers(1, 5))))
def test_row_cut_matches_brute_force(parts: list[int], gaps: list[bool], damage: tuple[int, int] | None) -> None:
    """Feature 1: a run is cut only where exactly one reading fits (or all fitting readings agree on the cell)."""
    values = [*parts, sum(parts)]
    if damage is not None:
        values[damage[0]] += damage[1]
    text = str(values[0]) + "".join((" " if gap else "") + str(v) for gap, v in zip(gaps, values[1:], strict=True))
    tokens = text.split()
    assert split_row(tokens, 7, ROW_IDENTITY).cells == _oracle(tokens, 7, ROW_IDENTITY)
    if damage is None:
        got = split_row(tokens, 7, ROW_IDENTITY).cells
        assert all(c is None or int(c) == v for c, v in zip(got, values, strict=True))


@settings(max_examples=100 * SCALE, deadline=None)
@given(groups=st.lists(st.lists(st.one_of(st.just(0), st.integers(1, 12)), min_size=4, max_size=4), min_size=3,
                       max_size=3))
def test_review_run_matches_brute_force(groups: list[list[int]]) -> None:
    """Feature 1: the fifteen review cells as one run are cut by the three group totals only."""
    values = [v for g in groups for v in (*g, sum(g))]
    tokens = ["".join(map(str, values))]
    assume(len(tokens[0]) <= 20)  # keeps the brute force (every combination of cuts) quick
    got = split_row(tokens, 15, REVIEW_IDENTITY).cells
    assert got == _oracle(tokens, 15, REVIEW_IDENTITY)
    assert all(c is None or int(c) == v for c, v in zip(got, values, strict=True))


@SETTINGS
@given(report=reports(), seed=st.integers(0, 2**32 - 1), mode=st.sampled_from(["detached", "unlabeled", "split"]))
def test_converter_layouts_round_trip(report: Report, seed: int, mode: str) -> None:
    """Feature 2: labels apart from their numbers, number rows without a label, labels split around numbers."""
    parsed = corpus.parse_bytes(converter_text(report, random.Random(seed), mode).encode("utf-8"), "x.md")
    assert_same_tables(parsed, report)


@SETTINGS
@given(report=reports(), seed=st.integers(0, 2**32 - 1), same=st.booleans(),
       layout=st.sampled_from(["text", "pdf_text", "scraped"]))
def test_review_prose_before_table(report: Report, seed: int, same: bool, layout: str) -> None:
    """Feature 3: part 四 opens with a sentence in the table's header words; the table is still what is read."""
    rng = random.Random(seed)
    report.parts["4"] = review_prose(report, rng, same)
    if layout == "text":
        parsed = corpus.parse_text(render_text(report))
    elif layout == "pdf_text":
        parsed = corpus.parse_text(flatten_pdf_like(report, rng))
    else:
        parsed = corpus.parse_text(scraped_line(report, rng, "spaced").text)
    assert parsed.review_litigation == report.review_litigation
    assert table_errors(parsed) == []


@SETTINGS
@given(report=reports(), seed=st.integers(0, 2**32 - 1))
def test_wrapped_title_gives_the_agency(report: Report, seed: int) -> None:
    """Feature 5: a title wrapped over lines still names the agency (not a later 由…任组长 sentence)."""
    rng = random.Random(seed)
    parsed = corpus.parse_text(wrapped_title_text(report, rng, render_text(report)))
    assert (parsed.agency, parsed.year, parsed.level) == (report.agency, report.year, report.level)
    previous = corpus.parse_text(wrapped_title_text(report, rng, render_text(report.model_copy(
        update={"year": report.year - 1}))))  # type: ignore[operator]
    assert not [f for f in check_reports([previous, parsed])[1] if f.rule == "crossyear.unmatched"]


documents = st.builds(Active2019Documents, made=small, published=small, total_published=st.integers(0, 60))
items = st.builds(Active2019Items, previous=st.integers(0, 300), change=st.integers(-9, 30), decisions=st.integers(0, 300))
active_2019 = st.builds(
    Active2019, rules=documents, normative_documents=documents, licensing=items, other_services=items,
    punishment=items, coercion=items, fees=st.builds(Active2019Fees, previous=small, change=small),
    procurement=st.builds(Active2019Procurement, items=st.integers(0, 30),
                          amount=st.integers(1, 10**6).map(lambda cents: cents / 100), unit=st.sampled_from(["万元", "元"])),
)
_2021_ACTIVE = tuple(f"二/{label}" for label in (*ACTIVE_ROWS.values(), *ACTIVE_SINGLE.values()))


def _single_other(report: Report) -> Report:
    """The report as the 2019 format can hold it: （六）其他处理 is one row (kept as 3.其他, 1 and 2 zero)."""
    apps = report.applications
    assert apps is not None
    merged = [sum(v) for v in zip(*(apps.rows[k] for k in ("other_1", "other_2", "other_3")), strict=True)]
    rows = {**apps.rows, "other_1": [0] * 7, "other_2": [0] * 7, "other_3": merged}
    return report.model_copy(update={"applications": Applications(rows=rows)})


@SETTINGS
@given(report=reports(), table=active_2019, seed=st.integers(0, 2**32 - 1),
       style=st.sampled_from(["lines", "run", "spaced", "irregular"]))
def test_2019_format_read_as_that_format(report: Report, table: Active2019, seed: int, style: str) -> None:
    """Feature 6: the 2019 template: part 二 under its own keys, never in the 2021 ones; 三 and 四 as in 2021."""
    report = _single_other(report)
    parsed = corpus.parse_text(report_2019_text(report, table, random.Random(seed), style))
    assert parsed.format == "2019" and parsed.active is None and parsed.active_2019 is not None
    findings = check_report(parsed)
    assert "format.template_2019" in {f.rule for f in findings}
    assert not [f for f in findings if f.rule == "value.invalid" and f.where in _2021_ACTIVE]
    invalid = {f.where for f in findings if f.rule == "value.invalid"}
    for (where, value), (_, expected) in zip(_pairs(parsed.active_2019), _pairs(table), strict=True):
        assert value == expected or (value is None and where in invalid and style != "lines"), where
    if style == "lines":
        assert parsed.active_2019.procurement.unit == table.procurement.unit
        assert parsed.applications == report.applications and parsed.review_litigation == report.review_litigation
    else:
        assert _wrong_or_unexplained(parsed.model_copy(update={"active": report.active}), report) == []


@SETTINGS
@given(report=reports(), seed=st.integers(0, 2**32 - 1), missing_five=st.booleans())
def test_government_items_over_the_whole_report(report: Report, seed: int, missing_five: bool) -> None:
    """Feature 4: a missing part 五 and missing art. 50(4) items are two findings; the items count anywhere."""
    report = report.model_copy(update={"agency": "云溪县人民政府", "level": "government"})
    report.parts["6"] = "本年度将政务公开纳入绩效考核，开展社会评议。"  # 考核 and 评议 only in part 六; no 责任追究
    text = scraped_line(report, random.Random(seed), "spaced", frozenset({"5"}) if missing_five else frozenset()).text
    findings = check_report(corpus.parse_text(text))
    missing = [f.where for f in findings if f.rule == "structure.missing_part"]
    assert missing == (["五、存在的主要问题及改进情况"] if missing_five else [])
    assert [f.expected for f in findings if f.rule == "structure.government_items"] == ["责任追究"]


_OUTCOME_SUMS = {"unavailable": ("unavailable_1", "unavailable_2", "unavailable_3"),
                 "not_processed": tuple(f"not_processed_{i}" for i in range(1, 6)),
                 "other": ("other_1", "other_2", "other_3"), "denied": tuple(f"denied_{i}" for i in range(1, 9))}


def _figures(report: Report) -> dict[str, int]:
    """The figures our prose states, from the tables."""
    rows = report.applications.rows  # type: ignore[union-attr]
    out = {key: rows[key][6] for key in ("new", "carried_in", "results_total", "granted", "partial")}
    out |= {cell: sum(rows[k][6] for k in keys) for cell, keys in _OUTCOME_SUMS.items()}  # type: ignore[misc]
    out["issued"] = report.active.normative_documents.issued  # type: ignore[union-attr,assignment]
    out["review"] = report.review_litigation.review.total  # type: ignore[union-attr,assignment]
    return out


def _prose_with(f: dict[str, int], accepted: int) -> dict[str, str]:
    """Sentences stating the figures (受理 counts 本年新收 + 上年结转, as many reports write it)."""
    return {
        "1": (f"本年度共受理政府信息公开申请{accepted}件，其中上年结转{f['carried_in']}件。"
              f"全年办结申请{f['results_total']}件，其中予以公开{f['granted']}件，部分公开{f['partial']}件，"
              f"不予公开{f['denied']}件，无法提供{f['unavailable']}件，不予处理{f['not_processed']}件，"
              f"其他处理{f['other']}件。"),
        "2": f"本年度制发行政规范性文件{f['issued']}件。",
        "4": f"本年度发生行政复议{f['review']}件。",
        "5": "主要问题是解读形式较为单一。", "6": "本年度未收取信息处理费。",
    }


_CLAIM_WHERE = {"results_total": "三、本年度办理结果/（七）总计/总计", "unavailable": "（四）无法提供/总计",
                "other": "（六）其他处理/总计", "issued": "二/行政规范性文件/本年制发件数", "review": "行政复议/总计",
                "carried_in": "二、上年结转政府信息公开申请数量/总计"}


@SETTINGS
@given(report=reports(), changed=st.one_of(st.none(), st.sampled_from(sorted(_CLAIM_WHERE))), delta=st.integers(1, 5),
       layout=st.sampled_from(["text", "pdf_text"]))
def test_prose_figures_against_the_tables(report: Report, changed: str | None, delta: int, layout: str) -> None:
    """Feature 7: 上年结转, 办结, outcome breakdowns, 制发规范性文件 and figures of parts 二–四 are checked."""
    figures = _figures(report)
    accepted = figures["new"] + figures["carried_in"]
    if changed is not None:
        figures[changed] += delta
    report.parts = _prose_with(figures, accepted)
    text = render_text(report) if layout == "text" else flatten_pdf_like(report, random.Random(delta))
    findings = check_report(corpus.parse_text(text))
    mismatches = [f.where for f in findings if f.rule == "narrative.table_mismatch"]
    assert mismatches == ([] if changed is None else [_CLAIM_WHERE[changed]])
    carryover = [f for f in findings if f.rule == "narrative.accepted_with_carryover"]
    assert bool(carryover) == (report.applications.rows["carried_in"][6] > 0)  # type: ignore[union-attr]


@settings(max_examples=4 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(), seed=st.integers(0, 2**32 - 1))
def test_review_prose_before_a_pdf_table(report: Report, seed: int) -> None:
    """Feature 3 in a PDF: the header-word sentence does not make the text reading look complete and win."""
    pytest.importorskip("reportlab")
    report.parts["4"] = review_prose(report, random.Random(seed), same=False)
    parsed = corpus.parse_bytes(render_pdf(report), "x.pdf")
    assert parsed.review_litigation == report.review_litigation
