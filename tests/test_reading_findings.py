"""Findings about how tables were read, on our own short texts: inferred cells, unread cells, the 2019 template."""

from __future__ import annotations

import random
from pathlib import Path

from nianbao import corpus
from nianbao.benchmarks.layouts import sample_report
from nianbao.checker import check_report, check_reports
from nianbao.corpus.splitter import ROW_IDENTITY, split_row
from nianbao.drafting.export import render_text
from nianbao.model import Active2019
from tests.layouts_real import converter_text, report_2019_text, scraped_line


def test_issue_examples_of_digit_runs() -> None:
    """80 1 0 0 0 0 81 is the one cut whose six columns sum to the seventh; 5730 in 规章's three columns is not."""
    assert split_row(["801000081"], 7, ROW_IDENTITY).cells == ["80", "1", "0", "0", "0", "0", "81"]
    assert split_row(["5730"], 3).cells == [None, None, None]
    assert split_row(["0011"], 3).cells == ["0", "0", "11"]  # leading zeros leave one reading


def test_unlabelled_rows_are_placed_by_order_and_said() -> None:
    report = sample_report(random.Random(4))
    for seed in range(40):
        parsed = corpus.parse_bytes(converter_text(report, random.Random(seed), "unlabeled").encode("utf-8"), "x.md")
        placed = [f for f in check_report(parsed) if f.rule == "table.placed_by_order"]
        if placed:
            assert parsed.applications == report.applications
            assert all(f.severity == "info" for f in placed)
            notes = [n for s in parsed.read_status.values() for n in s.inferred if n.kind == "order"]
            assert sorted(n.where for n in notes) == sorted(f.where for f in placed)
            return
    raise AssertionError("no layout with an unlabelled row in 40 seeds")


def test_2019_template_of_a_2021_report_is_a_warning() -> None:
    report = sample_report(random.Random(2), year=2022)
    for key in ("other_1", "other_2"):
        report.applications.rows["other_3"] = [a + b for a, b in zip(report.applications.rows["other_3"],
                                                                     report.applications.rows[key], strict=True)]
        report.applications.rows[key] = [0] * 7
    parsed = corpus.parse_text(report_2019_text(report, Active2019(), random.Random(1), "lines"))
    findings = check_report(parsed)
    assert parsed.format == "2019" and parsed.active is None
    assert [f.severity for f in findings if f.rule == "format.outdated_template"] == ["warning"]
    # an empty 2019 part 二: every cell of it is unread, and said so under its own column names
    invalid = {f.where for f in findings if f.rule == "value.invalid"}
    assert {"二/行政许可/本年增/减", "二/政府集中采购/采购总金额"} <= invalid
    assert not invalid & {"二/行政许可", "二/规章/本年制发件数", "二/行政事业性收费"}  # no 2021 key is claimed


def test_agencies_that_cannot_be_matched_are_said() -> None:
    earlier = sample_report(random.Random(1), agency="青山区人力资源和社会保障局", year=2023)
    later = sample_report(random.Random(2), agency="青山区人力资源社会保障局", year=2024)
    parsed = [corpus.parse_text(render_text(r)) for r in (earlier, later)]
    findings = check_reports(parsed)[1]
    assert [(f.rule, f.actual) for f in findings if f.rule.startswith("crossyear.")] == [
        ("crossyear.unmatched", "青山区人力资源和社会保障局")]
    other = corpus.parse_text(render_text(sample_report(random.Random(3), agency="北湖区教育局", year=2023)))
    assert not [f for f in check_reports([other, parsed[1]])[1] if f.rule == "crossyear.unmatched"]


def test_crawler_header_gives_title_and_date() -> None:
    report = sample_report(random.Random(5))
    parsed = corpus.parse_text(scraped_line(report, random.Random(5), "run").text)
    assert parsed.meta.header["title"].startswith(report.agency)  # type: ignore[union-attr]
    assert parsed.meta.published is not None and parsed.meta.published.year == report.year + 1  # type: ignore[operator]


def test_nianbao_check_says_unmatched_agencies_too(tmp_path: Path) -> None:
    import json

    from tests.helpers import nianbao

    for seed, agency, year in ((1, "青山区人力资源和社会保障局", 2023), (2, "青山区人力资源社会保障局", 2024)):
        text = render_text(sample_report(random.Random(seed), agency=agency, year=year))
        (tmp_path / f"{year}.txt").write_text(text, encoding="utf-8")
    run = nianbao(tmp_path / "lib", "check", "--json", "--no-library", str(tmp_path / "2023.txt"),
                  str(tmp_path / "2024.txt"))
    assert run.returncode in (0, 1), run.stderr
    later = next(r for r in json.loads(run.stdout) if r["year"] == 2024)
    assert [(f["rule"], f["actual"]) for f in later["findings"] if f["rule"].startswith("crossyear.")] == [
        ("crossyear.unmatched", "青山区人力资源和社会保障局")]
