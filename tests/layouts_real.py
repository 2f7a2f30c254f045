"""Layouts of the reports really out there, generated from our own reports (no third-party text).

Each function renders one feature of real files (issue 13): scraped pages whose cell separators
were lost and whose whole text sits on one line, converter output with labels detached from their
numbers, prose in the table's header words, headings run into the text, wrapped titles and title
variants, and the 2019 format. The text is built from the report model and our own phrases.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from nianbao.drafting.export_layout import fmt
from nianbao.model import (
    ACTIVE_FIELDS,
    ACTIVE_ROWS,
    ACTIVE_SINGLE,
    APPLICATION_ROWS,
    COLUMN_LABELS,
    PART_TITLES,
    REVIEW_FIELDS,
    REVIEW_GROUPS,
    ROW_GROUPS,
    ROW_LABELS,
    Active2019,
    Report,
)

Row = tuple[str, list[str]]  # (label text printed before the values, the values); header lines have no values
TITLE_VARIANTS: dict[str, tuple[str, ...]] = {
    "4": ("四、政府信息公开行政复议、行政诉讼情况", "四、因政府信息公开被申请行政复议、行政诉讼情况",
          "四、政府信息公开行政复议与行政诉讼情况"),
    "5": ("五、存在的主要问题及改进情况", "五、存在的主要问题和改进措施", "五、存在的主要问题及明年工作计划"),
    "6": ("六、其他需要报告的事项", "六、其他需报告的事项"),
}
_APPLICANTS = "申请人情况" + COLUMN_LABELS["natural_person"] + "法人或其他组织" + COLUMN_LABELS["total"] + "".join(
    COLUMN_LABELS[c] for c in ("commercial", "research", "social_welfare", "legal_service", "other"))
_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_REVIEW_HEAD = ("行政复议", "行政诉讼", *REVIEW_FIELDS.values(), "未经复议直接起诉", "复议后起诉",
                *REVIEW_FIELDS.values(), *REVIEW_FIELDS.values())


def active_rows(report: Report) -> list[Row]:
    """Part 二 in the 2021 format, row by row as the template prints it."""
    a = report.active
    assert a is not None
    rows: list[Row] = [("第二十条第（一）项", []), ("信息内容" + "".join(ACTIVE_FIELDS.values()), [])]
    for key, label in ACTIVE_ROWS.items():
        rows.append((label, [fmt(getattr(getattr(a, key), f)) for f in ACTIVE_FIELDS]))
    for block, keys in (("（五）", ("licensing",)), ("（六）", ("punishment", "coercion"))):
        rows.append((f"第二十条第{block}项", []))
        rows.append(("信息内容本年处理决定数量", []))
        rows += [(ACTIVE_SINGLE[k], [fmt(getattr(a, k))]) for k in keys]
    rows += [("第二十条第（八）项", []), ("信息内容本年收费金额（单位：万元）", []),
             (ACTIVE_SINGLE["fees_10k_yuan"], [fmt(a.fees_10k_yuan)])]
    return rows


def application_rows(report: Report, single_other: bool = False) -> list[Row]:
    """Part 三: the header, then each row with its group label in front of the group's first row."""
    apps = report.applications
    assert apps is not None
    rows: list[Row] = [(_BALANCE_NOTE, []), (_APPLICANTS, [])]
    seen: set[str] = set()
    for key in APPLICATION_ROWS:
        if single_other and key in {"other_1", "other_2"}:
            continue
        group, label = ROW_GROUPS[key], ROW_LABELS[key]
        if single_other and key == "other_3":
            group, label = "三、本年度办理结果", "（六）其他处理"
        groups = [g for g in ("三、本年度办理结果" if group else "", group) if g and g not in seen]
        seen.update(groups)
        rows.append(("".join(dict.fromkeys(groups)) + label, [fmt(v) for v in apps.rows[key]]))
    return rows


def review_rows(report: Report) -> list[Row]:
    """Part 四: the header words, then one row of fifteen numbers."""
    r = report.review_litigation
    assert r is not None
    values = [fmt(getattr(getattr(r, g), f)) for g in REVIEW_GROUPS for f in REVIEW_FIELDS]
    return [("".join(_REVIEW_HEAD), []), ("", values)]


def _join(values: list[str], style: str, rng: random.Random) -> str:
    """Cell values as a scraped page prints them: run together, spaced, or with some separators lost."""
    if style == "spaced":
        return " ".join(values)
    if style == "run":
        return "".join(values)
    return values[0] + "".join(rng.choice(("", " ")) + v for v in values[1:]) if values else ""


def flat_table(rows: list[Row], style: str, rng: random.Random) -> str:
    """A table flattened by dropping its tags: labels run into their values, rows into each other."""
    out: list[str] = []
    for label, values in rows:
        gap = " " if style == "spaced" or rng.random() < 0.2 else ""
        out.append(label + (gap + _join(values, style, rng) if values else ""))
    return (" " if style == "spaced" else "").join(out)


@dataclass
class Scraped:
    """A scraped page: the text and the style its tables were flattened in."""

    text: str
    style: str


def _prose(report: Report, key: str) -> str:
    """A part's prose on one line (sentences kept, line breaks dropped)."""
    return "".join(report.parts.get(key, "").split())


def scraped_line(report: Report, rng: random.Random, style: str | None = None, skip: frozenset[str] = frozenset()
                 ) -> Scraped:
    """The whole report on one line under a crawler's header, as a public site archive stores the page."""
    style = style or rng.choice(("run", "spaced", "irregular"))
    titles = {k: rng.choice(TITLE_VARIANTS.get(k, (PART_TITLES[k],))) for k in PART_TITLES}
    title = f"{report.agency}{report.year}年度政府信息公开工作年度报告"
    body = [f"根据《中华人民共和国政府信息公开条例》要求，编制本报告。本报告所列数据的统计期限自{report.year}年1月1日起至"
            f"{report.year}年12月31日止。"]
    tables = {"2": active_rows(report), "3": application_rows(report), "4": review_rows(report)}
    for key in (k for k in PART_TITLES if k not in skip):
        gap = rng.choice(("", " "))
        text = _prose(report, key)
        if key in tables:
            table = flat_table(tables[key], style, rng)
            text = (text + gap if text else "") + table
            if key != "4" and rng.random() < 0.4:
                text += f"{report.year}年，本机关按规定做好相关工作。"  # prose glued onto the last figure
        body.append(f"{gap}{titles[key]}{gap}{text}")
    body.append(f" {report.agency} {report.year + 1}年1月20日")
    header = [f"标题: {title}", f"发布时间: {report.year + 1}-01-20 09:00", "文号: ", "发布机构: ", "栏目: 政府信息公开年报",
              "原文链接: https://www.example.gov.cn/zwgk/nb.htm", "==================== 正文 ===================="]
    chrome = "当前位置： 首页政务公开政府信息公开 " if rng.random() < 0.3 else ""
    return Scraped("\n".join(header) + "\n" + chrome + title + " " + "".join(body), style)


def _rows_text(rows: list[Row], mode: str, rng: random.Random) -> list[str]:
    """A table as a PDF-to-Markdown converter may emit it (labels and numbers apart, labels lost or split)."""
    header = [label for label, values in rows if not values]
    body = [(label, values) for label, values in rows if values]
    if mode == "detached":  # every label, then every row of numbers
        return header + [label for label, _ in body] + [" ".join(v) for _, v in body]
    lines = list(header)
    for n, (label, values) in enumerate(body):
        numbers = " ".join(values)
        if mode == "unlabeled" and 0 < n < len(body) and rng.random() < 0.3:
            lines.append(numbers)  # a row of numbers whose label was lost
        elif mode == "split" and len(label) > 6 and rng.random() < 0.4:
            cuts = [i for i in range(3, len(label) - 1) if not label[i - 1].isdigit()]  # an ordinal stays whole
            cut = rng.choice(cuts)
            lines += [label[:cut], numbers, label[cut:]]  # the numbers between the label's two halves
        else:
            lines.append(f"{label} {numbers}")
    return lines


def converter_text(report: Report, rng: random.Random, mode: str) -> str:
    """The report as converter output: headings and prose on lines, tables broken as `mode` says."""
    lines = [f"# {report.agency}{report.year}年政府信息公开工作年度报告"]
    tables = {"2": active_rows(report), "3": application_rows(report)}
    for key, title in PART_TITLES.items():
        lines.append(f"## {title}")
        lines += [p for p in report.parts.get(key, "").splitlines() if p.strip()]
        if key in tables:
            lines += _rows_text(tables[key], mode, rng)
        elif key == "4":
            lines += ["".join(_REVIEW_HEAD), " ".join(review_rows(report)[1][1])]
    return "\n\n".join(lines) + "\n"


def review_prose(report: Report, rng: random.Random, same: bool) -> str:
    """A sentence in the review table's own header words, with the table's figures or with other figures."""
    g = report.review_litigation.review  # type: ignore[union-attr]
    figures = [g.maintained, g.corrected, g.other, g.pending] if same else [rng.randint(0, 9) for _ in range(4)]
    return (f"行政复议中，结果维持{figures[0]}件，结果纠正{figures[1]}件，其他结果{figures[2]}件，"
            f"尚未审结{figures[3]}件。")


def wrapped_title_text(report: Report, rng: random.Random, body: str) -> str:
    """A rendered report whose title wraps over lines (…年度报 / 告, …年度 / 报告, agency / year and title)."""
    title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    cut = rng.choice((len(title) - 1, len(title) - 2, len(report.agency or "")))
    lines = body.splitlines()
    rest = [ln for ln in lines if ln.strip() != title]
    note = "本机关成立政务公开工作领导小组，由主要负责同志任组长。"
    return "\n".join([title[:cut], title[cut:], note, *rest]) + "\n"


ACTIVE_2019_ORDER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", "信息内容本年新制作数量本年新公开数量对外公开总数量", ("rules", "normative_documents")),
    ("第二十条第（五）项", "信息内容上一年项目数量本年增/减处理决定数量", ("licensing", "other_services")),
    ("第二十条第（六）项", "信息内容上一年项目数量本年增/减处理决定数量", ("punishment", "coercion")),
    ("第二十条第（八）项", "信息内容上一年项目数量本年增/减", ("fees",)),
    ("第二十条第（九）项", "信息内容采购项目数量采购总金额", ("procurement",)),
)
_2019_LABELS = {"rules": "规章", "normative_documents": "规范性文件", "licensing": "行政许可",
                "other_services": "其他对外管理服务事项", "punishment": "行政处罚", "coercion": "行政强制",
                "fees": "行政事业性收费", "procurement": "政府集中采购"}


def active_2019_rows(table: Active2019) -> list[Row]:
    """Part 二 in the 2019 format: five blocks, each with its own columns."""
    rows: list[Row] = []
    for block, head, keys in ACTIVE_2019_ORDER:
        rows += [(block, []), (head, [])]
        for key in keys:
            values = [fmt(v) if not isinstance(v, str) else v for v in getattr(table, key).model_dump().values()]
            if key == "procurement":
                values = [values[0], values[1] + values[2]]  # the amount carries its unit (元 or 万元)
            rows.append((_2019_LABELS[key], values))
    return rows


def report_2019_text(report: Report, table: Active2019, rng: random.Random, style: str) -> str:
    """A report on the 2019 template: lines (spaced, as extracted from a PDF) or one scraped line."""
    tables = {"2": active_2019_rows(table), "3": application_rows(report, single_other=True), "4": review_rows(report)}
    if style == "lines":
        lines = [f"{report.agency}{report.year}年政府信息公开工作年度报告"]
        for key, title in PART_TITLES.items():
            lines.append(title)
            lines += [p for p in report.parts.get(key, "").splitlines() if p.strip()]
            lines += [" ".join([label, *values]).strip() for label, values in tables.get(key, [])]
        return "\n".join(lines) + "\n"
    body = [f"{report.agency}{report.year}年政府信息公开工作年度报告 "]
    for key, title in PART_TITLES.items():
        text = _prose(report, key) + (flat_table(tables[key], style, rng) if key in tables else "")
        body.append(f"{title}{text}")
    return "".join(body) + "\n"
