"""Outlines: the points a part must make, each grounded in a figure or in last year's report."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

from nianbao.drafting import phrases
from nianbao.drafting.facts import Facts, Item
from nianbao.drafting.quotes import item_notes, screen_text, text_note
from nianbao.errors import OutlineError

PARTS: dict[str, str] = {
    "5": "五、存在的主要问题及改进情况",
    "overview-supervision": "一、总体情况/监督保障",
    "overview-applications": "一、总体情况/依申请公开",
}
SLOT = re.compile(r"\{\{(\w+)\}\}")
_NAME = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")
MAX_PROBLEMS = 3



@dataclass
class Point:
    """One point of a section: a brief for the LLM, wordings for the template, the figures it states."""

    kind: str
    key: str
    brief: str
    variants: tuple[str, ...]
    ref: str | None = None
    grounds: str = ""

    @property
    def slots(self) -> list[str]:
        """Figure keys the point states."""
        return list(dict.fromkeys(SLOT.findall(self.brief + "".join(self.variants))))


@dataclass
class Section:
    """A paragraph: lead wordings and points (numbered 一是、二是 … or joined with ；)."""

    name: str
    leads: tuple[str, ...]
    points: list[Point]
    numbered: bool = True


@dataclass
class Outline:
    """What a draft of one part must say."""

    part: str
    title: str
    facts: Facts
    sections: list[Section]
    prior_text: str = ""  # last year's text of the part, screened (drafting/quotes.py)
    required: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the screening of last year's text left out

    def context(self) -> dict[str, str]:
        """Names usable as `{name}` in wordings."""
        f = self.facts
        return {"agency": f.agency, "year": str(f.year), "next_year": str(f.year + 1),
                "prior_year": str(f.prior_year or f.year - 1)}

    def pick(self, options: tuple[str, ...], slot: str) -> str:
        """A wording chosen from the year and agency, so consecutive years always differ."""
        offset = zlib.crc32(f"{self.facts.agency}|{slot}".encode())
        return options[(self.facts.year + offset) % len(options)]


def fill_names(text: str, names: dict[str, str]) -> str:
    """Replace `{name}` (single braces) by context values."""
    return _NAME.sub(lambda m: names.get(m.group(1), m.group(0)), text)


def _with_topic(entry: tuple[str, tuple[str, ...]], topic: str) -> tuple[str, tuple[str, ...]]:
    """An entry's brief and variants with `{topic}` filled in."""
    brief, variants = entry
    return fill_names(brief, {"topic": topic}), tuple(fill_names(v, {"topic": topic}) for v in variants)


def _has(facts: Facts, point_text: str) -> bool:
    """Every figure a wording needs is known."""
    return all(facts.value(k) is not None for k in SLOT.findall(point_text))


def _status_point(facts: Facts, index: int, item: Item) -> Point:
    """The status sentence of one measure promised last year, with data evidence where a figure speaks to it."""
    brief, variants = _with_topic(phrases.STATUS, item.topic)
    for pattern, key, when_zero, otherwise in phrases.EVIDENCE:
        value = facts.value(key)
        if value is not None and re.search(pattern, item.text):
            evidence = when_zero if value == 0 else otherwise
            variants = tuple(f"{v}；{evidence}" for v in variants)
            brief = f"{brief}；数据：{evidence}"
            break
    return Point("status", f"s{index}", brief, variants, grounds=f"上年措施：{item.text}")


def _part5(facts: Facts, prior_text: str) -> Outline:
    """Part 五: last year's measures and their status, this year's problems and a measure for each."""
    sections: list[Section] = []
    if facts.prior_measures:
        points = [_status_point(facts, i, m) for i, m in enumerate(facts.prior_measures, 1)]
        sections.append(Section("status", phrases.LEADS["status"], points, numbered=False))
    problems: list[Point] = []
    measures: list[Point] = []
    for kind in facts.notable:
        brief, variants = phrases.PROBLEMS[kind]
        if len(problems) >= MAX_PROBLEMS or not _has(facts, brief + "".join(variants)):
            continue
        key = f"p{len(problems) + 1}"
        problems.append(Point("problem", key, brief, variants, grounds=f"统计数据：{kind}"))
        m_brief, m_variants = phrases.MEASURES[kind]
        measures.append(Point("measure", f"m{len(measures) + 1}", m_brief, m_variants, ref=key))
    for item in facts.prior_problems[: max(0, MAX_PROBLEMS - len(problems))]:
        key = f"p{len(problems) + 1}"
        problems.append(Point("problem", key, *_with_topic(phrases.PRIOR_PROBLEM, item.topic),
                              grounds=f"上年问题：{item.text}"))
        measures.append(Point("measure", f"m{len(measures) + 1}", *_with_topic(phrases.PRIOR_PROBLEM_MEASURE, item.topic),
                              ref=key))
    if not problems:
        problems.append(Point("problem", "p1", *phrases.NO_PROBLEM, grounds="无可依据的数据"))
        measures.append(Point("measure", "m1", *phrases.NO_MEASURE, ref="p1"))
    sections.append(Section("problems", phrases.LEADS["problems"], problems))
    sections.append(Section("measures", phrases.LEADS["measures"], measures))
    required = [("存在的问题", ("问题", "不足", "短板", "差距")), ("改进措施", ("措施", "下一步", "改进"))]
    if facts.prior_measures:
        required.append(("上年措施落实情况", ("上年", "去年", "落实", "推进情况")))
    return Outline("5", PARTS["5"], facts, sections, prior_text, required)


def _point(kind: str, key: str, brief: str, *variants: str) -> Point:
    """A point whose template wordings are given inline."""
    return Point(kind, key, brief, tuple(variants))


_RESULTS = (("maintained", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"))


def _dispute_clause(facts: Facts, prefix: str, verb: str) -> str:
    """“被申请行政复议N件（结果维持a件、…）” naming only the non-zero results; “未…” when there is none."""
    if facts.value(f"{prefix}_total") == 0:
        return "未发生" + verb[3:]
    parts = [f"{label}{{{{{prefix}_{key}}}}}件" for key, label in _RESULTS if facts.value(f"{prefix}_{key}")]
    return f"{verb}{{{{{prefix}_total}}}}件" + (f"（{'、'.join(parts)}）" if parts else "")


def _applications(facts: Facts, prior_text: str) -> Outline:
    """总体情况 item 2: the year's application figures in prose, every figure from the counts."""
    points = [_point(
        "fact", "intake", "本年新收申请{{new}}件（自然人{{new_person}}件，法人或其他组织{{new_org}}件），上年结转{{carried_in}}件",
        "{year}年，本机关新收政府信息公开申请{{new}}件，其中自然人提出{{new_person}}件、法人或其他组织提出{{new_org}}件，上年结转{{carried_in}}件",
        "全年共收到政府信息公开申请{{new}}件（自然人{{new_person}}件，法人或其他组织{{new_org}}件），另有上年结转申请{{carried_in}}件",
        "本年度新收政府信息公开申请{{new}}件，上年结转{{carried_in}}件；从申请人看，自然人{{new_person}}件，法人或其他组织{{new_org}}件",
    )]
    trend = facts.trends.get("new")
    if trend in ("up", "down") and facts.value("new_change") is not None:
        word = "增加" if trend == "up" else "减少"
        rate = "，变化幅度{{new_change_pct}}%" if facts.value("new_change_pct") is not None else ""
        points.append(_point("fact", "trend", f"新收申请较上年{word}{{{{new_change}}}}件",
                             f"新收申请数量较上年{word}{{{{new_change}}}}件{rate}",
                             f"与上年相比，新收申请{word}{{{{new_change}}}}件{rate}"))
    points.append(_point(
        "fact", "results", "办结{{results_total}}件：予以公开{{granted}}、部分公开{{partial}}、不予公开{{denied}}、无法提供{{unavailable}}、不予处理{{not_processed}}、其他处理{{other}}",
        "本年度办结{{results_total}}件，其中予以公开{{granted}}件，部分公开{{partial}}件，不予公开{{denied}}件，无法提供{{unavailable}}件，不予处理{{not_processed}}件，其他处理{{other}}件",
        "全年作出答复{{results_total}}件：予以公开{{granted}}件、部分公开{{partial}}件、不予公开{{denied}}件、无法提供{{unavailable}}件、不予处理{{not_processed}}件、其他处理{{other}}件",
        "在已办结的{{results_total}}件申请中，予以公开{{granted}}件，部分公开{{partial}}件，不予公开{{denied}}件，无法提供{{unavailable}}件，不予处理{{not_processed}}件，其他方式处理{{other}}件",
    ))
    if facts.value("carried_out") == 0:
        points.append(_point("fact", "carried_out", "无结转下年度的申请", "年底无结转下年度继续办理的申请"))
    else:
        points.append(_point("fact", "carried_out", "结转下年度继续办理{{carried_out}}件",
                             "结转下年度继续办理{{carried_out}}件", "另有{{carried_out}}件申请结转下年度继续办理"))
    if facts.value("disputes_total") == 0:
        points.append(_point("fact", "disputes", "未发生因政府信息公开引发的行政复议、行政诉讼",
                             "全年未发生因政府信息公开引发的行政复议和行政诉讼",
                             "本年度没有因政府信息公开被申请行政复议或提起行政诉讼的案件"))
    else:
        review, suits = _dispute_clause(facts, "review", "被申请行政复议"), _dispute_clause(facts, "suit", "被提起行政诉讼")
        points.append(_point(
            "fact", "disputes", "行政复议{{review_total}}件（纠正{{review_corrected}}件），行政诉讼{{suit_total}}件（纠正{{suit_corrected}}件）",
            f"因政府信息公开{review}，{suits}", f"本年度涉及政府信息公开的案件中，{review}；{suits}"))
    points = [p for p in points if _has(facts, p.brief + "".join(p.variants))]
    if not points:  # no counts yet: a visible placeholder, never a zero
        points = [_point("item", "intake", "统计表尚未填写", "【请补充：本年收到和处理政府信息公开申请情况（统计表尚未填写）】")]
    section = Section("applications", ("",), points, numbered=False)
    required = [("新收申请", ("新收", "收到")), ("办理结果", ("予以公开", "办结", "答复"))]
    return Outline("overview-applications", PARTS["overview-applications"], facts, [section], prior_text, required)


def _supervision(facts: Facts, prior_text: str) -> Outline:
    """总体情况 item 5: 工作考核、社会评议、责任追究 (art. 50(4) for governments), placeholders for unknown facts."""
    government = facts.level == "government"
    corrected = facts.value("corrected_total")
    if corrected is None:
        duty_fact = ""
    elif corrected == 0:
        duty_fact = "本年度没有因政府信息公开被复议机关或人民法院纠正的案件，"
    else:
        duty_fact = "本年度有{{corrected_total}}件复议、诉讼案件结果为纠正，"
    points = [
        _point("item", "assessment", "工作考核结果（考核对象、方式、结果）",
               "工作考核方面，【请补充：政务公开纳入考核的方式、考核对象数量及考核结果】",
               "在工作考核上，【请补充：考核办法、考核范围和结果等次】"),
        _point("item", "evaluation", "社会评议结果（方式、样本、满意度）",
               "社会评议方面，【请补充：评议方式（如第三方评估、满意度调查）、参与人数及评议结果】",
               "在社会评议上，【请补充：评议的组织方式和主要结果】"),
        _point("item", "accountability", "责任追究结果" + ("（纠正{{corrected_total}}件）" if corrected else ""),
               f"责任追究方面，{duty_fact}【请补充：是否发生需要追究责任的情形及处理结果】",
               f"在责任追究上，{duty_fact}【请补充：责任追究情况，没有的请写明“未发生”】"),
        _point("item", "training", "业务培训情况", "组织开展政务公开业务培训，【请补充：培训次数及参训人数】",
               "加强业务培训，【请补充：培训场次、参训人员和培训内容】"),
    ]
    lead = ("依照《条例》第五十条的要求，报告监督保障情况如下：", "监督保障工作情况如下：") if government else (
        "加强政务公开监督保障：", "在监督保障方面：")
    required = [("工作考核", ("考核",)), ("社会评议", ("评议",)), ("责任追究", ("追究", "追责", "问责"))]
    return Outline("overview-supervision", PARTS["overview-supervision"], facts,
                   [Section("supervision", lead, points, numbered=False)], prior_text,
                   required if government else required[:1])


def build_outline(facts: Facts, part: str, prior_text: str = "") -> Outline:
    """The outline of a part: "5", "overview-supervision" or "overview-applications"."""
    builders = {"5": _part5, "overview-applications": _applications, "overview-supervision": _supervision}
    if part not in builders:
        raise OutlineError(f"不支持的部分“{part}”，可选：{'、'.join(PARTS)}。")
    screened = screen_text(prior_text, facts.prior_values)
    outline = builders[part](facts, screened.text)
    if part == "5":
        outline.notes += item_notes(facts.quote_cuts)
    outline.notes += text_note(screened, [piece for _, _, piece in facts.quote_cuts] if part == "5" else [])
    return outline
