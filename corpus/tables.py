"""Recognise the three tables of the 2021 format in linear text.

Text extracted from PDFs flattens table rows into lines: labels break across lines, a number
wraps to the next line, or a row's numbers come before its label. The recogniser therefore
works on a token stream: row labels are found by distinctive keywords in the text with white
space removed, values are read in row order, and a window of rows is accepted when it holds
exactly the number of values those rows need. A row whose values cannot be read is left as
None (null), never filled with 0.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from nianbao.cells import active_where, review_where, row_where
from nianbao.corpus.readers import EMPTY_CELL
from nianbao.model import (
    APPLICATION_ROWS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    ROW_LABELS,
    Active,
    ActiveRow,
    Applications,
    LabelIssue,
    ReviewGroup,
    ReviewLitigation,
)

# A value token: an integer or decimal (thousands separators allowed), or a placeholder that
# stands where a value should be ("—", "/", "∅", ...). Ordinals such as "1." and "2、" are text.
_VALUE = re.compile(
    r"(?<![\d.,])(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(?![\d]|[.、．](?!\d))"
    r"|(?<!\S)([—–\-/／×xX]|" + EMPTY_CELL + r")(?!\S)"
)
_ARTICLE_REF = re.compile(r"第[0-9一二三四五六七八九十]+条第?[（(][0-9一二三四五六七八九十]+[）)]项?")
_MARK = "\x00"
_SPACE = re.compile(r"\s+")
_INT = re.compile(r"-?\d+")
_LOOSE = re.compile(r"[\s、．.（）()“”\"]")


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    """A label pattern, compiled once."""
    return re.compile(pattern)


@dataclass
class Stream:
    """Text with every value replaced by one marker; values kept in order with their positions."""

    compact: str
    values: list[str]
    positions: list[int]  # index in `compact` of each marker

    def values_between(self, start: int, end: int) -> list[int]:
        """Indexes of the values whose markers lie in compact[start:end]."""
        return list(range(bisect.bisect_left(self.positions, start), bisect.bisect_left(self.positions, end)))


def normalise(text: str) -> str:
    """Unify brackets and quotes that stored copies write in half width."""
    table = str.maketrans({"(": "（", ")": "）", "|": " ", "\u3000": " ", "\xa0": " "})
    return _ARTICLE_REF.sub(" ", text.translate(table))


def tokenise(text: str) -> Stream:
    """Build the value stream of a text region."""
    compact: list[str] = []
    values: list[str] = []
    positions: list[int] = []
    last = length = 0
    for m in _VALUE.finditer(text):
        piece = _SPACE.sub("", text[last : m.start()])
        compact.append(piece)
        length += len(piece)
        positions.append(length)
        compact.append(_MARK)
        length += len(_MARK)
        values.append(m.group(0))
        last = m.end()
    compact.append(_SPACE.sub("", text[last:]))
    return Stream("".join(compact), values, positions)


def to_int(raw: str) -> int | None:
    """An integer cell value, or None when the cell holds no integer."""
    cleaned = raw.replace(",", "")
    return int(cleaned) if _INT.fullmatch(cleaned) else None


def to_amount(raw: str) -> int | float | None:
    """A fee amount (may be decimal)."""
    cleaned = raw.replace(",", "")
    if _INT.fullmatch(cleaned):
        return int(cleaned)
    if re.fullmatch(r"-?\d+\.\d+", cleaned):
        return float(cleaned)
    return None


@dataclass
class RowSpec:
    """A row to find: its key, keyword patterns, and how many values it holds."""

    key: str
    patterns: tuple[str, ...]
    width: int


@dataclass
class RowRead:
    """Values read for the rows of one table, and what could not be read."""

    values: dict[str, list[str] | None] = field(default_factory=dict)
    found: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (start, end) of label
    missing_labels: list[str] = field(default_factory=list)


def find_labels(compact: str, specs: list[RowSpec], start: int = 0) -> dict[str, tuple[int, int]]:
    """Find each row's label in order; a label not found is skipped."""
    found: dict[str, tuple[int, int]] = {}
    pos = start
    for spec in specs:
        best: re.Match[str] | None = None
        for pattern in spec.patterns:
            m = _compiled(pattern).search(compact, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best is not None:
            found[spec.key] = (best.start(), best.end())
            pos = best.end()
    return found


def read_rows(stream: Stream, specs: list[RowSpec], found: dict[str, tuple[int, int]], end: int) -> RowRead:
    """Assign values to the found rows, in windows whose value count matches exactly."""
    result = RowRead(found=found)
    present = [s for s in specs if s.key in found]
    result.missing_labels = [s.key for s in specs if s.key not in found]
    segments: list[list[int]] = []
    for i, spec in enumerate(present):
        seg_start = found[spec.key][1]
        seg_end = found[present[i + 1].key][0] if i + 1 < len(present) else end
        segments.append(stream.values_between(seg_start, seg_end))
    i = 0
    while i < len(present):
        for size in range(1, min(5, len(present) - i) + 1):
            window = present[i : i + size]
            indexes = [v for seg in segments[i : i + size] for v in seg]
            if len(indexes) == sum(s.width for s in window):
                cursor = 0
                for spec in window:
                    result.values[spec.key] = [stream.values[v] for v in indexes[cursor : cursor + spec.width]]
                    cursor += spec.width
                i += size
                break
        else:
            result.values[present[i].key] = None
            i += 1
    return result


def _k(*words: str) -> tuple[str, ...]:
    """Keyword patterns, escaped."""
    return tuple(re.escape(w) for w in words)


APPLICATION_SPECS: list[RowSpec] = [
    RowSpec("new", _k("本年新收", "本年度新收", "新收政府信息公开申请"), 7),
    RowSpec("carried_in", _k("上年结转"), 7),
    RowSpec("granted", _k("予以公开"), 7),
    RowSpec("partial", _k("部分公开"), 7),
    RowSpec("denied_1", _k("国家秘密"), 7),
    RowSpec("denied_2", _k("禁止公开", "其他法律行政", "法律行政法规"), 7),
    RowSpec("denied_3", _k("三安全一稳定", "危及"), 7),
    RowSpec("denied_4", _k("第三方合法权益", "保护第三方"), 7),
    RowSpec("denied_5", _k("内部事务"), 7),
    RowSpec("denied_6", _k("过程性信息"), 7),
    RowSpec("denied_7", _k("行政执法案卷", "执法案卷"), 7),
    RowSpec("denied_8", _k("行政查询", "查询事项"), 7),
    RowSpec("unavailable_1", _k("不掌握"), 7),
    RowSpec("unavailable_2", _k("另行制作", "没有现成"), 7),
    RowSpec("unavailable_3", _k("补正后", "仍不明确"), 7),
    RowSpec("not_processed_1", _k("信访举报", "投诉类"), 7),
    RowSpec("not_processed_2", _k("重复申请"), 7),
    RowSpec("not_processed_3", _k("公开出版物"), 7),
    RowSpec("not_processed_4", _k("大量反复", "无正当理由大量"), 7),
    RowSpec("not_processed_5", _k("重新出具", "确认或重新"), 7),
    RowSpec("other_1", _k("逾期不补正"), 7),
    RowSpec("other_2", _k("收费通知", "缴纳费用"), 7),
    RowSpec("other_3", (r"3[.、．]?其他", r"其他(?=\x00)"), 7),
    RowSpec("results_total", (r"[（(]?七[）)]\s*总计", r"(?<![一二三四五六])总计(?=\x00)"), 7),
    RowSpec("carried_out", _k("结转下年度", "结转下一年度", "转下年度"), 7),
]
SINGLE_OTHER = RowSpec("other_3", (r"其他处理(?=\x00)",), 7)

ACTIVE_SPECS: list[RowSpec] = [
    RowSpec("rules", (r"(?<!行政)规章",), 3),
    RowSpec("normative_documents", _k("行政规范性文件", "规范性文件"), 3),
    RowSpec("licensing", _k("行政许可"), 1),
    RowSpec("punishment", _k("行政处罚"), 1),
    RowSpec("coercion", _k("行政强制"), 1),
    RowSpec("fees_10k_yuan", _k("行政事业性收费", "事业性收费"), 1),
]


def _normalised_label(text: str) -> str:
    """Label text compared loosely: no ordinal dot style, brackets or white space differences."""
    return _LOOSE.sub("", text)


@functools.lru_cache(maxsize=64)
def _core_label(official: str) -> str:
    """An official label without its ordinal, compared loosely."""
    return _normalised_label(re.sub(r"^[（(][一二三四五六七][）)]|^[一二三四]、|^\d[.、．]", "", official))


def _label_issues(stream: Stream, found: dict[str, tuple[int, int]]) -> list[LabelIssue]:
    """Rows whose printed label differs from the official one (typos, old wording)."""
    issues: list[LabelIssue] = []
    for key, (start, end) in found.items():
        official = ROW_LABELS.get(key)
        if official is None:
            continue
        core = _core_label(official)
        lo = max(0, start - len(core) - 2)
        context = _normalised_label(stream.compact[lo : end + len(core) + 24].replace(_MARK, " "))
        if len(core) > 6 and core not in context:
            ordinal = re.search(r"\d[.、．]$", stream.compact[max(0, start - 2) : start])
            seen = (ordinal.group(0) if ordinal else "") + stream.compact[start : end + len(core)].split(_MARK)[0]
            issues.append(LabelIssue(where=row_where(key), found=seen, expected=official))
    return issues


@dataclass
class TableRead:
    """One recognised table and what the parser saw around it."""

    table: Active | Applications | ReviewLitigation | None
    unreadable: dict[str, str] = field(default_factory=dict)
    label_issues: list[LabelIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def null_count(self) -> int:
        """How many cells are null (for choosing between two readings)."""
        if self.table is None:
            return 10**6
        return sum(1 for v in _cells(self.table) if v is None)


def _cells(table: Active | Applications | ReviewLitigation) -> list[object]:
    """All values of a table, flat."""
    if isinstance(table, Applications):
        return [v for row in table.rows.values() for v in row]
    if isinstance(table, ReviewLitigation):
        return [getattr(getattr(table, g), f) for g in REVIEW_GROUPS for f in REVIEW_FIELDS]
    return [getattr(getattr(table, r), f) for r in ("rules", "normative_documents") for f in ActiveRow.model_fields] + [
        table.licensing, table.punishment, table.coercion, table.fees_10k_yuan,
    ]


def read_applications(text: str) -> TableRead:
    """Part 三's table from linear text; None when its first row is not there."""
    stream = tokenise(normalise(text))
    start = re.search("|".join(APPLICATION_SPECS[0].patterns), stream.compact)
    if not start:
        return TableRead(None)
    specs = list(APPLICATION_SPECS)
    notes: list[str] = []
    probe = find_labels(stream.compact, specs, start.start())
    single_other = "other_1" not in probe and "other_2" not in probe and re.search(
        SINGLE_OTHER.patterns[0], stream.compact[start.start() :]
    )
    if single_other:
        specs = [s for s in specs if s.key not in {"other_1", "other_2", "other_3"}]
        specs.insert(len(specs) - 2, SINGLE_OTHER)
        notes.append("（六）其他处理为单行（2019 年试行格式）：已按“3.其他”计入，1、2 两项按 0 计。")
    found = find_labels(stream.compact, specs, start.start())
    end_key = "carried_out" if "carried_out" in found else None
    end = len(stream.compact)
    if end_key:
        after = stream.values_between(found[end_key][1], end)
        end = stream.positions[after[6]] + 1 if len(after) >= 7 else end
    rows = read_rows(stream, specs, found, end)
    apps = Applications()
    unreadable: dict[str, str] = {}
    for key in APPLICATION_ROWS:
        raw = rows.values.get(key)
        if key in found and raw is None:
            unreadable[row_where(key)] = "该行数值个数不是 7 个，无法逐格对应"
        elif key not in found and key in rows.missing_labels:
            unreadable[row_where(key)] = "表格中找不到这一行"
        if raw is not None:
            cells = [to_int(v) for v in raw]
            for col, (v, r) in enumerate(zip(cells, raw, strict=True)):
                if v is None:
                    unreadable[row_where(key, col)] = f"“{r}”不是数值"
            apps.rows[key] = cells
    if single_other:
        apps.rows["other_1"] = [0] * 7
        apps.rows["other_2"] = [0] * 7
    issues = _label_issues(stream, found)
    if single_other:
        issues.append(LabelIssue(where="三、本年度办理结果/（六）其他处理", found="（六）其他处理（单行）",
                                 expected="（六）其他处理 1. 2. 3. 三行", note=notes[0]))
    return TableRead(apps, unreadable, issues, notes)


def read_active(text: str) -> TableRead:
    """Part 二's four blocks from linear text; None when no row label is there."""
    stream = tokenise(normalise(text))
    found = find_labels(stream.compact, ACTIVE_SPECS)
    if not found:
        return TableRead(None)
    last_key, (_, last) = max(found.items(), key=lambda kv: kv[1])
    width = next(s.width for s in ACTIVE_SPECS if s.key == last_key)
    after = stream.values_between(last, len(stream.compact))
    end = stream.positions[after[width - 1]] + 1 if len(after) >= width else len(stream.compact)
    rows = read_rows(stream, ACTIVE_SPECS, found, end)
    active = Active()
    unreadable: dict[str, str] = {}
    for spec in ACTIVE_SPECS:
        raw = rows.values.get(spec.key)
        if raw is None:
            if spec.key in found:
                unreadable[active_where(spec.key)] = "该行数值个数不符，无法逐格对应"
            else:
                unreadable[active_where(spec.key)] = "表格中找不到这一行"
            continue
        if spec.width == 3:
            ints = [to_int(v) for v in raw]
            setattr(active, spec.key, ActiveRow(issued=ints[0], repealed=ints[1], in_force=ints[2]))
            for name, v, r in zip(ActiveRow.model_fields, ints, raw, strict=True):
                if v is None:
                    unreadable[active_where(spec.key, name)] = f"“{r}”不是数值"
        else:
            value = to_amount(raw[0]) if spec.key == "fees_10k_yuan" else to_int(raw[0])
            setattr(active, spec.key, value)
            if value is None:
                unreadable[active_where(spec.key)] = f"“{raw[0]}”不是数值"
    return TableRead(active, unreadable)


_REVIEW_HEADER = re.compile(r"行政复议.{0,120}?(维持|纠正)", re.S)


def read_review(text: str) -> TableRead:
    """Part 四's fifteen numbers, read after the table's header."""
    stream = tokenise(normalise(text))
    head = _REVIEW_HEADER.search(stream.compact)
    if not head:
        return TableRead(None)
    header_end = head.end()
    # the header ends at the last header word before the first value
    after = stream.values_between(header_end, len(stream.compact))
    if not after:
        return TableRead(None)
    values = [stream.values[i] for i in after[:15]]
    review = ReviewLitigation()
    unreadable: dict[str, str] = {}
    if len(values) < 15:
        for label in REVIEW_GROUPS.values():
            unreadable[label] = f"表中只读到 {len(values)} 个数值，应为 15 个"
        return TableRead(review, unreadable)
    fields = list(REVIEW_FIELDS)
    for gi, group in enumerate(REVIEW_GROUPS):
        cells = [to_int(v) for v in values[gi * 5 : gi * 5 + 5]]
        setattr(review, group, ReviewGroup(**dict(zip(fields, cells, strict=True))))
        for name, v, r in zip(fields, cells, values[gi * 5 : gi * 5 + 5], strict=True):
            if v is None:
                unreadable[review_where(group, name)] = f"“{r}”不是数值"
    return TableRead(review, unreadable)
