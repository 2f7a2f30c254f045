"""Splitting the regulation into articles, and Chinese numerals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nianbao.corpus.regulation import (
    article_label,
    cn_to_int,
    int_to_cn,
    is_regulation,
    parse_article_label,
    split_articles,
)

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
REGULATION = SHARED / "corpus" / "regulation" / "政府信息公开条例-2019.md"


def regulation_text() -> str:
    """The official text from ../shared, or skip."""
    if not REGULATION.exists():
        pytest.skip(f"条例全文不存在：{REGULATION}（测试从 ../shared 读取）")
    return REGULATION.read_text(encoding="utf-8")


@pytest.mark.parametrize(("number", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (33, "三十三"),
                                               (56, "五十六"), (100, "一百"), (101, "一百零一"), (110, "一百一十")])
def test_numerals(number: int, text: str) -> None:
    assert int_to_cn(number) == text
    assert cn_to_int(text) == number


@given(st.integers(min_value=1, max_value=9999))
def test_numeral_round_trip(number: int) -> None:
    assert cn_to_int(int_to_cn(number)) == number
    assert parse_article_label(article_label(number)) == number


def test_labels_and_bad_input() -> None:
    assert article_label(33) == "第三十三条"
    assert parse_article_label("第33条") == 33
    with pytest.raises(ValueError):
        parse_article_label("第三十三章")
    with pytest.raises(ValueError):
        cn_to_int("三十x")
    with pytest.raises(ValueError):
        int_to_cn(0)


def test_official_markdown_has_56_articles() -> None:
    articles = split_articles(regulation_text())
    assert [a.number for a in articles] == list(range(1, 57))
    by_label = {a.label: a for a in articles}
    assert by_label["第三十三条"].chapter == "第四章 依申请公开"
    assert "20个工作日" in by_label["第三十三条"].text
    assert by_label["第二十条"].items == 15
    assert by_label["第五十条"].items == 5
    assert by_label["第一条"].chapter == "第一章 总则"
    assert by_label["第五十六条"].chapter == "第六章 附则"
    # continuation paragraphs stay with their article
    assert by_label["第三条"].text.count("\n") >= 3
    assert all(a.text.startswith(a.label) for a in articles)
    assert is_regulation(regulation_text())


def test_plain_text_without_markdown_headings() -> None:
    """Text as extracted from a .txt/.docx copy: no `##`, full-width spaces, no blank lines."""
    text = regulation_text()
    plain = re.sub(r"(?m)^## ", "", text)
    plain = re.sub(r"(?m)^(第[一二三四五六七八九十百]+条) ", "\\1\u3000", plain)
    plain = "\n".join("\u3000\u3000" + line for line in plain.splitlines() if line.strip())
    articles = split_articles(plain)
    assert len(articles) == 56
    assert [a.items for a in articles] == [a.items for a in split_articles(text)]
    assert articles[32].chapter == "第四章 依申请公开"


def test_reference_at_paragraph_start_is_not_a_new_article() -> None:
    text = "中华人民共和国政府信息公开条例\n第一章 总则\n第一条 甲。\n第三十三条 规定的期限不适用本款。\n第二条 乙。"
    articles = split_articles(text)
    assert [a.number for a in articles] == [1, 2]
    assert "第三十三条" in articles[0].text


def test_a_report_is_not_the_regulation() -> None:
    report = "某局2023年度报告\n根据《中华人民共和国政府信息公开条例》第五十条规定，现公布本报告。"
    assert not is_regulation(report)
