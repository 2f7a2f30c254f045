"""A real `chroma run` server on loopback for tests: started, stopped, killed and restarted at will."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """`chroma run` on 127.0.0.1 with its data under a folder; the port stays the same across restarts."""

    def __init__(self, path: Path, log: Path) -> None:
        self.path, self.log, self.port = path, log, free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, path: Path | None = None) -> ChromaServer:
        """Start (on another data folder when given) and wait until it accepts connections."""
        exe = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
        if not Path(exe).exists():
            pytest.skip("找不到 chroma 命令（随 chromadb 包安装）")
        self.path = path or self.path
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen([exe, "run", "--host", "127.0.0.1", "--port", str(self.port), "--path",
                                          str(self.path)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"chroma 服务器启动失败：{self.log.read_text(errors='replace')[-800:]}")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.2)
        pytest.fail("chroma 服务器 90 秒内未启动")

    def stop(self, kill: bool = False) -> None:
        """Stop the server (SIGKILL with `kill`, like a crash) and wait until the port is free."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.2)
