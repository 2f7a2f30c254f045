"""The `nianbao parse` and `nianbao check` commands: JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.model import APPLICATION_ROWS, ROW_LABELS
from tests.helpers import PDF_2023, PDF_2024, SEED, shared_file

runner = CliRunner()


def test_parse_json_shape() -> None:
    result = runner.invoke(app, ["parse", str(shared_file(SEED)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"agency", "year", "level", "parts", "active", "applications", "review_litigation",
                         "format", "active_2019", "read_status"}
    assert data["format"] == "2021" and data["active_2019"] is None
    assert set(data["read_status"]) == {"active", "applications", "review_litigation"}
    assert {s["status"] for s in data["read_status"].values()} == {"complete"}
    assert data["read_status"]["applications"]["cells"] == data["read_status"]["applications"]["read"] == 175
    assert data["applications"]["columns"] == [
        "natural_person", "commercial", "research", "social_welfare", "legal_service", "other", "total"]
    assert list(data["applications"]["rows"]) == list(APPLICATION_ROWS)
    assert all(len(v) == 7 for v in data["applications"]["rows"].values())
    assert set(data["review_litigation"]) == {"review", "suit_direct", "suit_after_review"}
    assert set(data["active"]) == {"rules", "normative_documents", "licensing", "punishment", "coercion", "fees_10k_yuan"}


def test_check_json_and_exit_code_1_on_errors() -> None:
    result = runner.invoke(app, ["check", str(shared_file(SEED)), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert len(data) == 1 and data[0]["agency"] == "友好区人社局" and data[0]["year"] == 2024
    finding = data[0]["findings"][0]
    assert set(finding) == {"rule", "severity", "message", "where", "expected", "actual", "article"}


def test_check_readable_table() -> None:
    result = runner.invoke(app, ["check", str(shared_file(SEED))])
    assert result.exit_code == 1
    assert "[错误] 表三办理结果总计不符（applications.results_total）" in result.stdout
    assert "依据：《条例》第五十条" in result.stdout


def test_check_exit_0_without_errors(tmp_path: Path) -> None:
    text = shared_file(SEED).read_text(encoding="utf-8")
    zeros, one = " 0 0 0 0 0 0 0", " 0 0 0 0 0 1 1"
    fixed = text.replace(ROW_LABELS["results_total"] + zeros, ROW_LABELS["results_total"] + one)
    fixed = fixed.replace(ROW_LABELS["new"] + zeros, ROW_LABELS["new"] + one)
    path = tmp_path / "fixed.txt"
    path.write_text(fixed, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--json"])
    assert result.exit_code == 0, result.stdout
    assert not [f for f in json.loads(result.stdout)[0]["findings"] if f["severity"] == "error"]


def test_check_two_years_runs_cross_year() -> None:
    result = runner.invoke(app, ["check", str(shared_file(PDF_2023)), str(shared_file(PDF_2024)), "--json"])
    data = json.loads(result.stdout)
    assert [d["year"] for d in data] == [2023, 2024]
    assert result.exit_code == 1  # 2023's review totals


def test_unreadable_inputs_exit_2(tmp_path: Path) -> None:
    cases = {
        "empty.txt": b"",
        "corrupt.pdf": b"%PDF-1.4\n garbage that is not a pdf",
        "broken.docx": b"PK\x03\x04 not really a zip",
        "not_report.txt": "这是一份会议通知，与年度报告无关。".encode(),
        "binary.txt": bytes(range(256)) * 4,
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        result = runner.invoke(app, ["check", str(path)])
        assert result.exit_code == 2, name
        assert name in result.stderr and "无法读取" in result.stderr, name
    result = runner.invoke(app, ["check", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "不存在" in result.stderr


def test_one_unreadable_among_good_still_reports_the_good(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["check", str(shared_file(SEED)), str(bad), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)[0]["agency"] == "友好区人社局"
