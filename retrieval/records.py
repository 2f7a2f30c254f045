"""SQLite under data_dir: the per-file ingest journal and one structured record per report."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nianbao.corpus.meta import same_agency
from nianbao.errors import StoreError
from nianbao.model import ParseMeta, Report
from nianbao.retrieval import sqlitefile

_SCHEMA = """
CREATE TABLE IF NOT EXISTS journal (
    index_name TEXT NOT NULL,
    path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    stale TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    chunks INTEGER NOT NULL DEFAULT 0,
    written INTEGER NOT NULL DEFAULT 0,
    updated TEXT NOT NULL,
    PRIMARY KEY (index_name, path)
);
CREATE TABLE IF NOT EXISTS reports (
    agency TEXT NOT NULL,
    year INTEGER NOT NULL,
    level TEXT NOT NULL,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    report TEXT NOT NULL,
    meta TEXT NOT NULL,
    PRIMARY KEY (agency, year)
);
"""


@dataclass(frozen=True)
class PendingFile:
    """A file about to be written: journal key, content, old contents to drop, and its report record."""

    path: str
    content_hash: str
    stale: frozenset[str]
    kind: str
    chunks: int
    report: Report | None = None


@dataclass(frozen=True)
class JournalEntry:
    """The journal row of one file in one index."""

    path: str
    content_hash: str
    stale: tuple[str, ...]
    kind: str
    status: str  # "pending" or "done"
    chunks: int
    written: int


class Records:
    """Ingest journal and report records in data_dir/library.sqlite3."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "library.sqlite3"
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"无法创建资料库文件夹 {data_dir}：{exc.strerror or exc}") from exc
        sqlitefile.check(self.path)  # an existing file is never taken as empty
        sqlitefile.create(self.path, _SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection committing on success, rolling back on error, always closed; SQLite errors as StoreError."""
        with sqlitefile.connect(self.path) as conn:
            yield conn

    # ----- journal -----
    def entry(self, index: str, path: str) -> JournalEntry | None:
        """The journal row of a file, if any."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT path, content_hash, stale, kind, status, chunks, written FROM journal"
                " WHERE index_name = ? AND path = ?",
                (index, path),
            ).fetchone()
        return _entry(row) if row else None

    def entries(self, index: str) -> list[JournalEntry]:
        """Every journal row of an index, by path."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT path, content_hash, stale, kind, status, chunks, written FROM journal"
                " WHERE index_name = ? ORDER BY path",
                (index,),
            ).fetchall()
        return [_entry(r) for r in rows]

    def regulation_paths(self) -> list[str]:
        """Paths of regulation files fully ingested into any index, newest first."""
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT DISTINCT path FROM journal WHERE kind = 'regulation' AND status = 'done' ORDER BY updated DESC"
            ).fetchall()
        return [r[0] for r in rows]

    def mark_pending(self, index: str, files: list[PendingFile]) -> None:
        """Record that these files' chunks are about to be written (and which old contents to remove)."""
        now = _now()
        with self._connect() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO journal VALUES (?, ?, ?, ?, ?, 'pending', ?, 0, ?)",
                [(index, f.path, f.content_hash, ",".join(sorted(f.stale)), f.kind, f.chunks, now) for f in files],
            )

    def mark_written(self, index: str, progress: dict[str, int]) -> None:
        """Progress of pending files: path -> chunks written so far."""
        with self._connect() as conn:
            conn.executemany(
                "UPDATE journal SET written = ? WHERE index_name = ? AND path = ?",
                [(written, index, path) for path, written in progress.items()],
            )

    def mark_done(self, index: str, files: list[PendingFile], records: bool = True) -> None:
        """Record that all the files' chunks are stored, with their report records here unless `records` is off
        (a server holds them), in one transaction."""
        now = _now()
        with self._connect() as conn:
            for f in files:
                if f.report is not None and records:
                    _put_report(conn, f.report, f.content_hash, f.stale)
                conn.execute(
                    "UPDATE journal SET status = 'done', stale = '', written = chunks, updated = ?"
                    " WHERE index_name = ? AND path = ?",
                    (now, index, f.path),
                )

    def forget(self, index: str, paths: Iterable[str]) -> None:
        """Mark files as not written (their content must be written again by the next ingest)."""
        with self._connect() as conn:
            conn.executemany("UPDATE journal SET status = 'pending', written = 0 WHERE index_name = ? AND path = ?",
                             [(index, p) for p in paths])

    def hash_in_use(self, index: str, content_hash: str, other_than: str) -> bool:
        """True when another file of the index has this content (its chunks must stay)."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT 1 FROM journal WHERE index_name = ? AND content_hash = ? AND path != ? LIMIT 1",
                (index, content_hash, other_than),
            ).fetchone()
        return row is not None

    # ----- reports -----
    def get_report(self, agency: str, year: int) -> Report | None:
        """The stored report of an agency and year (names compared loosely: 洪泽区人民政府 = 淮安市洪泽区人民政府)."""
        return pick(self.reports_of_years([year]), agency)

    def reports_of_years(self, years: list[int]) -> list[tuple[str, Report]]:
        """(agency, report) of every record of the given years, in one query."""
        if not years:
            return []
        marks = ",".join("?" * len(set(years)))
        with self._connect() as conn:
            rows = conn.execute(f"SELECT report, meta, agency FROM reports WHERE year IN ({marks})", sorted(set(years)))
            return [(r[2], _report(r[:2])) for r in rows.fetchall()]

    def agency_years(self) -> dict[str, list[int]]:
        """Years of the stored reports per agency (no report is read)."""
        out: dict[str, list[int]] = {}
        with self._connect() as conn:
            for agency, year in conn.execute("SELECT agency, year FROM reports ORDER BY agency, year"):
                out.setdefault(agency, []).append(int(year))
        return out

    def reports(self, agency: str | None = None) -> list[Report]:
        """Stored reports, by agency and year; only one agency's when given."""
        with self._connect() as conn:
            rows = conn.execute("SELECT report, meta, agency FROM reports ORDER BY agency, year").fetchall()
        return [_report(r[:2]) for r in rows if agency is None or same_agency(r[2], agency)]


def pick(rows: list[tuple[str, Report]], agency: str) -> Report | None:
    """The one report of an agency among (stored name, report) rows: exact name first, then loosely; None
    when no name or more than one matches."""
    exact = [r for a, r in rows if a == agency]
    matches = exact or [r for a, r in rows if same_agency(a, agency)]
    return matches[0] if len(matches) == 1 else None


def _put_report(conn: sqlite3.Connection, report: Report, content_hash: str, stale: frozenset[str]) -> None:
    """Replace the record of the report's agency and year; drop records of the file's old contents."""
    for old in stale:
        conn.execute("DELETE FROM reports WHERE content_hash = ?", (old,))
    conn.execute(
        "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)",
        (report.agency, report.year, report.level, report.meta.source, content_hash,
         json.dumps(report.to_json(), ensure_ascii=False), report.meta.model_dump_json()),
    )


def _entry(row: tuple) -> JournalEntry:
    """A journal row as our type."""
    path, content_hash, stale, kind, status, chunks, written = row
    return JournalEntry(path, content_hash, tuple(s for s in stale.split(",") if s), kind, status, chunks, written)


def _report(row: tuple[str, str]) -> Report:
    """A report rebuilt from its stored JSON and parse metadata."""
    report = Report.model_validate(json.loads(row[0]))
    report.meta = ParseMeta.model_validate_json(row[1])
    return report


def _now() -> str:
    """Current UTC time, ISO format."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
