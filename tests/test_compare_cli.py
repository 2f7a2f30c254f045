"""`nianbao compare`: JSON of FORMAT.md §6, the terminal diff, thresholds and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nianbao.cli import app
from tests.helpers import PDF_2023, PDF_2024, WEB, shared_file

runner = CliRunner()


def _web(name: str) -> str:
    """Path of a stored web copy, or skip when ../shared is absent."""
    return str(shared_file(WEB / name))


def test_json_of_the_hongze_pdfs() -> None:
    result = runner.invoke(app, ["compare", str(shared_file(PDF_2024)), str(shared_file(PDF_2023)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["years"] == [2023, 2024]
    [pair] = data["pairs"]
    assert (pair["from"], pair["to"]) == (2023, 2024)
    assert {"where": "一、本年新收政府信息公开申请数量/总计", "from": 21, "to": 95} in pair["figures"]
    assert set(pair["parts"]["5"]) >= {"reuse", "reused", "added", "dropped"}
    assert all(
        set(f) == {"rule", "severity", "message", "where", "expected", "actual", "article"} for f in pair["findings"]
    )


def test_terminal_diff_marks_reused_added_and_dropped_sentences() -> None:
    result = runner.invoke(app, ["compare", _web("2023_shanghai_putuo_tcb.txt"), _web("2024_shanghai_putuo_tcb.txt")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("＝ 现将区投促办") for line in lines)
    assert any(line.startswith("＋ ") and "紧紧围绕区委" in line for line in lines)
    assert any(line.startswith("－ ") and "高标准做好政务公开工作" in line for line in lines)
    assert any(line.startswith("【一、总体情况】重复率 8%") for line in lines)


def test_threshold_option_controls_the_reuse_warning() -> None:
    files = [_web("2023_shanghai_putuo_tcb.txt"), _web("2024_shanghai_putuo_tcb.txt")]
    default = json.loads(runner.invoke(app, ["compare", *files, "--json"]).stdout)
    assert default["pairs"][0]["findings"] == []
    low = json.loads(runner.invoke(app, ["compare", *files, "--json", "--threshold", "0.05"]).stdout)
    [finding] = low["pairs"][0]["findings"]
    assert finding["rule"] == "reuse.prior_year" and finding["expected"] == 0.05 and finding["actual"] == 0.08
    wrong = runner.invoke(app, ["compare", *files, "--threshold", "60"])
    assert wrong.exit_code == 2 and "阈值" in wrong.stderr


def test_reports_of_different_agencies_exit_2_naming_both_files() -> None:
    result = runner.invoke(app, ["compare", _web("2023_shanghai_zjw.txt"), _web("2024_shanghai_putuo_tcb.txt")])
    assert result.exit_code == 2
    assert "不是同一机关" in result.stderr
    assert "2023_shanghai_zjw.txt" in result.stderr and "2024_shanghai_putuo_tcb.txt" in result.stderr
    assert result.stdout == ""


def test_unreadable_or_missing_file_exits_2_naming_the_file(tmp_path: Path) -> None:
    garbage = tmp_path / "天气.txt"
    garbage.write_text("今天天气很好。", encoding="utf-8")
    result = runner.invoke(app, ["compare", _web("2023_shanghai_zjw.txt"), str(garbage)])
    assert result.exit_code == 2 and "天气.txt" in result.stderr
    result = runner.invoke(app, ["compare", _web("2023_shanghai_zjw.txt"), str(tmp_path / "无此文件.pdf")])
    assert result.exit_code == 2 and "无此文件.pdf" in result.stderr


def test_a_single_report_cannot_be_compared() -> None:
    result = runner.invoke(app, ["compare", _web("2023_shanghai_zjw.txt")])
    assert result.exit_code == 2 and "至少需要两份" in result.stderr
