"""Renderers turn an outline into text; the deterministic template renderer and the backend registry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from drafting.facts import Facts
from drafting.outline import SLOT, Outline, Section, fill_names

ORDINALS = "一二三四五六七八九十"
BACKENDS: tuple[str, ...] = ("template", "openai", "ollama")


class Renderer(Protocol):
    """Anything that writes an outline as text."""

    def render(self, outline: Outline) -> str:
        """The text of the outline's part."""
        ...


class UnknownBackend(ValueError):
    """A backend name that is not registered (message in Chinese)."""


def format_value(value: int | float) -> str:
    """A figure as printed: integers plainly, decimals without trailing zeros."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def fill_slots(text: str, facts: Facts) -> tuple[str, list[str]]:
    """Replace `{{key}}` by the figure's value; returns the text and the unknown keys."""
    unknown: list[str] = []

    def one(match: object) -> str:
        key = match.group(1)  # type: ignore[attr-defined]
        value = facts.value(key)
        if value is None:
            unknown.append(key)
            return match.group(0)  # type: ignore[attr-defined]
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


RendererFactory = Callable[..., Renderer]
_REGISTRY: dict[str, RendererFactory] = {"template": lambda **_: TemplateRenderer()}


def register_renderer(name: str, factory: RendererFactory) -> None:
    """Make a renderer available under a backend name."""
    _REGISTRY[name] = factory


def get_renderer(name: str, **options: object) -> Renderer:
    """The renderer of a backend name; raises UnknownBackend with a Chinese message."""
    if name in ("openai", "ollama") and name not in _REGISTRY:
        from drafting import llm  # registers the LLM backends

        llm.register()
    if name not in _REGISTRY:
        raise UnknownBackend(f"未知的起草方式“{name}”，可选：{'、'.join(BACKENDS)}（template 为不使用大模型的模板起草）。")
    return _REGISTRY[name](**options)
