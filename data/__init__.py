"""The project's own data, shipped inside the package: article summaries and the fictional demo corpus."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
ARTICLE_SUMMARIES = FOLDER / "regulation" / "articles.yaml"
DEMO = FOLDER / "demo"
DEMO_REPORTS = DEMO / "reports"
DEMO_COUNTS = DEMO / "counts"
DEMO_LIBRARY: tuple[Path, ...] = (ARTICLE_SUMMARIES, DEMO_REPORTS)  # what `nianbao ingest --demo` imports
