"""Turn documents into chunks with metadata: the regulation by article, reports by part and paragraph."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from nianbao.corpus.regulation import Article, article_label
from nianbao.model import PART_KEYS, PART_TITLES, Report
from nianbao.retrieval.bm25 import tokenize
from nianbao.retrieval.textindex import BM25_KEY
from nianbao.retrieval.types import Chunk, Meta

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


TABLE_PARTS = frozenset({"2", "3", "4"})


def embedded(chunk: Chunk, embed_tables: bool) -> bool:
    """True when a chunk gets a vector: everything except table parts of reports (unless embed_tables)."""
    meta = chunk.metadata
    return embed_tables or meta.get("kind") != "report" or meta.get("part") not in TABLE_PARTS


def chunk_id(content_hash: str, seq: int) -> str:
    """Deterministic chunk id: the same file content always yields the same ids."""
    return hashlib.sha256(f"{content_hash}:{seq}".encode()).hexdigest()[:32]


def _make(content_hash: str, seq: int, text: str, meta: Meta) -> Chunk:
    """A chunk with the common metadata (content hash, sequence number, BM25 tokens)."""
    meta = {**meta, "content_hash": content_hash, "seq": seq}
    title = str(meta.get("title", ""))
    meta[BM25_KEY] = " ".join(tokenize(f"{title}\n{text}"))
    return Chunk(chunk_id(content_hash, seq), text, meta)


def pack(paragraphs: list[str], size: int, overlap: int) -> list[str]:
    """Pack paragraphs into chunks of about `size` characters; long paragraphs are cut at sentence ends.

    Each chunk after the first starts with the last `overlap` characters of the previous one.
    """
    pieces: list[tuple[str, str]] = []  # (separator before the piece, piece)
    for para in paragraphs:
        sentences = [para] if len(para) <= size else [s for s in _SENTENCE_END.split(para) if s]
        cut = [s[i : i + size] for s in sentences for i in range(0, len(s), size)]
        pieces.extend(("\n" if i == 0 else "", piece) for i, piece in enumerate(cut))
    chunks: list[str] = []
    current = ""
    for sep, piece in pieces:
        if current and len(current) + len(sep) + len(piece) > size:
            chunks.append(current)
            tail = _tail(current, overlap)
            current = tail + sep + piece if tail else piece
        else:
            current = current + sep + piece if current else piece
    if current:
        chunks.append(current)
    return chunks


def _tail(text: str, overlap: int) -> str:
    """The last whole sentences of text that fit in `overlap` characters (the raw tail if none ends there)."""
    if overlap <= 0:
        return ""
    window = text[-overlap:]
    ends = [m.end() for m in _SENTENCE_END.finditer(window[:-1])] if len(text) > overlap else []
    ends = [e for e in ends if e > 0]
    return (window[ends[0] :] if ends else window).strip()


def regulation_chunks(articles: list[Article], source: str, content_hash: str) -> list[Chunk]:
    """One chunk per article of the regulation text."""
    return [
        _make(
            content_hash,
            seq,
            a.text,
            {"kind": "regulation", "source": source, "article": a.label, "number": a.number,
             "chapter": a.chapter, "title": f"政府信息公开条例 {a.chapter}"},
        )
        for seq, a in enumerate(articles)
    ]


def summary_chunks(entries: list[dict[str, Any]], source: str, content_hash: str) -> list[Chunk]:
    """One chunk per article summary (the demo corpus' YAML: number, label, chapter, topic, summary, …)."""
    chunks: list[Chunk] = []
    for seq, entry in enumerate(entries):
        number = int(entry["number"])
        label = str(entry.get("label") or article_label(number))
        lines = [str(entry.get("summary", "")).strip()]
        if entry.get("keywords"):
            lines.append("关键词：" + "、".join(map(str, entry["keywords"])))
        if entry.get("key_numbers"):
            lines.append("关键数字：" + "；".join(map(str, _flat(entry["key_numbers"]))))
        meta: Meta = {"kind": "regulation", "source": source, "article": label, "number": number,
                      "chapter": str(entry.get("chapter", "")), "title": f"{label} {entry.get('topic', '')}".strip()}
        chunks.append(_make(content_hash, seq, "\n".join(x for x in lines if x), meta))
    return chunks


def _flat(value: Any) -> list[str]:
    """key_numbers as strings; a {value, unit, what} mapping reads "what：value unit"."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict) and "value" in item:
            out.append(f"{item.get('what', '')}：{item['value']}{item.get('unit', '')}".lstrip("："))
        elif isinstance(item, dict):
            out.append("，".join(f"{k}：{v}" for k, v in item.items()))
        else:
            out.append(str(item))
    return out


def report_chunks(report: Report, source: str, content_hash: str, size: int, overlap: int) -> list[Chunk]:
    """Chunks of a report's six parts, by paragraph, with agency, year, level and part."""
    chunks: list[Chunk] = []
    for part in PART_KEYS:
        text = (report.parts.get(part) or "").strip()
        if not text:
            continue
        base: Meta = {"kind": "report", "source": source, "part": part, "level": report.level,
                      "title": f"{report.agency or ''} {report.year or ''}年 {PART_TITLES[part]}".strip()}
        if report.agency:
            base["agency"] = report.agency
        if report.year:
            base["year"] = report.year
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
        for piece in pack(paragraphs, size, overlap):
            chunks.append(_make(content_hash, len(chunks), piece, base))
    return chunks
