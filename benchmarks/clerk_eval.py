"""The clerk questions of the retrieval evaluation: R@5 per kind, plain search before and 问答 (drafting.answer) after.

Before: the first five hits of `Library.search` on the question as typed. After: the sources of
`drafting.answer.answer_question` for the demo bureau's 2025 session (vocabulary, 我局/去年 filters,
one hit per article, counts from the stored tables, the relevance threshold). An off-topic question
counts as found when nothing is offered; a counts question after the change also needs the right figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nianbao.drafting.answer import Answer, Profile, Source, answer_question
from nianbao.retrieval.articles import default_article_index
from nianbao.retrieval.library import Library
from nianbao.retrieval.types import Hit

CLERK_QUESTIONS = Path(__file__).resolve().parent / "retrieval_eval_clerk.yaml"
KINDS = ("base", "clerk", "filter", "counts", "offtopic")  # base: the 64 questions of retrieval_eval.yaml


@dataclass(frozen=True)
class ClerkQuestion:
    """One question of the clerk file and what answers it."""

    kind: str
    text: str
    articles: tuple[str, ...] = ()
    every: bool = False
    agency: str | None = None
    year: int | None = None
    parts: tuple[str, ...] = ()
    value: float | None = None

    def _answers(self, kind: str, article: str | None, agency: str | None, year: int | None,
                 part: str | None) -> bool:
        """A passage of this kind and place answers the question."""
        if self.articles:
            return kind == "regulation" and article in self.articles
        in_report = agency == self.agency and year == self.year
        return in_report and (kind == "table" or (kind == "report" and part in self.parts))

    def found_by_hits(self, hits: list[Hit]) -> bool:
        """Plain search: found when the first five hits hold the answer (an off-topic question: no hit)."""
        if self.kind == "offtopic":
            return not hits
        got = {h.article for h in hits if h.kind == "regulation"} if self.every else set()
        if self.every:
            return set(self.articles) <= got
        return any(self._answers(h.kind, h.article, h.agency, h.year, h.part) for h in hits)

    def found_by_answer(self, answer: Answer) -> bool:
        """问答: found when its sources hold the answer (and the right figure); off-topic: 未找到相关依据."""
        if self.kind == "offtopic":
            return not answer.found
        sources: list[Source] = answer.sources[:5]
        if self.every:
            return set(self.articles) <= {s.article for s in sources if s.kind == "regulation"}
        found = any(self._answers(s.kind, s.article, s.agency, s.year, s.part) for s in sources)
        if self.value is not None:
            return found and answer.kind == "counts" and f"{self.value:g}件" in answer.text
        return found


def load_clerk_questions(path: Path = CLERK_QUESTIONS) -> tuple[Profile, list[ClerkQuestion]]:
    """The session and the questions of the clerk file."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    session = data.get("session") or {}
    out = []
    for item in data["questions"]:
        report = item.get("report") or {}
        out.append(ClerkQuestion(item["kind"], item["q"], tuple(item.get("articles", ())), bool(item.get("all")),
                                 report.get("agency"), report.get("year"),
                                 tuple(str(p) for p in report.get("parts", ())), item.get("value")))
    return Profile(session.get("agency"), session.get("year")), out


def as_clerk(text: str, article: str | None, agency: str | None, year: int | None, parts: tuple[str, ...]) -> ClerkQuestion:
    """A question of the first evaluation file, asked through 问答 too (kind "base")."""
    return ClerkQuestion("base", text, (article,) if article else (), False, agency, year, parts)


def clerk_recall(library: Library, base: list[ClerkQuestion] | None = None,
                 path: Path = CLERK_QUESTIONS) -> dict[str, tuple[float, float, int]]:
    """Per kind: R@5 of plain hybrid search, R@5 of 问答, number of questions."""
    profile, questions = load_clerk_questions(path)
    questions = [*(base or []), *questions]
    articles = default_article_index(library.settings)
    rows: dict[str, tuple[float, float, int]] = {}
    for kind in KINDS:
        chosen = [q for q in questions if q.kind == kind]
        if not chosen:
            continue
        before = sum(q.found_by_hits(library.search(q.text, top=5)) for q in chosen)
        after = sum(q.found_by_answer(answer_question(q.text, library, articles, profile, top=5)) for q in chosen)
        rows[kind] = (before / len(chosen), after / len(chosen), len(chosen))
    return rows


def clerk_table(rows: dict[str, dict[str, tuple[float, float, int]]]) -> str:
    """Markdown table: one line per embedding, before/after R@5 per kind."""
    kinds = [k for k in KINDS if any(k in r for r in rows.values())]
    counts = {k: next(r[k][2] for r in rows.values() if k in r) for k in kinds}
    head = "| embedding | " + " | ".join(f"{k} ({counts[k]}) before → after" for k in kinds) + " |"
    lines = ["Clerk questions (benchmarks/retrieval_eval_clerk.yaml; base = the questions above), R@5 of plain hybrid "
             "search → 问答 (drafting.answer):", "",
             head, "|---" * (len(kinds) + 1) + "|"]
    for name, row in rows.items():
        lines.append(f"| {name} | " + " | ".join(f"{row[k][0]:.2f} → {row[k][1]:.2f}" for k in kinds) + " |")
    return "\n".join(lines)
