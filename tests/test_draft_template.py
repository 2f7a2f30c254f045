"""Template drafting on the demo agency's years: grounded figures, low reuse, last year's measures covered."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao import corpus
from nianbao.checker.narrative import check_narrative
from nianbao.checker.reuse import reuse_ratio
from nianbao.drafting.counts import read_counts, validate_counts
from nianbao.drafting.facts import build_facts, split_part5
from nianbao.drafting.guard import find_figures
from nianbao.drafting.service import draft_part
from nianbao.model import Report
from nianbao.settings import Settings

SETTINGS = Settings()
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def demo_pairs() -> list[tuple[str, Path, Path]]:
    """(id, this year's counts source, prior report) for every demo year after an agency's first."""
    reports = sorted((DEMO / "reports").glob("*.txt"))
    pairs = []
    for path in reports:
        year, agency = path.stem.split("_", 1)
        prior = DEMO / "reports" / f"{int(year) - 1}_{agency}.txt"
        if prior.exists():
            pairs.append((path.stem, path, prior))
    for counts in sorted((DEMO / "counts").glob("*.yaml")):
        year, agency = counts.stem.split("_", 1)
        prior = DEMO / "reports" / f"{int(year) - 1}_{agency}.txt"
        if prior.exists():
            pairs.append((counts.stem, counts, prior))
    return pairs


PAIRS = demo_pairs()


def load(counts: Path, prior: Path) -> tuple[Report, Report]:
    """Validated counts and the parsed prior report."""
    return validate_counts(read_counts(counts)), corpus.parse_file(prior)


def test_demo_data_present() -> None:
    assert len(PAIRS) >= 6, "演示数据 data/demo 不完整"


@pytest.mark.parametrize(("name", "counts", "prior"), PAIRS, ids=[p[0] for p in PAIRS])
def test_part5_grounded_low_reuse_and_covers_last_years_measures(name: str, counts: Path, prior: Path) -> None:
    current, last = load(counts, prior)
    draft = draft_part(current, "5", "template", last, SETTINGS)
    assert draft.unverified == []
    assert draft.reuse is not None and draft.reuse <= 0.3
    assert draft.prior_year == last.year
    _, measures = split_part5(last.parts["5"])
    assert measures, "上年报告应当列出改进措施"
    for measure in measures:
        assert f"“{measure.topic}”" in draft.text
    status = draft.text.split("\n\n")[0]
    assert status.count("【请补充") + status.count("本年度未发生") >= len(measures)
    assert "一是" in draft.text and "二是" in draft.text
    report = current.model_copy(deep=True)
    report.parts = {"5": draft.text}
    assert check_narrative(report) == []


@pytest.mark.parametrize(("name", "counts", "prior"), PAIRS, ids=[p[0] for p in PAIRS])
def test_applications_paragraph_states_only_count_figures(name: str, counts: Path, prior: Path) -> None:
    current, last = load(counts, prior)
    draft = draft_part(current, "overview-applications", "template", last, SETTINGS)
    assert draft.unverified == []
    rows = current.applications.rows  # type: ignore[union-attr]
    for key in ("new", "carried_in", "results_total"):
        assert f"{rows[key][6]}件" in draft.text
    values = {v for v, _, _ in find_figures(draft.text)}
    assert float(rows["granted"][6]) in values
    report = current.model_copy(deep=True)
    report.parts = {"1": draft.text}
    assert check_narrative(report) == []


def test_consecutive_years_of_the_template_do_not_read_the_same() -> None:
    counts = {p.stem: p for p in (DEMO / "reports").glob("*_yunxi_zf.txt")}
    r2023, r2024 = corpus.parse_file(counts["2023_yunxi_zf"]), corpus.parse_file(counts["2024_yunxi_zf"])
    r2025 = validate_counts(read_counts(DEMO / "counts" / "2025_yunxi_zf.yaml"))
    before = draft_part(r2024, "5", "template", r2023, SETTINGS).text
    after = draft_part(r2025, "5", "template", r2024, SETTINGS)
    assert reuse_ratio(before, after.text) <= 0.3
    again = draft_part(r2025, "5", "template", r2024, SETTINGS)
    assert again.text == after.text  # deterministic


def test_supervision_covers_art50_items_for_a_government_with_placeholders() -> None:
    current = validate_counts(read_counts(DEMO / "counts" / "2025_yunxi_zf.yaml"))
    draft = draft_part(current, "overview-supervision", "template", None, SETTINGS)
    for word in ("考核", "评议", "追究"):
        assert word in draft.text
    assert len(draft.placeholders) >= 3
    assert draft.unverified == []
    assert any("上一年度" in n for n in draft.notes)


def test_facts_changes_against_prior_year() -> None:
    current, last = load(DEMO / "counts" / "2025_yunxi_zf.yaml", DEMO / "reports" / "2024_yunxi_zf.txt")
    facts = build_facts(current, last)
    new, before = current.applications.rows["new"][6], last.applications.rows["new"][6]  # type: ignore[union-attr]
    assert facts.value("new") == new and facts.value("prior_new") == before
    assert facts.value("new_change") == abs(new - before)  # type: ignore[operator]
    assert facts.trends["new"] == ("up" if new > before else "down" if new < before else "flat")  # type: ignore[operator]
    assert facts.value("unavailable") == sum(current.applications.rows[f"unavailable_{i}"][6] for i in (1, 2, 3))  # type: ignore[union-attr,misc]
    assert next(i.topic for i in facts.prior_measures).startswith("加强依申请公开")


def test_split_part5_patterns() -> None:
    text = ("本年度存在以下不足：（一）栏目更新不及时。（二）解读形式单一。\n"
            "下一步改进措施：1.建立更新台账，每月检查。2.丰富解读形式。")
    problems, measures = split_part5(text)
    assert [p.topic for p in problems] == ["栏目更新不及时", "解读形式单一"]
    assert [m.topic for m in measures] == ["建立更新台账，每月检查", "丰富解读形式"]
    review = "对照上年措施，落实情况如下：一是已完成整改。\n仍存在问题：一是目录更新慢。\n下一步：一是按月更新目录。"
    problems, measures = split_part5(review)
    assert [p.topic for p in problems] == ["目录更新慢"] and [m.topic for m in measures] == ["按月更新目录"]


def test_figures_exclude_ordinals_years_articles_and_dates() -> None:
    text = "一是依照《条例》第三十三条，2025年1月31日前答复；二是（一）收到申请12件，占比3.5%，三件结转。"
    assert [v for v, _, _ in find_figures(text)] == [12.0, 3.5, 3.0]
