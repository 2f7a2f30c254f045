"""The LLM path: the real langchain ChatOpenAI client against a loopback chat-completions chat_server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nianbao.drafting.llm import Passage
from nianbao.drafting.service import draft_part
from nianbao.prompts import PromptError, load_prompt
from nianbao.settings import Settings
from tests.fake_llm_server import FakeChatServer, Reply

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
GOOD = ("对照上年度报告提出的改进措施，落实情况如下：关于“加强依申请公开办理的过程管理”，【请补充：本年度落实情况】；"
        "关于“推动基层政务公开提质增效”，【请补充：本年度落实情况】；关于“优化门户网站信息检索和分类导航”，【请补充：本年度落实情况】。\n\n"
        "本年度工作仍存在以下问题：一是无法提供类答复偏多，共{{unavailable}}件，占办理结果的{{unavailable_share}}%。"
        "二是不予处理的申请{{not_processed}}件，其中信访举报投诉类{{not_processed_1}}件。"
        "三是不予公开{{denied}}件，说理还需更充分。\n\n"
        "下一步改进措施：一是修订公开指南，加强受理引导。二是与信访渠道做好衔接。三是统一不予公开的审查标准。")
PASSAGES = [Passage("《中华人民共和国政府信息公开条例》", "第五十条 年度报告应当包括……", article="第五十条"),
            Passage("2024_yunxi_zf.txt", "下一步改进措施……", part="5")]


def settings_for(chat_server: FakeChatServer, timeout: float = 10.0) -> Settings:
    """Settings pointing the openai backend at the fake chat_server."""
    return Settings(llm_backend="openai", llm_base_url=chat_server.base_url, llm_model="fake-qwen", llm_timeout=timeout)


def test_good_draft_is_accepted_with_figures_injected(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    chat_server.script(GOOD)
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=PASSAGES)
    assert draft.backend == "openai", draft.notes
    unavailable = sum(counts.applications.rows[f"unavailable_{i}"][6] for i in (1, 2, 3))
    assert f"共{unavailable}件" in draft.text and "{{" not in draft.text
    assert draft.unverified == [] and draft.notes == []
    assert {"source": "《中华人民共和国政府信息公开条例》", "article": "第五十条"} in draft.sources
    assert {"source": "2024_yunxi_zf.txt", "part": "5"} in draft.sources
    assert len(chat_server.requests) == 1
    prompt = chat_server.user_prompts()[0]
    assert "{{unavailable}} = " in prompt and "第五十条 年度报告" in prompt and "加强依申请公开办理的过程管理" in prompt
    assert chat_server.requests[0]["model"] == "fake-qwen"


def test_wrong_figure_is_repaired(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    chat_server.script(GOOD.replace("{{unavailable}}件", "999件"), GOOD)
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "openai"
    assert "999" not in draft.text
    assert any("999" in n and "发回修改" in n for n in draft.notes)
    assert "999" in chat_server.user_prompts()[1] and "找不到" in chat_server.user_prompts()[1]


def test_wrong_figure_twice_falls_back_to_template(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    bad = GOOD.replace("{{unavailable}}件", "999件")
    chat_server.script(bad, bad)
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "template" and "999" not in draft.text
    assert draft.unverified == []
    assert any("改用模板草稿" in n for n in draft.notes)


def test_copy_of_last_year_is_rejected(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    chat_server.script(prior.parts["5"], prior.parts["5"])
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "template"
    assert any("重复率" in n for n in draft.notes)
    assert draft.reuse is not None and draft.reuse <= 0.3


def test_http_500_falls_back_cleanly(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    chat_server.script(Reply(status=500))
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "template" and draft.text
    assert any("调用出错" in n and "改用模板草稿" in n for n in draft.notes)
    assert len(chat_server.requests) == 1  # no silent retries


def test_timeout_falls_back_cleanly(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    chat_server.script(Reply(GOOD, delay=2.0))
    draft = draft_part(counts, "overview-supervision", "openai", prior, settings_for(chat_server, timeout=0.5), passages=[])
    assert draft.backend == "template"
    assert any("超时" in n for n in draft.notes)
    assert all(w in draft.text for w in ("考核", "评议", "追究"))


def test_supervision_draft_missing_required_points_is_repaired(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    chat_server.script("全年组织培训【请补充：次数】。", "工作考核【请补充：结果】；社会评议【请补充：结果】；责任追究【请补充：情况】；业务培训【请补充：次数】。")
    draft = draft_part(counts, "overview-supervision", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "openai"
    assert "社会评议" in chat_server.user_prompts()[1]
    assert len(draft.placeholders) == 4


def test_unconfigured_backend_falls_back(demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    draft = draft_part(counts, "5", "openai", prior, Settings(llm_model=None), passages=[])
    assert draft.backend == "template" and any("NIANBAO_LLM_MODEL" in n for n in draft.notes)


def test_prompts_load_and_report_missing_variables() -> None:
    prompt = load_prompt("draft")
    assert {"agency", "year", "figures", "outline", "passages", "prior"} <= prompt.variables
    with pytest.raises(PromptError, match="缺少变量"):
        prompt.render(agency="某局")
    with pytest.raises(PromptError, match="找不到提示词模板"):
        load_prompt("nope")
    assert load_prompt("system").variables == set()


@pytest.mark.slow
def test_real_model_when_configured(demo_inputs: tuple) -> None:
    base, model = os.environ.get("NIANBAO_LLM_BASE_URL"), os.environ.get("NIANBAO_LLM_MODEL")
    if not base or not model:
        pytest.skip("未配置真实大模型（需设置 NIANBAO_LLM_BASE_URL 和 NIANBAO_LLM_MODEL）")
    counts, prior = demo_inputs
    draft = draft_part(counts, "5", os.environ.get("NIANBAO_LLM_BACKEND", "openai"), prior,
                       Settings(llm_base_url=base, llm_model=model), passages=[])
    assert draft.text and draft.unverified == []
    assert draft.reuse is None or draft.reuse <= Settings().reuse_threshold
