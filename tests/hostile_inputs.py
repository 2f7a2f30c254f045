"""Hostile input files built from our own demo corpus, and a way to run the CLI on them as a user would."""

from __future__ import annotations

import io
import json
import os
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_REPORT = ROOT / "data" / "demo" / "reports" / "2024_yunxi_rsj.txt"
_SCRIPT = Path(sys.executable).with_name("nianbao")  # the console script a user runs
NIANBAO = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from nianbao.cli import main; main()"]


@dataclass
class Run:
    """One finished CLI run: exit code, output, wall time and the child's own peak RSS."""

    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


# A small launcher between the test and the CLI: ru_maxrss counts the memory a process had when it was
# forked, so a CLI forked from pytest itself would report pytest's RSS. The launcher (a bare Python) caps the
# address space, spawns the CLI and reports that child's own exit code and peak RSS.
_LAUNCHER = """
import json, os, resource, sys
cap, report, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
if cap:
    resource.setrlimit(resource.RLIMIT_AS, (cap << 20, cap << 20))
_, status, usage = os.wait4(os.posix_spawn(argv[0], argv, os.environ), 0)
with open(report, "w") as out:
    json.dump({"code": os.waitstatus_to_exitcode(status), "peak_kb": usage.ru_maxrss}, out)
"""


def run_cli(args: list[str], tmp: Path, timeout: float = 300.0, env: dict[str, str] | None = None,
            cap_mb: int = 0) -> Run:
    """Run `nianbao ARGS` as a clerk would; `cap_mb` caps its address space so a regression fails fast."""
    out, err, report = tmp / "cli.out", tmp / "cli.err", tmp / "cli.json"
    report.unlink(missing_ok=True)
    with out.open("wb") as fout, err.open("wb") as ferr:
        start = time.monotonic()
        launcher = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(cap_mb), str(report), *NIANBAO, *args],
                                    stdout=fout, stderr=ferr, env={**os.environ, **(env or {})}, start_new_session=True)
        try:
            launcher.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)  # the launcher and the CLI under it
            launcher.wait()
        seconds = time.monotonic() - start
    child = json.loads(report.read_text()) if report.exists() else {"code": -signal.SIGKILL, "peak_kb": float("nan")}
    return Run(child["code"], out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"), seconds,
               child["peak_kb"] / 1024)


def demo_docx() -> bytes:
    """Our exporter's Word rendering of a demo report (a real, valid .docx)."""
    from nianbao import corpus
    from nianbao.drafting import export

    report = corpus.parse_file(DEMO_REPORT)
    return export.render_docx(report, dict(report.parts))


def _zip_member(name: str, crc: int, packed_size: int, size: int, offset: int, central: bool) -> bytes:
    """A local (or central-directory) header of a deflated member."""
    raw = name.encode()
    if central:
        return struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, packed_size, size, len(raw),
                           0, 0, 0, 0, 0, offset) + raw
    return struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, packed_size, size, len(raw), 0) + raw


def write_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> None:
    """A zip of already deflated members (name, raw deflate data, CRC-32, inflated size)."""
    body, central = bytearray(), bytearray()
    for name, packed, crc, size in members:
        central += _zip_member(name, crc, len(packed), size, len(body), central=True)
        body += _zip_member(name, crc, len(packed), size, len(body), central=False) + packed
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(body), 0)
    path.write_bytes(bytes(body + central + end))


def _deflate(data: bytes) -> tuple[bytes, int, int]:
    """Raw deflate data, CRC-32 and size of bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)


def docx_bomb(path: Path, inflated: int = 1_200_000_000) -> Path:
    """The demo .docx whose word/document.xml inflates to about `inflated` bytes of paragraphs (1.2 GB → ~1.2 MB)."""
    source = zipfile.ZipFile(io.BytesIO(demo_docx()))
    xml = source.read("word/document.xml")
    cut = xml.index(b"<w:body>") + len(b"<w:body>")
    head, tail = xml[:cut], xml[cut:]
    block = "<w:p><w:r><w:t>依申请公开办理情况说明。</w:t></w:r></w:p>".encode() * 20_000
    repeats = max(1, (inflated - len(xml)) // len(block))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    same = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)  # after a full flush: identical bytes each time
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    packed = first + same * repeats + packer.compress(tail) + packer.flush()
    members = [(i.filename, *_deflate(source.read(i.filename))) for i in source.infolist()
               if i.filename != "word/document.xml"]
    members.insert(1, ("word/document.xml", packed, crc, len(head) + repeats * len(block) + len(tail)))
    write_zip(path, members)
    return path


def docx_paragraphs(path: Path, count: int, paragraph: bytes = b"<w:p/>") -> Path:
    """The demo .docx with `count` extra (empty) paragraphs in its body: small on disk, slow to read."""
    source = zipfile.ZipFile(io.BytesIO(demo_docx()))
    xml = source.read("word/document.xml")
    cut = xml.index(b"<w:body>") + len(b"<w:body>")
    members = [(i.filename, *_deflate(xml[:cut] + paragraph * count + xml[cut:] if i.filename == "word/document.xml"
                                      else source.read(i.filename))) for i in source.infolist()]
    write_zip(path, members)
    return path


def pdf_bomb(path: Path, inflated: int = 1_000_000_000) -> Path:
    """A one-page PDF whose Flate page content inflates to about `inflated` bytes of text operators."""
    block = b"BT /F1 12 Tf 72 720 Td (a) Tj ET\n" * 30_000
    repeats = max(1, inflated // len(block))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    same = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    check = 1
    for _ in range(repeats):
        check = zlib.adler32(block, check)
    stream = b"\x78\xda" + same * repeats + packer.flush() + struct.pack(">L", check)  # a valid zlib stream
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    pdf, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(pdf))
    return path


def nested_html(path: Path, depth: int, tag: str = "div") -> Path:
    """The demo report as a web page, its body wrapped in `depth` nested tags (100k divs ≈ 1.1 MB)."""
    lines = [line for line in DEMO_REPORT.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "".join(f"<p>{line}</p>" for line in lines)
    page = f"<html><head><title>{lines[0]}</title></head><body>{f'<{tag}>' * depth}{body}{f'</{tag}>' * depth}</body></html>"
    path.write_text(page, encoding="utf-8")
    return path
