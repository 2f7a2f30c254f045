"""Chinese names of the rule ids, for people (the app, CSV, the terminal); JSON keeps the ids."""

from __future__ import annotations

RULE_NAMES: dict[str, str] = {
    "applications.balance": "表三勾稽关系不平衡",
    "applications.results_total": "表三办理结果总计不符",
    "applications.row_total": "表三行总计不符",
    "review.total": "表四总计不符",
    "value.invalid": "数值无法读取或不合规",
    "narrative.table_mismatch": "正文数字与表格不一致",
    "crossyear.carryover": "上年结转与上年报告不符",
    "crossyear.in_force": "现行有效件数与上年不衔接",
    "structure.missing_part": "缺少规定的部分",
    "structure.part_title": "部分标题不规范",
    "structure.overview_items": "总体情况缺少事项",
    "structure.government_items": "缺少考核、评议、追究结果",
    "format.row_label": "表格栏目名称不规范",
    "deadline.late": "晚于公布期限",
    "reuse.prior_year": "与上年文字重复率高",
    "regulation.citation": "《条例》引用有误",
    "regulation.fact": "法定期限或日期有误",
    "regulation.outdated": "沿用旧条例或旧格式表述",
    "document.truncated": "文档内容不完整",
    "table.split_by_identity": "连写数字按勾稽关系拆分",
    "table.placed_by_order": "无栏目名的数字按行序归位",
    "format.template_2019": "使用2019年版表格",
    "format.outdated_template": "仍用旧版表格",
    "narrative.accepted_with_carryover": "受理数含上年结转",
    "crossyear.unmatched": "无法确认与上年报告为同一机关",
}
# A rule added later still gets a readable name from its family until it is named above.
FAMILY_NAMES: dict[str, str] = {
    "applications": "表三计算有误",
    "review": "表四计算有误",
    "value": "数值问题",
    "narrative": "正文与表格问题",
    "crossyear": "与上年报告不衔接",
    "structure": "报告结构问题",
    "format": "格式问题",
    "deadline": "公布期限问题",
    "reuse": "文字重复问题",
    "regulation": "《条例》相关问题",
    "document": "文档问题",
    "table": "表格读取说明",
}


def rule_name(rule: str) -> str:
    """The Chinese name of a rule id (its family's name for an id not listed yet, never the bare id)."""
    if rule in RULE_NAMES:
        return RULE_NAMES[rule]
    return FAMILY_NAMES.get(rule.split(".", 1)[0], "其他问题")
