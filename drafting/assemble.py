"""A whole report's narrative parts for export: drafted text where we have it, placeholders elsewhere."""

from __future__ import annotations

from nianbao.drafting.render import format_value
from nianbao.drafting.service import Draft, draft_part
from nianbao.model import Report
from nianbao.retrieval.library import Library
from nianbao.settings import Settings

MANAGEMENT = "【请补充：政府信息管理情况，如公开目录编制、保密审查、不予公开信息评估等】"
PLATFORM = "【请补充：政府信息公开平台建设情况，如门户网站、政务新媒体、查阅场所等】"
ACTIVE_MORE = "【请补充：主动公开的重点领域、政策解读、回应关切等情况】"
OTHER = "【请补充：其他需要报告的事项，包括依据《条例》第四十二条收取信息处理费的情况】"


def active_summary(report: Report) -> str:
    """A sentence of the year's part 二 figures (规范性文件, 许可, 处罚, 强制, 收费) where they are known."""
    active = report.active
    if active is None:
        return ""
    docs = active.normative_documents
    pieces = []
    if None not in (docs.issued, docs.repealed, docs.in_force):
        pieces.append(f"本年制发行政规范性文件{docs.issued}件，废止{docs.repealed}件，现行有效{docs.in_force}件")
    decisions = [(label, value) for label, value in (("行政许可", active.licensing), ("行政处罚", active.punishment),
                                                      ("行政强制", active.coercion)) if value is not None]
    if decisions:
        pieces.append("作出" + "、".join(f"{label}决定{value}件" for label, value in decisions))
    if active.fees_10k_yuan is not None:
        pieces.append(f"行政事业性收费{format_value(active.fees_10k_yuan)}万元")
    return "，".join(pieces) + "。" if pieces else ""


def report_texts(
    counts: Report, prior: Report | None, settings: Settings, backend: str = "template", library: Library | None = None
) -> tuple[dict[str, str], list[Draft]]:
    """Texts of parts 一, 五 and 六 (keys "1", "5", "6") and the drafts they contain."""
    drafts = [draft_part(counts, part, backend, prior, settings, library)
              for part in ("overview-applications", "overview-supervision", "5")]
    applications, supervision, problems = (d.text for d in drafts)
    overview = [
        "（一）主动公开", (active_summary(counts) + ACTIVE_MORE).strip(),
        "（二）依申请公开", applications,
        "（三）政府信息管理", MANAGEMENT,
        "（四）政府信息公开平台建设", PLATFORM,
        "（五）监督保障", supervision,
    ]
    return {"1": "\n".join(overview), "5": problems, "6": OTHER}, drafts


def export_report(counts: Report, prior: Report | None, settings: Settings, backend: str = "template",
                  library: Library | None = None) -> tuple[Report, dict[str, str], list[Draft]]:
    """The report to render (counts without parsed prose) and its texts."""
    texts, drafts = report_texts(counts, prior, settings, backend, library)
    report = counts.model_copy(deep=True)
    report.parts = dict(texts)
    return report, texts, drafts
