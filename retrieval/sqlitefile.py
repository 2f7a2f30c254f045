"""The library's SQLite files: created atomically, checked on open, damage named (file, problem, recovery).

A file that exists is never taken as empty: a 0-byte, foreign or truncated file raises `DamagedStore`
naming the file and how to recover, instead of being reset under the clerk's feet.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nianbao.errors import DamagedStore, StoreError

HEADER = b"SQLite format 3\x00"
REPAIR = "恢复方法：运行 nianbao library --repair（把损坏的文件移到一旁并重建能重建的内容），再用 nianbao ingest 重新导入往年报告。"
_DAMAGE_WORDS = ("not a database", "malformed", "file is encrypted", "database corrupt")


def problem(path: Path) -> str | None:
    """What is wrong with an existing SQLite file judged from its header and size (None: looks sound).

    A file shorter than its header says is only reported when it stays so: a writer extends the file just
    after updating the header (a commit, a WAL checkpoint), and while a write-ahead log holds pages the
    file may legitimately lag behind."""
    for attempt in range(5):
        found = _problem_now(path)
        if found is None or not found.startswith(_TRUNCATED) or attempt == 4:
            return found
        time.sleep(0.05)
    return None


_TRUNCATED = "文件被截断"


def _problem_now(path: Path) -> str | None:
    """One look at the file's header and size."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"无法读取（{exc.strerror or exc}）"
    if size == 0:
        return "文件为空（0 字节）"
    if len(head) < 100 or not head.startswith(HEADER):
        return "不是 SQLite 数据库文件"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None  # pages may live in the log; SQLite itself reports damage there
    if head[92:96] == head[24:28] and pages and size < pages * page_size:  # the page count is valid
        return f"{_TRUNCATED}（应有 {pages * page_size} 字节，实际只有 {size} 字节）"
    return None


def check(path: Path) -> None:
    """Raise DamagedStore when an existing file is empty, not a database or truncated."""
    found = problem(path)
    if found:
        raise DamagedStore(path, found, REPAIR)


def create(path: Path, schema: str, wal: bool = False) -> None:
    """Create the database with its schema unless it exists; atomic, so no reader ever sees a 0-byte file."""
    if path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
        tmp.unlink(missing_ok=True)
        conn = sqlite3.connect(tmp)
        try:
            if wal:
                conn.execute("PRAGMA journal_mode = WAL")  # persistent: readers never wait for a writer
            conn.executescript(schema)
            conn.commit()
        finally:
            conn.close()
        try:
            os.link(tmp, path)  # fails when another process created it first: theirs is kept
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"无法创建资料库文件 {path}：{exc}") from exc


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection committing on success, rolling back on error, always closed; SQLite errors as StoreError."""
    try:
        conn = sqlite3.connect(path, timeout=60)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开资料库文件 {path}：{exc}") from exc
    try:
        with conn:
            yield conn
    except sqlite3.DatabaseError as exc:
        raise translate(path, exc) from exc
    finally:
        conn.close()


def translate(path: Path, exc: sqlite3.Error) -> StoreError:
    """Our error for an SQLite error on a file: damage named with its recovery, anything else as it is."""
    text = str(exc)
    if any(word in text for word in _DAMAGE_WORDS):
        return DamagedStore(path, f"无法读取（{text}）", REPAIR)
    if "locked" in text or "busy" in text:
        return StoreError(f"资料库文件 {path} 正被另一个程序长时间占用（{text}），请稍后再试。")
    return StoreError(f"资料库文件 {path} 无法读写（{text}）。")


def set_aside(path: Path) -> Path | None:
    """Move a damaged file (and its -wal/-shm companions) beside itself as <name>.damaged-<time>; its new name."""
    if not path.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(target.with_name(target.name + suffix))
    return target
