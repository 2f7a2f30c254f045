"""The FORMAT.md §6 reuse ratio (sentences, normalised) and the rule reuse.prior_year built on it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from nianbao.model import PART_TITLES, Finding, Report

# Sentence ends of FORMAT.md §6; the half-width forms too, because the stored web copies
# turned full-width punctuation into half-width (`;` in lists, `,` in clauses).
_SENTENCE = re.compile(r"[^。！？；!?;\r\n]*(?:[。！？；!?;]+[”’」』）)]*)?")
_CN_DIGITS = "〇零一二三四五六七八九"
_CN_NUMERALS = _CN_DIGITS + "十百千万亿两"
# a year (2023年, 二〇二三年) or any run of numerals, Arabic and Chinese mixed (96075万, 十四五)
_NUMBER = re.compile(rf"(?:\d{{4}}|[{_CN_DIGITS}]{{4}})年|[\d{_CN_NUMERALS}]+")
PLACEHOLDER = "#"



class _Dropped(dict[int, int | None]):
    """str.translate table dropping white space, punctuation, symbols and control characters (filled as seen)."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.category(chr(code))[0] in "ZPSC" else code
        return self[code]


_DROPPED = _Dropped()


def normalise(sentence: str) -> str:
    """The sentence without white space and punctuation, every year and numeral run replaced by `#`."""
    text = unicodedata.normalize("NFKC", sentence).translate(_DROPPED)
    return _NUMBER.sub(PLACEHOLDER, text)


@dataclass(frozen=True)
class Sentence:
    """A sentence as printed and its normalised form."""

    text: str
    norm: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a part (split at 。！？； and line breaks); those with nothing left after normalising are dropped."""
    return list(_split(text or ""))


@lru_cache(maxsize=1024)
def _split(text: str) -> tuple[Sentence, ...]:
    """split_sentences, remembered: a year's part is compared with the year before and the year after."""
    found = (s.strip() for s in _SENTENCE.findall(text))
    sentences = (Sentence(s, normalise(s)) for s in found if s)
    return tuple(s for s in sentences if s.norm)


def share(sentences: list[Sentence], flags: list[bool]) -> float | None:
    """Share of the sentences' normalised characters in flagged sentences; None when there are none."""
    total = sum(len(s.norm) for s in sentences)
    if total == 0:
        return None
    return sum(len(s.norm) for s, flag in zip(sentences, flags, strict=True) if flag) / total


def reuse_ratio(before: str, after: str) -> float | None:
    """FORMAT.md §6 reuse ratio of `after` against `before`; None when `after` has no text."""
    seen = {s.norm for s in split_sentences(before)}
    sentences = split_sentences(after)
    return share(sentences, [s.norm in seen for s in sentences])

RULE = "reuse.prior_year"
DEFAULT_THRESHOLD = 0.5
NARRATIVE_PARTS: tuple[str, ...] = ("1", "5")


def reuse_findings(
    ratios: Mapping[str, float | None],
    previous_year: int | None,
    threshold: float = DEFAULT_THRESHOLD,
    parts: Iterable[str] = NARRATIVE_PARTS,
) -> list[Finding]:
    """Warnings for the parts whose already computed reuse ratio exceeds the threshold."""
    findings = []
    prior = f"{previous_year}年度" if previous_year else "上一年度"
    for key in parts:
        ratio = ratios.get(key)
        if ratio is None or ratio <= threshold:
            continue
        title = PART_TITLES[key]
        findings.append(
            Finding(
                rule=RULE,
                severity="warning",
                message=(
                    f"“{title}”有{ratio:.0%}的文字与{prior}报告逐句相同（仅数字、年份不同的句子也算相同），"
                    f"超过{threshold:.0%}的重复率阈值，请结合本年度的实际工作重新撰写。"
                ),
                where=title,
                expected=threshold,
                actual=round(ratio, 2),
            )
        )
    return findings


def check_reuse(
    previous: Report,
    current: Report,
    threshold: float = DEFAULT_THRESHOLD,
    parts: Iterable[str] = NARRATIVE_PARTS,
) -> list[Finding]:
    """reuse.prior_year warnings for `current` against the prior year's report `previous`."""
    keys = tuple(parts)
    ratios = {key: reuse_ratio(previous.parts.get(key, ""), current.parts.get(key, "")) for key in keys}
    return reuse_findings(ratios, previous.year, threshold, keys)
