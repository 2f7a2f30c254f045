"""Shared helpers of the benchmarks: scale parameters, repeated timing, statistics, RSS and disk size."""

from __future__ import annotations

import os
import resource
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Scale:
    """Workload sizes and repetitions of one benchmark scale."""

    name: str
    reps: int  # repetitions of every cheap measurement
    slow_reps: int  # repetitions of measurements that embed text
    parse_reports: int  # reports per layout in the parse + check run
    pdf_reports: int  # generated PDFs
    real_pdf_reps: int  # passes over the real PDFs in ../shared
    ingest_reports: int  # reports ingested with the default embedding (and the plain pipeline)
    st_reports: int  # reports ingested with the sentence-transformers model
    store_sizes: tuple[int, int]  # chunks of the two search stores (10k and 100k at full scale)
    vector_pool: int  # chunks really embedded for the search stores; the rest get perturbed copies
    queries: int  # timed queries per store
    draft_reps: int
    app_reps: int


SCALES: dict[str, Scale] = {
    "small": Scale("small", reps=3, slow_reps=2, parse_reports=8, pdf_reports=2, real_pdf_reps=1, ingest_reports=3,
                   st_reports=1, store_sizes=(1000, 3000), vector_pool=60, queries=40, draft_reps=10, app_reps=1),
    "full": Scale("full", reps=5, slow_reps=3, parse_reports=60, pdf_reports=6, real_pdf_reps=2, ingest_reports=100,
                  st_reports=5, store_sizes=(10_000, 100_000), vector_pool=600, queries=150, draft_reps=30,
                  app_reps=3),
}


def summary(values: list[float], unit: str, **extra: Any) -> dict[str, Any]:
    """Median and spread (min, max) of repeated measurements."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "unit": unit, **extra}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def repeat(fn: Callable[[], float], reps: int) -> list[float]:
    """Call a measurement `reps` times and collect its results."""
    return [fn() for _ in range(reps)]


def peak_rss_mb() -> float:
    """Peak resident set size of this process (/proc VmHWM; getrusage's maxrss keeps the parent's across exec)."""
    return _proc_status_mb("VmHWM:") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Current resident set size of this process, from /proc (0 when unavailable)."""
    return _proc_status_mb("VmRSS:")


def _proc_status_mb(field: str) -> float:
    """A kB field of /proc/self/status in MB (0 when unavailable)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def dir_mb(path: Path) -> float:
    """Size on disk of every file under a folder, in MB."""
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file()) / 2**20


def machine() -> dict[str, Any]:
    """CPU count and load average at the time of the run (the figures depend on both)."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"cpus": os.cpu_count() or 1, "load_1m": round(load[0], 2), "load_5m": round(load[1], 2)}


def offline_env() -> None:
    """Never reach the network for models."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
