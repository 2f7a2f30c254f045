"""Sentence-level reuse of one part's text against the prior year's (FORMAT.md §6)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from nianbao.checker.reuse import share, split_sentences

FUZZY_MIN = 0.8


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


def _similar(norm: str, candidates: list[str], minimum: float) -> bool:
    """Whether a normalised sentence has a difflib ratio ≥ minimum with one of the candidates."""
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(norm)
    for other in candidates:
        matcher.set_seq1(other)
        if matcher.real_quick_ratio() >= minimum and matcher.quick_ratio() >= minimum and matcher.ratio() >= minimum:
            return True
    return False


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
        reuse=share(new, shared),
        reuse_fuzzy=share(new, fuzzy),
    )
