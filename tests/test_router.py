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
