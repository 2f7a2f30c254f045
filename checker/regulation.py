"""regulation.citation / regulation.fact / regulation.outdated: a draft against the regulation (FORMAT.md §1, §4).

Precision over recall: a citation counts only when it is of this regulation (nearest law name
before it in the sentence is 《条例》 or none), a topic mismatch only fires when the sentence
clearly speaks of one topic, and a statutory figure only when the sentence states it as the rule.
Pure functions over text and an ArticleIndex; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from nianbao.corpus.articles import ArticleIndex, IndexedArticle
from nianbao.corpus.regulation import CITED_NUMBER, article_label, cn_to_int, int_to_cn
from nianbao.model import PART_TITLES, Finding, Level, Report

_NUM = CITED_NUMBER
_SEP = r"[、，,和及与]"
_CITATION = re.compile(
    rf"第(?P<arts>{_NUM}(?:{_SEP}第?{_NUM})*)条"
    rf"(?:第(?P<para>{_NUM})款)?"
    rf"(?:第?(?P<items>[（(]?{_NUM}[）)]?(?:{_SEP}?[（(]{_NUM}[）)]|{_SEP}[（(]?{_NUM}[）)]?)*)项"
    rf"|(?P<pitem>[（(][一二三四五六七八九十]{{1,3}}[）)]))?"
)
_NUMBERS = re.compile(_NUM)
_TITLE = re.compile(r"《([^《》]{1,60})》")
_OURS = re.compile(r"(?:中华人民共和国)?(?:政府信息公开)?条例(?:[（(][^）)]*[）)])?")
_BARE_OURS = re.compile(r"(?:^|[^\u4e00-\u9fff]|根据|依据|按照|依照|遵照|对照|据|依|照|本|新|和|及|与)"
                        r"(?:中华人民共和国)?(?:政府信息公开)?条例[)）]?(?:的)?(?:规定|要求)?$")
_BARE_OTHER = re.compile(r"(?:法|规定|办法|细则|意见|通知|决定|规则|章程|准则|纲要|条例|该|此)[)）]?(?:的)?$")
_OLD_VERSION = re.compile(r"原|旧|修订前|2007|492")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[、.．])")
_SENTENCE = re.compile(r"[^。！？；!?;]+")

Ref = tuple[int, int | None]  # (article, item or None for the whole article)


@dataclass(frozen=True)
class Citation:
    """One cited article (with 款/项 when given) as written in a sentence."""

    text: str
    article: int
    para: int | None
    item: int | None


@dataclass(frozen=True)
class Topic:
    """What a sentence talks about, and the articles (or items) that concern it."""

    name: str
    pattern: re.Pattern[str]
    refs: tuple[Ref, ...]
    suggest: tuple[Ref, ...]
    dominant: bool = False  # a sentence on the report's contents or deadline lists the other topics as its objects

    def accepts(self, citation: Citation) -> bool:
        """True when the cited article (and item) is one that concerns this topic."""
        return any(a == citation.article and (i is None or citation.item in (None, i)) for a, i in self.refs)


def _t(name: str, pattern: str, refs: tuple[Ref, ...], suggest: tuple[Ref, ...], dominant: bool = False) -> Topic:
    """A Topic with its pattern compiled."""
    return Topic(name, re.compile(pattern), refs, suggest, dominant)


_ANNUAL = (4, 3)
TOPICS: tuple[Topic, ...] = (
    _t("年度报告的内容", r"(?:年度报告|年报|本报告)[^，,。]{0,8}(?:应当|应|须|需|要)?(?:包括|包含|载明)", ((50, None), _ANNUAL), ((50, None),), True),
    _t("年度报告的公布期限", r"(?:每年|应当?在|应于|须于|需于)[^，,。]{0,6}(?:1|一|3|三)月(?:31|三十一)日前", ((49, None), _ANNUAL), ((49, None),), True),
    _t("答复期限", r"答复期限|(?:工作日|日)内[^，,。]{0,4}(?:予以|作出|进行)?答复|当场答复|延长(?:答复)?期限", ((33, None), (35, None), (36, None)), ((33, None),)),
    _t("申请补正", r"补正", ((30, None),), ((30, None),)),
    _t("征求第三方意见", r"征求[^，,。]{0,8}(?:第三方|其他机关|相关行政机关)[^，,。]{0,4}意见|第三方[^，,。]{0,6}意见",
       ((32, None), (33, None), (34, None), (15, None)), ((32, None),)),
    _t("依申请公开的收费", r"信息处理费|(?:依申请|申请人|提供政府信息)[^，,。]{0,10}(?:收费|收取[^，,。]{0,6}费)|不收取(?:任何)?费用",
       ((42, None),), ((42, None),)),
    _t("主动公开的期限", r"(?:形成|变更)[^，,。]{0,12}个工作日|主动公开[^，,。]{0,10}(?:时限|期限)", ((26, None),), ((26, None),)),
    _t("主动公开的范围", r"主动公开(?:的)?(?:范围|内容)|应当主动公开|主动公开下列",
       ((13, None), (19, None), (20, None), (21, None), (22, None), (26, None), (44, None)), ((20, None),)),
    _t("工作考核、社会评议和责任追究", r"工作考核|社会评议|责任追究|追究责任|考核[、和及]评议",
       ((46, None), (47, None), (50, 4), (52, None), (53, None)), ((46, None), (50, 4))),
    _t("行政复议和行政诉讼", r"行政复议|行政诉讼", ((51, None), (50, 3)), ((51, None),)),
    _t("不予公开的情形", r"不予公开|不得公开|免予公开",
       ((13, None), (14, None), (15, None), (16, None), (17, None), (18, None), (32, None), (36, None), (37, None)),
       ((14, None), (15, None), (16, None))),
    _t("不予处理的情形", r"不予处理|不予重复处理|不作为政府信息公开申请处理|重复申请|公开出版物",
       ((35, None), (36, None), (39, None)), ((36, None), (39, None))),
)

_STATUTORY = re.compile(r"应当|应于|应在|须|法定|条例|规定|依法|期限为|时限为|最长|不得超过|每年")
_PERFORMANCE = re.compile(r"均|平均|全部|实际|提前|用时|承诺|缩短|压缩|最快|基本|已于|办结")
_WORKDAYS = re.compile(rf"(?P<n>{_NUM})个?工作日")
_DEADLINE_DATE = re.compile(r"(?<!\d年)(?<!\d)(?P<m>\d{1,2}|[一二三])月(?P<d>\d{1,2}|[一二三十]{1,4})日前")


@dataclass(frozen=True)
class Outdated:
    """Wording of the 2007 regulation or a pre-2021 format, and the current wording to use."""

    pattern: re.Pattern[str]
    article: int
    advice: str
    guard: re.Pattern[str] | None = None  # a sentence matching the guard is not read
    needs: re.Pattern[str] | None = None  # the sentence must also match this
    text_guard: re.Pattern[str] | None = None  # a draft matching this anywhere is not read
    from_year: int | None = None  # reports of earlier years may use it


OUTDATED: tuple[Outdated, ...] = (
    Outdated(re.compile(r"不予受理"), 36,
             "“不予受理”是2007年条例时期的办理结果分类，现行条例和2021格式中已没有这一类；"
             "应按实际情形归入“不予公开”“无法提供”“不予处理”或“其他处理”。",
             guard=re.compile(r"复议|诉讼|信访|仲裁|举报"), needs=re.compile(r"申请|答复|办理|\d+件")),
    Outdated(re.compile(r"(?:检索|复制|邮寄|邮递)(?:[、，,和及]?(?:检索|复制|邮寄|邮递))*等?(?:成本)?费"), 42,
             "检索费、复制费、邮寄费是2007年条例的收费项目；现行条例依申请提供政府信息不收费，"
             "仅在申请数量、频次明显超过合理范围时可收取“信息处理费”，建议改写为“收取（或未收取）信息处理费”。"),
    Outdated(re.compile(r"国办公开办函[〔\[（(【]?2019[〕\]）)】]?60号"), 50,
             "国办公开办函〔2019〕60号规定的是2019年的年报格式，2021年起应使用国办公开办函〔2021〕30号印发的统一格式。",
             text_guard=re.compile(r"2021[〕\]）)】]?30号"), from_year=2021),
    Outdated(re.compile(r"国务院令第?492号|国令第?492号|国务院第492号令"), 56,
             "国务院令第492号是2007年公布的旧条例；现行的是2019年修订的《中华人民共和国政府信息公开条例》（国务院令第711号）。",
             guard=re.compile(r"711|修订|2007|[原旧]《|[原旧]条例")),
)


# ----- text -----
def sentences(text: str) -> list[str]:
    """Sentences with white space removed; lines wrapped mid-sentence (PDF extracts) are joined first."""
    joined: list[str] = []
    for raw in (line.strip() for line in (text or "").splitlines()):
        if not raw or raw.startswith("#"):
            continue
        prev = joined[-1] if joined else ""
        table_row = len(re.findall(r"\s+", prev)) >= 3
        wrapped = prev and not table_row and not re.search(r"[。！？；!?;：:|]$", prev) and not _HEADING.match(raw) and (
            (len(prev) >= 15 and not (_HEADING.match(prev) and not re.search(r"[，,。]", prev))) or prev.endswith("第")
        )
        if wrapped:
            joined[-1] = prev + raw
        else:
            joined.append(raw)
    out: list[str] = []
    for line in joined:
        out.extend(s for s in (re.sub(r"\s+", "", m) for m in _SENTENCE.findall(line)) if s)
    return out


def _num(text: str) -> int:
    """Value of an Arabic or Chinese numeral."""
    return cn_to_int(text.strip("（()）"))


def _is_ours(sentence: str, start: int) -> bool:
    """True when a citation at `start` is of this (2019) regulation, judged by the law named before it."""
    prefix = sentence[:start]
    titles = list(_TITLE.finditer(prefix))
    if titles:
        last = titles[-1]
        if not _OURS.fullmatch(last.group(1)):
            return False
        before = prefix[max(0, last.start() - 6) : last.start()] + prefix[last.end() :]
        return not _OLD_VERSION.search(before)
    if _BARE_OURS.search(prefix):
        return not _OLD_VERSION.search(prefix[-12:])
    return not _BARE_OTHER.search(prefix)


def citations(sentence: str) -> list[Citation]:
    """Citations of this regulation in a sentence, one per cited article/item."""
    found: list[Citation] = []
    for match in _CITATION.finditer(sentence):
        if not _is_ours(sentence, match.start()):
            continue
        arts = [_num(n) for n in _NUMBERS.findall(match.group("arts"))]
        para = _num(match.group("para")) if match.group("para") else None
        raw_items = match.group("items") or match.group("pitem")
        items: list[int | None] = [_num(n) for n in _NUMBERS.findall(raw_items)] if raw_items else [None]
        if len(arts) > 1:  # 第十四、十五条: items cannot belong to a list of articles
            found.extend(Citation(article_label(a), a, None, None) for a in arts if a > 0)
            continue
        if arts[0] > 0:
            found.extend(Citation(match.group(0), arts[0], para, item) for item in items)
    return found


# ----- rules -----
def _ref_label(ref: Ref) -> str:
    """第N条 or 第N条第（M）项."""
    number, item = ref
    return article_label(number) + (f"第（{int_to_cn(item)}）项" if item else "")


def _finding(rule: str, message: str, article: IndexedArticle | None, index: ArticleIndex, where: str | None,
             item: int | None = None, label: str | None = None, **extra: object) -> Finding:
    """A regulation finding: message, then the article quoted (official or our summary), then the source used."""
    severity = "warning" if rule == "regulation.outdated" else "error"
    quote = article.quote(item) if article else ""
    return Finding(rule=rule, severity=severity, where=where, article=article.label if article else label,
                   message=f"{message}{quote}（{index.describe()}）", **extra)


def _check_exists(cite: Citation, sentence: str, index: ArticleIndex, where: str | None) -> Finding | None:
    """regulation.citation for an article, 款 or 项 the regulation does not have."""
    article = index.get(cite.article)
    head = f"“{_excerpt(sentence)}”引用的{cite.text}"
    if article is None:
        return _finding("regulation.citation", f"{head}不存在：条例共{int_to_cn(index.last)}条。", None, index,
                        where, actual=cite.text, label=article_label(cite.article) if cite.article else cite.text)
    paras = article.paragraph_items
    if cite.para and paras is not None and cite.para > len(paras):
        return _finding("regulation.citation", f"{head}不存在：{article.label}只有{len(paras)}款。",
                        article, index, where, actual=cite.text)
    if cite.item is None:
        return None
    limit = paras[cite.para - 1] if cite.para and paras is not None else article.items
    if cite.item > limit:
        scope = f"{article.label}第{int_to_cn(cite.para)}款" if cite.para and paras is not None else article.label
        has = f"只有{int_to_cn(limit)}项" if limit else "没有分项"
        return _finding("regulation.citation", f"{head}不存在：{scope}{has}。", article, index, where,
                        actual=cite.text, expected=f"{scope}第（一）至（{int_to_cn(limit)}）项" if limit else article.label)
    return None


def _check_topic(cites: list[Citation], sentence: str, index: ArticleIndex, where: str | None) -> list[Finding]:
    """regulation.citation for citations whose article does not concern the one topic the sentence talks about."""
    topics = [t for t in TOPICS if t.pattern.search(sentence)]
    topics = [t for t in topics if t.dominant] or topics
    if len(topics) != 1 or any(topics[0].accepts(c) for c in cites):
        return []
    topic = topics[0]
    suggested = " 或 ".join(_ref_label(r) for r in topic.suggest)
    target = index.get(topic.suggest[0][0])
    findings: list[Finding] = []
    for cite in {c.article: c for c in cites}.values():
        message = (f"“{_excerpt(sentence)}”引用的{cite.text}与本句所述“{topic.name}”不符，"
                   f"关于{topic.name}应引用{suggested}。")
        findings.append(_finding("regulation.citation", message, target, index, where,
                                 item=topic.suggest[0][1], actual=cite.text, expected=suggested))
    return findings


def _fact_subject(clause: str) -> tuple[int, int, str] | None:
    """(article, which figure of it, what) a working-day period in a clause speaks of; None when unclear."""
    if "补正" in clause:
        return 30, 0, "告知补正的期限"
    if re.search(r"征求[^，,。]{0,10}意见|第三方[^，,。]{0,8}意见|提出意见", clause):
        return (34, 0, "被征求意见机关提出意见的期限") if re.search(r"其他机关|相关行政机关|被征求意见机关", clause) else (
            32, 0, "第三方提出意见的期限")
    if re.search(r"形成|变更|主动公开", clause):
        return 26, 0, "主动公开的期限"
    if "延长" in clause:
        return (33, 1, "延长答复的最长期限") if re.search(r"最长|不得超过|不超过|最多", clause) else None
    if "答复" in clause:
        return 33, 0, "答复期限"
    return None


def _check_facts(sentence: str, index: ArticleIndex, level: Level | None, where: str | None) -> list[Finding]:
    """regulation.fact: working-day periods and the annual report date stated as the rule, against the regulation."""
    if not _STATUTORY.search(sentence) or _PERFORMANCE.search(sentence):
        return []
    findings: list[Finding] = []
    clauses = re.split(r"[，,：:]", sentence)
    for i, clause in enumerate(clauses):
        for match in _WORKDAYS.finditer(clause):
            subject = _fact_subject(clause) or _fact_subject("".join(clauses[i : i + 2]))
            article = index.get(subject[0]) if subject else None
            values = article.figure_values("个工作日") if article and subject else []
            if not subject or not article or len(values) <= subject[1]:
                continue
            stated, expected = _num(match.group("n")), int(values[subject[1]])
            if stated != expected:
                message = (f"“{_excerpt(sentence)}”中{subject[2]}写作{stated}个工作日，"
                           f"与条例{article.label}规定的{expected}个工作日不符。")
                findings.append(_finding("regulation.fact", message, article, index, where,
                                         expected=f"{expected}个工作日", actual=f"{stated}个工作日"))
    if re.search(r"年度报告|年报", sentence) and re.search(r"公布|发布|提交|报送|公开", sentence):
        findings.extend(_check_report_date(sentence, index, level, where))
    return findings


def _check_report_date(sentence: str, index: ArticleIndex, level: Level | None, where: str | None) -> list[Finding]:
    """regulation.fact for the annual report deadline (art. 49): 1月31日 departments, 3月31日 governments."""
    article = index.get(49)
    dates = article.figure_values("日期") if article else []
    if not article or len(dates) < 2:
        return []
    findings: list[Finding] = []
    for match in _DEADLINE_DATE.finditer(sentence):
        stated = f"{_num(match.group('m'))}月{_num(match.group('d'))}日"
        allowed = set(dates[:2])
        if level and not re.search(r"部门|政府", sentence):
            allowed = {dates[0] if level == "department" else dates[1]}
        if stated not in allowed:
            expected = "或".join(sorted(allowed))
            message = (f"“{_excerpt(sentence)}”中年度报告的公布期限写作{stated}前，与条例{article.label}不符"
                       f"（县级以上人民政府部门为每年{dates[0]}前，县级以上地方人民政府为每年{dates[1]}前）。")
            findings.append(_finding("regulation.fact", message, article, index, where,
                                     expected=f"{expected}前", actual=f"{stated}前"))
    return findings


def _check_outdated(sentence: str, text: str, year: int | None, index: ArticleIndex,
                    where: str | None) -> list[Finding]:
    """regulation.outdated: wording of the 2007 regulation or the 2019 format used as current."""
    findings: list[Finding] = []
    for rule in OUTDATED:
        match = rule.pattern.search(sentence)
        if not match or (rule.needs and not rule.needs.search(sentence)):
            continue
        if (rule.guard and rule.guard.search(sentence)) or (rule.text_guard and rule.text_guard.search(text)):
            continue
        if rule.from_year and year is not None and year < rule.from_year:
            continue
        message = f"“{_excerpt(sentence)}”使用了已过时的表述“{match.group(0)}”：{rule.advice}"
        findings.append(_finding("regulation.outdated", message, index.get(rule.article), index, where,
                                 actual=match.group(0)))
    return findings


def _excerpt(sentence: str, limit: int = 60) -> str:
    """The sentence, shortened for a message."""
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


def _check_sentences(text: str, index: ArticleIndex, level: Level | None, year: int | None,
                     where: str | None, whole: str) -> Iterator[Finding]:
    """All regulation rules over the sentences of one text."""
    for sentence in sentences(text):
        valid: list[Citation] = []
        for cite in citations(sentence):
            broken = _check_exists(cite, sentence, index, where)
            if broken:
                yield broken
            else:
                valid.append(cite)
        if valid:
            yield from _check_topic(valid, sentence, index, where)
        yield from _check_facts(sentence, index, level, where)
        yield from _check_outdated(sentence, whole, year, index, where)


def check_regulation_text(text: str, index: ArticleIndex, level: Level | None = None,
                          year: int | None = None) -> list[Finding]:
    """Regulation rules over a draft's plain text (level and report year when known)."""
    return list(_check_sentences(text, index, level, year, None, re.sub(r"\s+", "", text or "")))


def check_regulation(report: Report, index: ArticleIndex) -> list[Finding]:
    """Regulation rules over the six parts of a report; `where` names the part."""
    whole = re.sub(r"\s+", "", "".join(report.parts.values()))
    findings: list[Finding] = []
    for key, text in sorted(report.parts.items()):
        where = PART_TITLES.get(key, key)
        findings.extend(_check_sentences(text, index, report.level, report.year, where, whole))
    return findings
