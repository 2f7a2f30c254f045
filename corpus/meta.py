"""Agency, year, level and publication date from a report's title and text."""

from __future__ import annotations

import datetime as dt
import re
from difflib import SequenceMatcher

from nianbao.model import Level

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TITLE_WORDS = ("年度报告", "工作报告", "年报")
_YEAR = re.compile(r"((?:19|20)\d{2}|[二〇零一三四五六七八九]{4})\s*年\s*(?:度)?")
_GOVERNMENT = re.compile(r"(人民政府|街道办事处|街道办|乡政府|镇政府|区政府|县政府|市政府)(（[^）]*）)?$")
_HEADER = re.compile(r"^#\s*(\w+)\s*:\s*(.*)$")
# the header a site crawler writes above the page text (标题: … / 发布时间: … / ==== 正文 ====)
_CRAWL_END = re.compile(r"^\s*=+\s*正文\s*=+\s*$")
_CRAWL_FIELD = re.compile(r"^\s*(标题|发布时间|发布日期|文号|发布机构|来源|栏目|原文链接)\s*[:：]\s*(.*)$")
_CRAWL_KEYS = {"标题": "title", "发布时间": "date", "发布日期": "date", "文号": "document_number",
               "发布机构": "publisher", "来源": "publisher", "栏目": "column", "原文链接": "source"}
_AGENCY_END = re.compile(r"(?:局|委员会|委|办公室|办|厅|院|人民政府|政府|办事处|中心|管委会|管理委员会|会|署|处|所|站|队|部|公司)$")
_NOT_AGENCY = re.compile(r"主要|负责|同志|组长|领导|本机关|我局|我委|我办|条例")


def cn_year(text: str) -> int | None:
    """A year written in Arabic or Chinese digits (二〇二四)."""
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    return None


def _crawl_header(lines: list[str]) -> tuple[dict[str, str], str] | None:
    """A crawler's `标题: …` lines ending with `==== 正文 ====`, and the text after them."""
    for i, line in enumerate(lines[:20]):
        if _CRAWL_END.match(line):
            header: dict[str, str] = {}
            for head in lines[:i]:
                m = _CRAWL_FIELD.match(head)
                if m and m.group(2).strip():
                    header.setdefault(_CRAWL_KEYS[m.group(1)], m.group(2).strip())
            return header, "\n".join(lines[i + 1 :])
    return None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """`# key: value` lines ending with `---` (stored web copies), or a crawler's header, and the text after."""
    lines = text.splitlines()
    crawled = _crawl_header(lines)
    if crawled is not None:
        return crawled
    header: dict[str, str] = {}
    for i, line in enumerate(lines[:30]):
        if line.strip() == "---" and header:
            return header, "\n".join(lines[i + 1 :])
        m = _HEADER.match(line.strip())
        if not m:
            break
        header[m.group(1).lower()] = m.group(2).strip()
    return {}, text


def find_title(text: str) -> str:
    """The report's title: the first lines up to the one naming the annual report (also when it wraps)."""
    lines = [ln.strip().lstrip("#").strip().strip("*") for ln in text.splitlines() if ln.strip()][:6]
    for i, line in enumerate(lines):
        if any(w in line for w in _TITLE_WORDS) and len(line) < 80:
            prefix = lines[i - 1] if i > 0 and len(lines[i - 1]) < 30 and not _YEAR.search(lines[i - 1]) else ""
            suffix = lines[i + 1] if i + 1 < len(lines) and re.fullmatch(r"[（(].{2,40}[）)]", lines[i + 1]) else ""
            return " ".join(x for x in (prefix, line, suffix) if x)
    return _wrapped_title(lines)


def _wrapped_title(lines: list[str]) -> str:
    """A title wrapped over two or three short lines (…工作年度报 / 告, …年度 / 报告)."""
    for i in range(len(lines)):
        for span in (2, 3):
            parts = lines[i : i + span]
            joined = "".join(parts)
            if len(parts) == span and len(joined) < 80 and any(w in joined for w in _TITLE_WORDS):
                suffix = lines[i + span] if i + span < len(lines) and re.fullmatch(r"[（(].{2,40}[）)]",
                                                                                  lines[i + span]) else ""
                return " ".join(x for x in (joined, suffix) if x)
    return ""


def find_year(title: str, text: str) -> int | None:
    """The report year: from the title, else from the statistics period."""
    m = _YEAR.search(title)
    if m and (year := cn_year(m.group(1))):
        return year
    period = re.search(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-)", text[:3000])
    if period:
        return int(period.group(1))
    m = _YEAR.search(text[:500])
    return cn_year(m.group(1)) if m else None


def find_agency(title: str, text: str) -> str | None:
    """The agency: the title before the year, a bracketed name, or 由…编制 in the intro."""
    if title:
        head = re.split(r"(?:19|20)\d{2}\s*年|[二〇零一三四五六七八九]{4}\s*年", title)[0]
        head = re.sub(r"(?:关于|《)$", "", re.sub(r"[\s（）()]", "", head))
        if len(head) >= 2 and not any(w in head for w in _TITLE_WORDS):
            return head
        bracket = re.search(r"[（(]([^（）()]{2,40}?)[）)]\s*$", title)
        if bracket and not re.search(r"\d{4}-\d{2}-\d{2}", bracket.group(1)):
            return bracket.group(1)
    for made in re.finditer(r"由([^，。,；;（(：:“”]{2,40}?)(?:根据|依据|按照|编制|负责)", text[:1500]):
        name = made.group(1).strip()
        if _AGENCY_END.search(name) and not _NOT_AGENCY.search(name):
            return name
    return None


def find_level(agency: str | None) -> Level:
    """`government` for people's governments (and their 街道/乡镇), else `department`."""
    if agency and _GOVERNMENT.search(agency):
        return "government"
    return "department"


_DATE = re.compile(r"((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")


def find_published(title_line: str, text: str) -> dt.date | None:
    """A signing/publication date: a date-only line at the end, or a date in the title line."""
    candidates: list[str] = []
    tail = [ln.strip() for ln in text.strip().splitlines()[-4:]]
    candidates += [ln for ln in tail if _DATE.fullmatch(ln) or re.fullmatch(r"[（(]?" + _DATE.pattern + r"[）)]?", ln)]
    m = re.search(r"(?:发布|印发|公开|生成|成文)(?:日期|时间)[:：]?\s*" + _DATE.pattern, text[:2000])
    if m:
        candidates.append(m.group(0))
    end = re.search(_DATE.pattern + r"\s*(?:印发)?\s*(?:附件下载|[（(]此件主动公开[）)])?\s*$", text.strip()[-80:])
    if end:
        candidates.append(end.group(0))
    in_title = re.search(r"[（(]\s*(" + _DATE.pattern + r")\s*[）)]", title_line)
    if in_title:
        candidates.append(in_title.group(1))
    for cand in candidates:
        d = _DATE.search(cand)
        if d:
            try:
                return dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
            except ValueError:
                continue
    return None


def parse_date(text: str) -> dt.date | None:
    """A date written as 2024-01-12, 2024/1/12 or 2024年1月12日; None when there is none."""
    d = _DATE.search(text)
    if not d:
        return None
    try:
        return dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
    except ValueError:
        return None


def agency_key(name: str | None) -> str:
    """An agency name compared loosely: brackets, white space and a leading city dropped."""
    if not name:
        return ""
    name = re.sub(r"[（(][^）)]*[）)]|\s", "", name)
    return name


def same_agency(a: str | None, b: str | None) -> bool:
    """The two names denote one agency (equal, or one is the other with its city prefix)."""
    return same_key(agency_key(a), agency_key(b))


def same_key(ka: str, kb: str) -> bool:
    """same_agency on two names already turned into `agency_key`s (many comparisons, keys made once)."""
    if not ka or not kb:
        return False
    short, long = sorted((ka, kb), key=len)
    return ka == kb or (len(short) >= 4 and long.endswith(short))


def similar_agency(a: str | None, b: str | None) -> bool:
    """Names close enough to be one agency written two ways, but not recognised as the same."""
    ka, kb = agency_key(a), agency_key(b)
    if not ka or not kb or same_agency(a, b):
        return False
    return SequenceMatcher(None, ka, kb).ratio() >= 0.6
