"""LLM output is bounded: a token budget per part, cut-off and prompt-echoing drafts rejected, bad URLs explained."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from nianbao.cli import app
from nianbao.drafting.facts import build_facts
from nianbao.drafting.outline import build_outline
from nianbao.drafting.service import draft_part
from nianbao.drafting.shape import char_budget, token_budget
from nianbao.settings import Settings
from tests.fake_llm_server import FakeChatServer, Reply
from tests.test_draft_guard import reply

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def settings_for(chat_server: FakeChatServer, **more: object) -> Settings:
    """Settings pointing the openai backend at the fake chat_server."""
    return Settings(llm_backend="openai", llm_base_url=chat_server.base_url, llm_model="fake-qwen", llm_timeout=5.0, **more)


def test_a_model_that_never_stops_is_cut_at_the_budget_and_rejected(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    endless = Reply("持续深化政务公开，不断提升工作水平，", endless=True)
    chat_server.script(endless, endless)
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    outline = build_outline(build_facts(counts, prior), "5", prior.parts["5"])
    budget = token_budget(outline, Settings().llm_answer_limit)
    assert [r["max_completion_tokens"] for r in chat_server.requests] == [budget, budget]
    assert budget <= Settings().llm_answer_limit and budget >= char_budget(outline)
    assert draft.backend == "template"
    assert f"达到 {budget} 个词元的上限仍未结束（被截断）" in draft.notes[0]
    assert "持续深化政务公开，不断提升工作水平" not in draft.text


def test_the_answer_limit_setting_caps_every_part(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    chat_server.script(Reply("加强培训，", endless=True), reply())
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server, llm_answer_limit=64), passages=[])
    assert [r["max_completion_tokens"] for r in chat_server.requests] == [64, 64]
    assert draft.backend == "openai" and "被截断" in draft.notes[0]


def test_a_draft_echoing_the_prompt_is_rejected(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    chat_server.script(Reply(echo=True), Reply(echo=True))
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "template"
    assert "照抄了提示词本身的内容" in draft.notes[0]
    assert "上一年度同一部分原文" not in draft.text and "问题 p1" not in draft.text


def test_outline_labels_in_a_draft_are_an_echo(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    labelled = reply().replace("本年度工作仍存在以下问题：一是", "### 问题 p1 ").replace("二是与信访", "改进措施 m2 与信访")
    chat_server.script(labelled, reply())
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "openai"
    assert "照抄了提示词" in draft.notes[0] and "###" in draft.notes[0]


def test_a_draft_cut_mid_sentence_is_rejected(chat_server: FakeChatServer, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    cut = reply()[:-9]
    chat_server.script(cut, cut)
    draft = draft_part(counts, "5", "openai", prior, settings_for(chat_server), passages=[])
    assert draft.backend == "template"
    assert "在句子中间结束" in draft.notes[0]


@pytest.mark.parametrize("url", ["http://[::1/v1", "ftp://127.0.0.1/v1", "127.0.0.1:8000", "http://127.0.0.1:99999/v1"])
def test_an_invalid_base_url_is_a_clear_message(url: str, demo_inputs: tuple) -> None:
    counts, prior = demo_inputs
    settings = Settings(llm_base_url=url, llm_model="qwen", llm_timeout=2.0)
    draft = draft_part(counts, "5", "openai", prior, settings, passages=[])
    assert draft.backend == "template"
    assert any("大模型服务地址无效" in n and url in n and "NIANBAO_LLM_BASE_URL" in n for n in draft.notes)


def test_an_invalid_base_url_in_the_cli_is_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_LLM_BASE_URL", "http://[::1/v1")
    monkeypatch.setenv("NIANBAO_LLM_MODEL", "qwen")
    result = CliRunner().invoke(app, ["draft", "--counts", str(DEMO / "counts" / "2025_yunxi_zf.yaml"), "--part", "5",
                                      "--prior", str(DEMO / "reports" / "2024_yunxi_zf.txt"), "--backend", "openai"])
    assert result.exit_code == 0 and result.exception is None
    assert "大模型服务地址无效：“http://[::1/v1”" in result.output and "Traceback" not in result.output
