"""App warm start: a fresh process runs app.py headless (AppTest) on an already-indexed data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from nianbao.benchmarks.bench_common import ROOT, summary
from nianbao.data import DEMO_LIBRARY

_CHILD = """
import json, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
t1 = time.perf_counter()
at = AppTest.from_file({app!r}, default_timeout=300).run()
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "run_s": t2 - t1, "exception": [str(e.message) for e in at.exception]}}))
"""


def index_demo(data_dir: Path) -> None:
    """Index the demo corpus into a data dir, as a first app start would."""
    from nianbao.retrieval.library import Library
    from nianbao.settings import Settings

    paths = list(DEMO_LIBRARY)
    result = Library(Settings(data_dir=data_dir)).ingest([p for p in paths if p.exists()], bar=False)
    if result.errors:
        raise RuntimeError("; ".join(result.errors[:3]))


def warm_start(reps: int, work: Path) -> dict[str, Any]:
    """Seconds from process start to the end of the first script run, on an indexed library."""
    data_dir = work / "app-data"
    if not data_dir.exists():
        index_demo(data_dir)
    env = {**os.environ, "NIANBAO_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.pop("NIANBAO_EMBEDDING", None)
    totals: list[float] = []
    runs: list[float] = []
    for _ in range(reps):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _CHILD.format(app=str(ROOT / "app.py"))], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=False)
        totals.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise RuntimeError(f"app warm start failed: {proc.stderr[-2000:]}")
        child = json.loads(proc.stdout.strip().splitlines()[-1])
        if child["exception"]:
            raise RuntimeError(f"app.py raised an exception on warm start: {child['exception']}")
        runs.append(child["run_s"])
    return {"app_warm_start_s": summary(totals, "s", measured="process start → first AppTest run finished"),
            "app_first_run_s": summary(runs, "s", measured="AppTest.run() only (streamlit imported)")}
