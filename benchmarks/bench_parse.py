"""Parse + check throughput per layout, PDF pages per second, and template draft latency."""

from __future__ import annotations

import io
import random
import time
from pathlib import Path
from typing import Any

from nianbao.benchmarks.bench_common import ROOT, Scale, percentile, summary
from nianbao.benchmarks.workload import can_render_pdf, make_report, render, reports

REAL_PDFS = ROOT.parent / "shared" / "corpus" / "reports" / "pdf"
TEXT_LAYOUTS: tuple[str, ...] = ("text", "pdf_like", "web_pipe", "html", "docx")


def _parse_check(files: list[tuple[bytes, str]]) -> float:
    """Seconds to parse and check every file once (one process, one thread)."""
    from nianbao.checker import check_report
    from nianbao.corpus import parse_bytes

    start = time.perf_counter()
    for i, (data, suffix) in enumerate(files):
        check_report(parse_bytes(data, f"report-{i}{suffix}"))
    return time.perf_counter() - start


def _pages(data: bytes) -> int:
    """Page count of a PDF."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def parse_throughput(scale: Scale) -> dict[str, Any]:
    """reports/s for each text-like layout, pages/s for PDFs (generated, and the real ones when present)."""
    rng = random.Random(11)
    batch = list(reports(scale.parse_reports, seed=3))
    out: dict[str, Any] = {}
    _parse_check([render(batch[0], "text", rng)])  # warm imports (jieba, regexes)
    for layout in TEXT_LAYOUTS:
        files = [render(r, layout, rng) for r in batch]
        chars = sum(len(d) for d, _ in files) / len(files)
        rates = [len(files) / _parse_check(files) for _ in range(scale.reps)]
        out[f"parse_check_{layout}"] = summary(rates, "reports/s", reports=len(files), mean_bytes=round(chars))
    if can_render_pdf():
        pdfs = [render(r, "pdf", rng) for r in batch[: scale.pdf_reports]]
        pages = sum(_pages(d) for d, _ in pdfs)
        rates = [pages / _parse_check(pdfs) for _ in range(scale.reps)]
        out["parse_check_pdf"] = summary(rates, "pages/s", reports=len(pdfs), pages=pages,
                                         generator="reportlab (tests/layouts.render_pdf)")
    real = sorted(REAL_PDFS.glob("*.pdf")) if REAL_PDFS.is_dir() else []
    if real:
        files = [(p.read_bytes(), ".pdf") for p in real] * scale.real_pdf_reps
        pages = sum(_pages(d) for d, _ in files)
        rates = [pages / _parse_check(files) for _ in range(scale.reps)]
        out["parse_check_pdf_real"] = summary(rates, "pages/s", files=len(real), pages_per_pass=pages)
    if "parse_check_pdf" not in out and "parse_check_pdf_real" in out:
        out["parse_check_pdf"] = {**out["parse_check_pdf_real"], "generator": "real PDFs (reportlab missing)"}
    return out


def draft_latency(scale: Scale, data_dir: Path) -> dict[str, Any]:
    """Latency of draft_part with the template backend, for each draftable part, prior year given."""
    from nianbao.benchmarks.workload import agencies
    from nianbao.drafting.service import draft_part
    from nianbao.settings import Settings

    settings = Settings(data_dir=data_dir)
    agency = agencies(1, seed=5)[0]
    counts, prior = make_report(agency, 2024), make_report(agency, 2023)
    counts.parts = {}
    times: list[float] = []
    parts = ("5", "overview-supervision", "overview-applications")
    draft_part(counts, "5", backend="template", prior=prior, settings=settings)  # warm imports
    for _ in range(scale.draft_reps):
        for part in parts:
            start = time.perf_counter()
            draft_part(counts, part, backend="template", prior=prior, settings=settings)
            times.append((time.perf_counter() - start) * 1000)
    return {"draft_template_ms": summary(times, "ms", p95=percentile(times, 95), parts=len(parts))}

