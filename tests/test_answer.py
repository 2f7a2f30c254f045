"""问答 without an LLM (drafting.answer): question parsing, counts from the tables, answer sentence, threshold, seam."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nianbao.checker.names import RULE_NAMES, rule_name
from nianbao.corpus import parse_file
from nianbao.data import DEMO_LIBRARY, DEMO_REPORTS
from nianbao.drafting.answer import Profile, answer_question, best_sentence, strip_metadata
from nianbao.drafting.answer_counts import answer_count, count_topic
from nianbao.drafting.backends import Passage
from nianbao.drafting.question import parse_question
from nianbao.retrieval.library import Library
from nianbao.settings import Settings
from tests.helpers import ROOT

BUREAU = "云汐区人力资源和社会保障局"
AGENCIES = [BUREAU, "云汐区人民政府"]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The demo corpus (our summaries, no official text) indexed with hashing embeddings."""
    library = Library(Settings(data_dir=tmp_path_factory.mktemp("answer"), embedding="hashing"))
    assert library.ingest(list(DEMO_LIBRARY), bar=False).ok
    return library


@pytest.mark.parametrize(
    ("question", "agency", "year"),
    [
        ("去年我局收到多少件申请", BUREAU, 2024),
        ("前年本局的主动公开情况", BUREAU, 2023),
        ("区人民政府2023年被申请行政复议几件", "云汐区人民政府", 2023),
        ("云汐区人社局2022年报告写了什么", BUREAU, 2022),
        ("答复期限是多少个工作日", None, None),
        ("各级人民政府要建立哪些考核制度", None, None),  # 人民政府 in general is no agency
    ],
)
def test_agency_and_year_become_filters(question: str, agency: str | None, year: int | None) -> None:
    parsed = parse_question(question, BUREAU, 2025, AGENCIES)
    assert (parsed.agency, parsed.year) == (agency, year)


def test_clerk_words_are_expanded_with_the_regulations() -> None:
    parsed = parse_question("申请公开信息要交钱吗")
    assert "信息处理费" in parsed.query and "收取费用" in parsed.query
    assert any(t.word == "交钱" and t.found_in("不收取费用") for t in parsed.terms)
    assert "不得公开" in parse_question("哪些信息可以不予公开").query


@pytest.mark.parametrize(
    ("question", "topic"),
    [("去年我局收到多少件申请", "new"), ("被申请行政复议几件", "review"), ("结转下年度的有多少件", "carried_out"),
     ("不予公开了多少件", "denied"), ("答复期限是多少个工作日", None), ("哪些信息可以不予公开", None)],
)
def test_count_topics(question: str, topic: str | None) -> None:
    found = count_topic(question)
    assert (found.name if found else None) == topic


def test_count_answer_names_report_table_and_row() -> None:
    report = parse_file(DEMO_REPORTS / "2024_yunxi_rsj.txt")
    topic = count_topic("收到多少件申请")
    assert topic is not None
    answer = answer_count(topic, report, "2024年度报告")
    assert answer.value == 58 and answer.text == f"{BUREAU}2024年新收政府信息公开申请58件。"
    assert answer.citation == "2024年度报告 · 表三（收到和处理政府信息公开申请情况） · 一、本年新收政府信息公开申请数量/总计"
    denied = answer_count(count_topic("不予公开多少件"), report, "r")  # type: ignore[arg-type]
    assert "8 项之和" in denied.citation and denied.value == sum(
        report.applications.rows[f"denied_{i}"][6] for i in range(1, 9))  # type: ignore[union-attr, misc]
    report.applications.rows["new"][6] = None  # type: ignore[union-attr]
    blank = answer_count(topic, report, "r")
    assert blank.value is None and "没有可读" in blank.text


def test_index_metadata_is_stripped() -> None:
    assert strip_metadata("条文摘要。\n关键词：甲、乙\n关键数字：20个工作日") == "条文摘要。"


def test_answer_sentence_keeps_the_exception_with_its_rule() -> None:
    question = parse_question("办事要交钱吗")
    text = "机关办理事项，不收取费用。但是，超出合理范围的，可以收取信息处理费。另有规定的从其规定。"
    assert best_sentence(question, text) == "机关办理事项，不收取费用。但是，超出合理范围的，可以收取信息处理费。"


def test_answers_with_the_article_and_marks_our_summary(library: Library) -> None:
    answer = answer_question("申请公开信息要交钱吗", library)
    assert answer.found and answer.kind == "regulation"
    assert answer.text.startswith("根据《条例》第四十二条（本项目摘要，非原文）：")
    assert answer.sources[0].article == "第四十二条" and len({s.citation for s in answer.sources}) == len(answer.sources)
    assert all("关键词" not in s.quote for s in answer.sources)


@pytest.mark.parametrize("question", ["明天天气怎么样？", "你好", "帮我订一张去北京的火车票"])
def test_off_topic_is_not_answered(library: Library, question: str) -> None:
    answer = answer_question(question, library)
    assert not answer.found and answer.sources == [] and answer.text.startswith("未找到相关依据")


def test_our_counts_come_from_the_stored_table(library: Library) -> None:
    answer = answer_question("去年我局收到多少件申请", library, profile=Profile(BUREAU, 2025))
    assert answer.kind == "counts" and answer.text == f"{BUREAU}2024年新收政府信息公开申请58件。"
    assert answer.sources[0].kind == "table" and "表三" in answer.sources[0].citation
    missing = answer_question("2019年我局收到多少件申请", library, profile=Profile(BUREAU, 2025))
    assert not missing.found and "没有" in missing.text


def test_this_years_counts_answer_this_year(library: Library) -> None:
    from nianbao.drafting.counts import read_counts

    counts = read_counts(ROOT / "data" / "demo" / "counts" / "2025_yunxi_rsj.yaml")
    answer = answer_question("今年我局收到多少件申请", library, profile=Profile(BUREAU, 2025, counts))
    assert "53件" in answer.text and "本次填写" in answer.sources[0].citation


@dataclass
class _Text:
    text: str
    notes: list[str] = field(default_factory=list)


def test_llm_seam_gets_the_selected_passages_and_none_falls_back(library: Library) -> None:
    seen: list[list[Passage]] = []

    def answerer(question: str, passages: list[Passage]) -> _Text | None:
        seen.append(passages)
        return _Text("模型的回答。", ["由模型生成"]) if "交钱" in question else None

    answer = answer_question("申请公开信息要交钱吗", library, answerer=answerer)
    assert answer.text.startswith("模型的回答。") and answer.notes == ["由模型生成"]
    assert seen[0][0].article == "第四十二条" and "关键词" not in seen[0][0].text
    fallback = answer_question("年度报告应当包括哪些内容", library, answerer=answerer)
    assert fallback.text.startswith("根据《条例》第") and "模型的回答" not in fallback.text


def test_every_rule_of_the_contract_has_a_chinese_name() -> None:
    contract = (Path(ROOT) / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
    ids = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", contract, re.M))
    assert ids and ids <= set(RULE_NAMES)
    assert rule_name("structure.something_new") == "报告结构问题" and rule_name("unknown") == "其他问题"


def test_clerk_evaluation_file_counts_and_off_topic(library: Library) -> None:
    from nianbao.benchmarks.clerk_eval import KINDS, load_clerk_questions

    profile, questions = load_clerk_questions()
    assert profile == Profile(BUREAU, 2025) and {q.kind for q in questions} <= set(KINDS)
    for q in questions:
        if q.kind in ("counts", "offtopic"):
            assert q.found_by_answer(answer_question(q.text, library, profile=profile, top=5)), q.text
