"""Assign a table's values to its rows: by label, by the format's row order, or by cutting digit runs.

Each row's segment holds the values between its label and the next label. A row takes its
segment when it holds exactly its number of separate, well-formed values. Where values wrapped
past the next label, consecutive rows take a window of values whose count matches exactly;
rows whose labels were lost (number rows without a label) are placed by the format's order only
inside such a window, when the count leaves one placement. What remains is cut by the splitter
(digit runs), using at most the row's own identity. Nothing is guessed: a row that none of this
reads keeps None cells, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.corpus.labels import RowSpec, find_labels
from nianbao.corpus.splitter import Split, split_row
from nianbao.corpus.stream import Stream, normalise, tokenise

MAX_WINDOW = 5  # labelled rows in one window (more only when the labels stand apart from their numbers)


@dataclass
class RowOutcome:
    """The cells read for one row and how (None cells were not read)."""

    cells: list[str | None]
    how: str  # direct | window | order | form | identity | ambiguous | unfit | none | empty | missing
    raw: str = ""  # the tokens seen, for messages
    readings: list[tuple[str, ...]] = field(default_factory=list)  # fitting cuts of a digit run, for messages
    last: int = -1  # index of the last value read (where the table ends), when known


@dataclass
class RowRead:
    """Outcomes of the rows of one table."""

    rows: dict[str, RowOutcome] = field(default_factory=dict)
    found: dict[str, tuple[int, int]] = field(default_factory=dict)


def _plain(stream: Stream, indexes: list[int]) -> bool:
    """The values are separate numbers as printed (no digit run that lost a separator)."""
    plain = stream.plain
    return all(plain[i] for i in indexes)


def _segments(stream: Stream, specs: list[RowSpec], found: dict[str, tuple[int, int]], end: int) -> dict[str, list[int]]:
    """The value indexes between each found label and the next one."""
    present = [s.key for s in specs if s.key in found]
    out: dict[str, list[int]] = {}
    for n, key in enumerate(present):
        stop = found[present[n + 1]][0] if n + 1 < len(present) else end
        out[key] = stream.cells_between(found[key][0], stop)
    return out


def _window(stream: Stream, rows: list[RowSpec], segs: dict[str, list[int]], with_missing: bool) -> list[int] | None:
    """The window's values when their count is exactly what its rows need."""
    labelled = [s for s in rows if s.key in segs]
    values = [v for s in labelled for v in segs[s.key]]
    need = sum(s.width for s in (rows if with_missing else labelled))
    if len(values) != need or not _plain(stream, values):
        return None
    if len(labelled) > MAX_WINDOW and any(segs[s.key] for s in labelled[:-1]):
        return None  # a long window only when the labels stand apart from one block of numbers
    return values


def _assign(stream: Stream, rows: list[RowSpec], values: list[int], how: str, out: RowRead) -> None:
    """Hand out a window's values to its rows in order."""
    cursor = 0
    for spec in rows:
        cells: list[str | None] = [stream.values[v] for v in values[cursor : cursor + spec.width]]
        cursor += spec.width
        placed = how if spec.key in out.found else "order"
        out.rows[spec.key] = RowOutcome(cells, placed)


def _greedy(stream: Stream, specs: list[RowSpec], segs: dict[str, list[int]], out: RowRead) -> None:
    """Windows from each labelled row: labelled rows first, then with the unlabelled rows between."""
    n, i = len(specs), 0
    while i < n:
        spec = specs[i]
        if spec.key not in segs or spec.key in out.rows:
            i += 1
            continue
        own = segs[spec.key]
        if len(own) == spec.width and _plain(stream, own):  # the common case: the row's own numbers
            out.rows[spec.key] = RowOutcome([stream.values[v] for v in own], "direct")
            i += 1
            continue
        taken = _labelled_windows(stream, specs, segs, i, out) or _unlabelled_windows(stream, specs, segs, i, out)
        i = taken if taken else i + 1


def _hopeless(stream: Stream, rows: list[RowSpec], segs: dict[str, list[int]]) -> bool:
    """No longer window from here can match: a digit run inside it, or numbers before a long window's end."""
    labelled = [s for s in rows if s.key in segs]
    last = labelled[-1] if labelled else None
    if last is not None and not _plain(stream, segs[last.key]):
        return True
    return len(labelled) >= MAX_WINDOW and any(segs[s.key] for s in labelled)


def _labelled_windows(stream: Stream, specs: list[RowSpec], segs: dict[str, list[int]], i: int, out: RowRead) -> int:
    """The first window of labelled rows from row i whose count matches; the index after it (0 if none)."""
    for j in range(i, len(specs)):
        if specs[j].key not in segs:
            continue
        rows = [s for s in specs[i : j + 1] if s.key in segs]
        values = _window(stream, rows, segs, with_missing=False)
        if values is not None:
            _assign(stream, rows, values, "direct" if len(rows) == 1 else "window", out)
            return j + 1
        if _hopeless(stream, rows, segs):
            break
    return 0


def _unlabelled_windows(stream: Stream, specs: list[RowSpec], segs: dict[str, list[int]], i: int, out: RowRead) -> int:
    """A window that also places the unlabelled rows up to the next labelled row, by the format's order."""
    for j in range(i + 1, len(specs)):
        rows = specs[i : j + 1]
        if (j + 1 == len(specs) or specs[j + 1].key in segs) and not all(s.key in segs for s in rows):
            values = _window(stream, rows, segs, with_missing=True)
            if values is not None:
                _assign(stream, rows, values, "window", out)
                return j + 1
        if _hopeless(stream, rows, segs):
            break
    return 0


def _split(stream: Stream, spec: RowSpec, indexes: list[int]) -> RowOutcome:
    """A row read alone from its own segment, cutting digit runs where that is unique."""
    tokens = [stream.values[v] for v in indexes]
    raw = " ".join(tokens)
    if not tokens:
        return RowOutcome([None] * spec.width, "empty")
    result: Split = split_row(tokens, spec.width, spec.identity)
    return RowOutcome(result.cells, "none" if result.capped else result.how, raw, result.readings)


def read_rows(stream: Stream, specs: list[RowSpec], found: dict[str, tuple[int, int]], end: int) -> RowRead:
    """Every row's outcome: by label and count, by window, or by cutting its digit runs."""
    out = RowRead(found=found)
    segs = _segments(stream, specs, found, end)
    _greedy(stream, specs, segs, out)
    for spec in specs:
        if spec.key in out.rows:
            continue
        if spec.key in segs:
            out.rows[spec.key] = _split(stream, spec, segs[spec.key])
        else:
            out.rows[spec.key] = RowOutcome([None] * spec.width, "missing")
    return out


def row_end(stream: Stream, start: int, need: int, block: int = 0) -> int:
    """Where the last row's values end: its run of cells, not the prose figures after it.

    `block` is how many cells the run holds when the numbers of several rows follow the last label (labels
    printed apart from their numbers, or number rows without a label after it): the whole run is taken then.
    """
    after = stream.cells_between(start, len(stream.compact))
    if not after:
        return len(stream.compact)
    run = [v for v in stream.cluster(after[0]) if not stream.prose[v]]
    if block > need and len(run) == block and _plain(stream, run):
        return stream.positions[run[-1]] + 1
    digits = sum(len(stream.values[v].replace(".", "")) for v in run)
    if len(run) >= need and _plain(stream, run):
        return stream.positions[run[need - 1]] + 1
    if digits >= need:
        return stream.positions[run[-1]] + 1
    return stream.positions[after[need - 1]] + 1 if len(after) >= need else len(stream.compact)


def table_end(stream: Stream, specs: list[RowSpec], found: dict[str, tuple[int, int]]) -> int:
    """The end of a table's values, after its last label (see row_end)."""
    present = [i for i, s in enumerate(specs) if s.key in found]
    last = present[-1]
    first = last
    for i in reversed(present[:-1]):
        nxt = found[specs[present[present.index(i) + 1]].key][0]
        if stream.cells_between(found[specs[i].key][0], nxt):
            break
        first = i
    block = sum(s.width for s in specs[first:])
    return row_end(stream, found[specs[last].key][0], specs[last].width, block)


@dataclass
class Block:
    """One table's rows located in a text: the token stream, the labels found, the rows read, the text span."""

    stream: Stream
    found: dict[str, tuple[int, int]]
    rows: RowRead
    span: tuple[int, int]


def read_block(text: str, header: re.Pattern[str], specs: list[RowSpec]) -> Block | None:
    """Find a table's row labels after its header and read its rows; None when no row label is there."""
    stream = tokenise(normalise(text))
    head = header.search(stream.compact)
    found = find_labels(stream.compact, specs, head.start() if head else 0)
    if not found:
        return None
    end = table_end(stream, specs, found)
    rows = read_rows(stream, specs, found, end)
    begin = min(head.start() if head else len(stream.compact), min(a for a, _ in found.values()))
    return Block(stream, found, rows, (stream.text_pos(begin), stream.text_pos(end)))
