"""Synthetic benchmark workload: fictional agencies × years, reports assembled from our own phrase lists."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from nianbao.model import (
    RESULT_ROWS,
    REVIEW_GROUPS,
    Active,
    ActiveRow,
    Applications,
    Report,
    ReviewGroup,
    ReviewLitigation,
)

PROVINCE = "青岚省"
CITIES = ("云汐市", "松溪市", "望川市", "棠梨市", "岫岩湾市", "霁川市", "鹭洲市", "柘林市")
DISTRICTS = ("东湖区", "北关区", "临溪县", "石埠县", "南屏区", "青梧县", "白沙区", "枫桥县")
DEPARTMENTS = (
    "人力资源和社会保障局", "财政局", "生态环境局", "交通运输局", "自然资源和规划局", "市场监督管理局",
    "卫生健康委员会", "教育局", "住房和城乡建设局", "民政局", "农业农村局", "应急管理局", "水利局", "司法局",
)
YEARS = (2020, 2021, 2022, 2023, 2024)

_TOPICS = ("就业创业", "社会保障", "生态环境保护", "城乡建设", "乡村振兴", "安全生产", "营商环境", "教育惠民",
           "医疗卫生", "养老服务", "防汛抗旱", "交通出行", "食品药品安全", "住房保障", "财政预决算")
_CHANNELS = ("门户网站", "政务新媒体", "政府公报", "政务服务大厅", "新闻发布会", "政务公开专区", "微信公众号")
_ACTIONS = ("全面推进", "持续深化", "扎实做好", "稳步推进", "进一步规范", "不断加强", "统筹推进", "认真落实")
_OBJECTS = ("决策公开", "执行公开", "管理公开", "服务公开", "结果公开", "政策解读", "回应关切", "基层政务公开标准化规范化")
_MEANS = ("图文解读", "视频解读", "专家解读", "一图读懂", "在线访谈", "政策问答", "案例解读")
_ISSUES = ("政策解读形式较为单一，解读的针对性和可读性有待提高", "部分栏目信息更新不够及时，存在内容滞后的情况",
           "依申请公开答复文书的规范性还有提升空间", "基层工作人员业务能力参差不齐，培训覆盖面不够",
           "政务新媒体互动回应不够及时", "公开信息的检索和下载功能不够便捷", "主动公开目录的动态调整机制尚不健全",
           "重点领域信息公开的深度和广度不够")
_FIXES = ("制定年度培训计划，分批次组织业务培训", "建立栏目更新台账，实行专人负责、定期巡查",
          "推行答复文书模板化管理，落实法制审核", "丰富解读形式，增加图表、音视频等解读产品",
          "优化网站检索功能，提升信息查找便利度", "健全主动公开目录动态更新机制", "加强与申请人的沟通，提高答复质量",
          "完善重点领域信息公开清单，细化公开标准")


@dataclass(frozen=True)
class Agency:
    """A fictional agency: name, level and a size factor scaling its figures."""

    name: str
    level: str
    size: int


def agencies(count: int, seed: int = 7) -> list[Agency]:
    """`count` distinct fictional agencies of the province: governments and their departments."""
    rng = random.Random(seed)
    out: list[Agency] = []
    for city in CITIES:
        out.append(Agency(f"{city}人民政府", "government", rng.randint(20, 60)))
        out += [Agency(f"{city}{d}", "department", rng.randint(3, 30)) for d in DEPARTMENTS]
        for district in DISTRICTS:
            out.append(Agency(f"{city}{district}人民政府", "government", rng.randint(5, 30)))
            out += [Agency(f"{city}{district}{d}", "department", rng.randint(1, 12)) for d in DEPARTMENTS]
    rng.shuffle(out)
    if count > len(out):
        raise ValueError(f"at most {len(out)} agencies")
    return out[:count]


def _sentence(rng: random.Random, agency: str, year: int) -> str:
    """One sentence of 总体情况 prose assembled from the phrase lists."""
    topic, channel = rng.choice(_TOPICS), rng.choice(_CHANNELS)
    forms = (
        f"{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}，围绕{topic}等重点领域，通过{channel}及时发布相关信息{rng.randint(5, 400)}条。",
        f"{year}年，{agency}坚持以公开促落实、以公开强监管，{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}工作。",
        f"针对{topic}相关政策，采用{rng.choice(_MEANS)}、{rng.choice(_MEANS)}等形式开展解读{rng.randint(2, 60)}次，便于群众理解政策。",
        f"依托{channel}开设“{topic}”专栏，全年更新栏目内容{rng.randint(10, 300)}条，浏览量达{rng.randint(1, 90)}万人次。",
        f"{rng.choice(_ACTIONS)}政府信息管理，对本机关现行有效的规范性文件进行集中清理，并在{channel}统一公布清理结果。",
        "严格落实公开属性源头认定和保密审查制度，拟公开信息经过审查后再发布，全年未发生泄密事件。",
        f"召开政务公开工作专题会议{rng.randint(1, 6)}次，研究部署年度重点任务，将政务公开纳入年度绩效考核。",
        f"通过{channel}回应社会关切{rng.randint(3, 90)}次，答复网民留言{rng.randint(20, 900)}件，办结率达到百分之百。",
        f"组织开展政务公开业务培训{rng.randint(1, 8)}期，参训人员{rng.randint(20, 400)}人次，提升了工作人员的业务水平。",
        f"完善{topic}领域公开事项清单，明确公开主体、公开内容、公开时限和公开方式，推动公开内容标准化。",
    )
    return rng.choice(forms)


def _paragraphs(rng: random.Random, agency: str, year: int, n: int, per: tuple[int, int]) -> list[str]:
    """n paragraphs of several assembled sentences each."""
    return ["".join(_sentence(rng, agency, year) for _ in range(rng.randint(*per))) for _ in range(n)]


def _applications(rng: random.Random, size: int) -> Applications:
    """A consistent 25 × 7 applications table (totals and the balance rule hold)."""
    from nianbao.benchmarks.layouts import balanced_applications

    results: dict[str, list[int]] = {}
    for key in RESULT_ROWS:
        weight = 4 if key in ("granted", "partial", "unavailable_1") else 1
        results[key] = [rng.randint(0, size * weight // 3) if rng.random() < 0.6 else 0 for _ in range(6)]
    carried_out = [rng.randint(0, 2) for _ in range(6)]
    carried_in = [min(rng.randint(0, 2), sum(results[k][c] for k in RESULT_ROWS)) for c in range(6)]
    return balanced_applications(results, carried_out, carried_in)


def _review(rng: random.Random, size: int) -> ReviewLitigation:
    """Part 四 with totals that add up."""
    groups: dict[str, ReviewGroup] = {}
    for key in REVIEW_GROUPS:
        v = [rng.randint(0, max(1, size // 8)) for _ in range(4)]
        groups[key] = ReviewGroup(maintained=v[0], corrected=v[1], other=v[2], pending=v[3], total=sum(v))
    return ReviewLitigation(**groups)


def make_report(agency: Agency, year: int, seed: int = 0) -> Report:
    """One report of ~5–10k characters once rendered: six parts of prose and the three consistent tables."""
    rng = random.Random(f"{agency.name}:{year}:{seed}")
    applications = _applications(rng, agency.size)
    review = _review(rng, agency.size)
    rows = applications.rows
    new, done, out = rows["new"][6], rows["results_total"][6], rows["carried_out"][6]
    granted = rows["granted"][6]
    overview = [
        f"{year}年，{agency.name}深入贯彻《中华人民共和国政府信息公开条例》，{rng.choice(_ACTIONS)}政务公开各项工作。现将本年度工作情况报告如下。",
        "（一）主动公开", *_paragraphs(rng, agency.name, year, 2, (4, 6)),
        "（二）依申请公开",
        f"全年新收政府信息公开申请{new}件，办结{done}件，其中予以公开{granted}件，结转下年度继续办理{out}件。"
        + "".join(_sentence(rng, agency.name, year) for _ in range(3)),
        "（三）政府信息管理", *_paragraphs(rng, agency.name, year, 1, (4, 6)),
        "（四）政府信息公开平台建设", *_paragraphs(rng, agency.name, year, 1, (4, 6)),
        "（五）监督保障", *_paragraphs(rng, agency.name, year, 1, (3, 5)),
    ]
    if agency.level == "government":
        overview.append("本年度将政务公开纳入绩效考核，开展社会评议，未发生需要追究责任的情形。")
    issues = rng.sample(_ISSUES, 3)
    fixes = rng.sample(_FIXES, 3)
    part5 = [f"{year}年，本机关政府信息公开工作取得了一定成效，但仍存在一些不足：" + "；".join(
        f"{i + 1}.{t}" for i, t in enumerate(issues)) + "。",
        f"下一步，将重点做好以下工作：一是{fixes[0]}；二是{fixes[1]}；三是{fixes[2]}。",
        f"上一年度报告提出的改进措施已落实，{_sentence(rng, agency.name, year)}"]
    part6 = [f"本年度未收取信息处理费。{agency.name}{year}年无其他需要报告的事项。"]
    return Report(
        agency=agency.name, year=year, level=agency.level,  # type: ignore[arg-type]
        parts={"1": "\n".join(overview), "5": "\n".join(part5), "6": "\n".join(part6)},
        active=Active(
            rules=ActiveRow(issued=0, repealed=0, in_force=rng.randint(0, 3)),
            normative_documents=ActiveRow(issued=rng.randint(0, 9), repealed=rng.randint(0, 3),
                                          in_force=rng.randint(5, 60)),
            licensing=rng.randint(0, agency.size * 300), punishment=rng.randint(0, agency.size * 20),
            coercion=rng.randint(0, 20), fees_10k_yuan=round(rng.randint(0, 99999) / 100, 2)),
        applications=applications,
        review_litigation=review,
    )


def reports(count: int, seed: int = 7) -> Iterator[Report]:
    """`count` reports: agencies × consecutive years (every agency gets up to five years)."""
    per_agency = len(YEARS)
    for i, agency in enumerate(agencies((count + per_agency - 1) // per_agency, seed)):
        for year in YEARS:
            if i * per_agency + YEARS.index(year) >= count:
                return
            yield make_report(agency, year, seed)


LAYOUTS: tuple[str, ...] = ("text", "pdf_like", "web_pipe", "html", "docx", "pdf")


def render(report: Report, layout: str, rng: random.Random) -> tuple[bytes, str]:
    """The report as one layout the parsers read: (file bytes, file suffix)."""
    from nianbao.drafting.export import render_docx, render_html, render_text

    if layout == "text":
        return render_text(report).encode("utf-8"), ".txt"
    if layout == "html":
        return render_html(report).encode("utf-8"), ".html"
    if layout == "docx":
        return render_docx(report), ".docx"
    from nianbao.benchmarks.layouts import flatten_pdf_like, render_pdf, web_pipe_like

    if layout == "pdf_like":
        return flatten_pdf_like(report, rng).encode("utf-8"), ".txt"
    if layout == "web_pipe":
        return web_pipe_like(report, rng).encode("utf-8"), ".txt"
    if layout == "pdf":
        return render_pdf(report), ".pdf"
    raise ValueError(layout)


def can_render_pdf() -> bool:
    """True when reportlab (test-only dependency, reportlab==5.1.0) is installed."""
    try:
        import reportlab  # noqa: F401
    except ImportError:
        return False
    return True


def max_reports() -> int:
    """How many distinct agency-year reports the province has (every agency × every year)."""
    return _AGENCY_COUNT * len(YEARS)


_AGENCY_COUNT = len(CITIES) * (1 + len(DEPARTMENTS)) * (1 + len(DISTRICTS))
