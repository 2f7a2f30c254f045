"""`nianbao draft` and `nianbao export`: JSON shape, exit codes, export → parse → check round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from nianbao import checker, corpus
from nianbao.cli import app
from nianbao.drafting.counts import read_counts, validate_counts

runner = CliRunner()
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
TABLE_RULES = ("value.invalid", "applications.", "review.total", "narrative.table_mismatch", "structure.")


def test_draft_json_shape() -> None:
    result = runner.invoke(app, ["draft", "--counts", str(DEMO / "counts" / "2025_yunxi_zf.yaml"), "--part", "5",
                                 "--prior", str(DEMO / "reports" / "2024_yunxi_zf.txt"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"part", "text", "figures", "unverified", "reuse", "prior_year", "backend", "sources",
                         "placeholders", "notes"}
    assert data["part"] == "5" and data["backend"] == "template" and data["prior_year"] == 2024
    assert data["unverified"] == [] and data["reuse"] <= 0.3
    assert all(set(f) == {"value", "source"} for f in data["figures"]) and data["figures"]
    assert all("source" in s and ("article" in s or "part" in s) for s in data["sources"])
    assert data["placeholders"] and all(p.startswith("【请补充") for p in data["placeholders"])


def test_draft_text_output_for_applications() -> None:
    result = runner.invoke(app, ["draft", "--counts", str(DEMO / "counts" / "2025_yunxi_rsj.yaml"),
                                 "--part", "overview-applications"])
    assert result.exit_code == 0, result.output
    assert "依申请公开" in result.stdout and "新收政府信息公开申请" in result.stdout
    assert "没有上一年度报告" in result.stdout


def test_invalid_counts_exit_1_with_findings(tmp_path: Path) -> None:
    data = yaml.safe_load((DEMO / "counts" / "2025_yunxi_rsj.yaml").read_text(encoding="utf-8"))
    data["applications"]["rows"]["carried_out"][6] += 5
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["draft", "--counts", str(path), "--part", "5"])
    assert result.exit_code == 1
    assert "applications.balance" in result.stderr and "无法据此起草" in result.stderr


def test_unreadable_counts_and_unknown_backend_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["draft", "--counts", str(tmp_path / "none.yaml"), "--part", "5"])
    assert result.exit_code == 2 and "无法读取" in result.stderr
    counts = str(DEMO / "counts" / "2025_yunxi_rsj.yaml")
    result = runner.invoke(app, ["draft", "--counts", counts, "--part", "5", "--backend", "gpt"])
    assert result.exit_code == 2 and "未知的起草方式" in result.stderr
    result = runner.invoke(app, ["draft", "--counts", counts, "--part", "6"])
    assert result.exit_code == 2 and "不支持的部分" in result.stderr


def export_cases() -> list[tuple[str, Path, Path | None]]:
    """(id, counts source, prior report) for each demo year."""
    cases: list[tuple[str, Path, Path | None]] = []
    for path in sorted((DEMO / "reports").glob("*.txt")) + sorted((DEMO / "counts").glob("*.yaml")):
        year, agency = path.stem.split("_", 1)
        prior = DEMO / "reports" / f"{int(year) - 1}_{agency}.txt"
        cases.append((path.stem, path, prior if prior.exists() else None))
    return cases


CASES = export_cases()


def _round_trip(source: Path, prior: Path | None, out: Path) -> None:
    """Export, parse back, compare the tables and check that no table/structure error appears."""
    args = ["export", "--counts", str(source), "--out", str(out)] + (["--prior", str(prior)] if prior else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    counts = validate_counts(read_counts(source))
    back = corpus.parse_file(out)
    assert (back.agency, back.year) == (counts.agency, counts.year)
    assert back.applications == counts.applications
    assert back.review_litigation == counts.review_litigation
    assert back.active == counts.active
    findings = checker.check_report(back)
    assert [f for f in findings if f.severity == "error"] == []
    assert not [f for f in findings if f.rule.startswith(TABLE_RULES)]
    assert "【请补充" in back.parts["1"]


@pytest.mark.parametrize(("name", "source", "prior"), CASES, ids=[c[0] for c in CASES])
def test_export_docx_round_trip(name: str, source: Path, prior: Path | None, tmp_path: Path) -> None:
    _round_trip(source, prior, tmp_path / "report.docx")


@pytest.mark.parametrize(("name", "source", "prior"), CASES[-2:], ids=[c[0] for c in CASES[-2:]])
def test_export_text_round_trip(name: str, source: Path, prior: Path | None, tmp_path: Path) -> None:
    _round_trip(source, prior, tmp_path / "report.txt")


def test_export_markdown_round_trip(tmp_path: Path) -> None:
    _round_trip(DEMO / "counts" / "2025_yunxi_zf.yaml", DEMO / "reports" / "2024_yunxi_zf.txt", tmp_path / "report.md")


def test_export_rejects_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--counts", str(DEMO / "counts" / "2025_yunxi_zf.yaml"),
                                 "--out", str(tmp_path / "r.pdf")])
    assert result.exit_code == 2 and "不支持的输出格式" in result.stderr
