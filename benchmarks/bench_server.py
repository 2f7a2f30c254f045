"""A `chroma run` server on loopback for the shared-library measurements (ingestion, search at scale)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType


def _free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaRun:
    """`chroma run --path DIR` on a free loopback port for the duration of a `with` block."""

    def __init__(self, path: Path) -> None:
        self.path, self.port = path, _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ChromaRun:
        exe = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
        self.path.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([exe, "run", "--host", "127.0.0.1", "--port", str(self.port), "--path", str(self.path)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("chroma run exited at start")
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.2)
        raise RuntimeError("chroma run did not start within 90 s")

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def peak_rss_mb(self) -> float:
        """The server process's peak resident set size so far (/proc VmHWM), 0 when unknown."""
        if self.proc is None:
            return 0.0
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def reset(self) -> None:
        """Drop every collection (a fresh server for the next repetition)."""
        import chromadb

        client = chromadb.HttpClient(host="127.0.0.1", port=self.port,
                                     settings=chromadb.Settings(anonymized_telemetry=False))
        for collection in client.list_collections():
            client.delete_collection(collection.name)
