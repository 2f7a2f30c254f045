"""Reading the real reports of ../shared/corpus/reports/wild: share of cells read, identities broken, parts, agency.

Over every file of the folder: how many table cells were read (a table not found counts with all its
cells unread), how many arithmetic identities the read cells break (these should be the real errors of the
reports, which tests/test_wild_reports.py names), how many parts were reported missing, and whether the
agency and year match the folder's README. Measured only when ../shared is present.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from nianbao.benchmarks.bench_common import ROOT, summary

WILD = ROOT.parent / "shared" / "corpus" / "reports" / "wild"
IDENTITY_RULES = ("applications.balance", "applications.results_total", "applications.row_total", "review.total")
# cells of each table when it is absent from a reading (2021 format; part 二 of the 2019 format has 22)
ABSENT_CELLS = {"active": 10, "applications": 175, "review_litigation": 15}
_README_ROW = re.compile(r"^\|\s*([\w.-]+\.txt)\s*\|\s*([^|]+?)\s*\|\s*(\d{4})\s*\|")


def readme_truth(folder: Path) -> dict[str, tuple[str, int]]:
    """file name → (agency, year) from the folder's README table."""
    truth: dict[str, tuple[str, int]] = {}
    readme = folder / "README.md"
    if readme.exists():
        for line in readme.read_text(encoding="utf-8").splitlines():
            m = _README_ROW.match(line)
            if m:
                truth[m.group(1)] = (m.group(2), int(m.group(3)))
    return truth


def _count(report: Any) -> tuple[int, int]:
    """(cells, cells read) over the three tables of a parsed report."""
    cells = read = 0
    for name, status in report.read_status.items():
        if status.status == "absent":
            cells += 22 if name == "active" and report.format == "2019" else ABSENT_CELLS[name]
            continue
        cells, read = cells + status.cells, read + status.read
    return cells, read


def wild_reading() -> dict[str, Any]:
    """The wild folder's measurements (empty when ../shared is absent)."""
    from nianbao.checker import check_report
    from nianbao.corpus import parse_file

    files = sorted(WILD.glob("*/*.txt")) if WILD.is_dir() else []
    if not files:
        return {}
    truth: dict[str, tuple[str, int]] = {}
    for folder in {p.parent for p in files}:
        truth |= readme_truth(folder.parent) | readme_truth(folder)
    cells = read = agency_ok = year_ok = 0
    breaks: dict[str, list[str]] = {}
    missing: list[str] = []
    start = time.perf_counter()
    for path in files:
        report = parse_file(path)
        findings = check_report(report)
        c, r = _count(report)
        cells, read = cells + c, read + r
        broken = [f"{f.rule} {f.where}" for f in findings if f.rule in IDENTITY_RULES]
        if broken:
            breaks[path.name] = broken
        missing += [f"{path.name}: {f.where}" for f in findings if f.rule == "structure.missing_part"]
        agency, year = truth.get(path.name, (None, None))
        agency_ok += agency is not None and report.agency == agency
        year_ok += year is not None and report.year == year
    elapsed = time.perf_counter() - start
    n = len(files)
    return {
        "wild_cells_read_share": summary([read / cells], "share", files=n, cells=cells, read=read),
        "wild_identity_breaks": summary([sum(len(v) for v in breaks.values())], "findings", files=len(breaks),
                                        where=breaks),
        "wild_missing_parts": summary([len(missing)], "findings", where=missing),
        "wild_agency_accuracy": summary([agency_ok / n], "share", files=n),
        "wild_year_accuracy": summary([year_ok / n], "share", files=n),
        "parse_check_wild": summary([n / elapsed], "reports/s", files=n),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(wild_reading(), ensure_ascii=False, indent=2))
