"""The value stream of a table region: every number replaced by one marker in a white-space-free text.

Text extracted from PDFs and scraped pages flattens a table: row labels and their numbers run
together, numbers of one row may be glued into one digit run (`801000081`), the next row's
ordinal may be glued onto the last digit (`00000002.其他…`), and prose may follow the last
figure without a break (`…收费02025年，我局…`). The tokeniser keeps every value with its
position, whether it is joined to the next value by white space only (one cluster of cells),
and whether it is a prose figure (a number with a unit such as 件 or 条, never a table cell).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from nianbao.corpus.readers import EMPTY_CELL

# A value token: an integer or decimal (thousands separators allowed), or a placeholder that
# stands where a value should be ("—", "/", "∅", ...). Ordinals such as "1." and "2、" are text;
# a digit run glued to the next row's ordinal ("00000002.其他") gives its digits but the last one;
# a run glued to a year that starts a sentence ("02025年") gives the digits before the year; numbers
# glued by a minus sign ("5-23") are one token that is not a number (the sign may belong to either cell).
_RUN = re.compile(
    r"(?<![\d.,])(?>-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?(?:-\d+)*)"
    r"|(?<!\S)(?:[—–\-/／×xX]|" + EMPTY_CELL + r")(?!\S)"
)
_YEAR_GLUED = re.compile(r"(-?\d+(?:\.\d+)?)((?:19|20)\d{2})")
_ORDINAL = ".、．"
# a number as a table prints it (no leading zero but a lone 0), or a placeholder: no separator was lost in it
_PLAIN_VALUE = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?|-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?|[^\d]+")
_LABEL_START = re.compile(r"[\u4e00-\u9fff“\"]")
_UNIT_AFTER = re.compile(r"[个份宗起次人篇件条项%％]|\s{1,3}[件条项%％]")
_UNIT_CHARS = frozenset("个份宗起次人篇件条项%％")
_BLANKS = frozenset(" \t\n\r\u3000\xa0")
_SPECIAL_AFTER = ".、．年月日"  # after a run: an ordinal, a year or a date may be glued to it
_ARTICLE_REF = re.compile(r"第[0-9一二三四五六七八九十]+条第?[（(][0-9一二三四五六七八九十]+[）)]项?")
MARK = "\x00"
_INT = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+\.\d+")


@dataclass
class Stream:
    """Text with every value replaced by one marker; values kept in order with their positions."""

    compact: str
    values: list[str]
    positions: list[int]  # index in `compact` of each marker
    joined: list[bool]  # value i and value i+1 are separated by white space only
    prose: list[bool]  # value i carries a unit (件, 条, …): a figure of a sentence, not a cell
    plain: list[bool] = field(default_factory=list)  # value i is a number as printed (no lost separator)
    text: str = ""  # the (normalised) text the stream was built from
    spans: list[tuple[int, int]] = field(default_factory=list)  # where each value is in `text`

    def text_pos(self, compact_pos: int) -> int:
        """The position in `text` of the character at a position of `compact`."""
        i = bisect.bisect_left(self.positions, compact_pos)
        if i < len(self.positions) and self.positions[i] == compact_pos:
            return self.spans[i][0]
        base_c, pos = (self.positions[i - 1] + 1, self.spans[i - 1][1]) if i else (0, 0)
        skip = compact_pos - base_c
        while pos < len(self.text):
            if not self.text[pos].isspace():
                if skip == 0:
                    return pos
                skip -= 1
            pos += 1
        return len(self.text)

    def values_between(self, start: int, end: int) -> list[int]:
        """Indexes of the values whose markers lie in compact[start:end]."""
        return list(range(bisect.bisect_left(self.positions, start), bisect.bisect_left(self.positions, end)))

    def cells_between(self, start: int, end: int) -> list[int]:
        """Indexes of the table values (not prose figures) in compact[start:end]."""
        return [i for i in self.values_between(start, end) if not self.prose[i]]

    def cluster(self, first: int) -> list[int]:
        """Value `first` and the values that follow it separated by white space only."""
        out = [first]
        while out[-1] < len(self.values) - 1 and self.joined[out[-1]]:
            out.append(out[-1] + 1)
        return out


def normalise(text: str) -> str:
    """Unify brackets and quotes that stored copies write in half width; drop article references."""
    table = str.maketrans({"(": "（", ")": "）", "|": " ", "\u3000": " ", "\xa0": " "})
    return _ARTICLE_REF.sub(lambda m: " " * len(m.group(0)), text.translate(table))  # positions kept


def _value(text: str, m: re.Match[str]) -> tuple[str, int] | None:
    """The value a run stands for and where it ends, or None when it is text (an ordinal, a year, a date)."""
    token, end = m.group(0), m.end()
    after = text[end : end + 1]
    if after and after in _ORDINAL:
        following = text[end + 1 : end + 2]
        if following.isdigit():
            return token, end
        if len(token) >= 2 and token.isdigit() and token[-1] != "0" and _LABEL_START.match(following):
            return token[:-1], end - 1  # the next row's ordinal glued to this row's last digit
        return None
    if after and after in "年月日":
        glued = _YEAR_GLUED.fullmatch(token) if after == "年" else None
        return (glued.group(1), m.start() + len(glued.group(1))) if glued else None
    return token, end


def tokenise(text: str) -> Stream:
    """Build the value stream of a text region."""
    compact: list[str] = []
    values: list[str] = []
    positions: list[int] = []
    joined: list[bool] = []
    prose: list[bool] = []
    spans: list[tuple[int, int]] = []
    plain: list[bool] = []
    last = length = 0
    for m in _RUN.finditer(text):
        value, end = m.group(0), m.end()
        after = text[end : end + 1]
        if after and after in _SPECIAL_AFTER:
            got = _value(text, m)
            if got is None:
                continue
            value, end = got
            after = text[end : end + 1]
        piece = "".join(text[last : m.start()].split())
        if joined:
            joined[-1] = not piece
        compact.append(piece)
        length += len(piece)
        positions.append(length)
        compact.append(MARK)
        length += 1
        values.append(value)
        spans.append((m.start(), end))
        joined.append(False)
        prose.append(after in _UNIT_CHARS if after not in _BLANKS else bool(_UNIT_AFTER.match(text, end)))
        plain.append((value[0] != "0" or len(value) == 1) if value.isdigit() else bool(_PLAIN_VALUE.fullmatch(value)))
        last = end
    compact.append("".join(text[last:].split()))
    return Stream("".join(compact), values, positions, joined, prose, plain, text, spans)


def to_int(raw: str) -> int | None:
    """An integer cell value, or None when the cell holds no integer."""
    cleaned = raw.replace(",", "")
    return int(cleaned) if _INT.fullmatch(cleaned) else None


def to_amount(raw: str) -> int | float | None:
    """A fee amount (may be decimal)."""
    cleaned = raw.replace(",", "")
    if _INT.fullmatch(cleaned):
        return int(cleaned)
    if _DECIMAL.fullmatch(cleaned):
        return float(cleaned)
    return None
