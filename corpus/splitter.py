"""Cut a row's value tokens into its cells when separators were lost (`801000081` → 80 1 0 0 0 0 81).

White space between tokens is taken as a cell boundary; inside a token a boundary may be lost.
A reading cuts every token into well-formed numbers (no leading zero except a lone 0; a decimal
only as the last piece of its token) so that the row gets exactly its number of cells. When
several readings fit, only the row's own identity may choose (six columns sum to 总计; 结果维持 +
结果纠正 + 其他结果 + 尚未审结 = 总计), and a cell is read only when every fitting reading agrees on
it. The search is bounded: past the cap the row is left unread.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

SEARCH_CAP = 50000  # search steps per row before giving up
_WELL_FORMED = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?|-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_DIGITS = re.compile(r"-?\d+(?:\.\d+)?")
_PLAIN = re.compile(r"\d+")
# an identity: the cell index of each total and the cells it sums
Identity = dict[int, tuple[int, ...]]
ROW_IDENTITY: Identity = {6: (0, 1, 2, 3, 4, 5)}
REVIEW_IDENTITY: Identity = {4: (0, 1, 2, 3), 9: (5, 6, 7, 8), 14: (10, 11, 12, 13)}


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
    lead = 1 if token[0] == "-" else 0  # a minus sign belongs to the first piece
    ends: range | list[int] = [lead + 1] if token[lead] == "0" else range(lead + 1, head_max)
    for end in ends:
        if end >= head_max:
            break
        for rest in _pieces(token[end:], count - 1, budget):
            yield [token[:end], *rest]


def _cells_in(token: str) -> int:
    """The most cells a token can hold: one per digit (a placeholder holds one)."""
    return sum(c.isdigit() for c in token) if _DIGITS.fullmatch(token) else 1


def _readings(tokens: list[str], width: int, budget: list[int]) -> Iterator[tuple[str, ...]]:
    """Every way to cut the tokens into exactly `width` cells (stops when the budget runs out)."""
    if not tokens:
        if width == 0:
            yield ()
        return
    first, rest = tokens[0], tokens[1:]
    splittable = bool(_DIGITS.fullmatch(first))
    most = min(width - len(rest), _cells_in(first))
    room = sum(_cells_in(t) for t in rest)  # most cells the rest can give
    for count in range(max(1, width - room), most + 1):
        for head in _pieces(first, count, budget) if splittable else ([[first]] if count == 1 else []):
            for tail in _readings(rest, width - count, budget):
                if budget[0] < 0:
                    return
                yield (*head, *tail)


def _fitting(tokens: list[str], width: int, identity: Identity, budget: list[int]) -> list[tuple[str, ...]]:
    """The readings of plain digit tokens that satisfy the identity: each total is forced to the sum of its cells."""
    text = "".join(tokens)
    ends = [sum(len(t) for t in tokens[: i + 1]) for i in range(len(tokens))]
    out: list[tuple[str, ...]] = []
    cells: list[str] = []

    def walk(pos: int, i: int) -> None:
        """Extend the reading from text position `pos` with cell `i`."""
        budget[0] -= 1
        if budget[0] < 0 or (i == width) != (pos == len(text)) or len(text) - pos < width - i:
            return
        if i == width:
            out.append(tuple(cells))
            return
        limit = ends[bisect.bisect_right(ends, pos)]
        if i in identity:
            choices = [pos + len(want)] if text.startswith(want := str(sum(int(cells[k]) for k in identity[i])),
                                                           pos) else []
        else:
            choices = [pos + 1] if text[pos] == "0" else list(range(pos + 1, limit + 1))
        for end in choices:
            if end <= limit:
                cells.append(text[pos:end])
                walk(end, i + 1)
                cells.pop()

    walk(0, 0)
    return out


def _fitting_total_last(tokens: list[str], width: int, budget: list[int]) -> list[tuple[str, ...]]:
    """The readings whose first width-1 cells sum to the last one: try each possible last cell, prune on the sum."""
    text = "".join(tokens)
    ends = [sum(len(t) for t in tokens[: i + 1]) for i in range(len(tokens))]
    out: list[tuple[str, ...]] = []
    cells: list[str] = []

    def walk(pos: int, i: int, left: int, stop: int) -> None:
        """Cut text[pos:stop] into cells i.. (of width-1) that sum to `left`."""
        budget[0] -= 1
        cells_left = width - 1 - i
        if budget[0] < 0 or left < 0 or stop - pos < cells_left:
            return
        if cells_left and left > 10 ** (stop - pos - cells_left + 1) + 9 * cells_left:
            return  # the digits left cannot add up to the total
        if i == width - 1:
            if pos == stop and left == 0:
                out.append((*cells, text[stop:]))
            return
        limit = min(ends[bisect.bisect_right(ends, pos)], stop - (width - 2 - i))
        for end in [pos + 1] if text[pos] == "0" else range(pos + 1, limit + 1):
            value = int(text[pos:end])
            if value > left:
                break
            cells.append(text[pos:end])
            walk(end, i + 1, left - value, stop)
            cells.pop()

    for start in range(len(text) - 1, width - 2, -1):
        last = text[start:]
        if any(start < e < len(text) for e in ends) or not well_formed(last):
            continue
        walk(0, 0, int(last), start)
    return out


def _agreed(readings: list[tuple[str, ...]], width: int) -> list[str | None]:
    """The cells on which every reading agrees."""
    return [readings[0][i] if len({r[i] for r in readings}) == 1 else None for i in range(width)]


def split_row(tokens: list[str], width: int, identity: Identity | None = None) -> Split:
    """Cut the tokens into `width` cells; undecided cells are None."""
    if any("-" in t[1:] and any(c.isdigit() for c in t) for t in tokens):
        return Split([None] * width, "none")  # numbers glued by a minus sign ("0-3"): how many cells is unknown
    if len(tokens) == width and all(well_formed(t) or not _DIGITS.fullmatch(t) for t in tokens):
        return Split(list(tokens), "direct")
    digits = sum(_cells_in(t) for t in tokens)
    if len(tokens) > width or digits < width or digits > width * 4 + 4:
        return Split([None] * width, "none")
    if digits == width and all(_PLAIN.fullmatch(t) for t in tokens):
        return Split([c for t in tokens for c in t], "form")
    budget = [SEARCH_CAP]
    first = []
    for reading in _readings(tokens, width, budget):
        first.append(reading)
        if len(first) == 2:
            break
    if not first:
        return Split([None] * width, "none", capped=budget[0] < 0)
    if len(first) == 1:
        return Split(list(first[0]), "form", first)
    if identity is not None and all(_PLAIN.fullmatch(t) for t in tokens):
        budget = [SEARCH_CAP]
        if identity == {width - 1: tuple(range(width - 1))}:
            fitting = _fitting_total_last(tokens, width, budget)
        else:
            fitting = _fitting(tokens, width, identity, budget)
        if budget[0] < 0:
            return Split([None] * width, "none", fitting[:3], capped=True)
        if fitting:
            return Split(_agreed(fitting, width), "identity", fitting[:3])
    budget = [SEARCH_CAP]
    readings = list(_readings(tokens, width, budget))
    if budget[0] < 0:
        return Split([None] * width, "none", readings[:3], capped=True)
    return Split(_agreed(readings, width), "ambiguous" if identity is None else "unfit", readings[:3])
