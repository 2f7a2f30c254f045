"""`nianbao check DIR --recursive --jobs N --csv out.csv`: a supervising office's batch of good, broken and
unreadable files (our own synthetic reports), run as a clerk runs it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from nianbao.benchmarks.workload import agencies, make_report
from nianbao.drafting.export import render_text
from tests.helpers import nianbao


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as an office receives it: agencies' reports (one year missing, one late, one with wrong
    tables) in two levels of folders, and three files that cannot be read."""
    folder = tmp_path_factory.mktemp("office")
    first, second = agencies(2, seed=77)
    (folder / "区县").mkdir()
    for year, where in ((2021, folder), (2023, folder), (2024, folder / "区县")):  # no 2022
        (where / f"{year}_first.txt").write_text(render_text(make_report(first, year)), encoding="utf-8")
    late = render_text(make_report(second, 2024)) + "\n\n2025年3月5日\n"  # a department's is due 31 January
    (folder / "2024_second.txt").write_text(late, encoding="utf-8")
    broken = make_report(second, 2023)
    assert broken.applications is not None
    broken.applications.rows["new"][6] += 7  # 本年新收 total no longer the sum of its columns
    (folder / "2023_second.txt").write_text(render_text(broken), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "区县" / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "notice.txt").write_text("关于召开全区政务公开工作会议的通知。请各单位派员参加。", encoding="utf-8")
    return folder


def test_batch_writes_one_csv_row_per_finding_and_a_closing_summary(office: Path, tmp_path: Path) -> None:
    out = tmp_path / "findings.csv"
    run = nianbao(tmp_path / "lib", "check", str(office), "--recursive", "--jobs", "2", "--csv", str(out))
    assert run.returncode == 2, run.stderr  # unreadable files were listed, the batch went on
    as_json = nianbao(tmp_path / "lib", "check", str(office), "--recursive", "--jobs", "2", "--json")
    reports = json.loads(as_json.stdout)
    assert sorted(Path(r["file"]).name for r in reports) == sorted(
        ["2021_first.txt", "2023_first.txt", "2024_first.txt", "2023_second.txt", "2024_second.txt"])

    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(r["findings"]) for r in reports) > 0
    assert set(rows[0]) == {"file", "agency", "year", "level", "rule", "severity", "where", "expected", "actual",
                            "article", "message", "prior_year", "rule_name"}
    by_file: dict[str, set[str]] = {}
    for row in rows:
        by_file.setdefault(Path(row["file"]).name, set()).add(row["rule"])
    assert any(rule.startswith("applications.") for rule in by_file["2023_second.txt"])
    assert "deadline.late" in by_file["2024_second.txt"]
    late = next(r for r in rows if r["rule"] == "deadline.late")
    assert late["rule_name"] == "晚于公布期限"
    assert (late["actual"], late["expected"], late["prior_year"]) == ("2025-03-05", "2025-01-31", "2023")

    text = run.stdout
    assert "共 8 个文件：已检查 5 份，无法读取 3 个。" in text, text
    for name in ("empty.txt", "broken.docx", "notice.txt"):
        assert any(name in line and "无法读取：" in line for line in text.splitlines()), name
    assert "晚于公布期限（deadline.late）1 项" in text and "applications." in text
    first, second = agencies(2, seed=77)
    assert f"{first.name}：缺 2022 年" in text and second.name not in text.split("缺少年度报告的机关")[1].split("逾期")[0]
    assert "逾期公布的报告 1 份" in text and "2025-03-05 发布，期限 2025-01-31" in text
    assert f"问题清单已写入 {out}" in text
    assert "Traceback" not in run.stderr


def test_prior_year_is_said_for_every_report(office: Path, tmp_path: Path) -> None:
    run = nianbao(tmp_path / "lib", "check", str(office), "-r", "--json")
    reports = {Path(r["file"]).name: r for r in json.loads(run.stdout)}
    assert reports["2024_first.txt"]["prior_year"] == 2023
    assert reports["2024_first.txt"]["prior_source"] == str(office / "2023_first.txt")
    assert reports["2023_first.txt"]["prior_year"] is None and reports["2023_first.txt"]["prior_source"] is None
    assert "crossyear.carryover" in {f["rule"] for f in reports["2024_second.txt"]["findings"]}
    text = nianbao(tmp_path / "lib", "check", str(office), "-r").stdout
    assert "对照上一年度：2023 年度报告（同批文件 2023_first.txt）" in text
    assert "未找到上一年度（2022 年）报告，未做跨年核对和重复率检查" in text


def test_without_recursive_subfolders_are_left_out(office: Path, tmp_path: Path) -> None:
    run = nianbao(tmp_path / "lib", "check", str(office), "--json")
    names = {Path(r["file"]).name for r in json.loads(run.stdout)}
    assert "2024_first.txt" not in names and "2023_first.txt" in names
    assert "共 6 个文件" in run.stderr  # in JSON mode the summary goes to stderr, stdout stays JSON


def test_one_pass_or_many_workers_give_the_same_findings(office: Path, tmp_path: Path) -> None:
    one = nianbao(tmp_path / "lib", "check", str(office), "-r", "--json", "--jobs", "1").stdout
    two = nianbao(tmp_path / "lib", "check", str(office), "-r", "--json", "--jobs", "3").stdout
    assert json.loads(one) == json.loads(two)
