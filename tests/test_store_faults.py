"""Faults of the store an office will hit (issue 17): a lost vector folder, damaged SQLite files, two writers.

Every command runs as a clerk runs it: `nianbao …` in a fresh process on a data dir of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from nianbao.retrieval.library import Library
from nianbao.settings import Settings
from tests.helpers import CLI, DEMO, ROOT, cli_env, nianbao


def settings(data: Path) -> Settings:
    """The settings the subprocesses use."""
    return Settings(data_dir=data, embedding="hashing")


def counts(data: Path) -> tuple[int, int, int]:
    """(text rows, text rows that should have a vector, vectors stored) of a data dir, read fresh."""
    searcher = Library(settings(data)).searcher
    return searcher.text.count(), searcher.text.count(vector=True), searcher.store.count()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the demo corpus imported, once per module."""
    data = tmp_path_factory.mktemp("pristine") / "lib"
    run = nianbao(data, "ingest", "--demo")
    assert run.returncode == 0, run.stderr
    return data


@pytest.fixture
def demo_library(pristine: Path, tmp_path: Path) -> Path:
    """A copy of the demo data dir for one test to damage."""
    return Path(shutil.copytree(pristine, tmp_path / "lib"))


def test_lost_vector_folder_is_noticed_and_rebuilt_on_next_ingest(demo_library: Path) -> None:
    rows, with_vectors, vectors = counts(demo_library)
    assert with_vectors == vectors > 0
    subprocess.run(["rm", "-rf", str(demo_library / "chroma")], check=True)

    status = nianbao(demo_library, "library")
    assert status.returncode == 0, status.stderr
    assert f"向量库缺少 {with_vectors} 个片段的向量" in status.stdout and "nianbao ingest" in status.stdout

    again = nianbao(demo_library, "ingest", "--demo")
    assert again.returncode == 0, again.stderr
    assert f"缺少的 {with_vectors} 个片段向量已重建" in again.stdout
    assert counts(demo_library) == (rows, with_vectors, vectors)
    assert "向量库缺少" not in nianbao(demo_library, "library").stdout
    hit = nianbao(demo_library, "search", "依申请提供信息收费吗", "--kind", "regulation", "--top", "1")
    assert "第四十二条" in hit.stdout, hit.stdout


def test_lost_text_index_is_completed_from_the_files_on_next_ingest(demo_library: Path) -> None:
    before = counts(demo_library)
    subprocess.run(["rm", "-rf", str(demo_library / "text")], check=True)
    status = nianbao(demo_library, "library")
    assert "个已导入的文件需要重新写入" in status.stdout, status.stdout
    again = nianbao(demo_library, "ingest", "--demo")
    assert again.returncode == 0 and "补全" in again.stdout, again.stdout + again.stderr
    assert counts(demo_library) == before


def _damage(path: Path, how: str) -> None:
    """Garbage, a truncated copy, or an empty file in place of a database."""
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if how == "garbage":
        path.write_bytes(os.urandom(6000))
    elif how == "truncated":
        with path.open("r+b") as handle:
            handle.truncate(4096)
    else:
        path.write_bytes(b"")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["garbage", "truncated", "empty"])
@pytest.mark.parametrize("which", ["library.sqlite3", "text index"])
def test_damaged_sqlite_file_is_named_with_its_recovery_and_exit_2(demo_library: Path, which: str, how: str) -> None:
    path = demo_library / "library.sqlite3" if which == "library.sqlite3" else next((demo_library / "text").glob("*.sqlite3"))
    _damage(path, how)
    damaged = path.read_bytes()
    commands = [["library"], ["search", "信息处理费"], ["ingest", "--demo"]]
    if which == "library.sqlite3":  # check and draft read only the records and the journal
        commands += [["check", str(DEMO / "reports" / "2024_yunxi_rsj.txt")],
                     ["draft", "--counts", str(DEMO / "counts" / "2025_yunxi_rsj.yaml"), "--part", "5"]]
    for args in commands:
        run = nianbao(demo_library, *args)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
        assert str(path) in run.stderr and "已损坏" in run.stderr and "nianbao library --repair" in run.stderr, args
        assert "Traceback" not in run.stderr and "没有上一年度报告" not in run.stdout, args
        assert path.read_bytes() == damaged, f"{args} 改动了损坏的文件（不得静默重建）"
    if which == "library.sqlite3":  # the check says how to go on without the library
        assert "--no-library" in nianbao(demo_library, "check", str(DEMO / "reports" / "2024_yunxi_rsj.txt")).stderr


def test_repair_sets_a_damaged_text_index_aside_and_rebuilds_it(demo_library: Path) -> None:
    before = counts(demo_library)
    path = next((demo_library / "text").glob("*.sqlite3"))
    _damage(path, "garbage")
    run = nianbao(demo_library, "library", "--repair")
    assert run.returncode == 0, run.stderr
    assert "移到" in run.stdout and list((demo_library / "text").glob("*.damaged-*")), run.stdout
    assert counts(demo_library) == before
    assert "需要重新写入" not in nianbao(demo_library, "library").stdout


def test_repair_of_a_lost_journal_says_to_reimport_and_reimport_completes(demo_library: Path) -> None:
    before = counts(demo_library)
    _damage(demo_library / "library.sqlite3", "empty")
    run = nianbao(demo_library, "library", "--repair")
    assert run.returncode == 0, run.stderr
    assert "重新导入" in run.stdout and list(demo_library.glob("library.sqlite3.damaged-*"))
    again = nianbao(demo_library, "ingest", "--demo")
    assert again.returncode == 0 and "新增 9 个文件" in again.stdout, again.stdout
    assert counts(demo_library) == before
    assert Library(settings(demo_library)).get_report("云汐区人力资源和社会保障局", 2024) is not None


def _reports_folder(folder: Path, count: int, seed: int) -> Path:
    """Synthetic text reports of our own workload."""
    from nianbao.benchmarks.bench_ingest import write_reports

    write_reports(folder, count, seed=seed)
    return folder


@pytest.mark.slow
def test_two_concurrent_ingests_into_one_data_dir_end_with_every_chunk(tmp_path: Path) -> None:
    data = tmp_path / "lib"
    first, second = _reports_folder(tmp_path / "a", 60, 31), _reports_folder(tmp_path / "b", 60, 32)
    env, command = cli_env(data), [*CLI, "ingest"]
    one = subprocess.Popen([*command, str(first)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and one.poll() is None:  # start the second while the first writes
        lock = data / "write.lock"
        if lock.exists() and lock.read_text(encoding="utf-8", errors="replace").strip():
            break
        time.sleep(0.01)
    two = subprocess.Popen([*command, str(second)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    _out_one, err_one = one.communicate(timeout=600)
    _out_two, err_two = two.communicate(timeout=600)
    assert one.returncode == 0 and two.returncode == 0, err_one + err_two
    assert "另一个程序正在写入资料库" in err_two, "第二个导入没有与第一个重叠，无法验证并发写入"

    alone = tmp_path / "alone"
    assert nianbao(alone, "ingest", str(first), str(second)).returncode == 0
    assert counts(data) == counts(alone)
    _rows, with_vectors, vectors = counts(data)
    assert with_vectors == vectors and Library(settings(data)).status().documents == 120
