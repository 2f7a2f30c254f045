"""regulation.citation / regulation.fact / regulation.outdated, with the official text and with our summaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import corpus
from nianbao.checker.regulation import check_regulation, check_regulation_text, citations, sentences
from nianbao.corpus.articles import ArticleIndex, from_paths, load_article_index
from nianbao.corpus.meta import split_header
from nianbao.corpus.regulation import split_articles
from nianbao.model import Finding
from nianbao.retrieval.articles import from_chunks, library_article_index
from nianbao.retrieval.chunking import regulation_chunks, summary_chunks
from nianbao.retrieval.library import Library
from nianbao.settings import Settings
from tests.helpers import PDF_2023, PDF_2024, REGULATION, SEED, WEB, shared_file

OFFICIAL_MARK = "【条例原文·"
SUMMARY_MARK = "【本项目摘要，非原文·"


@pytest.fixture(scope="module")
def official() -> ArticleIndex:
    """The official regulation text from ../shared."""
    return ArticleIndex.from_file(shared_file(REGULATION))


@pytest.fixture(scope="module")
def summaries() -> ArticleIndex:
    """Our own summaries in data/regulation/articles.yaml."""
    return ArticleIndex.from_yaml()


@pytest.fixture(params=["official", "summary"])
def index(request: pytest.FixtureRequest) -> ArticleIndex:
    """Each source in turn."""
    return request.getfixturevalue("official" if request.param == "official" else "summaries")


def _marks(index: ArticleIndex) -> tuple[str, str]:
    """(mark expected in messages, source description expected) of an index."""
    if index.sources == {"official"}:
        return OFFICIAL_MARK, "已导入的条例原文"
    return SUMMARY_MARK, "本项目自行撰写的条文摘要"


def _keys(findings: list[Finding]) -> list[tuple[str, str | None, object, object]]:
    """(rule, article, expected, actual) of each finding."""
    return [(f.rule, f.article, f.expected, f.actual) for f in findings]


# ----- the article index -----
def test_official_index(official: ArticleIndex) -> None:
    assert len(official) == 56 and official.sources == {"official"}
    art50 = official.get(50)
    assert art50 is not None and art50.items == 5 and art50.paragraph_items == (5, 0)
    assert art50.item_text(4) is not None and "考核" in art50.item_text(4)  # type: ignore[operator]
    assert official.get(33).figure_values("个工作日") == ["20", "20"]  # type: ignore[union-attr]
    assert official.get(49).figure_values("日期") == ["1月31日", "3月31日"]  # type: ignore[union-attr]
    assert official.get(30).figure_values("个工作日") == ["7"]  # type: ignore[union-attr]


def test_summary_index(summaries: ArticleIndex) -> None:
    assert len(summaries) == 56 and summaries.sources == {"summary"}
    assert summaries.get(50).items == 5 and summaries.get(50).paragraph_items is None  # type: ignore[union-attr]
    assert summaries.get(33).figure_values("个工作日") == ["20", "20"]  # type: ignore[union-attr]
    assert summaries.get(49).figure_values("日期") == ["1月31日", "3月31日"]  # type: ignore[union-attr]
    assert summaries.get(32).figure_values("个工作日") == ["15"]  # type: ignore[union-attr]


def test_index_from_library_chunks_prefers_official_text(summaries: ArticleIndex) -> None:
    text = shared_file(REGULATION).read_text(encoding="utf-8")
    chunks = regulation_chunks(split_articles(text), "条例.md", "h1") + summary_chunks(
        [{"number": 50, "summary": "摘要"}], "articles.yaml", "h2")
    from_library = from_chunks(chunks)
    assert from_library is not None and from_library.sources == {"official"} and len(from_library) == 56
    assert from_library.get(50).paragraph_items == (5, 0)  # type: ignore[union-attr]
    assert from_library.get(50).chapter == "第五章 监督和保障"  # type: ignore[union-attr]
    assert from_chunks(summary_chunks([{"number": 50, "summary": "摘要"}], "a.yaml", "h")) is None
    partial = from_chunks(chunks[:10])
    assert partial is not None
    merged = partial.merged(summaries)
    assert merged.get(3).source == "official" and merged.get(50).source == "summary"  # type: ignore[union-attr]
    assert "条例原文与本项目条文摘要" in merged.describe()


def test_load_without_library_uses_summaries(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert load_article_index().sources == {"summary"}
    report = tmp_path / "report.txt"
    report.write_text("一、总体情况\n本年度无变化。", encoding="utf-8")
    assert from_paths([report, tmp_path / "missing.md"]) is None
    found = from_paths([report, shared_file(REGULATION)])
    assert found is not None and found.sources == {"official"} and len(found) == 56


# ----- drafts with mistakes -----
WRONG_DRAFT = """一、总体情况
根据《条例》第四十九条，年度报告应当包括主动公开、依申请公开、行政复议和行政诉讼等情况。
我局严格按照《条例》第五十条第六项规定，做好工作考核、社会评议和责任追究。
依据第三十三条，对申请数量明显超过合理范围的申请人收取信息处理费。
本机关依照《条例》第五十八条规定开展工作。
按照《条例》规定，行政机关不能当场答复的，应当在15个工作日内予以答复。
全年办理依申请公开，不予受理3件。
对申请人依申请收取检索费、复制费、邮寄费共计120元。
本报告按照国办公开办函〔2019〕60号要求的格式编制。
根据《中华人民共和国政府信息公开条例》（国务院令第492号）规定，编制本报告。
"""


def test_wrong_draft_exact_findings(index: ArticleIndex) -> None:
    findings = check_regulation_text(WRONG_DRAFT, index, level="department", year=2024)
    assert _keys(findings) == [
        ("regulation.citation", "第五十条", "第五十条", "第四十九条"),
        ("regulation.citation", "第五十条", "第五十条第（一）至（五）项", "第五十条第六项"),
        ("regulation.citation", "第四十二条", "第四十二条", "第三十三条"),
        ("regulation.citation", "第五十八条", None, "第五十八条"),
        ("regulation.fact", "第三十三条", "20个工作日", "15个工作日"),
        ("regulation.outdated", "第三十六条", None, "不予受理"),
        ("regulation.outdated", "第四十二条", None, "检索费"),
        ("regulation.outdated", "第五十条", None, "国办公开办函〔2019〕60号"),
        ("regulation.outdated", "第五十六条", None, "国务院令第492号"),
    ]
    severities = {f.rule: f.severity for f in findings}
    assert severities == {"regulation.citation": "error", "regulation.fact": "error", "regulation.outdated": "warning"}
    mark, source = _marks(index)
    for finding in findings:
        assert source in finding.message
        if finding.article != "第五十八条":  # an article that does not exist has no text to quote
            assert f"{mark}{finding.article}】" in finding.message
    assert "条例共五十六条" in findings[3].message


def test_official_quote_is_the_regulation_text(official: ArticleIndex, summaries: ArticleIndex) -> None:
    draft = "按照《条例》规定，行政机关不能当场答复的，应当在15个工作日内予以答复。"
    [with_text] = check_regulation_text(draft, official)
    [with_summary] = check_regulation_text(draft, summaries)
    body33 = official.get(33).body.split("\n")[0]  # type: ignore[union-attr]
    assert body33[:20] in with_text.message and body33[:20] not in with_summary.message
    assert summaries.get(33).text[:20] in with_summary.message  # type: ignore[union-attr]


def test_nonexistent_item_quotes_the_article_items(official: ArticleIndex) -> None:
    [finding] = check_regulation_text("依据第二十条第（十六）项，主动公开相关信息。", official)
    assert finding.rule == "regulation.citation" and "只有十五项" in finding.message
    [no_items] = check_regulation_text("依据第三十三条第二项办理。", official)
    assert "第三十三条没有分项" in no_items.message


def test_paragraph_check_needs_the_official_text(official: ArticleIndex, summaries: ArticleIndex) -> None:
    draft = "根据《条例》第三十三条第四款，延长答复期限须经负责人同意。"
    assert _keys(check_regulation_text(draft, official)) == [
        ("regulation.citation", "第三十三条", None, "第三十三条第四款")]
    assert check_regulation_text(draft, summaries) == []  # summaries do not know the 款
    assert check_regulation_text("根据《条例》第三十三条第二款，延长答复期限须经负责人同意。", official) == []


@pytest.mark.parametrize(("draft", "level", "expected", "actual"), [
    ("按照条例规定，应当自收到申请之日起5个工作日内一次性告知申请人补正。", None, "7个工作日", "5个工作日"),
    ("第三方应当自收到征求意见书之日起10个工作日内提出意见，这是条例的规定。", None, "15个工作日", "10个工作日"),
    ("依照条例，延长答复的期限最长不得超过15个工作日。", None, "20个工作日", "15个工作日"),
    ("属于主动公开范围的信息，应当自形成或者变更之日起30个工作日内公开。", None, "20个工作日", "30个工作日"),
    ("部门应当在每年2月28日前公布上一年度政府信息公开工作年度报告。", None, "1月31日或3月31日前", "2月28日前"),
    ("我局应于每年3月31日前公布年度报告。", "department", "1月31日前", "3月31日前"),
])
def test_wrong_statutory_figures(index: ArticleIndex, draft: str, level: str | None, expected: str,
                                 actual: str) -> None:
    [finding] = check_regulation_text(draft, index, level=level)  # type: ignore[arg-type]
    assert (finding.rule, finding.expected, finding.actual) == ("regulation.fact", expected, actual)


# ----- no false alarms -----
@pytest.mark.parametrize("draft", [
    "根据《上海市政府信息公开规定》第四十九条，年度报告应当包括主要内容。",
    "依照《中华人民共和国保守国家秘密法》第九条，依法不予公开。",
    "依据《条例》及《保密法》第六十条，依法不予公开。",
    "依据《条例》第三十六条第（三）项和第十四条，告知申请人不予公开。",
    "根据《条例》第十四、十五、十六条，不予公开。",
    "根据条例第42条规定，本年度未收取信息处理费。",
    "根据《条例》第五十条要求，现公布本局2024年政府信息公开工作年度报告。",
    "根据第二十六条规定，主动公开的信息应当自形成之日起20个工作日内公开。",
    "所有申请均在10个工作日内予以答复。",
    "简化办理流程、缩短答复期限，基本在10个工作日内完成答复。",
    "经批准，延长答复期限15个工作日。",
    "我局应于每年1月31日前公布年度报告。",
    "本年度报告已于2024年1月20日在门户网站公布。",
    "本年度报告中所列数据统计期限为2024年1月1日至12月31日。",
    "对行政复议申请，复议机关决定不予受理1件。",
    "本报告根据国办公开办函〔2019〕60号、国办公开办函〔2021〕30号的要求编制。",
    "条例于2007年4月5日以国务院令第492号公布，2019年4月3日以国务院令第711号修订。",
    "根据原《条例》（国务院令第492号）第二十一条规定。",
])
def test_no_false_alarm(index: ArticleIndex, draft: str) -> None:
    assert [f.message for f in check_regulation_text(draft, index, level="department")] == []


def test_outdated_format_allowed_before_2021(index: ArticleIndex) -> None:
    draft = "本报告按照国办公开办函〔2019〕60号要求的格式编制。"
    assert check_regulation_text(draft, index, year=2020) == []
    assert len(check_regulation_text(draft, index, year=2021)) == 1


def test_wrapped_citation_is_read() -> None:
    text = "本单位一直依照《中华人民共和国政府信息公开条例》第\n\n五十条第四项的要求，认真开展年度考核、社会\n\n评议。"
    [sentence] = sentences(text)
    assert [(c.article, c.item) for c in citations(sentence)] == [(50, 4)]


# ----- real reports -----
def test_seed_correct_citation(index: ArticleIndex) -> None:
    report = corpus.parse_file(shared_file(SEED))
    seen = {(c.article, c.item) for text in report.parts.values() for s in sentences(text) for c in citations(s)}
    assert {(50, 4), (20, 1), (20, 5), (20, 6), (20, 8)} <= seen
    assert check_regulation(report, index) == []


def test_real_reports_no_false_alarm(index: ArticleIndex) -> None:
    shared_file(WEB)
    outdated: set[tuple[str, str]] = set()
    cited = 0
    for path in [*sorted(WEB.glob("*.txt")), shared_file(PDF_2023), shared_file(PDF_2024)]:
        report = corpus.parse_file(path)
        findings = check_regulation(report, index)
        if path.suffix == ".txt":  # the parser drops the intro before 一、: check the whole text too
            body = split_header(path.read_text(encoding="utf-8"))[1]
            cited += sum(len(citations(s)) for s in sentences(body))
            findings += check_regulation_text(body, index, report.level, report.year)
        assert [f.message for f in findings if f.rule != "regulation.outdated"] == [], path.name
        outdated |= {(path.name, str(f.actual)) for f in findings if f.rule == "regulation.outdated"}
    assert cited >= 10  # the real reports do cite the regulation: art. 50, the art. 20 table headers
    # genuine: a 2021 report still counting 不予受理, a 2022 report citing the 2019 format as the one in force
    assert outdated == {("2021_zunyi_rsj.txt", "不予受理"), ("2022_wenzhou_rsj.txt", "国办公开办函〔2019〕60号")}


def test_load_from_library_or_fall_back(tmp_path: Path) -> None:

    imported = Library(Settings(data_dir=tmp_path / "a", embedding="hashing"))
    assert imported.ingest([shared_file(REGULATION)], bar=False).ok
    assert library_article_index(imported).sources == {"official"}
    empty = Library(Settings(data_dir=tmp_path / "b", embedding="hashing"))
    assert library_article_index(empty).sources == {"summary"}
    unreachable = Library(Settings(data_dir=tmp_path / "c", embedding="hashing", chroma_host="127.0.0.1", chroma_port=9))
    broken = library_article_index(unreachable)
    assert broken.sources == {"summary"} and "无法读取资料库中的条例原文" in broken.notes[0]
