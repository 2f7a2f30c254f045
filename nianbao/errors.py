"""Every error the project raises on purpose: one base class, Chinese messages, an exit code each.

Library code raises these; only the edges (the CLI in `nianbao.cli`, the app in `nianbao.ui.errors`)
turn them into a message and an exit code or an error box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nianbao.model import Finding


class NianbaoError(Exception):
    """Base of the project's errors; `str(error)` is a Chinese message a clerk can act on."""

    exit_code: int = 2


class ReadError(NianbaoError):
    """A document that cannot be read at all; the message names the file."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"无法读取文件“{source}”：{problem}")
        self.source = source
        self.problem = problem


class DocumentError(NianbaoError):
    """A file that cannot be ingested into the library; the message names the file."""


class EmbeddingError(NianbaoError):
    """An embedding backend cannot be used (unknown name, model missing locally)."""


class StoreError(NianbaoError):
    """The vector store or the library's files cannot be reached or opened."""


class DamagedStore(StoreError):
    """A library file that exists but is not a readable database; never reset silently."""

    def __init__(self, path: object, problem: str, recovery: str) -> None:
        super().__init__(f"资料库文件 {path} 已损坏：{problem}。{recovery}")
        self.path = path
        self.problem = problem


class CompareError(NianbaoError):
    """Reports that cannot be compared with each other; the message names the files."""


class CountsReadError(NianbaoError):
    """A counts file that cannot be read at all."""


class CountsInvalid(NianbaoError):
    """Counts that fail the checker's table rules; carries the error findings."""

    exit_code = 1  # the input was read; its figures are wrong, as with a report that has errors

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        lines = [f"统计数据有 {len(findings)} 处错误，无法据此起草（请先改正）："]
        lines += [f"  - [{f.rule}] {f.message}" for f in findings]
        super().__init__("\n".join(lines))


class OutlineError(NianbaoError):
    """An unknown part name for a draft."""


class UnknownBackend(NianbaoError):
    """A drafting backend name that is not registered."""


class LlmError(NianbaoError):
    """The LLM could not answer (timeout, HTTP error, misconfiguration)."""


class PromptError(NianbaoError):
    """A missing prompt file or a missing variable."""


class ModelFileError(NianbaoError):
    """The local model file cannot be assembled or found (part packages missing, wrong size or checksum)."""
