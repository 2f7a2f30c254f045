"""The stricter guard, through the real langchain client and a scripted chat-completions chat_server."""

from __future__ import annotations

from pathlib import Path

from nianbao.drafting.facts import build_facts
from nianbao.drafting.guard import check_draft
from nianbao.drafting.outline import build_outline
from nianbao.drafting.render import fill_slots
from nianbao.drafting.service import draft_part
from nianbao.settings import Settings
from tests.fake_llm_server import FakeChatServer

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
STATUS = ("对照上年度报告提出的改进措施，落实情况如下：关于“{first}”，【请补充：本年度落实情况】；"
          "关于“推动基层政务公开提质增效”，【请补充：本年度落实情况】；关于“优化门户网站信息检索和分类导航”，【请补充：本年度落实情况】。")
BODY = ("\n\n本年度工作仍存在以下问题：一是无法提供类答复偏多，共{unavailable}件，占办理结果的{{{{unavailable_share}}}}%。"
        "二是不予处理的申请{{{{not_processed}}}}件，其中信访举报投诉类{{{{not_processed_1}}}}件。"
        "三是不予公开{denied}件，说理还需更充分。\n\n"
        "下一步改进措施：一是修订公开指南，加强受理引导。二是与信访渠道做好衔接。三是统一不予公开的审查标准。")
FIRST = "加强依申请公开办理的过程管理"


def reply(unavailable: str = "{{unavailable}}", denied: str = "{{denied}}", first: str = FIRST) -> str:
    """A part 五 draft as a model would write it, with figures as slots unless given."""
    return STATUS.format(first=first) + BODY.format(unavailable=unavailable, denied=denied)


def settings_for(chat_server: FakeChatServer) -> Settings:
    """Settings pointing the openai backend at the fake chat_server."""
    return Settings(llm_backend="openai", llm_base_url=chat_server.base_url, llm_model="fake-qwen", llm_timeout=10.0)


def test_the_scripted_reply_is_accepted_as_written(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    chat_server.script(reply())
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "openai" and draft.notes == [] and draft.unverified == []


def test_a_swapped_figure_right_value_wrong_label_is_rejected(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    facts = build_facts(counts, prior)
    unavailable, denied = facts.value("unavailable"), facts.value("denied")
    assert unavailable != denied
    # 不予公开 followed by the 无法提供 count: a value of the counts, but not the one its label names.
    swapped = reply(unavailable=str(denied), denied=str(unavailable))
    chat_server.script(swapped, swapped)
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "template"
    rejected = draft.notes[0]
    assert f"数字 {unavailable}" in rejected and "紧跟“不予公开”" in rejected and f"不予公开为 {denied} 件" in rejected
    assert "数字与名称不符" in rejected
    assert f"不予公开{unavailable}件" not in draft.text
    assert "紧跟“不予公开”" in chat_server.user_prompts()[1]  # the finding went back to the model


def test_a_figure_without_its_label_is_rejected(demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    facts = build_facts(counts, prior)
    outline = build_outline(facts, "5", prior.parts["5"])
    text, _ = fill_slots(reply().replace("无法提供类答复偏多", "有一类答复偏多"), facts)
    findings = check_draft(text, outline, 0.5, counts).findings
    assert any(f"数字 {facts.value('unavailable')}" in f and "前后没有写明它是哪一项数据" in f for f in findings), findings
    assert check_draft(fill_slots(reply(), facts)[0], outline, 0.5, counts).findings == []


def test_a_figure_quoted_from_last_year_is_verified_and_marked(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    promised = "全年推出图解不少于10篇"
    prior = prior.model_copy(deep=True)
    prior.parts["5"] = prior.parts["5"].replace(f"一是{FIRST}，", f"一是{promised}，{FIRST}，")
    chat_server.script(reply(first=promised))
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "openai", draft.notes
    assert {"value": 10, "source": "引用2024年度报告原文", "quoted": True} in draft.figures
    assert draft.unverified == []


def test_a_quotation_that_is_not_last_years_text_is_rejected(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    prior = prior.model_copy(deep=True)
    prior.parts["5"] = prior.parts["5"].replace(f"一是{FIRST}，", f"一是全年推出图解不少于10篇，{FIRST}，")
    invented = reply(first="全年推出图解不少于50篇")
    chat_server.script(invented, invented)
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "template"
    assert "引号中的数字 50" in draft.notes[0] and "不是上一年度报告所列问题或措施的原文" in draft.notes[0]


def test_a_telephone_number_quoted_from_last_year_is_not_a_verified_figure(demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    prior = prior.model_copy(deep=True)
    prior.parts["5"] = prior.parts["5"].replace(f"一是{FIRST}，", f"一是开通热线13800000000，{FIRST}，")
    facts = build_facts(counts, prior)
    outline = build_outline(facts, "5", prior.parts["5"])
    text, _ = fill_slots(reply(first="开通热线13800000000"), facts)
    findings = check_draft(text, outline, 0.5, counts).findings
    assert any("13800000000" in f and "无法核实" in f for f in findings)


def test_an_over_long_draft_is_rejected_then_repaired(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    padding = "坚持以人民为中心的发展思想，持续深化政务公开，不断提升政府信息公开工作的规范化、标准化、便利化水平，" * 12
    long = reply().replace("三是统一不予公开的审查标准。", f"三是统一不予公开的审查标准，{padding}。")
    chat_server.script(long, reply())
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "openai"
    assert "超过本部分" in draft.notes[0] and "篇幅上限" in draft.notes[0]
    assert padding not in draft.text


def test_problems_and_measures_must_be_tied(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    untied = reply().replace("三是统一不予公开的审查标准。", "")
    chat_server.script(untied, reply())
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "openai"
    assert "问题 3 条、改进措施 2 条" in draft.notes[0]


def test_dropping_what_only_the_clerk_knows_is_rejected(demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    outline = build_outline(build_facts(counts, prior), "5", prior.parts["5"])
    claimed = reply().replace("【请补充：本年度落实情况】", "已全面落实")
    findings = check_draft(claimed.replace("{{", "").replace("}}", ""), outline, 0.5, counts).findings
    assert any("只能由经办人员补充" in f for f in findings)


def test_sources_are_in_chinese(demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    facts = build_facts(counts, prior)
    assert all(not any(c.isascii() and c.isalpha() for c in f.source) for f in facts.figures.values())
    assert facts.figures["review_corrected"].source == "表四/行政复议/结果纠正"
