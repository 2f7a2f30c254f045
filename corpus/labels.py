"""Row labels of the three tables: the keywords that find them, their widths, and label deviations."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

from nianbao.cells import row_where
from nianbao.corpus.splitter import ROW_IDENTITY, Identity
from nianbao.corpus.stream import MARK, Stream
from nianbao.model import ROW_LABELS, LabelIssue

_LOOSE = re.compile(r"[\s、．.（）()“”\"]")
_CANDIDATES = 8  # places looked at per label


@functools.lru_cache(maxsize=256)
def compiled(pattern: str) -> re.Pattern[str]:
    """A label pattern, compiled once."""
    return re.compile(pattern)


@dataclass
class RowSpec:
    """A row to find: its key, keyword patterns, how many values it holds, and its own identity."""

    key: str
    patterns: tuple[str, ...]
    width: int
    identity: Identity | None = None


def _k(*words: str) -> tuple[str, ...]:
    """Keyword patterns, escaped."""
    return tuple(re.escape(w) for w in words)


def _app(key: str, patterns: tuple[str, ...]) -> RowSpec:
    """A row of part 三's table: seven values, the six applicant columns summing to 总计."""
    return RowSpec(key, patterns, 7, ROW_IDENTITY)


APPLICATION_SPECS: list[RowSpec] = [
    _app("new", _k("本年新收", "本年度新收", "新收政府信息公开申请")),
    _app("carried_in", _k("上年结转")),
    _app("granted", _k("予以公开")),
    _app("partial", _k("部分公开")),
    _app("denied_1", _k("国家秘密")),
    _app("denied_2", _k("禁止公开", "其他法律行政", "法律行政法规")),
    _app("denied_3", _k("三安全一稳定", "危及")),
    _app("denied_4", _k("第三方合法权益", "保护第三方")),
    _app("denied_5", _k("内部事务")),
    _app("denied_6", _k("过程性信息")),
    _app("denied_7", _k("行政执法案卷", "执法案卷", "行政执法案")),
    _app("denied_8", _k("行政查询", "查询事项")),
    _app("unavailable_1", _k("不掌握")),
    _app("unavailable_2", _k("另行制作", "没有现成")),
    _app("unavailable_3", _k("补正后", "仍不明确")),
    _app("not_processed_1", _k("信访举报", "投诉类")),
    _app("not_processed_2", _k("重复申请")),
    _app("not_processed_3", _k("公开出版物")),
    _app("not_processed_4", _k("大量反复", "无正当理由大量")),
    _app("not_processed_5", _k("重新出具", "确认或重新")),
    _app("other_1", _k("逾期不补正")),
    _app("other_2", _k("收费通知", "缴纳费用")),
    _app("other_3", (r"3[.、．]?其他", r"其他(?=\x00)")),
    _app("results_total", (r"[（(]?七[）)]\s*总计", r"(?<![一二三四五六])总计(?=\x00)")),
    _app("carried_out", _k("结转下年度", "结转下一年度", "转下年度")),
]
SINGLE_OTHER = _app("other_3", (r"其他处理(?=\x00)",))

ACTIVE_SPECS: list[RowSpec] = [
    RowSpec("rules", (r"(?<!行政)规章",), 3),
    RowSpec("normative_documents", _k("行政规范性文件", "规范性文件"), 3),
    RowSpec("licensing", _k("行政许可"), 1),
    RowSpec("punishment", _k("行政处罚"), 1),
    RowSpec("coercion", _k("行政强制"), 1),
    RowSpec("fees_10k_yuan", _k("行政事业性收费", "事业性收费"), 1),
]


def _first_match(text: str, spec: RowSpec, start: int, end: int) -> re.Match[str] | None:
    """The earliest match of any of the row's patterns in text[start:end]."""
    best: re.Match[str] | None = None
    for pattern in spec.patterns:
        m = compiled(pattern).search(text, start, end)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


def _greedy_labels(compact: str, specs: list[RowSpec], start: int) -> dict[str, tuple[int, int]]:
    """Each label at its first place after the previous one."""
    found: dict[str, tuple[int, int]] = {}
    pos = start
    for spec in specs:
        m = _first_match(compact, spec, pos, len(compact))
        if m is not None:
            found[spec.key] = (m.start(), m.end())
            pos = m.end()
    return found


def _candidates(compact: str, spec: RowSpec, start: int) -> list[tuple[int, int]]:
    """The first few places where the row's label could be, in text order."""
    spans: set[tuple[int, int]] = set()
    for pattern in spec.patterns:
        for n, m in enumerate(compiled(pattern).finditer(compact, start)):
            if n >= _CANDIDATES:
                break
            spans.add((m.start(), m.end()))
    return sorted(spans)[:_CANDIDATES]


def find_labels(compact: str, specs: list[RowSpec], start: int = 0) -> dict[str, tuple[int, int]]:
    """Each row's label, in the format's order: as many rows as can be found in order, each as early as possible.

    A label that also occurs in a sentence after the table (规章 in “…相关规章、规范性文件”) is not taken
    when taking it would lose the rows that follow it; a label not found is looked for across the values
    inside it.
    """
    found = _greedy_labels(compact, specs, start)
    if len(found) < len(specs):  # else every label was found in order: no chain is better
        found = _best_chain(compact, specs, start)
    if MARK in compact and _some_row_empty(compact, found):
        _extend_split_labels(compact, specs, found, start)
    return found


def _best_chain(compact: str, specs: list[RowSpec], start: int) -> dict[str, tuple[int, int]]:
    """The longest chain of labels in the format's order (each as early as possible), then labels split by values."""
    cands = [_candidates(compact, spec, start) for spec in specs]
    memo: dict[tuple[int, int], int] = {}

    def most(i: int, lo: int) -> int:
        """How many labels of specs i.. can be found in order at or after lo."""
        if i == len(specs):
            return 0
        if (i, lo) not in memo:
            memo[(i, lo)] = max([most(i + 1, lo), *(1 + most(i + 1, b) for a, b in cands[i] if a >= lo)])
        return memo[(i, lo)]

    found: dict[str, tuple[int, int]] = {}
    lo = start
    for i, spec in enumerate(specs):
        target = most(i, lo)
        taken = next(((a, b) for a, b in cands[i] if a >= lo and 1 + most(i + 1, b) == target), None)
        if taken is not None:
            found[spec.key] = taken
            lo = taken[1]
    if len(found) < len(specs) and MARK in compact:
        _labels_around_values(compact, specs, found, start)
    return found


def _some_row_empty(compact: str, found: dict[str, tuple[int, int]]) -> bool:
    """Two labels follow each other with no value between them (a sign of numbers printed before their label)."""
    starts = sorted(a for a, _ in found.values())
    return any(MARK not in compact[a:b] for a, b in itertools.pairwise(starts))


def _extend_split_labels(compact: str, specs: list[RowSpec], found: dict[str, tuple[int, int]], start: int) -> None:
    """A label found by its second half (`一、本年 48 43 … 新收政府信息公开申请数量`) starts at its first half."""
    index = [i for i, c in enumerate(compact) if c != MARK]
    plain = compact.replace(MARK, "")
    keys = [s for s in specs if s.key in found]
    for n, spec in enumerate(keys):
        a, b = found[spec.key]
        lo = found[keys[n - 1].key][1] if n else start
        m = _first_match(plain, spec, bisect.bisect_left(index, lo), bisect.bisect_left(index, b))
        if m is not None and index[m.start()] < a and MARK in compact[index[m.start()] : a]:
            found[spec.key] = (index[m.start()], b)


def _labels_around_values(compact: str, specs: list[RowSpec], found: dict[str, tuple[int, int]], start: int) -> None:
    """Labels split by their own numbers (`确认或重 0 0 0 … 新出具`): matched with the values taken out."""
    index = [i for i, c in enumerate(compact) if c != MARK]
    plain = compact.replace(MARK, "")
    for n, spec in enumerate(specs):
        if spec.key in found:
            continue
        before = [found[s.key][1] for s in specs[:n] if s.key in found]
        after = [found[s.key][0] for s in specs[n + 1 :] if s.key in found]
        lo = bisect.bisect_left(index, before[-1] if before else start)
        hi = bisect.bisect_left(index, after[0] if after else len(compact))
        m = _first_match(plain, spec, lo, hi)
        if m is not None and m.end() > m.start():
            found[spec.key] = (index[m.start()], index[m.end() - 1] + 1)
    order = {s.key: i for i, s in enumerate(specs)}
    ordered = sorted(found.items(), key=lambda kv: order[kv[0]])
    found.clear()
    found.update(ordered)


def normalised_label(text: str) -> str:
    """Label text compared loosely: no ordinal dot style, brackets or white space differences."""
    return _LOOSE.sub("", text)


@functools.lru_cache(maxsize=64)
def _core_label(official: str) -> str:
    """An official label without its ordinal, compared loosely."""
    return normalised_label(re.sub(r"^[（(][一二三四五六七][）)]|^[一二三四]、|^\d[.、．]", "", official))



def label_issues(stream: Stream, found: dict[str, tuple[int, int]]) -> list[LabelIssue]:
    """Rows whose printed label differs from the official one (typos, old wording)."""
    issues: list[LabelIssue] = []
    for key, (start, end) in found.items():
        official = ROW_LABELS.get(key)
        if official is None:
            continue
        core = _core_label(official)
        lo = max(0, start - len(core) - 2)
        context = normalised_label(stream.compact[lo : end + len(core) + 24].replace(MARK, ""))
        if len(core) > 6 and core not in context:
            ordinal = re.search(r"\d[.、．]$", stream.compact[max(0, start - 2) : start])
            seen = (ordinal.group(0) if ordinal else "") + stream.compact[start : end + len(core)].split(MARK)[0]
            issues.append(LabelIssue(where=row_where(key), found=seen, expected=official))
    return issues
