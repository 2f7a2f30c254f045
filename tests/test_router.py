"""Deterministic routing of chat messages to the four actions."""

from __future__ import annotations

import pytest

from nianbao.ui.router import route


@pytest.mark.parametrize(
    ("message", "action", "part"),
    [
        ("帮我起草存在的主要问题", "draft", "5"),
        ("写一段监督保障", "draft", "overview-supervision"),
        ("起草今年的依申请公开情况", "draft", "overview-applications"),
        ("/draft 五", "draft", "5"),
        ("/起草 监督保障", "draft", "overview-supervision"),
        ("对比一下往年的报告", "compare", None),
        ("今年的总体情况是不是照搬了去年", "compare", None),
        ("/compare 2023 2024", "compare", None),
        ("检查一下我上传的报告", "check", None),
        ("/check", "check", None),
        ("不能当场答复的，答复期限是多少个工作日？", "ask", None),
        ("年度报告应当包括哪些内容", "ask", None),
        ("/help", "help", None),
    ],
)
def test_route(message: str, action: str, part: str | None) -> None:
    intent = route(message)
    assert intent.action == action
    assert intent.part == part


def test_slash_command_strips_the_command_and_keeps_years() -> None:
    intent = route("/compare 2023 2024")
    assert intent.by == "slash" and intent.text == "2023 2024" and intent.years == [2023, 2024]


def test_draft_without_part_names_none() -> None:
    assert route("帮我起草一下").part is None


@pytest.mark.parametrize(
    ("message", "action", "part"),
    [
        ("再写一下监督保障部分", "draft", "overview-supervision"),
        ("重写存在的主要问题", "draft", "5"),
        ("帮忙写写依申请公开情况", "draft", "overview-applications"),
        ("监督保障那段写一写", "draft", "overview-supervision"),
        ("和去年比一比", "compare", None),
        ("看看今年有没有照搬去年", "compare", None),
        ("重复申请怎么处理", "ask", None),  # 重复 of an application, not of text
        ("可以收复制费吗", "ask", None),
        ("保密审查是什么", "ask", None),
        ("你好", "ask", None),
    ],
)
def test_plain_requests(message: str, action: str, part: str | None) -> None:
    intent = route(message)
    assert (intent.action, intent.part) == (action, part)


def test_check_beats_draft_and_only_the_instruction_counts() -> None:
    intent = route("检查这段草稿：本年度对比上年，起草了制度，共收到申请50件。")
    assert intent.action == "check" and intent.by == "keyword" and intent.matched == "检查"
    assert intent.body == "本年度对比上年，起草了制度，共收到申请50件。"
    assert intent.notice.startswith("已按『检查』处理")


def test_precedence_is_check_compare_draft() -> None:
    assert route("对比往年后帮我起草存在的主要问题").action == "compare"
    assert route("核对一下我起草的草稿").action == "check"


def test_slash_check_takes_text_of_any_length_on_the_same_or_next_line() -> None:
    assert route("/check 收到申请5件。").body == "收到申请5件。"
    assert route("/check\n第二行的文字。").body == "第二行的文字。"
    assert route("/检查：一段文字。").body == "一段文字。"


def test_long_text_without_instruction_is_checked() -> None:
    text = "一、总体情况\n" + "本年度共收到政府信息公开申请50件，均按时答复。" * 12
    intent = route(text)
    assert intent.action == "check" and intent.by == "text" and intent.body == text.strip()
