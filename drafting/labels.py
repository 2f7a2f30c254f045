"""What each figure of the facts is called in prose: the words that must stand next to it in a draft."""

from __future__ import annotations

# key -> (short Chinese name, words that name it in a sentence). Longer words win over the shorter ones
# they contain ("上年结转" over "结转"); words of several keys leave the choice to the value and the scope.
BASE: dict[str, tuple[str, tuple[str, ...]]] = {
    "new": ("本年新收申请", ("新收", "收到", "受理", "申请总量")),
    "new_person": ("自然人提出的新收申请", ("自然人",)),
    "new_org": ("法人或其他组织提出的新收申请", ("法人或其他组织", "法人和其他组织", "法人及其他组织", "法人")),
    "carried_in": ("上年结转的申请", ("上年结转", "上年度结转", "结转上年")),
    "granted": ("予以公开", ("予以公开", "同意公开", "全部公开")),
    "partial": ("部分公开", ("部分公开",)),
    "denied": ("不予公开", ("不予公开",)),
    "unavailable": ("无法提供", ("无法提供",)),
    "unavailable_1": ("本机关不掌握相关政府信息", ("不掌握",)),
    "unavailable_3": ("补正后申请内容仍不明确", ("不明确",)),
    "not_processed": ("不予处理", ("不予处理",)),
    "not_processed_1": ("信访举报投诉类申请", ("信访举报投诉", "信访、举报、投诉", "信访类", "投诉类")),
    "not_processed_2": ("重复申请", ("重复申请",)),
    "other": ("其他处理", ("其他处理", "其他方式处理")),
    "results_total": ("办理结果总计", ("办结", "办理结果总计", "作出答复", "办理完毕", "答复办结")),
    "carried_out": ("结转下年度继续办理", ("结转下年", "结转至下年", "结转到下年", "结转下一年", "跨年办理")),
    "review_total": ("行政复议总计", ("行政复议", "复议")),
    "suit_total": ("行政诉讼总计", ("行政诉讼", "诉讼", "起诉")),
    "disputes_total": ("复议与诉讼总计", ("复议、诉讼", "复议和诉讼", "复议与诉讼", "复议诉讼", "两类案件",
                                     "行政复议和行政诉讼", "行政复议、行政诉讼", "行政复议与行政诉讼")),
    "corrected_total": ("复议、诉讼结果纠正之和", ("纠正",)),
}
BASE["corrected_total"] = (BASE["corrected_total"][0], ("纠正", *BASE["disputes_total"][1]))
# A key that applies only when its clause has (True) or lacks (False) a word: “复议、诉讼” names the
# disputes in total, “复议、诉讼案件结果为纠正” the corrected ones.
QUALIFIERS = {"corrected_total": ("纠正", True), "disputes_total": ("纠正", False)}
RESULTS = {"maintained": ("结果维持", ("维持",)), "corrected": ("结果纠正", ("纠正",)),
           "other": ("其他结果", ("其他结果",)), "pending": ("尚未审结", ("尚未审结", "未审结", "审理中"))}
for _group, _name in (("review", "行政复议"), ("suit", "行政诉讼")):
    for _field, (_label, _words) in RESULTS.items():
        BASE[f"{_group}_{_field}"] = (f"{_name}{_label}", _words)

# Shares (percent) are named by their numerator.
SHARES = {"denied_share": "denied", "unavailable_share": "unavailable", "not_processed_share": "not_processed",
          "carried_out_share": "carried_out"}
# Words that say a figure is a change against last year; they must stand right before it.
CHANGE_WORDS = ("增加", "减少", "增长", "下降", "上升", "增幅", "降幅", "多", "少", "变化幅度", "幅度", "增多", "减幅")
# Scope words of table 四: a result word (维持、纠正 …) belongs to the nearest of these before it.
SCOPES = {"复议": "review", "行政复议": "review", "诉讼": "suit", "行政诉讼": "suit", "人民法院": "suit",
          "复议、诉讼": "both", "复议和诉讼": "both", "复议与诉讼": "both", "复议机关或人民法院": "both",
          "复议机关和人民法院": "both", "两类案件": "both", "行政复议和行政诉讼": "both", "行政复议、行政诉讼": "both"}
PRIOR_MARKERS = ("上年", "去年", "上一年", "上年度")


def base_key(key: str) -> str:
    """The counted figure a key is about: `new` for new_change and prior_new, the numerator of a share."""
    key = key.removeprefix("prior_")
    for suffix in ("_change_pct", "_change"):
        if key.endswith(suffix):
            return key.removesuffix(suffix)
    return SHARES.get(key, key)


def is_percent(key: str) -> bool:
    """Whether the figure is a percentage (a share or a change rate)."""
    return key.endswith("_share") or key.endswith("_pct")


def is_change(key: str) -> bool:
    """Whether the figure is a change against last year."""
    return key.endswith("_change") or key.endswith("_change_pct")


def words_of(key: str) -> tuple[str, ...]:
    """The words naming a figure (those of the figure it is about)."""
    return BASE.get(base_key(key), ("", ()))[1]


def name_of(key: str) -> str:
    """The short Chinese name of a figure for prompts and messages."""
    base = BASE.get(base_key(key), (key, ()))[0]
    prior = "上年" if key.startswith("prior_") else ""
    if key.endswith("_change_pct"):
        return f"{base}较上年变化幅度（%）"
    if key.endswith("_change"):
        return f"{base}较上年变化数"
    if key.endswith("_share"):
        return f"{base}所占比例（%）"
    return prior + base
