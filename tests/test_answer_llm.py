"""问答 with the model: answers only from the passages, each sentence cited, figures guarded (scripted chat_server)."""

from __future__ import annotations

import json

from nianbao.drafting.answer_llm import NOT_FOUND, llm_answer
from nianbao.drafting.backends import Passage
from nianbao.settings import Settings
from tests.fake_llm_server import FakeChatServer, Reply

PASSAGES = [
    Passage("《中华人民共和国政府信息公开条例》", "第三十三条 行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复；"
            "不能当场答复的，应当自收到申请之日起20个工作日内予以答复。", article="第三十三条"),
    Passage("云汐区人民政府2024年度报告", "本年度新收政府信息公开申请286件，办结280件。", part="3"),
]
QUESTION = "答复政府信息公开申请的期限是多久？"


def settings_for(chat_server: FakeChatServer) -> Settings:
    """Settings pointing the openai backend at the fake chat_server, asking for JSON under the schema."""
    return Settings(llm_backend="openai", llm_base_url=chat_server.base_url, llm_model="fake", llm_timeout=5.0,
                    llm_structured=True)


def answer(*sentences: tuple[str, int], found: bool = True) -> str:
    """A scripted JSON answer."""
    return json.dumps({"found": found, "sentences": [{"text": t, "cite": c} for t, c in sentences]}, ensure_ascii=False)


def test_every_sentence_is_cited_and_the_schema_is_sent(chat_server: FakeChatServer) -> None:
    chat_server.script(answer(("不能当场答复的，应当自收到申请之日起20个工作日内答复", 1), ("该区上年新收申请286件", 2)))
    result = llm_answer(QUESTION, PASSAGES, settings_for(chat_server))
    assert result is not None
    assert result.text == "不能当场答复的，应当自收到申请之日起20个工作日内答复。（第三十三条）该区上年新收申请286件。（云汐区人民政府2024年度报告/第3部分）"
    assert result.citations == ["第三十三条", "云汐区人民政府2024年度报告/第3部分"] and result.notes == []
    request = chat_server.requests[0]
    schema = request["response_format"]["json_schema"]["schema"]
    assert schema["properties"]["sentences"]["items"]["properties"]["cite"]["enum"] == [1, 2]
    assert "第三十三条 行政机关收到政府信息公开申请" in chat_server.user_prompts()[0] and request["max_completion_tokens"] <= 400


def test_a_figure_not_in_the_cited_passage_is_dropped(chat_server: FakeChatServer) -> None:
    chat_server.script(answer(("应当在15个工作日内答复", 1), ("不能当场答复的，应当在20个工作日内答复", 1)))
    result = llm_answer(QUESTION, PASSAGES, settings_for(chat_server))
    assert result is not None and "15" not in result.text and "20个工作日" in result.text
    assert any("15" in n and "资料中没有的数字" in n for n in result.notes)


def test_a_figure_from_another_passage_is_not_supported_by_this_one(chat_server: FakeChatServer) -> None:
    chat_server.script(answer(("上年新收申请286件", 1)))
    result = llm_answer(QUESTION, PASSAGES, settings_for(chat_server))
    assert result is not None and result.text == NOT_FOUND and result.citations == []
    assert any("286" in n for n in result.notes)


def test_passages_that_do_not_answer_give_not_found(chat_server: FakeChatServer) -> None:
    chat_server.script(answer(found=False))
    result = llm_answer("信息处理费怎么收？", PASSAGES, settings_for(chat_server))
    assert result is not None and result.text == NOT_FOUND and result.citations == []


def test_an_uncited_sentence_is_dropped(chat_server: FakeChatServer) -> None:
    chat_server.script(answer(("应当当场答复", 7)))
    result = llm_answer(QUESTION, PASSAGES, settings_for(chat_server))
    assert result is not None and result.text == NOT_FOUND and "没有注明依据" in result.notes[0]


def test_no_passages_needs_no_model() -> None:
    result = llm_answer(QUESTION, [], Settings(llm_backend="openai", llm_base_url="http://127.0.0.1:9/v1", llm_model="x"))
    assert result is not None and result.text == NOT_FOUND


def test_model_failure_and_no_model_give_none(chat_server: FakeChatServer) -> None:
    chat_server.script(Reply(status=500))
    assert llm_answer(QUESTION, PASSAGES, settings_for(chat_server)) is None
    chat_server.script("这不是 JSON")
    assert llm_answer(QUESTION, PASSAGES, settings_for(chat_server)) is None
    assert llm_answer(QUESTION, PASSAGES, Settings(llm_backend="template")) is None
    assert llm_answer(QUESTION, PASSAGES, Settings(llm_backend="local", llm_model_file="/nonexistent.gguf")) is None
