"""Sentence-level reuse of one part's text against the prior year's (FORMAT.md §6)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

# Sentence ends of FORMAT.md §6; the half-width forms too, because the stored web copies
# turned full-width punctuation into half-width (`;` in lists, `,` in clauses).
_SENTENCE = re.compile(r"[^。！？；!?;\r\n]*(?:[。！？；!?;]+[”’」』）)]*)?")
_CN_DIGITS = "〇零一二三四五六七八九"
_CN_NUMERALS = _CN_DIGITS + "十百千万亿两"
# a year (2023年, 二〇二三年) or any run of numerals, Arabic and Chinese mixed (96075万, 十四五)
_NUMBER = re.compile(rf"(?:\d{{4}}|[{_CN_DIGITS}]{{4}})年|[\d{_CN_NUMERALS}]+")
PLACEHOLDER = "#"
FUZZY_MIN = 0.8


def _kept(ch: str) -> bool:
    """False for white space, punctuation, symbols and control characters."""
    return unicodedata.category(ch)[0] not in "ZPSC"


def normalise(sentence: str) -> str:
    """The sentence without white space and punctuation, every year and numeral run replaced by `#`."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", sentence) if _kept(ch))
    return _NUMBER.sub(PLACEHOLDER, text)


@dataclass(frozen=True)
class Sentence:
    """A sentence as printed and its normalised form."""

    text: str
    norm: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of a part (split at 。！？； and line breaks); those with nothing left after normalising are dropped."""
    found = (s.strip() for s in _SENTENCE.findall(text or ""))
    sentences = (Sentence(s, normalise(s)) for s in found if s)
    return [s for s in sentences if s.norm]


@dataclass(frozen=True)
class Marked:
    """A sentence of one year and whether the other year has a sentence with the same normalised form."""

    text: str
    norm: str
    shared: bool


@dataclass(frozen=True)
class PartDiff:
    """One part of two years: sentences marked shared or not, and the reuse ratios of the later year."""

    before: tuple[Marked, ...]
    after: tuple[Marked, ...]
    reuse: float | None
    reuse_fuzzy: float | None

    @property
    def reused(self) -> list[str]:
        """Sentences of the later year repeated from the earlier one."""
        return [m.text for m in self.after if m.shared]

    @property
    def added(self) -> list[str]:
        """Sentences of the later year not found in the earlier one."""
        return [m.text for m in self.after if not m.shared]

    @property
    def dropped(self) -> list[str]:
        """Sentences of the earlier year not found in the later one."""
        return [m.text for m in self.before if not m.shared]

    def interleaved(self) -> list[tuple[str, str]]:
        """(kind, text) pairs in the later year's order, kind being "reused", "added" or "dropped".

        A dropped sentence follows the later year's copy of the last shared sentence that preceded it.
        """
        first: dict[str, int] = {}
        for index, m in enumerate(self.after):
            first.setdefault(m.norm, index)
        slots: dict[int, list[str]] = {}
        anchor = -1
        for m in self.before:
            if m.shared:
                anchor = first[m.norm]
            else:
                slots.setdefault(anchor, []).append(m.text)
        lines = [("dropped", text) for text in slots.get(-1, [])]
        for index, m in enumerate(self.after):
            lines.append(("reused" if m.shared else "added", m.text))
            lines += [("dropped", text) for text in slots.get(index, [])]
        return lines

    def to_json(self) -> dict[str, object]:
        """The per-part object of `compare --json`."""
        return {
            "reuse": _rounded(self.reuse),
            "reuse_fuzzy": _rounded(self.reuse_fuzzy),
            "reused": self.reused,
            "added": self.added,
            "dropped": self.dropped,
        }


def _rounded(ratio: float | None) -> float | None:
    """A ratio rounded for JSON output."""
    return None if ratio is None else round(ratio, 4)


def _share(sentences: list[Sentence], flags: list[bool]) -> float | None:
    """Share of the sentences' normalised characters in flagged sentences; None when there are none."""
    total = sum(len(s.norm) for s in sentences)
    if total == 0:
        return None
    return sum(len(s.norm) for s, flag in zip(sentences, flags, strict=True) if flag) / total


def _similar(norm: str, candidates: list[str], minimum: float) -> bool:
    """Whether a normalised sentence has a difflib ratio ≥ minimum with one of the candidates."""
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(norm)
    for other in candidates:
        matcher.set_seq1(other)
        if matcher.real_quick_ratio() >= minimum and matcher.quick_ratio() >= minimum and matcher.ratio() >= minimum:
            return True
    return False


def reuse_ratio(before: str, after: str) -> float | None:
    """FORMAT.md §6 reuse ratio of `after` against `before`; None when `after` has no text."""
    seen = {s.norm for s in split_sentences(before)}
    sentences = split_sentences(after)
    return _share(sentences, [s.norm in seen for s in sentences])


def diff_part(before: str, after: str, fuzzy_min: float = FUZZY_MIN) -> PartDiff:
    """Compare one part of two years: exact reuse (§6) and a fuzzier reuse (difflib ratio ≥ fuzzy_min)."""
    old, new = split_sentences(before), split_sentences(after)
    old_norms, new_norms = {s.norm for s in old}, {s.norm for s in new}
    shared = [s.norm in old_norms for s in new]
    candidates = list(old_norms)
    fuzzy = [flag or _similar(s.norm, candidates, fuzzy_min) for s, flag in zip(new, shared, strict=True)]
    return PartDiff(
        before=tuple(Marked(s.text, s.norm, s.norm in new_norms) for s in old),
        after=tuple(Marked(s.text, s.norm, flag) for s, flag in zip(new, shared, strict=True)),
        reuse=_share(new, shared),
        reuse_fuzzy=_share(new, fuzzy),
    )
