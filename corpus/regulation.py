"""Split the regulation (政府信息公开条例) into articles; Chinese numeral helpers. Pure functions."""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUE: dict[str, int] = {c: i for i, c in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNIT_VALUE: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = f"[{DIGITS}〇两十百千]+"

REGULATION_TITLE = "政府信息公开条例"
# The citation patterns, written once for the whole project (reading, checks, drafting).
CITED_NUMBER = r"(?:\d{1,3}|[一二三四五六七八九十百零〇两]{1,5})"  # an article/item number as texts cite it
ARTICLE_MENTION = re.compile(rf"第{_NUMERAL}条")  # 第三十三条 anywhere in a text
ARTICLE_START = re.compile(rf"^\s*第({_NUMERAL})条(?:[\s\u3000]+|(?=\S))")  # a paragraph opening an article
ARTICLE_LABEL_PREFIX = re.compile(r"^\s*第[一二三四五六七八九十百零〇两\d]+条[\s\u3000]*")  # the label, to strip it
ITEM_START = re.compile(rf"^\s*[（(]({_NUMERAL})[）)]\s*")  # a line opening item （N）
_CHAPTER = re.compile(rf"^\s*(?:#+\s*)?(第{_NUMERAL}章)[\s\u3000]*(\S.*?)?\s*$")
_ANY_ARTICLE = re.compile(rf"(?m)^\s*第{_NUMERAL}条[\s\u3000]")


def cn_to_int(text: str) -> int:
    """Value of a Chinese numeral such as 三十三, 十, 一百零二 (also plain Arabic digits)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _DIGIT_VALUE and c not in _UNIT_VALUE for c in text):
        raise ValueError(f"不是中文数字：{text!r}")
    total, digit = 0, None
    for char in text:
        if char in _DIGIT_VALUE:
            digit = _DIGIT_VALUE[char]
        else:
            total += (1 if digit is None else digit) * _UNIT_VALUE[char]
            digit = None
    return total + (digit or 0)


def int_to_cn(number: int) -> str:
    """Chinese numeral of 1..9999 as written in article labels (十, 十一, 二十, 一百零一)."""
    if not 0 < number < 10000:
        raise ValueError(f"超出范围的数字：{number}")
    parts: list[str] = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(DIGITS[digit] + unit)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def article_label(number: int) -> str:
    """第N条 label of an article number, e.g. 33 -> 第三十三条."""
    return f"第{int_to_cn(number)}条"


def parse_article_label(label: str) -> int:
    """Article number of a label such as 第三十三条 or 第33条."""
    match = re.fullmatch(r"\s*第\s*(\d+|" + _NUMERAL + r")\s*条\s*", label)
    if not match:
        raise ValueError(f"不是条文编号：{label!r}")
    return cn_to_int(match.group(1))


@dataclass(frozen=True)
class Article:
    """One article of the regulation."""

    number: int
    label: str
    chapter: str
    text: str
    items: int


def _paragraphs(text: str) -> list[str]:
    """Non-empty stripped lines; both Markdown (blank-line separated) and plain text have one paragraph a line."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return [line.strip().strip("\u3000") for line in text.replace("\r", "").split("\n") if line.strip()]


def _count_items(paragraphs: list[str]) -> int:
    """Number of distinct （一）（二）… items starting a paragraph."""
    seen = {cn_to_int(m.group(1)) for p in paragraphs if (m := ITEM_START.match(p))}
    return len(seen)


def split_articles(text: str) -> list[Article]:
    """Split the regulation text into its articles, in order.

    A paragraph starting with 第N条 opens article N when N follows the previous article
    (so a paragraph that merely starts with a reference is not taken for a new article);
    other paragraphs continue the current article. Text before 第一条 is ignored.
    """
    articles: list[Article] = []
    chapter = ""
    current: tuple[int, str, list[str]] | None = None

    def close() -> None:
        if current is not None:
            number, chap, paras = current
            articles.append(Article(number, article_label(number), chap, "\n".join(paras), _count_items(paras)))

    for para in _paragraphs(text):
        heading = _CHAPTER.match(para)
        if heading and len(para) <= 40:
            chapter = " ".join(x for x in heading.groups() if x)
            continue
        opening = ARTICLE_START.match(para)
        if opening:
            number = cn_to_int(opening.group(1))
            expected = current[0] + 1 if current else 1
            if number == expected:
                close()
                current = (number, chapter, [para])
                continue
        if current is not None and not para.startswith("#"):
            current[2].append(para)
    close()
    return articles


def is_regulation(text: str) -> bool:
    """True for a text of the regulation itself: its title near the top and many 第N条 paragraphs."""
    return REGULATION_TITLE in text[:500] and len(_ANY_ARTICLE.findall(text)) >= 20
