"""Cut a row's value tokens into its cells when separators were lost (`801000081` → 80 1 0 0 0 0 81).

White space between tokens is taken as a cell boundary; inside a token a boundary may be lost.
A reading cuts every token into well-formed numbers (no leading zero except a lone 0; a decimal
only as the last piece of its token) so that the row gets exactly its number of cells. When
several readings fit, only the row's own identity may choose (six columns sum to 总计; 结果维持 +
结果纠正 + 其他结果 + 尚未审结 = 总计), and a cell is read only when every fitting reading agrees on
it. The search is bounded: past the cap the row is left unread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from corpus.stream import to_amount

SEARCH_CAP = 20000  # search steps per row before giving up
_WELL_FORMED = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?|-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
Identity = Callable[[list[int | float]], bool]


@dataclass
class Split:
    """How a row's tokens were cut: the cells (None where undecided), how, and the readings seen."""

    cells: list[str | None]
    how: str  # "direct" | "form" | "identity" | "ambiguous" | "unfit" | "none"
    readings: list[tuple[str, ...]] = field(default_factory=list)  # up to three, for messages
    capped: bool = False

    @property
    def complete(self) -> bool:
        """Every cell was read."""
        return all(c is not None for c in self.cells)


def well_formed(token: str) -> bool:
    """A number as a table prints it: no leading zero (a lone 0 aside)."""
    return bool(_WELL_FORMED.fullmatch(token))


def _pieces(token: str, count: int, budget: list[int]) -> Iterator[list[str]]:
    """Every cut of one digit token into `count` well-formed numbers."""
    budget[0] -= 1
    if budget[0] < 0:
        return
    if count == 1:
        if well_formed(token):
            yield [token]
        return
    head_max = token.index(".") if "." in token else len(token)
    if token[0] == "0":
        ends: range | list[int] = [1]
    else:
        ends = range(1, head_max)
    for end in ends:
        if end >= head_max:
            break
        for rest in _pieces(token[end:], count - 1, budget):
            yield [token[:end], *rest]


def _readings(tokens: list[str], width: int, budget: list[int]) -> Iterator[tuple[str, ...]]:
    """Every way to cut the tokens into exactly `width` cells (stops when the budget runs out)."""
    if not tokens:
        if width == 0:
            yield ()
        return
    first, rest = tokens[0], tokens[1:]
    splittable = bool(_DIGITS.fullmatch(first))
    most = min(width - len(rest), len(first.replace(".", "")) if splittable else 1)
    for count in range(1, most + 1):
        for head in _pieces(first, count, budget) if splittable else ([first] if count == 1 else []):
            for tail in _readings(rest, width - count, budget):
                if budget[0] < 0:
                    return
                yield (*head, *tail)


def _agreed(readings: list[tuple[str, ...]], width: int) -> list[str | None]:
    """The cells on which every reading agrees."""
    return [readings[0][i] if len({r[i] for r in readings}) == 1 else None for i in range(width)]


def _numbers(reading: tuple[str, ...]) -> list[int | float] | None:
    """A reading as numbers, or None when a cell is a placeholder."""
    out: list[int | float] = []
    for cell in reading:
        value = to_amount(cell)
        if value is None:
            return None
        out.append(value)
    return out


def split_row(tokens: list[str], width: int, identity: Identity | None = None) -> Split:
    """Cut the tokens into `width` cells; undecided cells are None."""
    if len(tokens) == width and all(well_formed(t) or not _DIGITS.fullmatch(t) for t in tokens):
        return Split(list(tokens), "direct")
    digits = sum(len(t.replace(".", "")) if _DIGITS.fullmatch(t) else 1 for t in tokens)
    if len(tokens) > width or digits < width or digits > width * 4 + 4:
        return Split([None] * width, "none")
    if digits == width and all(_DIGITS.fullmatch(t) and "." not in t for t in tokens):
        return Split([c for t in tokens for c in t], "form")
    budget = [SEARCH_CAP]
    readings = list(_readings(tokens, width, budget))
    capped = budget[0] < 0
    if capped or not readings:
        return Split([None] * width, "none", readings[:3], capped)
    if len(readings) == 1:
        return Split(list(readings[0]), "form", readings)
    form = _agreed(readings, width)
    if identity is None:
        return Split(form, "ambiguous", readings[:3])
    fitting = [r for r in readings if (n := _numbers(r)) is not None and identity(n)]
    if not fitting:
        return Split(form, "unfit", readings[:3])
    cells = _agreed(fitting, width)
    if cells == form:
        return Split(form, "ambiguous", fitting[:3])
    return Split(cells, "identity", fitting[:3])


def row_identity(values: list[int | float]) -> bool:
    """Part 三: the six applicant columns sum to 总计."""
    return sum(values[:6]) == values[6]


def review_identity(values: list[int | float]) -> bool:
    """Part 四: in each of the three groups, the four results sum to 总计."""
    return all(sum(values[g : g + 4]) == values[g + 4] for g in (0, 5, 10))
