"""The deterministic template renderer (backend `template`) and the slot filling every backend uses."""

from __future__ import annotations

import re

from nianbao.drafting.backends import ChatClient, Passage, register_backend
from nianbao.drafting.facts import Facts
from nianbao.drafting.outline import SLOT, Outline, Section, fill_names
from nianbao.settings import Settings

ORDINALS = "一二三四五六七八九十"




def format_value(value: int | float) -> str:
    """A figure as printed: integers plainly, decimals without trailing zeros."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def fill_slots(text: str, facts: Facts) -> tuple[str, list[str]]:
    """Replace `{{key}}` by the figure's value; returns the text and the unknown keys."""
    unknown: list[str] = []

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        value = facts.value(key)
        if value is None:
            unknown.append(key)
            return match.group(0)
        return format_value(value)

    return SLOT.sub(one, text), unknown


def _sentence(text: str) -> str:
    """Text ending with one full stop."""
    return text.rstrip("。；;，, ") + "。"


class TemplateRenderer:
    """Deterministic wordings; the variant of each point depends on year and agency."""

    name = "template"

    def _section(self, outline: Outline, section: Section) -> str:
        """One paragraph."""
        names = outline.context()
        lead = fill_names(outline.pick(section.leads, f"lead:{section.name}"), names)
        chosen = [fill_names(outline.pick(p.variants, f"{section.name}:{p.key}:{p.grounds}"), names)
                  for p in section.points]
        if section.numbered and len(chosen) > 1:
            body = "".join(_sentence(f"{ORDINALS[i]}是{text}") for i, text in enumerate(chosen[:10]))
        elif section.name == "status":
            body = _sentence("；".join(c.rstrip("。；") for c in chosen))
        else:
            body = "".join(_sentence(c) for c in chosen)
        return lead + body

    def render(self, outline: Outline) -> str:
        """Paragraphs of the outline with figures filled in from the facts."""
        text = "\n\n".join(self._section(outline, s) for s in outline.sections if s.points)
        filled, _ = fill_slots(text, outline.facts)
        return filled

    def repair(self, outline: Outline, draft: str, findings: list[str]) -> str:
        """The template's text again: its wordings take every figure from the facts."""
        return self.render(outline)


def template_backend(settings: Settings, passages: list[Passage], client: ChatClient | None) -> TemplateRenderer:
    """The `template` backend: no model, no grounding passages needed."""
    return TemplateRenderer()


def register() -> None:
    """Register the `template` backend (entry point of the group nianbao.backends)."""
    register_backend("template", template_backend, llm=False)
