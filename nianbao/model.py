"""The report model of FORMAT.md §3/§5 and the checker's Finding type."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

Level = Literal["department", "government"]
Severity = Literal["error", "warning", "info"]
Count = int | None
TableState = Literal["complete", "partial", "absent"]
ReportFormat = Literal["2021", "2019"]

PART_KEYS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6")
PART_TITLES: dict[str, str] = {
    "1": "一、总体情况",
    "2": "二、主动公开政府信息情况",
    "3": "三、收到和处理政府信息公开申请情况",
    "4": "四、政府信息公开行政复议、行政诉讼情况",
    "5": "五、存在的主要问题及改进情况",
    "6": "六、其他需要报告的事项",
}

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person", "commercial", "research", "social_welfare", "legal_service", "other", "total",
)
COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
    "social_welfare": "社会公益组织", "legal_service": "法律服务机构", "other": "其他", "total": "总计",
}

# (key, official label, group label used in `where` paths)
APPLICATION_ROW_SPECS: tuple[tuple[str, str, str], ...] = (
    ("new", "一、本年新收政府信息公开申请数量", ""),
    ("carried_in", "二、上年结转政府信息公开申请数量", ""),
    ("granted", "（一）予以公开", "三、本年度办理结果"),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三、本年度办理结果"),
    ("denied_1", "1.属于国家秘密", "（三）不予公开"),
    ("denied_2", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("denied_3", "3.危及“三安全一稳定”", "（三）不予公开"),
    ("denied_4", "4.保护第三方合法权益", "（三）不予公开"),
    ("denied_5", "5.属于三类内部事务信息", "（三）不予公开"),
    ("denied_6", "6.属于四类过程性信息", "（三）不予公开"),
    ("denied_7", "7.属于行政执法案卷", "（三）不予公开"),
    ("denied_8", "8.属于行政查询事项", "（三）不予公开"),
    ("unavailable_1", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("unavailable_2", "2.没有现成信息需要另行制作", "（四）无法提供"),
    ("unavailable_3", "3.补正后申请内容仍不明确", "（四）无法提供"),
    ("not_processed_1", "1.信访举报投诉类申请", "（五）不予处理"),
    ("not_processed_2", "2.重复申请", "（五）不予处理"),
    ("not_processed_3", "3.要求提供公开出版物", "（五）不予处理"),
    ("not_processed_4", "4.无正当理由大量反复申请", "（五）不予处理"),
    ("not_processed_5", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
    ("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other_3", "3.其他", "（六）其他处理"),
    ("results_total", "（七）总计", "三、本年度办理结果"),
    ("carried_out", "四、结转下年度继续办理", ""),
)
APPLICATION_ROWS: tuple[str, ...] = tuple(k for k, _, _ in APPLICATION_ROW_SPECS)
ROW_LABELS: dict[str, str] = {k: label for k, label, _ in APPLICATION_ROW_SPECS}
ROW_GROUPS: dict[str, str] = {k: group for k, _, group in APPLICATION_ROW_SPECS}
RESULT_ROWS: tuple[str, ...] = APPLICATION_ROWS[2:23]

REVIEW_GROUPS: dict[str, str] = {
    "review": "行政复议",
    "suit_direct": "行政诉讼/未经复议直接起诉",
    "suit_after_review": "行政诉讼/复议后起诉",
}
REVIEW_FIELDS: dict[str, str] = {
    "maintained": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计",
}
ACTIVE_ROWS: dict[str, str] = {"rules": "规章", "normative_documents": "行政规范性文件"}
ACTIVE_FIELDS: dict[str, str] = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数"}
ACTIVE_SINGLE: dict[str, str] = {
    "licensing": "行政许可", "punishment": "行政处罚", "coercion": "行政强制", "fees_10k_yuan": "行政事业性收费",
}


# Part 二 of the 2019 format (国办公开办函〔2019〕60号), whose columns differ from the 2021 format's
ACTIVE_2019_DOCUMENT_FIELDS: dict[str, str] = {
    "made": "本年新制作数量", "published": "本年新公开数量", "total_published": "对外公开总数量",
}
ACTIVE_2019_ITEM_FIELDS: dict[str, str] = {"previous": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量"}
ACTIVE_2019_FEE_FIELDS: dict[str, str] = {"previous": "上一年项目数量", "change": "本年增/减"}
ACTIVE_2019_PROCUREMENT_FIELDS: dict[str, str] = {"items": "采购项目数量", "amount": "采购总金额"}
ACTIVE_2019_ROWS: dict[str, str] = {
    "rules": "规章", "normative_documents": "规范性文件", "licensing": "行政许可", "other_services": "其他对外管理服务事项",
    "punishment": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费", "procurement": "政府集中采购",
}


class ActiveRow(BaseModel):
    """One row of 第二十条第（一）项."""

    issued: Count = None
    repealed: Count = None
    in_force: Count = None


class Active(BaseModel):
    """Part 二: proactive disclosure figures."""

    rules: ActiveRow = Field(default_factory=ActiveRow)
    normative_documents: ActiveRow = Field(default_factory=ActiveRow)
    licensing: Count = None
    punishment: Count = None
    coercion: Count = None
    fees_10k_yuan: int | float | None = None


class Active2019Documents(BaseModel):
    """2019 format, 第二十条第（一）项: one row of 规章 or 规范性文件."""

    made: Count = None
    published: Count = None
    total_published: Count = None


class Active2019Items(BaseModel):
    """2019 format, 第二十条第（五）（六）项: 上一年项目数量, 本年增/减 (may be negative), 处理决定数量."""

    previous: Count = None
    change: Count = None
    decisions: Count = None


class Active2019Fees(BaseModel):
    """2019 format, 第二十条第（八）项: 行政事业性收费 as item counts (not an amount as in 2021)."""

    previous: Count = None
    change: Count = None


class Active2019Procurement(BaseModel):
    """2019 format, 第二十条第（九）项: 政府集中采购 — number of items and total amount with its printed unit."""

    items: Count = None
    amount: int | float | None = None
    unit: str = ""


class Active2019(BaseModel):
    """Part 二 in the 2019 format, kept apart from the 2021 keys (its columns mean other things)."""

    rules: Active2019Documents = Field(default_factory=Active2019Documents)
    normative_documents: Active2019Documents = Field(default_factory=Active2019Documents)
    licensing: Active2019Items = Field(default_factory=Active2019Items)
    other_services: Active2019Items = Field(default_factory=Active2019Items)
    punishment: Active2019Items = Field(default_factory=Active2019Items)
    coercion: Active2019Items = Field(default_factory=Active2019Items)
    fees: Active2019Fees = Field(default_factory=Active2019Fees)
    procurement: Active2019Procurement = Field(default_factory=Active2019Procurement)


def empty_rows() -> dict[str, list[Count]]:
    """All 25 application rows with seven unknown values each."""
    return {k: [None] * 7 for k in APPLICATION_ROWS}


class Applications(BaseModel):
    """Part 三: 25 rows × 7 columns, in APPLICANT_COLUMNS order."""

    columns: list[str] = Field(default_factory=lambda: list(APPLICANT_COLUMNS))
    rows: dict[str, list[Count]] = Field(default_factory=empty_rows)


class ReviewGroup(BaseModel):
    """One group of part 四."""

    maintained: Count = None
    corrected: Count = None
    other: Count = None
    pending: Count = None
    total: Count = None


class ReviewLitigation(BaseModel):
    """Part 四: reconsideration and litigation."""

    review: ReviewGroup = Field(default_factory=ReviewGroup)
    suit_direct: ReviewGroup = Field(default_factory=ReviewGroup)
    suit_after_review: ReviewGroup = Field(default_factory=ReviewGroup)


class LabelIssue(BaseModel):
    """A table label that deviates from the 2021 format."""

    where: str
    found: str
    expected: str
    note: str = ""


class ReadNote(BaseModel):
    """A row or cell of a table, and why it was not read or how it was inferred."""

    where: str
    reason: str
    # missing | empty | count | ambiguous | unfit | not_a_number (unread); identity | order | single_other (inferred)
    kind: str = ""


class TableStatus(BaseModel):
    """How one table was read: complete, partial (which rows and why) or absent (not in the text)."""

    status: TableState = "absent"
    cells: int = 0
    read: int = 0
    unread: list[ReadNote] = Field(default_factory=list)
    inferred: list[ReadNote] = Field(default_factory=list)  # read, but only through the row's identity or order


class ParseMeta(BaseModel):
    """What the parser saw besides the model: titles, labels, dates, unreadable cells."""

    source: str = ""
    title: str = ""
    intro: str = ""  # text before part 一 (title block, legal basis, statistics period)
    part_titles: dict[str, str] = Field(default_factory=dict)
    published: dt.date | None = None
    truncated: bool = False
    label_issues: list[LabelIssue] = Field(default_factory=list)
    unreadable: dict[str, str] = Field(default_factory=dict)  # where -> raw text seen
    notes: list[str] = Field(default_factory=list)
    header: dict[str, str] = Field(default_factory=dict)  # `# key: value` lines of stored web copies
    prose: dict[str, str] = Field(default_factory=dict)  # parts 二–四 without their tables (the sentences around them)


class Report(BaseModel):
    """One annual report in the model of FORMAT.md §5."""

    agency: str | None = None
    year: int | None = None
    level: Level = "department"
    parts: dict[str, str] = Field(default_factory=dict)
    active: Active | None = None
    applications: Applications | None = None
    review_litigation: ReviewLitigation | None = None
    format: ReportFormat = "2021"  # the table template: 2021 (国办公开办函〔2021〕30号) or 2019
    active_2019: Active2019 | None = None  # part 二 when the report uses the 2019 template
    read_status: dict[str, TableStatus] = Field(default_factory=dict)  # "active", "applications", "review_litigation"
    meta: ParseMeta = Field(default_factory=ParseMeta)

    def to_json(self) -> dict[str, Any]:
        """The `parse --json` shape of FORMAT.md §5."""
        return self.model_dump(mode="json", exclude={"meta"})


class Finding(BaseModel):
    """One checker finding; the keys are the contract of FORMAT.md §5."""

    rule: str
    severity: Severity
    message: str
    where: str | None = None
    expected: Any = None
    actual: Any = None
    article: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The finding as emitted by `check --json`."""
        return self.model_dump(mode="json")
