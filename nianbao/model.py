"""The report model of FORMAT.md §3/§5 and the checker's Finding type."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

Level = Literal["department", "government"]
Severity = Literal["error", "warning", "info"]
Count = int | None

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


class Report(BaseModel):
    """One annual report in the model of FORMAT.md §5."""

    agency: str | None = None
    year: int | None = None
    level: Level = "department"
    parts: dict[str, str] = Field(default_factory=dict)
    active: Active | None = None
    applications: Applications | None = None
    review_litigation: ReviewLitigation | None = None
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
