"""Checking many reports at once (`nianbao check DIR… --recursive --jobs N --csv out.csv`).

Per report the work is done once: files are parsed and checked in worker processes; the article index
is built once and handed to the workers; the library is opened once and every prior year it may supply
is fetched in one query; cross-year rules run against the previous year found among the files
themselves first, else in the library. An unreadable file is listed with its reason and never stops the
batch.
"""

from __future__ import annotations

import csv
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nianbao import checker, corpus
from nianbao.checker.crossyear import unmatched_prior
from nianbao.checker.names import rule_name
from nianbao.corpus.articles import ArticleIndex
from nianbao.corpus.meta import agency_key, same_key
from nianbao.errors import ReadError
from nianbao.model import Finding, Report
from nianbao.retrieval.library import Library
from nianbao.retrieval.records import pick

REPORT_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".html", ".htm"})
FILES_PER_JOB = 40  # below this many files per worker, a process pool costs more than it saves
LIBRARY = "library"  # prior_source of a prior year found in the library
CSV_FIELDS = ("file", "agency", "year", "level", "rule", "severity", "where", "expected", "actual", "article",
              "message", "prior_year", "rule_name")


@dataclass
class Checked:
    """One readable report, its findings, and the prior year it was compared with."""

    path: Path
    report: Report
    findings: list[Finding]
    prior: Report | None = None
    prior_source: str | None = None  # the prior's file (one of the batch) or LIBRARY

    @property
    def prior_year(self) -> int | None:
        """The year compared with, or None."""
        return self.prior.year if self.prior is not None else None

    def to_json(self) -> dict[str, Any]:
        """The `check --json` object of this report."""
        return {"file": str(self.path), "agency": self.report.agency, "year": self.report.year,
                "findings": [f.to_json() for f in self.findings], "prior_year": self.prior_year,
                "prior_source": self.prior_source}


@dataclass
class Batch:
    """Everything a check run read: reports in input order and the files that could not be read."""

    checked: list[Checked] = field(default_factory=list)
    unreadable: list[tuple[Path, str, str]] = field(default_factory=list)  # (file, message, the problem alone)


def gather(inputs: Iterable[Path], recursive: bool) -> list[Path]:
    """Files named, and report files inside folders (their subfolders too with `recursive`), in order."""
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            found = path.rglob("*") if recursive else path.iterdir()
            files += sorted(p for p in found if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                            and not p.name.startswith("."))
        else:
            files.append(path)  # a missing file is reported as unreadable by the reader
    return list(dict.fromkeys(files))


_ARTICLES: ArticleIndex | None = None


def _init_worker(articles: ArticleIndex) -> None:
    """Give a worker process the article index once."""
    global _ARTICLES
    _ARTICLES = articles


def _read_and_check(path: Path) -> tuple[Path, Report | None, list[Finding] | tuple[str, str]]:
    """Parse one file and run the single-report rules: (path, report, findings) or (path, None, (message, problem))."""
    try:
        report = corpus.parse_file(path)
    except ReadError as exc:
        return path, None, (str(exc), exc.problem)
    return path, report, checker.check_report(report, _ARTICLES)


def _pair_check(task: tuple[Report, Report, float]) -> list[Finding]:
    """Cross-year rules of a report against its previous year."""
    current, previous, threshold = task
    return checker.check_with_prior(current, previous, threshold)


def jobs_for(requested: int, files: int) -> int:
    """Worker processes: as requested, or (0) one per core when there are enough files to share."""
    if requested > 0:
        return requested
    return max(1, min(os.cpu_count() or 1, files // FILES_PER_JOB))


def _pool_map(pool: ProcessPoolExecutor | None, workers: int, fn: Callable[[Any], Any], items: list[Any]
              ) -> Iterator[Any]:
    """Map in the pool (in order, a few items per task) or here."""
    if pool is None:
        return map(fn, items)
    return pool.map(fn, items, chunksize=max(1, min(16, len(items) // (4 * workers))))


def run(files: list[Path], articles: ArticleIndex, library: Library | None, threshold: float, jobs: int,
        bar: bool) -> Batch:
    """Read and check every file; cross-year rules against the batch's own previous years, else the library's."""
    from tqdm import tqdm

    batch = Batch()
    workers = jobs_for(jobs, len(files))
    pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(articles,)) if workers > 1 else None
    _init_worker(articles)
    try:
        with tqdm(total=len(files), desc="检查", unit="份", file=sys.stderr, disable=not bar or None) as pbar:
            for path, report, outcome in _pool_map(pool, workers, _read_and_check, files):
                if report is None:
                    message, problem = outcome  # type: ignore[misc]
                    batch.unreadable.append((path, message, problem))
                else:
                    batch.checked.append(Checked(path, report, list(outcome)))  # type: ignore[arg-type]
                pbar.update(1)
        find_priors(batch.checked, library)
        # one agency's years in a row: a year's text, split once, serves both of its comparisons (checker.reuse)
        pairs = sorted((c for c in batch.checked if c.prior is not None),
                       key=lambda c: (agency_key(c.report.agency), c.report.year or 0))
        tasks = [(c.report, c.prior, threshold) for c in pairs]
        for item, more in zip(pairs, _pool_map(pool, workers, _pair_check, tasks), strict=True):
            item.findings = checker.errors_first([*item.findings, *more])
        reports = [c.report for c in batch.checked]
        for item in batch.checked:  # a year before that cannot be matched is said (crossyear.unmatched)
            if item.prior is None and (unmatched := unmatched_prior(item.report, reports)) is not None:
                item.findings = checker.errors_first([*item.findings, unmatched])
    finally:
        if pool is not None:
            pool.shutdown()
    return batch


def find_priors(checked: list[Checked], library: Library | None) -> None:
    """Each report's previous year: the first such report of the batch, else the library's (one query)."""
    keys = {id(item): agency_key(item.report.agency) for item in checked}
    by_year: dict[int, list[Checked]] = {}
    for item in checked:
        if item.report.year is not None:
            by_year.setdefault(item.report.year, []).append(item)
    wanted: list[Checked] = []
    for item in checked:
        report = item.report
        if not (report.agency and report.year):
            continue
        key = keys[id(item)]
        previous = next((p for p in by_year.get(report.year - 1, []) if p is not item
                         and same_key(keys[id(p)], key)), None)
        if previous is not None:
            item.prior, item.prior_source = previous.report, str(previous.path)
        else:
            wanted.append(item)
    if library is None or not wanted:
        return
    stored: dict[int, list[tuple[str, Report]]] = {}
    for agency, report in library.reports_of_years(sorted({int(w.report.year or 0) - 1 for w in wanted})):
        stored.setdefault(int(report.year or 0), []).append((agency, report))
    for item in wanted:
        prior = pick(stored.get(int(item.report.year or 0) - 1, []), str(item.report.agency))
        if prior is not None:
            item.prior, item.prior_source = prior, LIBRARY


def write_csv(path: Path, batch: Batch) -> None:
    """One row per finding (UTF-8 with BOM, so Excel opens the Chinese text)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_FIELDS)
        for item in batch.checked:
            r = item.report
            for f in item.findings:
                writer.writerow([str(item.path), r.agency or "", r.year or "", r.level, f.rule, f.severity,
                                 f.where or "", _cell(f.expected), _cell(f.actual), f.article or "", f.message,
                                 item.prior_year or "", rule_name(f.rule)])


def _cell(value: object) -> str:
    """A CSV cell for an optional value."""
    return "" if value is None else str(value)


def missing_years(batch: Batch, stored: dict[str, list[int]]) -> dict[str, list[int]]:
    """Agencies of the batch (and the library) with a gap between their first year and the batch's latest year."""
    years: dict[str, set[int]] = {}
    names: dict[str, str] = {}
    for item in batch.checked:
        if item.report.agency and item.report.year:
            key = agency_key(item.report.agency)
            years.setdefault(key, set()).add(item.report.year)
            names.setdefault(key, item.report.agency)
    if not years:
        return {}
    latest = max(max(v) for v in years.values())
    for agency, held in stored.items():
        key = agency_key(agency)
        if key in years:
            years[key].update(held)
    out: dict[str, list[int]] = {}
    for key, held in years.items():
        gap = [y for y in range(min(held), latest + 1) if y not in held]
        if gap:
            out[names[key]] = gap
    return out


def summary(batch: Batch, stored: dict[str, list[int]]) -> list[str]:
    """The closing summary: files read, unreadable ones with reasons, findings per rule, gaps, late reports."""
    total = len(batch.checked) + len(batch.unreadable)
    lines = [f"共 {total} 个文件：已检查 {len(batch.checked)} 份，无法读取 {len(batch.unreadable)} 个。"]
    for path, _, problem in batch.unreadable:
        lines.append(f"  无法读取：{path}（{problem}）")
    rules = Counter(f.rule for item in batch.checked for f in item.findings)
    if rules:
        lines.append("各规则发现的问题：" + "；".join(f"{rule_name(rule)}（{rule}）{n} 项" for rule, n in sorted(rules.items())))
    compared = sum(item.prior is not None for item in batch.checked)
    lines.append(f"与上一年度报告对照了 {compared} 份，其余 {len(batch.checked) - compared} 份未找到上一年度报告。")
    gaps = missing_years(batch, stored)
    if gaps:
        lines.append(f"缺少年度报告的机关 {len(gaps)} 个：")
        lines += [f"  {agency}：缺 {'、'.join(str(y) for y in years)} 年" for agency, years in sorted(gaps.items())]
    late = [(item.report, f) for item in batch.checked for f in item.findings if f.rule == "deadline.late"]
    if late:
        lines.append(f"逾期公布的报告 {len(late)} 份：")
        lines += [f"  {r.agency or '机构未识别'} {r.year or ''} 年度：{f.actual} 发布，期限 {f.expected}" for r, f in late]
    return lines
