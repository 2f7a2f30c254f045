"""Part headings run into the text (a whole report on one line, `…问责。 二、主动公开政府信息情况第二十条…`).

A heading that is not on its own line is recognised only by a part's full title in one of the
forms real reports print (六、其他需报告的事项, 五、存在的主要问题及明年工作计划, 四、因政府信息公开工作被申请
行政复议、提起行政诉讼情况, …), never by a single keyword: table rows such as 四、结转下年度继续办理 or
三、本年度办理结果 and sub-items of part 一 must not open a part.
"""

from __future__ import annotations

import re

_TITLES: dict[str, str] = {
    "1": r"(?:总体情况|基本情况|工作概述|总体概述|概述)",
    "2": r"主动公开政府信息(?:的)?(?:工作)?(?:情况)?|主动公开(?:工作)?情况",
    "3": r"收到和处理政府信息公开申请(?:的)?(?:情况)?|依申请公开(?:政府信息)?(?:工作)?(?:的)?情况"
         r"|政府信息公开申请(?:的)?(?:办理|处理)情况",
    "4": r"(?:因)?(?:政府信息公开)?(?:工作|申请)?(?:被)?(?:申请)?行政(?:法)?复议[、和与及]?(?:提起)?行政诉讼(?:的)?(?:情况)?",
    "5": r"(?:政府信息公开工作)?存在的?(?:主要)?问题(?:[及和与]|以及)(?:其?改进情况|改进措施|整改情况|整改措施"
         r"|改进方向|明年工作计划|下一步工作(?:计划|打算|安排|措施)?|改进)",
    "6": r"其他需要?(?:报告|汇报|说明)的?事项|其他事项",
}
_NUMERALS = "一二三四五六"
_INLINE: dict[str, re.Pattern[str]] = {
    key: re.compile(r"(?<![（(一二三四五六七八九十〇零第])" + _NUMERALS[int(key) - 1] + r"\s*[、.．]\s*(?:" + title + ")")
    for key, title in _TITLES.items()
}


def inline_heading(key: str, line: str, start: int = 0) -> re.Match[str] | None:
    """The first place in the line where part `key`'s full title is printed."""
    return _INLINE[key].search(line, start)


def expose(lines: list[str], key: str, lo: int, hi: int, skip: int) -> list[str] | None:
    """The lines with part `key`'s heading put on its own line, looked for in lines[lo:hi]; None if absent."""
    for i in range(max(lo, 0), min(hi, len(lines))):
        m = inline_heading(key, lines[i], skip if i == lo else 0)
        if m is None:
            continue
        before, after = lines[i][: m.start()], lines[i][m.end() :]
        return [*lines[:i], *(x for x in (before, m.group(0), after) if x.strip()), *lines[i + 1 :]]
    return None


_PREFIX: dict[str, re.Pattern[str]] = {key: re.compile(r"\s*(?:" + title + ")") for key, title in _TITLES.items()}


def title_length(key: str, title: str) -> int | None:
    """How much of a printed title is part `key`'s title when text was run onto it (None: not a known form)."""
    m = _PREFIX[key].match(title)
    return m.end() if m else None
