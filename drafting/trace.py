"""Tracing each figure of a draft to its source: the right value next to the right label, or a quote of last year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.corpus.regulation import cn_to_int
from nianbao.drafting import labels
from nianbao.drafting.facts import Facts
from nianbao.drafting.render import format_value

_CN_NUM = "零一二两三四五六七八九十百千"
_EXCLUDED = re.compile(
    "|".join((
        r"《[^》]*》",                                   # titles of laws and documents
        r"〔\d{4}〕\s*\d+\s*号",                         # document numbers
        rf"第[\d{_CN_NUM}]+(?:条|款|项|章|节|次|批|季度)",  # article/item numbers and ordinals
        r"(?:19|20)\d{2}\s*年(?:度)?",                   # years
        r"\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?",             # dates
        rf"[{_CN_NUM}]+是",                             # 一是、二是
        rf"[（(][\d{_CN_NUM}]+[）)]",                    # （一）（1）
        r"(?:^|(?<=\n))\s*\d{1,2}[.、．](?!\d)",          # list numbers
        r"[一二三四五六七八九十]+、",                     # heading numbers
    ))
)
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
# A Chinese numeral counts something when a measure word follows it (三件、十班、两次、五百余人).
_MEASURE = "件宗起人次个篇名家条项场期批份户位元年月日天周倍成班轮届所处台部套本册张万亿余多"
# 一 alone counts only before 件、宗、起、人次 (一项、一个、一次 are ordinary words).
_CHINESE = re.compile(rf"(?:[{_CN_NUM}]{{2,}}|[{_CN_NUM.replace('一', '')}])(?=[{_MEASURE}])|一(?=件|宗|起|人次)")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_QUOTED = re.compile(r"“[^”\n]*”|「[^」\n]*」")
_STATUTORY = {7: "《条例》第三十条（补正告知 7 个工作日）", 15: "《条例》第三十二条（第三方意见 15 个工作日）",
              20: "《条例》第三十三条（答复期限 20 个工作日）"}
_CHANGE_BEFORE = re.compile("(?:" + "|".join(sorted(labels.CHANGE_WORDS, key=len, reverse=True)) + r")(?:了|为|约)?\s*$")
_ALL_WORDS = sorted({w for _, ws in labels.BASE.values() for w in ws} | set(labels.SCOPES), key=len, reverse=True)
_WORD = re.compile("|".join(re.escape(w) for w in _ALL_WORDS))


@dataclass(frozen=True)
class Found:
    """One figure stated in a text."""

    value: float
    raw: str
    start: int
    end: int
    percent: bool

    @property
    def shown(self) -> int | float:
        """The value as JSON shows it."""
        return int(self.value) if self.value.is_integer() else self.value


def _chinese_value(text: str) -> int | None:
    """Value of a small Chinese numeral."""
    try:
        return cn_to_int(text.replace("两", "二"))
    except ValueError:
        return None


def _figures(text: str) -> list[Found]:
    """Every figure stated in the text, in order (ordinals, years, dates, articles excluded)."""
    masked = _EXCLUDED.sub(lambda m: " " * len(m.group(0)), text)
    found = []
    for m in _ARABIC.finditer(masked):
        found.append(Found(float(m.group(0)), m.group(0), m.start(), m.end(), _is_percent(text, m.end())))
    for m in _CHINESE.finditer(masked):
        value = _chinese_value(m.group(0))
        if value is not None:
            found.append(Found(float(value), m.group(0), m.start(), m.end(), False))
    return sorted(found, key=lambda f: f.start)


def _is_percent(text: str, end: int) -> bool:
    """A figure followed by a percent sign or 个百分点."""
    rest = text[end:end + 4].lstrip()
    return rest.startswith(("%", "％", "个百分点"))


def find_figures(text: str) -> list[tuple[float, str, str]]:
    """(value, as written, context) of every figure stated in the text (ordinals, years, dates, articles excluded)."""
    return [(f.value, f.raw, _context(text, f)) for f in _figures(text)]


def _context(text: str, figure: Found) -> str:
    """A few characters around a figure."""
    return text[max(0, figure.start - 12): figure.end + 6]


@dataclass(frozen=True)
class Verdict:
    """What the guard concluded about one figure: its source, or why it has none."""

    figure: Found
    context: str
    source: str | None = None
    quoted: bool = False
    problem: str | None = None


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Label and scope words in text[start:end] (quotes and placeholders masked), longest first at each place."""
    masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), text[:end])
    masked = _EXCLUDED.sub(lambda m: " " * len(m.group(0)), masked)
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(masked, start)]


def _keys_named(word: str, facts: Facts, percent: bool, change: bool, prior: bool, clause: str) -> list[str]:
    """Keys of the facts that the word names, of the figure's kind (qualified by the figure's clause)."""
    keys = []
    for key in facts.figures:
        if labels.is_percent(key) != percent or labels.is_change(key) != change:
            continue
        if key.startswith("prior_") and not prior:
            continue
        qualifier = labels.QUALIFIERS.get(labels.base_key(key))
        if qualifier is not None and (qualifier[0] in clause) != qualifier[1]:
            continue
        if word in labels.words_of(key):
            keys.append(key)
    return keys


def _clause(text: str, start: int, end: int) -> str:
    """The clause (between commas and sentence ends) holding text[start:end]."""
    left = max(text.rfind(c, 0, start) for c in "，,。；;！？\n")
    rights = [i for i in (text.find(c, end) for c in "，,。；;！？\n") if i >= 0]
    return text[left + 1: min(rights) if rights else len(text)]


def _clause_end(text: str, end: int, limit: int) -> int:
    """Where the clause after text[end] ends (a comma or a sentence end), at most `limit`."""
    rights = [i for i in (text.find(c, end, limit) for c in "，,；;。") if i >= 0]
    return min([limit, *rights])


def _scope(words: list[tuple[int, int, str]]) -> str | None:
    """The table 四 scope (review, suit, both) of the nearest scope word."""
    scoped = [labels.SCOPES[w] for _, _, w in words if w in labels.SCOPES]
    return scoped[-1] if scoped else None


def _in_scope(key: str, scope: str | None) -> bool:
    """Whether a key fits the scope of its sentence (a result of 行政复议 is not one of 行政诉讼)."""
    base = labels.base_key(key)
    if scope == "review":
        return not base.startswith("suit_")
    if scope == "suit":
        return not base.startswith("review_")
    return True


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the sentence holding text[start:end]."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return (ends[-1] if ends else 0), (after.start() if after else len(text))


def _quote_around(text: str, figure: Found) -> str | None:
    """The quotation (“…”) a figure stands in, if any."""
    for m in _QUOTED.finditer(text):
        if m.start() < figure.start and figure.end <= m.end():
            return m.group(0)[1:-1]
    return None


def _norm(text: str) -> str:
    """Text without whitespace, for comparing quotations."""
    return re.sub(r"\s+", "", text)


def _quoted(figure: Found, context: str, quote: str, facts: Facts) -> Verdict:
    """A figure inside quotation marks: verified when the quotation is from last year's problems or measures.

    Only those items (already screened for contact details and instructions when the facts were built) can be
    quoted; a long digit string (a telephone number) is never a quoted figure.
    """
    items = [i.text for i in (*facts.prior_measures, *facts.prior_problems)]
    if len(figure.raw) < 7 and quote.strip() and any(_norm(quote) in _norm(s) for s in items):
        year = f"{facts.prior_year}年度" if facts.prior_year else "上一年度"
        return Verdict(figure, context, source=f"引用{year}报告原文", quoted=True)
    return Verdict(figure, context, problem=f"引号中的数字 {figure.shown}（“{quote[:30]}”）不是上一年度报告所列问题或措施的原文，无法核实。")


def _label(text: str, figure: Found, figures: list[Found], facts: Facts) -> tuple[str | None, list[str]]:
    """The label word standing next to a figure and the keys it names (nearest before, else right after)."""
    s_start, s_end = _sentence_bounds(text, figure.start, figure.end)
    before = text[s_start:figure.start]
    change = bool(_CHANGE_BEFORE.search(before))
    prior = any(m in before for m in labels.PRIOR_MARKERS)
    counts = [f for f in figures if not f.percent and s_start <= f.start and f is not figure]
    seg_start = s_start
    if not figure.percent and not change:
        seg_start = max([s_start, *(f.end for f in counts if f.end <= figure.start)])
    scope = _scope(_words(text, s_start, figure.start))
    seg_end = min([s_end, *(f.start for f in counts if f.start >= figure.end)])
    after_end = _clause_end(text, figure.end, seg_end)
    nearest = [*reversed(_words(text, seg_start, figure.start)), *_words(text, figure.end, after_end)]
    clause = _clause(text, figure.start, figure.end)
    for _, _, word in nearest:
        keys = [k for k in _keys_named(word, facts, figure.percent, change, prior, clause) if _in_scope(k, scope)]
        if keys:
            return word, keys
    if change:
        return "较上年", [k for k in facts.figures if labels.is_change(k) and labels.is_percent(k) == figure.percent]
    return None, []


def _same(a: float, b: float) -> bool:
    """Equal values (percentages as printed, one decimal)."""
    return abs(a - b) < 1e-6


def _labelled(text: str, figure: Found, figures: list[Found], facts: Facts, context: str) -> Verdict:
    """A figure checked against the figure its label names."""
    word, keys = _label(text, figure, figures, facts)
    matching = [k for k in keys if _same(float(facts.figures[k].value), figure.value)]
    if matching:
        return Verdict(figure, context, source=facts.figures[matching[0]].source)
    elsewhere = [k for k, f in facts.figures.items() if _same(float(f.value), figure.value)]
    if not elsewhere:
        return Verdict(figure, context, problem=f"数字 {figure.shown}（“{context}”）在统计数据和推算结果中找不到，不得使用。")
    others = "、".join(labels.name_of(k) for k in elsewhere[:3])
    if word is None:
        return Verdict(figure, context, problem=(
            f"数字 {figure.shown}（“{context}”）前后没有写明它是哪一项数据（它等于{others}），"
            f"数字必须紧跟其名称，如“{labels.name_of(elsewhere[0])}{figure.raw}{'%' if figure.percent else '件'}”。"))
    named = "、".join(f"{labels.name_of(k)}为 {format_value(facts.figures[k].value)}{'%' if figure.percent else ' 件'}" for k in keys[:2])
    return Verdict(figure, context, problem=(
        f"数字 {figure.shown}（“{context}”）紧跟“{word}”，但{named}；{figure.shown} 是{others}，数字与名称不符。"))


def trace(text: str, facts: Facts) -> list[Verdict]:
    """A verdict for every figure of a draft."""
    figures = _figures(text)
    verdicts = []
    for figure in figures:
        context = _context(text, figure)
        quote = _quote_around(text, figure)
        if quote is not None:
            verdicts.append(_quoted(figure, context, quote, facts))
        elif figure.value in _STATUTORY and re.match(r"\s*个工作日", text[figure.end:]):
            verdicts.append(Verdict(figure, context, source=_STATUTORY[int(figure.value)]))
        else:
            verdicts.append(_labelled(text, figure, figures, facts, context))
    return verdicts
