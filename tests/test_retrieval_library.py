"""Library ingestion: regulation by article, reports by part, records, idempotence, replacement, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.model import PART_TITLES
from nianbao.retrieval.library import Library
from nianbao.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
CORPUS = SHARED / "corpus"
REGULATION_DIR = CORPUS / "regulation"


def shared(path: Path) -> Path:
    """A third-party test document from ../shared, or skip."""
    if not path.exists():
        pytest.skip(f"第三方测试资料不存在：{path}（测试从 ../shared 读取）")
    return path


def report_text(agency: str, year: int, applications: int, problems: str) -> str:
    """A small report of our own, under the 2021 format's six part titles."""
    bodies = {
        "1": f"{year}年，本局依法做好政府信息公开工作。全年收到政府信息公开申请{applications}件，均按期答复。",
        "2": "全年主动公开信息120条。",
        "3": f"本年新收申请{applications}件。",
        "4": "本年度未发生行政复议和行政诉讼。",
        "5": problems,
        "6": "本年度未收取信息处理费。",
    }
    sections = "\n\n".join(f"{PART_TITLES[k]}\n{body}" for k, body in bodies.items())
    return f"{agency}{year}年度报告\n\n{sections}\n"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """A library in a temp folder with the fast hashing embedder."""
    return Library(Settings(data_dir=tmp_path / "lib", embedding="hashing"))


def write(path: Path, text: str) -> Path:
    """Write text to a file and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_regulation_split_by_article_and_searchable(library: Library) -> None:
    result = library.ingest([shared(REGULATION_DIR)], bar=False)
    assert result.ok and len(result.added) == 1 and result.chunks_written == 56
    status = library.status()
    assert (status.documents, status.chunks, status.regulation_articles) == (1, 56, 56)
    hits = library.search("申请答复期限是多少个工作日", kind="regulation", top=3)
    assert hits[0].article == "第三十三条" and hits[0].chapter == "第四章 依申请公开"
    assert hits[0].source == "政府信息公开条例-2019.md" and hits[0].kind == "regulation"
    assert hits[0].score >= hits[1].score >= hits[2].score
    for mode in ("vector", "bm25"):
        assert library.search("年度报告应当包括哪些内容", top=3, mode=mode)[0].article in {"第五十条", "第四十九条"}


def test_reports_chunked_by_part_with_records_and_filters(library: Library, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write(docs / "a2023.txt", report_text("青岚县民政局", 2023, 7, "栏目更新不够及时。"))
    write(docs / "a2024.txt", report_text("青岚县民政局", 2024, 9, "政策解读形式单一，下一步增加图解。"))
    write(docs / "b2024.txt", report_text("青岚县交通运输局", 2024, 2, "公开平台检索功能不完善。"))
    result = library.ingest([docs], bar=False)
    assert result.ok and len(result.added) == 3
    hits = library.search("政策解读形式单一", agency="民政局", part="5", top=5)
    assert hits and hits[0].agency == "青岚县民政局" and hits[0].year == 2024 and hits[0].part == "5"
    assert all(h.agency == "青岚县民政局" and h.part == "5" for h in hits)
    assert {h.year for h in library.search("申请", year=2023, kind="report", top=10)} == {2023}
    assert library.search("申请", agency="不存在的机关") == []
    assert library.status().years_by_agency == {"青岚县交通运输局": [2024], "青岚县民政局": [2023, 2024]}
    # structured records: one per agency and year, readable without the vector store
    report = Library(library.settings).get_report("青岚县民政局", 2024)  # a fresh library: records only
    assert report is not None and report.year == 2024 and "图解" in report.parts["5"]
    assert report.meta.source.endswith("a2024.txt")
    assert [r.year for r in library.reports("青岚县民政局")] == [2023, 2024]
    assert len(library.reports()) == 3
    assert library.get_report("青岚县民政局", 2022) is None


def test_same_content_twice_adds_nothing_and_changed_file_replaces(library: Library, tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", report_text("青岚县民政局", 2023, 7, "旧的问题描述：栏目更新慢。"))
    first = library.ingest([path], bar=False)
    chunks = library.status().chunks
    again = library.ingest([path, tmp_path], bar=False)
    assert again.unchanged == [str(path.resolve())] and again.added == [] and again.chunks_written == 0
    assert library.status().chunks == chunks == first.chunks_written
    write(path, report_text("青岚县民政局", 2023, 8, "新的问题描述：解读材料不足。"))
    changed = library.ingest([path], bar=False)
    assert changed.replaced == [str(path.resolve())]
    assert library.status().chunks == changed.chunks_written
    texts = " ".join(h.text for h in library.search("问题描述", top=20))
    assert "新的问题描述" in texts and "旧的问题描述" not in texts
    record = library.get_report("青岚县民政局", 2023)
    assert record is not None and "解读材料不足" in record.parts["5"]


def test_unreadable_file_is_named_and_others_continue(library: Library, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", report_text("青岚县民政局", 2023, 7, "问题一。"))
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    empty = write(tmp_path / "empty.txt", "  \n")
    result = library.ingest([bad, good, empty, tmp_path / "missing.docx"], bar=False)
    assert result.added == [str(good.resolve())]
    assert len(result.errors) == 3
    assert any("broken.pdf" in e for e in result.errors)
    assert any("empty.txt" in e for e in result.errors)
    assert any("missing.docx" in e and "找不到" in e for e in result.errors)
    assert not result.ok
    # the failed files left nothing behind, the good one is intact
    assert library.status().documents == 1
    assert library.status().chunks == result.chunks_written


def test_invalid_summary_yaml_is_rejected(library: Library, tmp_path: Path) -> None:
    bad = write(tmp_path / "articles.yaml", "- just: text\n")
    result = library.ingest([bad], bar=False)
    assert len(result.errors) == 1 and "articles.yaml" in result.errors[0]
    good = write(tmp_path / "ok.yaml", "- {number: 33, topic: 答复期限, summary: 不能当场答复的二十个工作日内答复。}\n")
    assert library.ingest([good], bar=False).ok
    hit = library.search("答复期限", top=1)[0]
    assert hit.article == "第三十三条" and hit.kind == "regulation"


def test_progress_callback_sees_every_file(library: Library, tmp_path: Path) -> None:
    for i in range(3):
        write(tmp_path / f"r{i}.txt", report_text(f"青岚县第{i}局", 2023, i, "问题。"))
    seen: list[tuple[int, int, str]] = []
    library.ingest([tmp_path], progress=lambda done, total, name: seen.append((done, total, name)), bar=False)
    assert [s[0] for s in seen] == [0, 1, 2, 3] and {s[1] for s in seen} == {3}
    assert seen[-1][2] == "" and seen[0][2] == "r0.txt"


def test_shared_corpus_twice_gives_the_same_counts(library: Library) -> None:
    # the published PDFs and web copies; reports/wild (a crawl's one-line copies) is read by issue 13's reader
    paths = [shared(CORPUS / "regulation"), shared(CORPUS / "reports" / "pdf"), shared(CORPUS / "reports" / "web")]
    first = library.ingest(paths, bar=False)
    assert first.ok, first.errors
    assert len(first.added) == 1 + 37 + 2
    status = library.status()
    assert status.regulation_articles == 56 and status.documents == 40
    records = library.reports()
    assert len(records) == 39  # every report has its own agency and year
    second = library.ingest(paths, bar=False)
    assert second.ok and second.added == [] and len(second.unchanged) == 40 and second.chunks_written == 0
    assert library.status() == status
    assert library.reports() == records
