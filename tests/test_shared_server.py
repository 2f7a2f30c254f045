"""One chroma server holds what an office shares: clerk A imports, clerk B (another data dir) drafts and checks.

A real `chroma run` on loopback; every clerk command runs as `nianbao …` in its own process.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.drafting.counts import read_counts
from nianbao.drafting.export import render_text
from tests.chroma_server import ChromaServer
from tests.helpers import CLI, DEMO, ROOT, cli_env, nianbao

pytestmark = pytest.mark.slow
PRIOR = DEMO / "reports" / "2024_yunxi_rsj.txt"
COUNTS = DEMO / "counts" / "2025_yunxi_rsj.yaml"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    """A chroma server on loopback, stopped at the end."""
    srv = ChromaServer(tmp_path / "srv", tmp_path / "chroma.log").start()
    try:
        yield srv
    finally:
        srv.stop()


def server_vars(srv: ChromaServer) -> dict[str, str]:
    """The settings that point a clerk at the office's server."""
    return {"NIANBAO_CHROMA_HOST": "127.0.0.1", "NIANBAO_CHROMA_PORT": str(srv.port)}


def env(data: Path, srv: ChromaServer) -> dict[str, str]:
    """A clerk's environment: own data dir, the office's server."""
    return cli_env(data, **server_vars(srv))


def clerk(data: Path, srv: ChromaServer, *args: str) -> subprocess.CompletedProcess[str]:
    """One `nianbao` command of a clerk."""
    return nianbao(data, *args, **server_vars(srv))


def journal(data: Path) -> list[tuple[str, str]]:
    """(file name, status) of a data dir's journal."""
    path = data / "library.sqlite3"
    if not path.exists():
        return []
    conn = sqlite3.connect(path)
    try:
        return sorted((Path(p).name, s) for p, s in conn.execute("SELECT path, status FROM journal"))
    finally:
        conn.close()


def inconsistent_next_year(path: Path) -> Path:
    """The 2025 report of the demo counts with 上年结转 that does not match 2024's 结转下年度."""
    counts = read_counts(COUNTS)
    assert counts.applications is not None
    counts.applications.rows["carried_in"] = [v + 1 for v in counts.applications.rows["carried_in"]]
    path.write_text(render_text(counts), encoding="utf-8")
    return path


def test_clerk_b_drafts_and_checks_against_what_clerk_a_imported(server: ChromaServer, tmp_path: Path) -> None:
    a, b = tmp_path / "clerk-a", tmp_path / "clerk-b"
    assert clerk(a, server, "ingest", str(PRIOR)).returncode == 0

    draft = clerk(b, server, "draft", "--counts", str(COUNTS), "--part", "5", "--json")
    assert draft.returncode == 0, draft.stderr
    data = json.loads(draft.stdout)
    assert data["prior_year"] == 2024 and data["reuse"] is not None
    assert not any("没有上一年度" in n for n in data["notes"])
    text = clerk(b, server, "draft", "--counts", str(COUNTS), "--part", "5")
    assert "对照的上一年度报告：2024 年度（资料库）" in text.stdout

    report = inconsistent_next_year(tmp_path / "2025_yunxi_rsj.txt")
    check = clerk(b, server, "check", str(report), "--json")
    assert check.returncode == 1, check.stderr
    result = json.loads(check.stdout)[0]
    assert result["prior_year"] == 2024 and result["prior_source"] == "library"
    assert "crossyear.carryover" in {f["rule"] for f in result["findings"]}
    assert not (b / "chroma").exists() and journal(b) == []  # B wrote nothing: the server holds it all

    hits = clerk(b, server, "search", "存在的主要问题", "--agency", "人力资源", "--json")  # BM25 side from the server
    assert hits.returncode == 0 and json.loads(hits.stdout), hits.stderr
    assert "云汐区人力资源和社会保障局：2024 年" in clerk(b, server, "library").stdout

    server.stop()
    for args in (["check", str(report)], ["draft", "--counts", str(COUNTS), "--part", "5"],
                 ["ingest", str(DEMO / "reports" / "2023_yunxi_rsj.txt")], ["search", "申请"], ["library"]):
        down = clerk(b, server, *args)
        assert down.returncode == 2, (args, down.stdout, down.stderr)
        assert f"向量库服务器 127.0.0.1:{server.port} 无法访问" in down.stderr and "Traceback" not in down.stderr, args
        assert "没有上一年度" not in down.stdout, args
    assert journal(b) == []  # nothing written half-way


def test_server_restarted_on_an_empty_path_is_noticed_and_refilled(server: ChromaServer, tmp_path: Path) -> None:
    a = tmp_path / "clerk-a"
    summaries = DEMO.parent / "regulation" / "articles.yaml"
    assert clerk(a, server, "ingest", str(summaries), str(PRIOR)).returncode == 0
    assert "第四十二条" in clerk(a, server, "search", "收取信息处理费", "--kind", "regulation", "--top", "1").stdout
    server.stop()
    server.start(tmp_path / "empty-srv")

    status = clerk(a, server, "library")
    assert status.returncode == 0, status.stderr
    assert "2 个已导入的文件需要重新写入" in status.stdout and "空的数据目录" in status.stdout, status.stdout
    again = clerk(a, server, "ingest", str(summaries), str(PRIOR))
    assert again.returncode == 0 and "补全 2 个" in again.stdout, again.stdout + again.stderr
    assert "第四十二条" in clerk(a, server, "search", "收取信息处理费", "--kind", "regulation", "--top", "1").stdout
    draft = clerk(tmp_path / "clerk-b", server, "draft", "--counts", str(COUNTS), "--part", "5", "--json")
    assert json.loads(draft.stdout)["prior_year"] == 2024


def test_server_killed_mid_ingest_gives_a_message_and_completes_after_restart(server: ChromaServer,
                                                                               tmp_path: Path) -> None:
    from nianbao.benchmarks.bench_ingest import write_reports

    folder = tmp_path / "reports"
    files = write_reports(folder, 150, seed=41)
    a = tmp_path / "clerk-a"
    command = [*CLI, "ingest", str(folder)]
    proc = subprocess.Popen(command, cwd=ROOT, env=env(a, server), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None:
        if sum(s == "done" for _, s in journal(a)) >= 10:
            server.stop(kill=True)
            break
        time.sleep(0.05)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 2, "导入在服务器停止前已经结束，无法验证中断恢复" if proc.returncode == 0 else err
    assert "无法访问" in err and "Traceback" not in err and len(err) < 2000, err
    done = sum(s == "done" for _, s in journal(a))
    assert 10 <= done < len(files)  # what was written is kept, the rest is left for the next run

    server.start()
    again = clerk(a, server, "ingest", str(folder))
    assert again.returncode == 0, again.stderr
    assert journal(a) == sorted((p.name, "done") for p in files)
    status = clerk(tmp_path / "clerk-b", server, "library")  # another clerk sees the complete library
    agencies = [line for line in status.stdout.splitlines() if line.startswith("  ") and "年" in line]
    assert sum(len(line.split("：")[1].split("、")) for line in agencies) == len(files), status.stdout
