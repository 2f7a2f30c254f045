"""Prompt templates for the LLM renderers: files in this folder with `{{name}}` variables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from nianbao.errors import PromptError

FOLDER = Path(__file__).resolve().parent
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")



@dataclass(frozen=True)
class Prompt:
    """A prompt template and the variables it needs."""

    name: str
    text: str

    @property
    def variables(self) -> set[str]:
        """Names of the `{{name}}` variables in the template."""
        return set(_VARIABLE.findall(self.text))

    def render(self, **values: object) -> str:
        """The prompt with every variable filled in; raises PromptError when one is missing."""
        missing = sorted(self.variables - values.keys())
        if missing:
            raise PromptError(f"提示词模板“{self.name}”缺少变量：{'、'.join(missing)}。")
        return _VARIABLE.sub(lambda m: str(values[m.group(1)]), self.text)


def load_prompt(name: str, folder: Path = FOLDER) -> Prompt:
    """The prompt template `name` (file `name.md` in the folder)."""
    path = folder / f"{name}.md"
    if not path.is_file():
        available = "、".join(sorted(p.stem for p in folder.glob("*.md"))) or "无"
        raise PromptError(f"找不到提示词模板“{name}”（{path}）；现有：{available}。")
    return Prompt(name, path.read_text(encoding="utf-8"))
