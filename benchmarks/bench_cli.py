"""`nianbao check --json DIR` as a user runs it: the installed command in a fresh process over a folder.

Beside the in-process parse + check figures (bench_parse), this includes what a user waits for: process
start and imports, the article index, the library opened for prior years, the cross-year rules between
the folder's own consecutive years, worker processes (`--jobs` left at its default) and the JSON output.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from nianbao.benchmarks.bench_common import Scale, summary
from nianbao.benchmarks.workload import render, reports

CLI_LAYOUTS: dict[str, tuple[int, int]] = {"text": (40, 600), "docx": (10, 100), "html": (10, 100)}  # files: small, full


def nianbao_command() -> list[str]:
    """The `nianbao` script next to this interpreter (as installed), else the module."""
    script = Path(sys.executable).with_name("nianbao")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nianbao.cli"]


def write_folder(folder: Path, layout: str, count: int) -> int:
    """`count` reports of the province workload (agencies × consecutive years) in one layout; their number."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(17)
    for i, report in enumerate(reports(count, seed=23)):
        data, suffix = render(report, layout, rng)
        (folder / f"{report.year}_{i:04d}{suffix}").write_bytes(data)
    return count


def _run_once(folder: Path, data_dir: Path) -> float:
    """Seconds of one `nianbao check --json folder` (exit 0 or 1: findings are expected)."""
    env = {**os.environ, "NIANBAO_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    start = time.perf_counter()
    proc = subprocess.run([*nianbao_command(), "check", "--json", str(folder)], env=env, capture_output=True,
                          check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"nianbao check failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-2000:]}")
    return seconds


def cli_check(scale: Scale, work: Path) -> dict[str, Any]:
    """reports/s of `nianbao check --json DIR` per layout, as a user runs it."""
    out: dict[str, Any] = {}
    data_dir = work / "cli-empty-library"
    for layout, (small, full) in CLI_LAYOUTS.items():
        folder = work / f"cli-{layout}"
        count = write_folder(folder, layout, small if scale.name == "small" else full)
        runs = [_run_once(folder, data_dir) for _ in range(scale.reps)]
        out[f"cli_check_{layout}"] = summary([count / s for s in runs], "reports/s", reports=count,
                                             cpus=os.cpu_count() or 1, measured="nianbao check --json DIR, fresh process")
        shutil.rmtree(folder, ignore_errors=True)
    return out
