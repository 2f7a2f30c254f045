"""Read documents and recognise a report's structure: parts, tables, agency, year, level."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nianbao.corpus.format2019 import is_2019_format, read_active_2019
from nianbao.corpus.meta import find_agency, find_level, find_published, find_title, find_year, parse_date, split_header
from nianbao.corpus.parts import split_parts
from nianbao.corpus.readers import Document, read_bytes, read_path, strip_page_footers
from nianbao.corpus.status import read_status
from nianbao.corpus.tables import TableRead, read_active, read_applications, read_review
from nianbao.errors import ReadError
from nianbao.model import Active, Active2019, Level, ParseMeta, Report

__all__ = ["ReadError", "parse_bytes", "parse_document", "parse_file", "parse_text"]


def _best(primary: TableRead, fallback: TableRead) -> TableRead:
    """The reading with fewer null cells (real tables first, text on a tie)."""
    return primary if primary.null_count <= fallback.null_count else fallback


def _tables(part_text: str, doc: Document, reader: Callable[[str], TableRead]) -> tuple[TableRead, TableRead]:
    """(reading used, reading of the text): the document's real tables decide when the text leaves cells unread."""
    from_text = reader(part_text) if part_text else TableRead(None)
    if doc.table_loader is None and doc.table_text is None:
        return from_text, from_text
    if from_text.table is not None and doc.table_loader is not None and from_text.null_count == 0:
        return from_text, from_text  # a PDF whose text reads completely: skip the slow table extraction
    table_text = doc.tables()
    if table_text:
        return _best(reader(table_text), from_text), from_text
    return from_text, from_text


def _prose_around(text: str, read: TableRead) -> str:
    """A part's text without the table read from it."""
    if read.span is None:
        return text if read.table is None else ""
    start, end = read.span
    return (text[:start] + "\n" + text[end:]).strip()


def parse_document(doc: Document) -> Report:
    """Recognise a report in a read document."""
    header, text = split_header(doc.text)
    parts = split_parts(text)
    title = header.get("title") or find_title(text)
    truncated = parts.truncated or header.get("completeness", "").startswith("partial")
    meta = ParseMeta(source=doc.source, title=title, intro=parts.intro, part_titles=parts.titles, truncated=truncated,
                     header=header)
    agency = header.get("agency") or find_agency(title, text)
    if agency and "（" in agency and header.get("agency"):
        agency = agency.split("（")[0]
    year_text = header.get("year", "")
    year = int(year_text) if year_text.isdigit() else find_year(title, text)
    level: Level = "government" if header.get("level") == "government" else "department"
    if header.get("level") not in ("department", "government"):
        level = find_level(agency)
    report = Report(agency=agency, year=year, level=level, parts=parts.texts, meta=meta)
    old_format = is_2019_format(parts.texts.get("2") or text)
    readers = {"active": ("2", read_active_2019 if old_format else read_active),
               "applications": ("3", read_applications), "review_litigation": ("4", read_review)}
    reads: dict[str, TableRead] = {}
    for name, (key, reader) in readers.items():
        reads[name], from_text = _tables(parts.texts.get(key, ""), doc, reader)
        if key in parts.texts:
            meta.prose[key] = _prose_around(parts.texts[key], from_text)
    if old_format:
        report.format = "2019"
    for name, read in reads.items():
        report.read_status[name] = read_status(read)
        if read.table is None:
            continue
        if isinstance(read.table, Active2019):
            report.active_2019 = read.table
        elif isinstance(read.table, Active) or name != "active":
            setattr(report, name, read.table)
        meta.unreadable.update(read.unreadable)
        meta.label_issues.extend(read.label_issues)
        meta.notes.extend(read.notes)
    meta.published = find_published(title, text) or parse_date(header.get("date", ""))
    if not parts.texts and all(r.table is None for r in reads.values()):
        raise ReadError(doc.source, "没有识别出年度报告的任何部分（一至六部分）或统计表格，可能不是政府信息公开工作年度报告。")
    return report


def parse_text(text: str, source: str = "<文本>") -> Report:
    """Parse a report given as text (pasted, or already decoded)."""
    if not text.strip():
        raise ReadError(source, "内容为空。")
    return parse_document(Document(source, strip_page_footers(text)))


def parse_bytes(data: bytes, source: str) -> Report:
    """Parse an uploaded file's bytes; the name's suffix helps choose the reader."""
    return parse_document(read_bytes(data, source))


def parse_file(path: str | Path) -> Report:
    """Parse a report file (txt, docx, pdf, html)."""
    return parse_document(read_path(Path(path)))
