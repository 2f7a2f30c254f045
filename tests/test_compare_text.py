"""Reuse ratio of FORMAT.md §6 on constructed texts whose ratio is known exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.checker.reuse import normalise, reuse_ratio, split_sentences
from nianbao.compare.text import diff_part

# ten topics without numeral characters: each sentence normalises to 4 + 3 = 7 characters
TOPICS = [
    "组织保障",
    "平台建设",
    "制度完善",
    "队伍建设",
    "监督检查",
    "政策解读",
    "依法公开",
    "信息管理",
    "培训学习",
    "宣传引导",
]
NEW_TOPICS = ["考核评议", "数据开放", "回应关切"]


def _text(topics: list[str], figure: int) -> str:
    """One sentence per topic, each with a figure."""
    return "".join(f"{t}共{figure + i}件。" for i, t in enumerate(topics))


def test_seven_of_ten_copied_with_new_figures() -> None:
    before = _text(TOPICS, 3)
    after = _text(TOPICS[:7], 40) + _text(NEW_TOPICS, 900)
    assert reuse_ratio(before, after) == pytest.approx(0.7)
    diff = diff_part(before, after)
    assert len(diff.reused) == 7 and len(diff.added) == 3 and len(diff.dropped) == 3
    assert diff.reused[0] == "组织保障共40件。"
    assert diff.dropped == ["信息管理共10件。", "培训学习共11件。", "宣传引导共12件。"]


def test_ratio_weighs_sentences_by_normalised_length() -> None:
    before = "短句。"
    after = "短句。这句话要更长得多。"  # 2 of 2 + 8 characters reused
    assert reuse_ratio(before, after) == pytest.approx(2 / 10)


def test_years_and_numerals_in_any_script_count_as_reused() -> None:
    before = "2023年，我局共收到申请21件，办结二十一件。"
    after = "二〇二四年，我局共收到申请95件，办结九十五件。"
    assert reuse_ratio(before, after) == 1.0


def test_punctuation_width_and_white_space_are_ignored() -> None:
    before = "（一）主动公开情况。依法公开，及时更新；规范发布！"
    after = "(一) 主动公开情况\n依法公开, 及时 更新;规范发布!"
    diff = diff_part(before, after)
    assert diff.reused == ["(一) 主动公开情况", "依法公开, 及时 更新;", "规范发布!"]
    assert diff.reuse == 1.0
    # a half-width "." is no sentence end: the first two sentences merge and are no longer found
    assert diff_part(before, "(一)主动公开情况.依法公开,及时更新;规范发布!").reused == ["规范发布!"]


def test_ordinals_become_placeholders() -> None:
    assert normalise("一是加强管理") == normalise("三是加强管理") == "#是加强管理"
    assert normalise("（一）主动公开") == normalise("(3)主动公开")


def test_sentence_ends_and_line_breaks() -> None:
    sentences = [s.text for s in split_sentences("甲。乙！丙？丁；戊;己\n庚\n\n“辛。”壬")]
    assert sentences == ["甲。", "乙！", "丙？", "丁；", "戊;", "己", "庚", "“辛。”", "壬"]
    # decimals and list numbers keep their sentence together
    assert len(split_sentences("收费96.075万元，较上年减少1.5%。")) == 1


def test_empty_later_part_has_no_ratio_and_empty_earlier_part_has_none_reused() -> None:
    assert reuse_ratio("依法公开。", "") is None
    assert reuse_ratio("依法公开。", "。；\n") is None
    assert reuse_ratio("", "依法公开。") == 0.0


def test_fuzzy_reuse_catches_small_rewording() -> None:
    before = "本报告电子版可在门户网站http://www.example.gov.cn进行下载。"
    after = "本报告电子版可在门户网站https://www.example.gov.cn进行下载。"
    diff = diff_part(before, after)
    assert diff.reuse == 0.0
    assert diff.reuse_fuzzy == 1.0


def test_interleaved_puts_dropped_sentences_where_they_stood() -> None:
    diff = diff_part("甲。乙。丙。", "甲。丁。丙。")
    assert diff.interleaved() == [("reused", "甲。"), ("dropped", "乙。"), ("added", "丁。"), ("reused", "丙。")]


def test_json_shape_of_a_part() -> None:
    data = diff_part("甲乙。", "甲乙。丙丁。").to_json()
    assert data == {"reuse": 0.5, "reuse_fuzzy": 0.5, "reused": ["甲乙。"], "added": ["丙丁。"], "dropped": []}


_PIECES = st.sampled_from(["依法", "公开", "管理", "平台", "2023年", "二〇二四年", "21", "十五", "，", " ", "、"])
_SENTENCES = st.lists(st.lists(_PIECES, min_size=1, max_size=6).map("".join), min_size=1, max_size=8)


@given(_SENTENCES)
def test_text_against_itself_is_fully_reused(sentences: list[str]) -> None:
    text = "。".join(sentences) + "。"
    ratio = reuse_ratio(text, text)
    assert ratio is None or ratio == 1.0


@given(_SENTENCES, _SENTENCES)
def test_ratio_is_a_share_and_fuzzy_is_never_below_exact(before: list[str], after: list[str]) -> None:
    diff = diff_part("。".join(before), "。".join(after))
    if diff.reuse is None:
        assert diff.reuse_fuzzy is None
    else:
        assert 0.0 <= diff.reuse <= diff.reuse_fuzzy <= 1.0


@given(_SENTENCES)
def test_changing_every_figure_keeps_full_reuse(sentences: list[str]) -> None:
    text = "。".join(sentences)
    changed = text.translate(str.maketrans("0123456789", "9876543210")).replace("十五", "三百")
    assert reuse_ratio(text, changed) in (None, 1.0)
