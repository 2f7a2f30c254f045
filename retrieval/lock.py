"""One writer at a time per data dir: an advisory lock file that the system releases when its holder dies."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from nianbao.errors import StoreError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; writers are not serialised there
    fcntl = None  # type: ignore[assignment]

Notify = Callable[[str], None]


class WriterLock:
    """An exclusive flock on data_dir/write.lock, held while a process writes the library (ingest, repair)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "write.lock"
        self._handle: int | None = None
        self._depth = 0

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._handle is not None

    def acquire(self, wait: bool = True, notify: Notify | None = None) -> bool:
        """Take the lock; when another process holds it, wait (saying so once) or return False."""
        if self._handle is not None:
            self._depth += 1
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"无法创建资料库锁文件 {self.path}：{exc.strerror or exc}") from exc
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    os.close(handle)
                    return False
                if notify is not None:
                    notify(f"另一个程序正在写入资料库（{self.holder() or '进程信息不详'}），等待其完成后继续…")
                fcntl.flock(handle, fcntl.LOCK_EX)
        os.ftruncate(handle, 0)
        os.write(handle, f"进程 {os.getpid()}，{dt.datetime.now():%Y-%m-%d %H:%M:%S} 开始，{_command()}".encode())
        self._handle, self._depth = handle, 1
        return True

    def release(self) -> None:
        """Give the lock back (the outermost release of nested acquisitions)."""
        if self._handle is None:
            return
        self._depth -= 1
        if self._depth > 0:
            return
        handle, self._handle = self._handle, None
        os.ftruncate(handle, 0)
        os.close(handle)  # closing releases the flock

    def holder(self) -> str:
        """Who holds the lock, as its holder wrote it."""
        try:
            return self.path.read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            return ""

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def _command() -> str:
    """The command line of this process, shortened."""
    text = " ".join(Path(sys.argv[0]).name if i == 0 else a for i, a in enumerate(sys.argv))
    return text[:120]
