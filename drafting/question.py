"""A clerk's question as search input: plain words mapped to the regulation's, agency and year as filters, terms.

Pure and deterministic. 我局 means the session's agency, 去年 the session's year minus one, "2024年"
that year; a stored agency named in the question is a filter too. The clerk-vocabulary map adds the
regulation's wording to the query (交钱 → 信息处理费), and the question's content terms let an answer
measure how much a passage really speaks to it (the relevance threshold of 问答).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nianbao.retrieval.bm25 import tokenize

_EXEMPT = ("不得公开", "国家秘密", "商业秘密", "个人隐私", "内部事务信息", "过程性信息")  # what arts. 14–16 exempt
# clerk's words -> the regulation's (and the reports') words; a trigger counts as found when any of them occurs
VOCABULARY: dict[str, tuple[str, ...]] = {
    "交钱": ("信息处理费", "收取费用", "收费"),
    "收费": ("信息处理费", "收取费用"),
    "要钱": ("信息处理费", "收取费用"),
    "付费": ("信息处理费", "收取费用"),
    "费用": ("信息处理费", "收取费用"),
    "花钱": ("信息处理费", "收取费用"),
    "不予公开": _EXEMPT,
    "不公开": ("不予公开", *_EXEMPT),
    "不给公开": ("不予公开", *_EXEMPT),
    "拒绝公开": ("不予公开", *_EXEMPT),
    "保密": ("国家秘密", "保密审查"),
    "多久": ("期限", "工作日"),
    "几天": ("期限", "工作日"),
    "多长时间": ("期限", "工作日"),
    "回复": ("答复",),
    "最晚": ("日前", "期限", "之前"),
    "截止": ("日前", "期限", "之前"),
    "企业": ("第三方", "商业秘密"),
    "别人": ("第三方", "个人隐私"),
    "先问": ("征求", "意见"),
    "回应": ("答复",),
    "补材料": ("补正",),
    "说不清": ("内容不明确", "补正"),
    "不满意": ("行政复议", "行政诉讼", "投诉"),
    "不服": ("行政复议", "行政诉讼", "投诉"),
    "起诉": ("行政诉讼",),
    "复议": ("行政复议",),
    "年报": ("年度报告",),
    "内部": ("内部事务信息",),
    "讨论记录": ("过程性信息",),
    "口头": ("口头提出",),
    "反复申请": ("数量、频次明显超过合理范围", "合理范围"),
    "大量申请": ("数量、频次明显超过合理范围", "合理范围"),
    "投诉": ("信访", "举报"),
    "网上": ("互联网", "政府网站"),
    "没有这个信息": ("不存在", "未制作"),
    "没有该信息": ("不存在", "未制作"),
}
# words of almost every passage: they count a little towards relevance, never alone
GENERIC = frozenset("政府 信息 公开 申请 申请人 机关 行政 行政机关 工作 规定 条例 情况 要求 有关 相关 内容 本机关".split())  # noqa: SIM905
_QUESTION_WORDS = frozenset(
    "可以 能 能不能 不能 是否 是不是 需要 必须 应该 请问 一下 怎么样 怎样 怎么办 为什么 哪个 哪些 几 多少 吗 呢 吧 "  # noqa: SIM905
    "要 会 后 前 时 个 件 次 几次 年 去年 今年 前年 本年 上年 我局 本局 我们 我单位 本单位 我机关 我委 我办 本部门 "
    "问 问题 规定 哪条 哪一条 条文 依据 关于 方面 所说 指的是 做了 做 有没有 没有 什么样 一般 具体 主要 情形 这个 那个 不要 要不要 时候 什么时候 出去 东西 老百姓 群众".split()
)
# short names clerks use for agencies, written out as the reports name them
ABBREVIATIONS = {"人社局": "人力资源和社会保障局", "区政府": "区人民政府", "市政府": "市人民政府", "县政府": "县人民政府"}
_OWN = re.compile(r"我局|本局|我单位|我们单位|我机关|我委|本委|我办|本办|我部门|我们局")
_RELATIVE_YEARS = (("前年", -2), ("去年", -1), ("上年", -1), ("上一年", -1), ("今年", 0), ("本年", 0))
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
GENERIC_WEIGHT = 0.3
VOCABULARY_WEIGHT = 1.5  # a clerk's word we know the regulation's words for says most about the question


@dataclass(frozen=True)
class Term:
    """A content word of the question; it is found in a text when the word or one of its synonyms occurs."""

    word: str
    weight: float
    synonyms: tuple[str, ...] = ()

    def found_in(self, text: str) -> bool:
        """The word or a synonym occurs in the text."""
        return self.word in text or any(s in text for s in self.synonyms)


@dataclass(frozen=True)
class Question:
    """What the clerk asked, ready for search: the expanded query, its terms and its filters."""

    text: str
    query: str
    terms: tuple[Term, ...]
    agency: str | None = None
    year: int | None = None
    own_agency: bool = False  # the question says 我局 (or names an agency)

    @property
    def total_weight(self) -> float:
        """The weight of all the question's terms."""
        return sum(t.weight for t in self.terms)

    def matched_weight(self, text: str) -> float:
        """The weight of the question's terms found in a text."""
        return sum(t.weight for t in self.terms if t.found_in(text))

    def relevance(self, text: str) -> float:
        """The matched weight; at least 1.0 when the text has every term of a question of general words."""
        matched = self.matched_weight(text)
        if self.terms and matched >= self.total_weight - 1e-9 and len(self.terms) >= 2:
            return max(matched, 1.0)
        return matched


def question_year(text: str, session_year: int | None) -> int | None:
    """The year a question asks about: 2024年, or 去年/前年/今年 from the session's year."""
    match = _YEAR.search(text)
    if match:
        return int(match.group(1))
    if session_year:
        for word, delta in _RELATIVE_YEARS:
            if word in text:
                return session_year + delta
    return None


def question_agency(text: str, session_agency: str | None, agencies: Iterable[str]) -> tuple[str | None, bool]:
    """The agency a question is about (a stored agency it names, or the session's for 我局), and whether it names one."""
    for short, full in ABBREVIATIONS.items():
        text = text.replace(short, full)
    best, length = None, 0
    for name in agencies:
        for cut in range(0, max(len(name) - 4, 0)):  # the name or a tail of at least 5 characters (区人民政府)
            tail = name[cut:]
            if len(tail) > length and tail in text:
                best, length = name, len(tail)
                break
    if best is not None:
        return best, True
    if session_agency and _OWN.search(text):
        return session_agency, True
    return None, False


def _terms(text: str) -> tuple[Term, ...]:
    """Content terms: vocabulary triggers with their synonyms, then the other words (no question words)."""
    terms = [Term(word, VOCABULARY_WEIGHT, synonyms) for word, synonyms in VOCABULARY.items() if word in text]
    taken = [t.word for t in terms]
    for token in dict.fromkeys(tokenize(text)):
        if len(token) < 2 or token in _QUESTION_WORDS or token.isdigit() or any(token in w for w in taken):
            continue
        if any(token in other and token != other for other in tokenize(text) if len(other) > len(token)):
            continue  # a sub-word of a longer word of the question (年度 of 年度报告)
        terms.append(Term(token, GENERIC_WEIGHT if token in GENERIC else 1.0))
    return tuple(terms)


def parse_question(text: str, session_agency: str | None = None, session_year: int | None = None,
                   agencies: Iterable[str] = ()) -> Question:
    """The question with the clerk's words expanded, its content terms, and the agency and year it names."""
    text = text.strip()
    extra = [s for word, synonyms in VOCABULARY.items() if word in text for s in synonyms if s not in text]
    query = " ".join([text, *dict.fromkeys(extra)])
    agency, own = question_agency(text, session_agency, agencies)
    return Question(text, query, _terms(text), agency, question_year(text, session_year), own)
