"""A real SIGKILL in the middle of `nianbao ingest`: the next run completes without duplicates."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from nianbao.corpus.regulation import article_label
from nianbao.retrieval.library import Library
from nianbao.settings import Settings
from tests.helpers import CLI, ROOT, cli_env

ARTICLES = 300


def synthetic_regulation(path: Path, tag: str) -> Path:
    """A long text in the regulation's layout (our own filler), one chunk per article."""
    lines = ["# 中华人民共和国政府信息公开条例（测试用合成文本）", "", "## 第一章 总则", ""]
    lines += [f"{article_label(n)} 合成条文{tag}{n}：行政机关应当在第{n}个测试场景中按规定处理{tag}类事项。\n"
              for n in range(1, ARTICLES + 1)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def journal(db: Path) -> dict[str, tuple[str, int]]:
    """path -> (status, chunks written) as the ingest journal shows it right now."""
    if not db.exists():
        return {}
    conn = sqlite3.connect(db, timeout=5)
    try:
        rows = conn.execute("SELECT path, status, written FROM journal").fetchall()
    except sqlite3.OperationalError:  # schema not created yet
        rows = []
    finally:
        conn.close()
    return {Path(p).name: (s, w) for p, s, w in rows}


def test_sigkill_midway_then_next_run_completes(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    first = synthetic_regulation(tmp_path / "a.md", "甲")
    second = synthetic_regulation(tmp_path / "b.md", "乙")
    env, command = cli_env(data), [*CLI, "ingest", str(first), str(second)]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    db = data / "library.sqlite3"
    seen: dict[str, tuple[str, int]] = {}
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            seen = journal(db)
            if seen.get("b.md", ("", 0))[0] == "pending" and seen["b.md"][1] > 0:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
    finally:
        if proc.poll() is None and not seen.get("b.md"):
            proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "导入在被中断之前已经结束，无法验证中断恢复"
    after_kill = journal(db)
    assert after_kill["a.md"] == ("done", ARTICLES)
    assert after_kill["b.md"][0] == "pending" and 0 < after_kill["b.md"][1] < ARTICLES

    library = Library(Settings(data_dir=data, embedding="hashing"))
    status = library.status()
    assert status.pending == 1 and ARTICLES < status.chunks < 2 * ARTICLES  # partly written

    result = library.ingest([first, second], bar=False)
    assert result.ok
    assert result.unchanged == [str(first.resolve())] and result.added == [str(second.resolve())]
    status = library.status()
    assert (status.documents, status.pending, status.chunks) == (2, 0, 2 * ARTICLES)
    chunks = library.searcher.store.chunks()
    assert len({c.id for c in chunks}) == len(chunks) == 2 * ARTICLES
    assert sorted(int(c.metadata["number"]) for c in chunks if c.metadata["source"] == "b.md") == list(
        range(1, ARTICLES + 1))
    hit = library.search("合成条文乙234", top=1, mode="bm25")[0]
    assert hit.source == "b.md" and hit.article == article_label(234)
