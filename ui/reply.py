"""What an action gets (the session's Context) and gives back (a Reply with its extras); no Streamlit here."""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.compare.series import Comparison
from nianbao.drafting.service import Draft
from nianbao.model import Finding, Report
from nianbao.retrieval.library import Library
from nianbao.settings import Settings

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Download:
    """A file the reply offers."""

    label: str
    data: bytes
    file_name: str
    mime: str


@dataclass
class Reply:
    """What the assistant answers: markdown, plus optional findings, comparison or draft details."""

    text: str
    action: str
    findings: list[Finding] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    comparison: Comparison | None = None
    draft: Draft | None = None
    downloads: list[Download] = field(default_factory=list)
    notice: str = ""  # how the message was understood ("已按『检查』处理")


@dataclass
class Context:
    """What the session knows: profile, settings, this year's counts, the library, an uploaded file."""

    agency: str
    year: int
    level: str
    settings: Settings
    library: Library | None = None
    counts: Report | None = None
    upload: tuple[str, bytes] | None = None
