"""`nianbao library --repair`: set damaged library files aside, rebuild what the rest still holds.

What can be rebuilt without the original files: the text index's embedded chunks from the vector store,
and the vectors from the text index (through the content cache). What needs the files: the report
records, the table parts and the journal; files the journal still knows and that are still in place are
imported again, the others are listed for the clerk to import.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from nianbao.retrieval import sqlitefile
from nianbao.retrieval.library import Library, library_index
from nianbao.retrieval.lock import Notify, WriterLock
from nianbao.retrieval.types import IngestResult
from nianbao.settings import Settings


@dataclass
class RepairReport:
    """What a repair did."""

    set_aside: list[tuple[Path, Path, str]] = field(default_factory=list)  # (file, moved to, problem)
    restored_chunks: int = 0  # text rows rebuilt from the vector store
    ingest: IngestResult | None = None
    missing_files: list[str] = field(default_factory=list)  # journal paths no longer on disk
    journal_lost: bool = False


def deep_problem(path: Path) -> str | None:
    """A damaged file's problem from its header, else from SQLite's own page check (slower; repair only)."""
    found = sqlitefile.problem(path)
    if found or not path.exists():
        return found
    try:
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"无法读取（{exc}）"
    verdict = "；".join(str(r[0]) for r in rows[:3])
    return None if verdict == "ok" else f"页面检查未通过（{verdict}）"


def repair(settings: Settings, notify: Notify | None = None) -> RepairReport:
    """Set damaged SQLite files aside, then rebuild and re-import what can be (see the module docstring)."""
    report = RepairReport()
    lock = WriterLock(settings.data_dir)
    lock.acquire(wait=True, notify=notify)
    try:
        files = [settings.data_dir / "library.sqlite3", settings.data_dir / "text" / f"{library_index(settings)}.sqlite3"]
        for path in files:
            found = deep_problem(path)
            if found:
                moved = sqlitefile.set_aside(path)
                if moved is not None:
                    report.set_aside.append((path, moved, found))
                    report.journal_lost |= path.name == "library.sqlite3"
    finally:
        lock.release()
    library = Library(settings)
    report.restored_chunks = library.sync(force=True)
    health = library.health()
    entries = library.records.entries(library.index)
    redo = set(health.incomplete) | {e.path for e in entries if e.status != "done"}
    present = sorted(p for p in redo if Path(p).is_file())
    report.missing_files = sorted(redo - set(present))
    report.ingest = library.ingest(present, bar=False, notify=notify)  # also embeds any missing vectors
    return report
