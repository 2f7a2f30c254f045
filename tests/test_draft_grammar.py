"""Constrained drafting: the JSON schema no figure can escape, assembly, and the structured path over HTTP."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nianbao import corpus
from nianbao.drafting import grammar
from nianbao.drafting.backends import describe_backend
from nianbao.drafting.counts import read_counts, validate_counts
from nianbao.drafting.facts import build_facts
from nianbao.drafting.guard import check_draft
from nianbao.drafting.modelfile import PARTS, install_model, is_installed, part_files
from nianbao.drafting.outline import build_outline
from nianbao.drafting.service import draft_part
from nianbao.errors import ModelFileError
from nianbao.settings import Settings
from tests.fake_llm_server import FakeChatServer
from tests.test_draft_guard import reply

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
ANSWER = {
    "s1": "关于{{quote}}，【请补充：本年度落实情况】", "s2": "关于{{quote}}，【请补充：本年度落实情况】",
    "s3": "{{quote}}一项，【请补充：具体完成情况】",
    "p1": "无法提供的答复{{unavailable}}件，占办理结果的{{unavailable_share}}%，受理引导还不够到位",
    "p2": "不予处理的申请{{not_processed}}件，其中信访举报投诉类{{not_processed_1}}件，分类引导有待加强",
    "p3": "不予公开{{denied}}件，答复说理还需更加充分",
    "m1": "完善公开指南，在受理环节加强引导", "m2": "加强与信访渠道的衔接", "m3": "统一不予公开的审查标准",
}


@pytest.fixture(scope="module")
def inputs() -> tuple:
    """2025 counts of the demo government, its 2024 report and the part 五 outline."""
    counts = validate_counts(read_counts(DEMO / "counts" / "2025_yunxi_zf.yaml"))
    prior = corpus.parse_file(DEMO / "reports" / "2024_yunxi_zf.txt")
    return counts, prior, build_outline(build_facts(counts, prior), "5", prior.parts["5"])


def test_the_schema_allows_no_figure_outside_the_points_own_slots(inputs: tuple) -> None:
    outline = inputs[2]
    schema = grammar.schema_for(outline)
    assert list(schema["properties"]) == ["s1", "s2", "s3", "p1", "p2", "p3", "m1", "m2", "m3"]
    assert schema["required"] == list(schema["properties"]) and schema["additionalProperties"] is False
    p1, s1, m1 = (schema["properties"][k]["pattern"] for k in ("p1", "s1", "m1"))
    assert re.fullmatch(p1, ANSWER["p1"]) and re.fullmatch(s1, ANSWER["s1"]) and re.fullmatch(m1, ANSWER["m1"])
    for invented in ("无法提供82件，占比较高", "无法提供八十二件，占比较高", "无法提供８２件", "无法提供{{denied}}件，偏多",
                     "无法提供两件，占比较高", "偏高，近三年持续上升"):
        assert not re.fullmatch(p1, invented), invented
    assert re.fullmatch(m1, "进一步统一审查标准，加强第三方意见征询")  # numerals that count nothing stay usable
    assert not re.fullmatch(m1, "全年共举办十班业务培训") and not re.fullmatch(m1, "开展三轮专项检查")
    assert not re.fullmatch(s1, "关于{{quote}}，已全面落实到位")  # what only the clerk knows stays a placeholder
    assert not re.fullmatch(m1, "完善公开指南【请补充：措施】")


def test_assembly_uses_the_templates_leads_numbering_and_last_years_wording(inputs: tuple) -> None:
    outline = inputs[2]
    text = grammar.assemble(outline, ANSWER)
    assert "关于“加强依申请公开办理的过程管理”，【请补充：本年度落实情况】" in text
    assert "一是无法提供的答复{{unavailable}}件" in text and "三是统一不予公开的审查标准。" in text
    assert text.count("\n\n") == 2


def test_structured_answer_over_http_is_assembled_and_guarded(chat_server: FakeChatServer, inputs: tuple) -> None:
    counts, prior, outline = inputs
    chat_server.script(json.dumps(ANSWER, ensure_ascii=False))
    settings = Settings(llm_base_url=chat_server.base_url, llm_model="fake", llm_structured=True, llm_timeout=5.0)
    draft = draft_part(counts, "5", "openai", prior, settings, passages=[])
    assert draft.backend == "openai", draft.notes
    facts = build_facts(counts, prior)
    assert f"一是无法提供的答复{facts.value('unavailable')}件" in draft.text and draft.unverified == []
    sent = chat_server.requests[0]["response_format"]["json_schema"]["schema"]
    assert sent == grammar.schema_for(outline)
    assert '"p1"' in chat_server.user_prompts()[0] and "{{unavailable}} 无法提供=" in chat_server.user_prompts()[0]


def test_a_slot_in_the_wrong_sentence_is_still_caught(chat_server: FakeChatServer, inputs: tuple) -> None:
    counts, prior, _ = inputs
    wrong = {**ANSWER, "p3": "不予公开{{unavailable}}件，答复说理还需更加充分"}  # a chat_server that does not enforce
    chat_server.script(json.dumps(wrong, ensure_ascii=False), json.dumps(ANSWER, ensure_ascii=False))
    settings = Settings(llm_base_url=chat_server.base_url, llm_model="fake", llm_structured=True, llm_timeout=5.0)
    draft = draft_part(counts, "5", "openai", prior, settings, passages=[])
    assert draft.backend == "openai" and "紧跟“不予公开”" in draft.notes[0]
    assert "上一稿没有通过核验" in chat_server.user_prompts()[1]


def test_a_server_that_ignores_the_schema_gets_the_slot_path(chat_server: FakeChatServer, inputs: tuple) -> None:
    counts, prior, _ = inputs
    chat_server.script(reply())
    settings = Settings(llm_base_url=chat_server.base_url, llm_model="fake", llm_structured=True, llm_timeout=5.0)
    draft = draft_part(counts, "5", "openai", prior, settings, passages=[])
    assert draft.backend == "openai" and draft.unverified == [] and "{{" not in draft.text


def test_without_structured_the_openai_backend_sends_no_schema(chat_server: FakeChatServer, inputs: tuple) -> None:
    counts, prior, _ = inputs
    chat_server.script(reply())
    draft_part(counts, "5", "openai", prior, Settings(llm_base_url=chat_server.base_url, llm_model="f"), passages=[])
    assert "response_format" not in chat_server.requests[0]


def test_the_local_backend_without_its_model_file_falls_back_with_a_message(inputs: tuple, tmp_path: Path) -> None:
    counts, prior, _ = inputs
    settings = Settings(llm_model_file=tmp_path / "none.gguf")
    draft = draft_part(counts, "5", "local", prior, settings, passages=[])
    assert draft.backend == "template"
    assert any("本地模型文件不存在" in n and "nianbao model install" in n for n in draft.notes)


def test_the_sidebar_description_names_file_threads_and_context(tmp_path: Path) -> None:
    settings = Settings(llm_backend="local", llm_model_file=tmp_path / "m.gguf", llm_threads=1, llm_context=4096)
    text = describe_backend(settings)
    assert str(tmp_path / "m.gguf") in text and "线程 1" in text and "上下文 4096" in text and "未安装" in text
    assert "不使用大模型" in describe_backend(Settings(llm_backend="template"))
    assert "http://127.0.0.1:8000/v1" in describe_backend(Settings(llm_backend="openai", llm_base_url="http://127.0.0.1:8000/v1"))


def test_missing_part_packages_are_named(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=f"缺少本地模型.*的 {PARTS} 个分卷包") as missing:
        install_model(tmp_path / "m.gguf", package=lambda n: f"nianbao-absent-part{n}")
    assert "nianbao-absent-part1==0.2.0" in str(missing.value) and "nianbao-absent-part22==0.2.0" in str(missing.value)
    assert not (tmp_path / "m.gguf").exists() and not is_installed(tmp_path / "m.gguf")
    found, absent = part_files(lambda n: f"nianbao-absent-part{n}")
    assert found == [] and len(absent) == PARTS


def test_an_invented_chinese_numeral_is_a_figure_the_guard_rejects(inputs: tuple) -> None:
    counts, prior, _ = inputs
    outline = build_outline(build_facts(counts, prior), "overview-supervision", prior.parts["1"])
    text = ("监督保障工作情况如下：工作考核方面，【请补充：考核结果】。社会评议方面，【请补充：评议结果】。"
            "责任追究方面，【请补充：责任追究情况】。加强业务培训，全年共举办十班，【请补充：培训内容】。")
    findings = check_draft(text, outline, 0.5, counts).findings
    assert any("数字 10" in f and "十班" in f for f in findings), findings
