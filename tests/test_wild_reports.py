"""The 21 real reports of ../shared/corpus/reports/wild/pingtan-archive, every table cell against hand-read values.

The expected values below were read by hand from the raw one-line text of each file (digits run together,
spaced, irregularly spaced; 2019 and 2021 formats). A cell that the text does not determine (a digit run with
several readings, an empty or missing row) is expected null, with a value.invalid finding; the real errors of
these reports are named as the exact table-rule findings they must produce.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nianbao import checker, corpus
from nianbao.cells import row_where, table_cells
from nianbao.cli import app
from nianbao.model import APPLICATION_ROWS, REVIEW_FIELDS, REVIEW_GROUPS
from tests.helpers import SHARED, shared_file

WILD = SHARED / "corpus" / "reports" / "wild" / "pingtan-archive"
N = None
Z7 = [0] * 7
AGENCY = "平潭综合实验区"
TABLE_RULES = {"applications.balance", "applications.results_total", "applications.row_total", "review.total"}


def one(n: int) -> list[int]:
    """A row of n natural-person applications and nothing else."""
    return [n, 0, 0, 0, 0, 0, n]


def results_total(col: str) -> tuple[str, str]:
    """applications.results_total in a column."""
    return "applications.results_total", f"三、本年度办理结果/（七）总计/{col}"


def balance(col: str) -> tuple[str, str]:
    """applications.balance in a column."""
    return "applications.balance", f"勾稽关系/{col}"


def row_total(key: str) -> tuple[str, str]:
    """applications.row_total of a row."""
    return "applications.row_total", row_where(key, 6)


R0 = (0, 0, 0)
A19_ZERO = {"rules": R0, "normative_documents": R0, "licensing": R0, "other_services": R0, "punishment": R0,
            "coercion": R0, "fees": (0, 0), "procurement": (N, N)}
# file -> agency (after 平潭综合实验区), year, format, part 二, part 三 rows other than all-zero, part 四, errors
EXPECTED: dict[str, dict] = {  # type: ignore[type-arg]
    "2019_haitanpianqu_glj.txt": dict(agency="海坛片区管理局", year=2019, format="2019",
                                      active_2019={**A19_ZERO, "other_services": (0, 3, 3)}, rows={}),
    "2019_pingtan_shsyj.txt": dict(agency="社会事业局", year=2019, format="2019", active_2019={
        **A19_ZERO, "normative_documents": (0, 3, 3), "licensing": (72, 0, 0), "punishment": (95, 0, 0),
        "coercion": (1, 0, 0), "procurement": (2, 45.82)}, rows={"new": one(1), "granted": one(1),
                                                                  "results_total": one(1)}),
    "2019_pingtan_zrzyj.txt": dict(agency="自然资源与生态环境局", year=2019, format="2019", active_2019={
        **A19_ZERO, "normative_documents": (N, N, N), "punishment": (N, N, N), "coercion": (N, N, N)},
        rows={"new": one(3), "granted": one(1), "unavailable_1": one(2), "results_total": one(3)},
        missing=["六、其他需要报告的事项"]),
    "2020_junshanpianqu_glj.txt": dict(agency="君山片区管理局", year=2020, format="2019", active_2019={
        **A19_ZERO, "normative_documents": (N, N, N), "licensing": (0, N, N), "coercion": (0, 3, 0)},
        rows={"new": [1, 0, 0, 0, 0, 1, 2], "granted": [1, 0, 0, 0, 0, 1, 2]},
        errors={results_total("自然人"), results_total("其他"), results_total("总计"), balance("自然人"), balance("其他"),
                balance("总计")}),
    "2020_pingtan_scjgj.txt": dict(agency="市场监督管理局", year=2020, format="2019", active_2019={
        **A19_ZERO, "normative_documents": (6, 6, 8), "licensing": (N, N, 5), "other_services": (N, N, N),
        "punishment": (N, N, N)}, rows={"new": one(5), "partial": one(2), "other_3": one(3), "results_total": one(5)}),
    "2021_haitanpianqu_glj.txt": dict(agency="海坛片区管理局", year=2021, format="2019", active_2019={
        **A19_ZERO, "normative_documents": (4, 4, 4), "licensing": (1, 1, 1)},
        rows={"results_total": [1, 0, 0, 0, 0, 0, 0]},
        errors={balance("自然人"), results_total("自然人"), row_total("results_total")}),
    "2021_pingtan_gaj.txt": dict(agency="公安局", year=2021, active=(R0, (0, 0, 2), 0, 141, 0, 0), rows={
        "new": one(1), "other_3": one(1), "results_total": one(1), "carried_out": one(1)},
        errors={balance("自然人"), balance("总计")}),
    "2021_pingtan_jjfzj.txt": dict(agency="经济发展局", year=2021, active=(R0, (5, 0, 5), 0, 0, 0, 0),
                                   rows={"granted": [N] * 7, "partial": [N] * 7}),
    "2022_pingtan_czjrj.txt": dict(agency="财政金融局", year=2022, active=(R0, (8, 0, 8), 5, 0, 0, 9116.36),
                                   rows={"new": one(1), "partial": one(1), "results_total": one(1)}),
    "2022_pingtan_jjfzj.txt": dict(agency="经济发展局", year=2022, active=(R0, (5, 0, 5), 0, 0, 0, 0),
                                   rows={"new": one(3), "partial": one(3), "results_total": one(3)}),
    "2022_pingtan_shsyj.txt": dict(agency="社会事业局", year=2022, active=(R0, (N, N, N), 1970, 3, 0, 0), rows={
        "new": one(3), "granted": one(1), "partial": one(1), "unavailable_1": one(1), "results_total": one(3)}),
    "2023_haitanpianqu_glj.txt": dict(agency="海坛片区管理局", year=2023, active=((N, N, N), R0, 0, 0, 0, 0), rows={}),
    "2023_junshanpianqu_glj.txt": dict(agency="君山片区管理局", year=2023, active=(R0, (0, 0, 11), 0, 0, 0, 0),
                                       rows={"new": one(2), "granted": one(2), "results_total": one(2)}),
    "2023_pingtan_scjgj.txt": dict(agency="市场监督管理局", year=2023, active=((N, N, N), (N, N, N), 0, 135, 54, 0),
                                   rows={"new": one(1), "granted": one(1), "other_2": [N] * 7, "other_3": [N] * 7,
                                         "results_total": one(1)}),
    "2023_pingtan_zrzyj.txt": dict(agency="自然资源与生态环境局", year=2023, active=(R0, (N, N, N), 315, 35, 0, 0), rows={
        "new": one(19), "granted": one(6), "partial": [8, 1, 0, 0, 0, 0, 8], "unavailable_1": one(4),
        "other_3": one(1), "results_total": [N, N, N, 0, 0, N, N]},
        review=(0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0), errors={row_total("partial")}),
    "2024_pingtan_gaj.txt": dict(agency="公安局", year=2024, active=(R0, (0, 0, 5), 52, 19, 7, 0), rows={
        "new": one(8), "granted": one(3), "partial": one(1), "unavailable_1": one(4), "results_total": one(8)}),
    "2024_pingtan_jjfzj.txt": dict(agency="经济发展局", year=2024, active=(R0, (N, N, N), 0, 0, 0, 0),
                                   rows={"new": one(3), "unavailable_1": one(3)},
                                   errors={balance("自然人"), balance("总计"), results_total("自然人"), results_total("总计")}),
    "2024_pingtan_shsyj.txt": dict(agency="社会事业局", year=2024, active=((N, N, N), (5, 0, 0), 2650, 31, 0, 0),
                                   rows={"new": one(2), "granted": one(2), "results_total": one(2)},
                                   review=(0, 0, N, N, N, 0, 0, 0, N, N, N, N, N, N, N)),
    "2025_haitanpianqu_glj.txt": dict(agency="海坛片区管理局", year=2025, active=((N, N, N), R0, 0, 0, 0, 0), rows={
        "new": [2, 0, 0, 0, 0, 0, 0], "partial": [1, 0, 0, 0, 0, 0, 0], "unavailable_1": [1, 0, 0, 0, 0, 0, 0],
        "results_total": [2, 0, 0, 0, 0, 0, 0]},
        errors={row_total("new"), row_total("partial"), row_total("unavailable_1"), row_total("results_total")},
        narrative=["一、本年新收政府信息公开申请数量/总计"]),
    "2025_pingtan_czjrj.txt": dict(agency="财政金融局", year=2025, active=(R0, (0, 1, 0), 0, 1, 0, 4166.214619), rows={
        "new": one(2), "granted": one(1), "unavailable_1": one(1), "results_total": one(2)}),
    "2025_pingtan_scjgj.txt": dict(agency="市场监督管理局", year=2025, active=((N, N, N), (N, N, N), 0, 187, 42, 0), rows={
        "new": one(21), "granted": one(1), "partial": [N, N, 0, 0, 0, 0, 11], "denied_7": one(3), "other_1": one(2),
        "other_2": one(2), "results_total": one(19), "carried_out": one(2)},
        review=(10, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        narrative=["（六）其他处理/总计", "（四）无法提供/总计"]),
}


def _parse(name: str):  # type: ignore[no-untyped-def]
    """A wild report, parsed."""
    return corpus.parse_file(shared_file(WILD / name))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_wild_report_cells(name: str) -> None:
    expected = EXPECTED[name]
    report = _parse(name)
    assert (report.agency, report.year, report.level) == (AGENCY + expected["agency"], expected["year"], "department")
    assert report.format == expected.get("format", "2021")
    rows = report.applications.rows
    assert {k: v for k, v in rows.items() if v != Z7} == expected["rows"]
    review = [getattr(getattr(report.review_litigation, g), f) for g in REVIEW_GROUPS for f in REVIEW_FIELDS]
    assert tuple(review) == expected.get("review", (0,) * 15)
    if report.format == "2019":
        assert report.active is None
        got = {k: tuple(v.values())[:2] if k == "procurement" else tuple(v.values())
               for k, v in report.active_2019.model_dump().items()}
        assert got == expected["active_2019"]
    else:
        a = report.active
        got = (tuple(a.rules.model_dump().values()), tuple(a.normative_documents.model_dump().values()), a.licensing,
               a.punishment, a.coercion, a.fees_10k_yuan)
        assert got == expected["active"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_wild_report_findings(name: str) -> None:
    """The real errors, exactly; every null cell explained; no false missing part."""
    expected = EXPECTED[name]
    report = _parse(name)
    findings = checker.check_report(report)
    errors = {(f.rule, f.where) for f in findings if f.rule in TABLE_RULES}
    assert errors == expected.get("errors", set())
    assert [f.where for f in findings if f.rule == "structure.missing_part"] == expected.get("missing", [])
    assert sorted(f.where for f in findings if f.rule == "narrative.table_mismatch") == expected.get("narrative", [])
    invalid = {f.where for f in findings if f.rule == "value.invalid"}
    for name_, status in report.read_status.items():
        assert status.status == ("complete" if status.read == status.cells else "partial"), name_
    nulls = [where for table in (report.active or report.active_2019, report.applications, report.review_litigation)
             for where, value in ((c.where, c.value) for c in table_cells(table)) if value is None]
    assert all(w in invalid for w in nulls)
    assert sorted(report.parts) == sorted(set("123456") - ({"6"} if expected.get("missing") else set()))


def test_2019_format_is_said_and_2021_rules_not_applied() -> None:
    report = _parse("2021_haitanpianqu_glj.txt")
    rules = {f.rule for f in checker.check_report(report)}
    assert {"format.template_2019", "format.outdated_template"} <= rules
    assert report.meta.notes and "单行" in report.meta.notes[0]


def test_parse_json_read_status_of_a_wild_report() -> None:
    result = CliRunner().invoke(app, ["parse", str(shared_file(WILD / "2024_pingtan_shsyj.txt")), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "2021"
    status = data["read_status"]
    assert {k: v["status"] for k, v in status.items()} == {
        "active": "partial", "applications": "complete", "review_litigation": "partial"}
    assert [n["where"] for n in status["active"]["unread"]] == ["二/规章"]
    assert status["active"]["unread"][0]["kind"] == "missing"
    assert {n["kind"] for n in status["review_litigation"]["unread"]} == {"unfit"}
    assert status["review_litigation"]["read"] == 5


def test_identity_cut_rows_are_said() -> None:
    """A digit run read only through its row's identity comes with table.split_by_identity."""
    report = _parse("2025_pingtan_scjgj.txt")
    said = {f.where for f in checker.check_report(report) if f.rule == "table.split_by_identity"}
    assert said == {"一、本年新收政府信息公开申请数量", "三、本年度办理结果/（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                    "三、本年度办理结果/（七）总计", "行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"}


def test_consecutive_wild_years_are_paired() -> None:
    """2021 → 2022 of one agency: cross-year rules run (the in-force count does not continue: a warning)."""
    reports = [_parse("2021_pingtan_jjfzj.txt"), _parse("2022_pingtan_jjfzj.txt")]
    findings = checker.check_reports(reports)[1]
    assert [(f.rule, f.expected, f.actual) for f in findings if f.rule.startswith("crossyear.")] == [
        ("crossyear.in_force", 10, 5)]


def test_every_wild_file_is_pinned() -> None:
    """The expectations cover the whole folder (a file added there must be read by hand and added here)."""
    assert [p.name for p in sorted(shared_file(WILD).glob("*.txt"))] == sorted(EXPECTED)
    assert set(APPLICATION_ROWS) >= {k for e in EXPECTED.values() for k in e["rows"]}
