"""What an office shares on its chroma server besides the vectors: BM25-only chunks, report records, a write mark.

With NIANBAO_CHROMA_HOST set, the server is the library: the vector collection holds the embedded chunks
with their text, metadata and BM25 tokens; `<index>-text` holds the chunks found by BM25 only (the table
parts); `nianbao-reports` holds one record per agency and year (the tables the cross-year checks and
drafting read); `nianbao-state` holds a mark per index that every write changes, so another clerk's
machine knows when to bring its local copy of the text side (data_dir/text, the FTS5 index BM25 runs on)
up to date. Those three collections carry no meaning in their vectors: each record gets a small
deterministic vector so chroma's index accepts it.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from typing import Any

from nianbao.corpus.meta import same_agency
from nianbao.model import ParseMeta, Report
from nianbao.retrieval.records import pick
from nianbao.retrieval.store import get_chunks, guarded, open_collection, page_ids, stored_meta
from nianbao.retrieval.types import Chunk
from nianbao.settings import Settings

REPORTS = "nianbao-reports"
STATE = "nianbao-state"
_BATCH = 256


def placeholder_vector(key: str) -> list[float]:
    """A unit vector in two dimensions from a key (records whose vectors mean nothing)."""
    angle = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "little") / 2**32 * 2 * math.pi
    return [math.cos(angle), math.sin(angle)]


def report_id(agency: str, year: int) -> str:
    """The record id of an agency's report of a year."""
    return hashlib.sha256(f"{agency}\x00{year}".encode()).hexdigest()[:32]


class ServerText:
    """The BM25-only chunks and the write mark of one index on a chroma server."""

    def __init__(self, settings: Settings, client: Any, index: str) -> None:
        self.settings = settings
        self.index = index
        self._text = open_collection(settings, client, f"{index}-text", None, role="bm25-only chunks")
        self._state = open_collection(settings, client, STATE, None, role="write marks")

    # ----- the write mark -----
    def mark(self) -> str | None:
        """The index's current write mark (None: nothing was ever written here, or the server lost its data)."""
        with guarded(self.settings):
            got = self._state.get(ids=[self.index], include=["documents"])
        return got["documents"][0] if got["ids"] else None

    def touch(self) -> str:
        """Record that the index changed; the new mark."""
        mark = uuid.uuid4().hex
        with guarded(self.settings):
            self._state.upsert(ids=[self.index], documents=[mark], embeddings=[placeholder_vector(self.index)],
                               metadatas=[{"index": self.index}])
        return mark

    # ----- chunks found by BM25 only -----
    def upsert_text(self, chunks: list[Chunk]) -> None:
        """Write BM25-only chunks (text, metadata, tokens)."""
        with guarded(self.settings):
            for start in range(0, len(chunks), _BATCH):
                batch = chunks[start : start + _BATCH]
                self._text.upsert(ids=[c.id for c in batch], documents=[c.text for c in batch],
                                  metadatas=[stored_meta(c, True) for c in batch],
                                  embeddings=[placeholder_vector(c.id) for c in batch])

    def text_ids(self) -> set[str]:
        """Ids of every BM25-only chunk."""
        return page_ids(self.settings, self._text)

    def get_text(self, ids: list[str]) -> list[Chunk]:
        """BM25-only chunks by id."""
        return get_chunks(self.settings, self._text, ids)

    def delete_content(self, content_hash: str) -> None:
        """Remove the BM25-only chunks of one file content."""
        with guarded(self.settings):
            self._text.delete(where={"content_hash": content_hash})



class ServerRecords:
    """The report records an office shares, on a chroma server."""

    def __init__(self, settings: Settings, client: Any) -> None:
        self.settings = settings
        self._reports = open_collection(settings, client, REPORTS, None, role="report records")

    def put_reports(self, reports: list[tuple[Report, str, frozenset[str]]]) -> None:
        """Replace the records of these reports' agency and year; drop records of their files' old contents."""
        if not reports:
            return
        with guarded(self.settings):
            stale = sorted({old for _, _, olds in reports for old in olds})
            if stale:
                self._reports.delete(where={"content_hash": {"$in": stale}})
            ids = [report_id(str(r.agency), int(r.year or 0)) for r, _, _ in reports]
            self._reports.upsert(
                ids=ids,
                documents=[json.dumps({"report": r.to_json(), "meta": r.meta.model_dump(mode="json")}, ensure_ascii=False)
                           for r, _, _ in reports],
                metadatas=[{"agency": str(r.agency), "year": int(r.year or 0), "level": r.level,
                            "source": r.meta.source or "", "content_hash": h} for r, h, _ in reports],
                embeddings=[placeholder_vector(i) for i in ids],
            )

    def reports_of_years(self, years: list[int]) -> list[tuple[str, Report]]:
        """(agency, report) of every record of the given years, in one request."""
        if not years:
            return []
        where = {"year": years[0]} if len(years) == 1 else {"year": {"$in": sorted(set(years))}}
        with guarded(self.settings):
            got = self._reports.get(where=where, include=["documents", "metadatas"])
        return [(str(m["agency"]), _report(d)) for d, m in zip(got["documents"], got["metadatas"], strict=True)]

    def get_report(self, agency: str, year: int) -> Report | None:
        """The record of an agency and year (names compared loosely, as the local records do)."""
        return pick(self.reports_of_years([year]), agency)

    def reports(self, agency: str | None = None) -> list[Report]:
        """Every record, by agency and year; one agency's when given."""
        with guarded(self.settings):
            got = self._reports.get(include=["documents", "metadatas"])
        rows = sorted(zip(got["metadatas"], got["documents"], strict=True), key=lambda p: (p[0]["agency"], p[0]["year"]))
        return [_report(d) for m, d in rows if agency is None or same_agency(str(m["agency"]), agency)]

    def agency_years(self) -> dict[str, list[int]]:
        """Years of the stored reports per agency (metadata only)."""
        with guarded(self.settings):
            got = self._reports.get(include=["metadatas"])
        out: dict[str, list[int]] = {}
        for m in sorted(got["metadatas"], key=lambda m: (str(m["agency"]), int(m["year"]))):
            out.setdefault(str(m["agency"]), []).append(int(m["year"]))
        return out


def _report(document: str) -> Report:
    """A report rebuilt from its stored record."""
    data = json.loads(document)
    report = Report.model_validate(data["report"])
    report.meta = ParseMeta.model_validate(data["meta"])
    return report
