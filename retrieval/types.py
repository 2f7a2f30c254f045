"""Our own retrieval types; chroma and LangChain types never leave retrieval/."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from nianbao.model import PART_TITLES

Kind = Literal["regulation", "report"]
Meta = dict[str, str | int]


@dataclass(frozen=True)
class Chunk:
    """One indexed piece of a document, with its metadata (kind, source, article or agency/year/part)."""

    id: str
    text: str
    metadata: Meta

    @property
    def title(self) -> str:
        """Context line prepended to the text for embedding and BM25 (source, article or agency/year/part)."""
        return str(self.metadata.get("title", ""))

    @property
    def search_text(self) -> str:
        """Text that is tokenised for BM25: title plus chunk text."""
        return f"{self.title}\n{self.text}" if self.title else self.text

    @property
    def vector_text(self) -> str:
        """Text that is embedded: the search text, for a report chunk without its year (agency and part kept),
        so a paragraph an agency repeats from one year to the next is embedded once (retrieval/vectorcache.py)."""
        meta = self.metadata
        if meta.get("kind") != "report":
            return self.search_text
        head = f"{meta.get('agency', '')} {PART_TITLES.get(str(meta.get('part', '')), '')}".strip()
        return f"{head}\n{self.text}" if head else self.text


@dataclass(frozen=True)
class Hit:
    """One search result."""

    source: str
    kind: str
    text: str
    score: float
    article: str | None = None
    chapter: str | None = None
    part: str | None = None
    agency: str | None = None
    year: int | None = None
    id: str = ""

    @classmethod
    def from_chunk(cls, chunk: Chunk, score: float) -> Hit:
        """A hit for a stored chunk."""
        meta = chunk.metadata
        year = meta.get("year")
        return cls(
            source=str(meta.get("source", "")),
            kind=str(meta.get("kind", "")),
            text=chunk.text,
            score=score,
            article=_opt(meta.get("article")),
            chapter=_opt(meta.get("chapter")),
            part=_opt(meta.get("part")),
            agency=_opt(meta.get("agency")),
            year=int(year) if isinstance(year, int) else None,
            id=chunk.id,
        )

    def to_json(self) -> dict[str, Any]:
        """Plain dict for `search --json`."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _opt(value: object) -> str | None:
    """String or None for an optional metadata value."""
    return None if value in (None, "") else str(value)


@dataclass
class IngestResult:
    """What one ingest run did."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # written again: the library had lost part of them
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chunks_written: int = 0
    rebuilt: int = 0  # vectors of a lost store embedded again from the text index
    embedded: int = 0  # texts the model embedded
    reused: int = 0  # texts whose vector came from the content cache

    @property
    def ok(self) -> bool:
        """True when every file could be read."""
        return not self.errors
