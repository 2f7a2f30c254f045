"""The local model's honest evaluation: how often its drafts pass the guard, what it invents, how fast it is.

Counts sets: the demo agencies (with their real prior-year demo reports) and generated agencies of the
synthetic workload (this year's tables, last year's report). Each part is drafted through the `local`
backend (langchain adapter, grammar, guard, one repair, template fallback); every draft is one JSON line,
so a long run can be read while it goes on and resumed. `--report` writes benchmarks/RESULTS-llm.md.

    python -m nianbao.benchmarks.llm_eval --sets 20 --out llm_eval.jsonl
    python -m nianbao.benchmarks.llm_eval --report llm_eval.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from nianbao import corpus
from nianbao.benchmarks.workload import agencies, make_report
from nianbao.data import DEMO_COUNTS, DEMO_REPORTS
from nianbao.drafting.counts import read_counts, validate_counts
from nianbao.drafting.service import draft_part
from nianbao.model import Report
from nianbao.settings import Settings

PARTS = ("5", "overview-applications", "overview-supervision")
_DEMO = (("2025_yunxi_zf", "2024_yunxi_zf"), ("2025_yunxi_rsj", "2024_yunxi_rsj"))


def counts_sets(count: int, seed: int = 11) -> list[tuple[str, Report, Report | None]]:
    """(name, validated counts, prior-year report): the two demo agencies, then generated ones."""
    sets: list[tuple[str, Report, Report | None]] = []
    for counts_name, prior_name in _DEMO:
        counts = validate_counts(read_counts(DEMO_COUNTS / f"{counts_name}.yaml"))
        sets.append((counts.agency or counts_name, counts, corpus.parse_file(DEMO_REPORTS / f"{prior_name}.txt")))
    for agency in agencies(max(0, count - len(sets)), seed):
        this, last = make_report(agency, 2024, seed), make_report(agency, 2023, seed)
        this.parts = {}
        sets.append((agency.name, validate_counts(this), last))
    return sets[:count]


def _row(name: str, part: str, draft: Any, seconds: float) -> dict[str, Any]:
    """One JSON line: the outcome, what the guard caught in each model draft, and the model's speed."""
    attempts = draft.attempts
    outcome = ("fallback" if draft.backend == "template" else "first" if len(attempts) == 1 else "repaired")
    completions = [a.completion for a in attempts if a.completion is not None]
    return {
        "set": name, "part": part, "outcome": outcome, "seconds": round(seconds, 1),
        "invented": [a.unverified for a in attempts], "findings": [a.findings for a in attempts],
        "model_texts": [a.text for a in attempts], "text": draft.text, "notes": draft.notes,
        "figures": len(draft.figures), "unverified_final": len(draft.unverified),
        "prompt_tokens": sum(c.prompt_tokens or 0 for c in completions),
        "completion_tokens": sum(c.completion_tokens or 0 for c in completions),
        "generation_tps": [c.generation_tps for c in completions if c.generation_tps],
        "prompt_tps": [c.prompt_tps for c in completions if c.prompt_tps],
        "truncated": [c.truncated for c in completions],
    }


def run(settings: Settings, count: int, out: Path, parts: tuple[str, ...] = PARTS) -> None:
    """Draft each part for every counts set with the local model, one JSON line per draft (resumable)."""
    done = {(r["set"], r["part"]) for r in _read(out)} if out.exists() else set()
    sets = counts_sets(count)
    # The demo agencies' every part first (the side-by-side), then part by part over the generated sets,
    # so that a run cut short still covers many counts sets of the first parts.
    jobs = [(s, p) for s in sets[:len(_DEMO)] for p in parts] + [(s, p) for p in parts for s in sets[len(_DEMO):]]
    for (name, counts, prior), part in jobs:
        if (name, part) in done:
            continue
        start = time.perf_counter()
        draft = draft_part(counts, part, "local", prior, settings, passages=[])
        row = _row(name, part, draft, time.perf_counter() - start)
        row["load"] = os.getloadavg()[0]
        with out.open("a", encoding="utf-8") as sink:
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{name} {part}: {row['outcome']} {row['seconds']} s", flush=True)


def _read(path: Path) -> list[dict[str, Any]]:
    """The JSON lines of a run."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _share(rows: list[dict[str, Any]], outcome: str) -> str:
    """Share of rows with an outcome, as `n（p%）`."""
    n = sum(1 for r in rows if r["outcome"] == outcome)
    return f"{n}（{n / len(rows):.0%}）" if rows else "—"


def _median(values: list[float]) -> str:
    """Median with one decimal, or a dash."""
    return f"{statistics.median(values):.1f}" if values else "—"


def table(rows: list[dict[str, Any]]) -> str:
    """The README table: per part and overall."""
    lines = ["| 部分 | 草稿数 | 初稿即通过 | 修改后通过 | 改用模板 | 模型写错而被拦下的数字 | 每稿秒数（中位） | 生成速度 词元/秒（中位） |",
             "|---|---|---|---|---|---|---|---|"]
    names = {"5": "五、问题及改进", "overview-applications": "一、依申请公开", "overview-supervision": "一、监督保障"}
    for part in [*PARTS, None]:
        chosen = [r for r in rows if part is None or r["part"] == part]
        if not chosen:
            continue
        invented = sum(sum(r["invented"]) for r in chosen)
        tps = [t for r in chosen for t in r["generation_tps"]]
        lines.append(f"| {names.get(part or '', '合计')} | {len(chosen)} | {_share(chosen, 'first')} | "
                     f"{_share(chosen, 'repaired')} | {_share(chosen, 'fallback')} | {invented} | "
                     f"{_median([r['seconds'] for r in chosen])} | {_median(tps)} |")
    return "\n".join(lines)


def side_by_side(rows: list[dict[str, Any]], agency: str) -> str:
    """For one agency: the template draft and the local model's final draft of each part."""
    sets = {name: (counts, prior) for name, counts, prior in counts_sets(len(_DEMO))}
    if agency not in sets:
        return ""
    counts, prior = sets[agency]
    out = [f"## {agency}：模板草稿与本地模型草稿对照", ""]
    for row in (r for r in rows if r["set"] == agency):
        template = draft_part(counts, row["part"], "template", prior, Settings(), passages=[])
        out += [f"### {row['part']}（本地模型：{_OUTCOMES[row['outcome']]}，{row['seconds']} 秒）", "",
                "**模板**", "", template.text, "", f"**本地模型（最终采用：{'模板' if row['outcome'] == 'fallback' else '模型'}）**", ""]
        out += [row["model_texts"][-1] if row["model_texts"] else "（无）", ""]
        if row["findings"] and row["findings"][0]:
            out += ["核验发现：" + "；".join(row["findings"][0]), ""]
    return "\n".join(out)


_OUTCOMES = {"first": "初稿即通过", "repaired": "修改后通过", "fallback": "两稿均未通过，改用模板"}


def main(argv: list[str] | None = None) -> None:
    """Run the evaluation or write its report."""
    parser = argparse.ArgumentParser(description="本地模型起草评测")
    parser.add_argument("--sets", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("llm_eval.jsonl"))
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--report", type=Path, help="只根据已有的 JSON 行输出汇总表")
    args = parser.parse_args(argv)
    if args.report:
        rows = _read(args.report)
        loads = [r["load"] for r in rows if "load" in r]
        print(table(rows))
        if loads:
            print(f"\n机器负载（1 分钟平均，2 核）：{min(loads):.1f}–{max(loads):.1f}")
        print("\n" + side_by_side(rows, rows[0]["set"] if rows else ""))
        return
    run(Settings(), args.sets, args.out, tuple(args.parts.split(",")))


if __name__ == "__main__":
    main()
