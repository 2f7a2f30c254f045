"""Recognise the three tables of the 2021 format in linear text.

Text extracted from PDFs flattens table rows into lines: labels break across lines, a number
wraps to the next line, or a row's numbers come before its label; scraped pages lose the cell
separators. The recogniser therefore works on a token stream (corpus.stream): row labels are
found by distinctive keywords in the text with white space removed (corpus.labels), values are
assigned in row order (corpus.rows), and digit runs are cut only where that is unique
(corpus.splitter). A value that cannot be read is left as None (null) with the reason, never
filled with 0 and never guessed.
"""

from __future__ import annotations

import re

from nianbao.cells import active_where, review_where, row_where
from nianbao.corpus.crosscheck import veto_identity_splits
from nianbao.corpus.labels import (
    ACTIVE_SPECS,
    APPLICATION_SPECS,
    SINGLE_OTHER,
    find_labels,
    label_issues,
)
from nianbao.corpus.reasons import row_reason
from nianbao.corpus.rows import RowOutcome, read_block, read_rows, table_end
from nianbao.corpus.splitter import REVIEW_IDENTITY, split_row, well_formed
from nianbao.corpus.stream import Stream, normalise, to_amount, to_int, tokenise
from nianbao.corpus.tableread import TableRead
from nianbao.model import (
    APPLICATION_ROWS,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    Active,
    ActiveRow,
    Applications,
    LabelIssue,
    ReviewGroup,
    ReviewLitigation,
)

__all__ = ["TableRead", "normalise", "read_active", "read_applications", "read_review", "to_amount", "to_int",
           "tokenise"]

_APPLICATIONS_HEADER = re.compile(r"[勾钩]稽关系|申请人情况")
_ACTIVE_HEADER = re.compile(r"信息内容|本年制发件数|制发件数")
_SINGLE_OTHER_NOTE = "（六）其他处理为单行（2019 年试行格式）：已按“3.其他”计入，1、2 两项按 0 计。"
ROW_IDENTITY_TEXT = "六类申请人之和等于总计"
REVIEW_IDENTITY_TEXT = "各组结果维持、结果纠正、其他结果、尚未审结之和等于总计"




_KINDS = {"none": "count", "short": "count"}


def note_row(outcome: RowOutcome, identity: str, width: int, out: TableRead, where: str) -> None:
    """Record why a row was not (fully) read, or that it was read only through its identity or order."""
    reason = row_reason(outcome, identity, width)
    if not reason:
        return
    if outcome.how in {"identity", "order"}:
        out.inferred[where] = reason
    if None in outcome.cells:
        out.unreadable[where] = reason
    out.kinds[where] = _KINDS.get(outcome.how, outcome.how)


def note_cell(out: TableRead, where: str, raw: str) -> None:
    """A cell that holds something other than a number (a dash, a letter)."""
    out.unreadable[where] = f"“{raw}”不是数值"
    out.kinds[where] = "not_a_number"


def _start(stream: Stream, header: re.Pattern[str], first_row: str) -> int | None:
    """Where the table starts: its header, else its first row's label; None when neither is there."""
    head = header.search(stream.compact)
    if head:
        return head.start()
    first = re.compile(first_row).search(stream.compact)
    return first.start() if first else None


def read_applications(text: str) -> TableRead:
    """Part 三's table from linear text; None when its first row is not there."""

    stream = tokenise(normalise(text))
    start = _start(stream, _APPLICATIONS_HEADER, "|".join(APPLICATION_SPECS[0].patterns))
    specs = list(APPLICATION_SPECS)
    probe = find_labels(stream.compact, specs, start) if start is not None else {}
    if "new" not in probe:
        return TableRead(None)  # not the table (its first row is not there)
    single_other = "other_1" not in probe and "other_2" not in probe and re.search(
        SINGLE_OTHER.patterns[0], stream.compact[start:]
    )
    if single_other:
        specs = [s for s in specs if s.key not in {"other_1", "other_2", "other_3"}]
        specs.insert(len(specs) - 2, SINGLE_OTHER)
    found = probe if not single_other else find_labels(stream.compact, specs, start)  # type: ignore[arg-type]
    end = table_end(stream, specs, found)
    rows = read_rows(stream, specs, found, end)
    apps = Applications()
    out = TableRead(apps, notes=[_SINGLE_OTHER_NOTE] if single_other else [],
                    span=(stream.text_pos(start), stream.text_pos(end)))  # type: ignore[arg-type]
    for key in APPLICATION_ROWS:
        outcome = rows.rows.get(key)
        if outcome is None:
            continue
        note_row(outcome, ROW_IDENTITY_TEXT, 7, out, row_where(key))
        cells = [to_int(v) if v is not None else None for v in outcome.cells]
        for col, (value, raw) in enumerate(zip(cells, outcome.cells, strict=True)):
            if value is None and raw is not None:
                note_cell(out, row_where(key, col), raw)
        apps.rows[key] = cells
    if single_other:
        apps.rows["other_1"] = [0] * 7
        apps.rows["other_2"] = [0] * 7
        for key in ("other_1", "other_2"):
            out.inferred[row_where(key)] = "（六）其他处理为单行：这一行在该格式中不存在，按 0 计"
            out.kinds[row_where(key)] = "single_other"
    veto_identity_splits(apps, out)
    out.label_issues = label_issues(stream, found)
    if single_other:
        out.label_issues.append(LabelIssue(where="三、本年度办理结果/（六）其他处理", found="（六）其他处理（单行）",
                                           expected="（六）其他处理 1. 2. 3. 三行", note=_SINGLE_OTHER_NOTE))
    return out


def read_active(text: str) -> TableRead:
    """Part 二's four blocks from linear text; None when no row label is there."""
    block = read_block(text, _ACTIVE_HEADER, ACTIVE_SPECS)
    if block is None:
        return TableRead(None)
    active = Active()
    out = TableRead(active, span=block.span)
    for spec in ACTIVE_SPECS:
        outcome = block.rows.rows[spec.key]
        note_row(outcome, "", spec.width, out, active_where(spec.key))
        raw = outcome.cells
        if spec.width == 3:
            ints = [to_int(v) if v is not None else None for v in raw]
            setattr(active, spec.key, ActiveRow(issued=ints[0], repealed=ints[1], in_force=ints[2]))
            for name, v, r in zip(ActiveRow.model_fields, ints, raw, strict=True):
                if v is None and r is not None:
                    note_cell(out, active_where(spec.key, name), r)
        else:
            value = (to_amount if spec.key == "fees_10k_yuan" else to_int)(raw[0]) if raw[0] is not None else None
            setattr(active, spec.key, value)
            if value is None and raw[0] is not None:
                note_cell(out, active_where(spec.key), raw[0])
    return out


_REVIEW_WORD = re.compile(r"未经复议直接起诉|复议后起诉|行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|总计|维持|纠正")
_REVIEW_HEADER = re.compile(r"行政复议.{0,120}?(维持|纠正)", re.S)
_MIN_HEADER_WORDS = 4


def _review_header(compact: str) -> tuple[int, int] | None:
    """The table header: a run of header words with no figure between them (not a sentence using them)."""
    block: list[re.Match[str]] = []
    for m in _REVIEW_WORD.finditer(compact):
        if block and ("\x00" in compact[block[-1].end() : m.start()] or m.start() - block[-1].end() > 12):
            if len(block) >= _MIN_HEADER_WORDS:
                break
            block = []
        block.append(m)
    if len(block) >= _MIN_HEADER_WORDS:
        return block[0].start(), block[-1].end()
    head = _REVIEW_HEADER.search(compact)
    return (head.start(), head.end()) if head else None


def _review_values(stream: Stream, header_end: int) -> RowOutcome | None:
    """The fifteen cells after the header: separate numbers, or one digit run cut by the group totals."""
    after = stream.cells_between(header_end, len(stream.compact))
    if not after:
        return None
    run = [v for v in stream.cluster(after[0]) if not stream.prose[v]]
    tokens = [stream.values[v] for v in run]
    digits = sum(len(t.replace(".", "")) for t in tokens if t[0].isdigit())
    if len(tokens) >= 15 and all(well_formed(t) or not t[0].isdigit() for t in tokens[:15]):
        return RowOutcome(list(tokens[:15]), "direct", last=run[14])
    if digits >= 15 and len(tokens) <= 15:
        split = split_row(tokens, 15, REVIEW_IDENTITY)
        return RowOutcome(split.cells, "none" if split.capped else split.how, " ".join(tokens), split.readings,
                          last=run[-1])
    values: list[str | None] = [stream.values[i] for i in after[:15]]
    if len(values) < 15:
        return RowOutcome([None] * 15, "short", str(len(values)), last=after[-1])
    if not all(stream.plain[i] for i in after[:15]):  # digit runs among them: counting values means nothing
        return RowOutcome([None] * 15, "none", " ".join(v or "" for v in values), last=after[14])
    return RowOutcome(values, "direct", last=after[14])


def read_review(text: str) -> TableRead:
    """Part 四's fifteen numbers, read after the table's header."""
    stream = tokenise(normalise(text))
    header = _review_header(stream.compact)
    if header is None:
        return TableRead(None)
    outcome = _review_values(stream, header[1])
    if outcome is None:
        return TableRead(None)
    values = outcome.cells
    review = ReviewLitigation()
    out = TableRead(review, span=(stream.text_pos(header[0]), stream.spans[outcome.last][1]))
    for gi, label in enumerate(REVIEW_GROUPS.values()):
        part = RowOutcome(values[gi * 5 : gi * 5 + 5], outcome.how, outcome.raw, outcome.readings)
        note_row(part, REVIEW_IDENTITY_TEXT, 15, out, label)
    fields = list(REVIEW_FIELDS)
    for gi, group in enumerate(REVIEW_GROUPS):
        raw = values[gi * 5 : gi * 5 + 5]
        cells = [to_int(v) if v is not None else None for v in raw]
        setattr(review, group, ReviewGroup(**dict(zip(fields, cells, strict=True))))
        for name, v, r in zip(fields, cells, raw, strict=True):
            if v is None and r is not None:
                note_cell(out, review_where(group, name), r)
    return out
