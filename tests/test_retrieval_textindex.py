"""The on-disk text index (BM25, filters, texts), the vector search paths for filters, and table parts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nianbao.model import PART_TITLES
from nianbao.retrieval import search as search_module
from nianbao.retrieval.bm25 import tokenize
from nianbao.retrieval.library import Library
from nianbao.retrieval.textindex import BM25_KEY, TextIndex, Where
from nianbao.retrieval.types import Chunk
from nianbao.settings import Settings

AGENCIES = ["青禾县交通运输局", "青禾县卫生健康委员会", "青禾县自然资源局", "青禾县人民政府办公室"]
TOPICS = ["政策解读形式单一，图解和视频较少", "依申请公开答复文书不够规范", "政务新媒体更新不及时",
          "基层政务公开标准目录落实不到位", "公开平台栏目设置不够清晰"]


def chunk(cid: str, text: str, **meta: str | int) -> Chunk:
    """A chunk with its BM25 tokens, as chunking makes them."""
    full: dict[str, str | int] = {"content_hash": f"h-{cid}", **meta}
    full[BM25_KEY] = " ".join(tokenize(text))
    return Chunk(cid, text, full)


def test_text_index_ranks_filters_replaces_and_deletes(tmp_path: Path) -> None:
    index = TextIndex(tmp_path / "t.sqlite3")
    index.upsert([
        chunk("a", "全年收到政府信息公开申请30件，均按期答复。", kind="report", agency="甲局", year=2023, part="1"),
        chunk("b", "本机关未收取信息处理费。", kind="report", agency="乙局", year=2024, part="6"),
        chunk("c", "行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。", kind="regulation"),
    ], embedded={"a", "c"})
    assert index.count() == 3 and index.count(vector=True) == 2 and index.ids(vector=False) == {"b"}
    assert index.search(tokenize("信息处理费"), Where(), 5)[0][0].id == "b"
    hits = index.search(tokenize("公开申请 答复"), Where(), 5)
    assert {c.id for c, *_ in hits} == {"a", "c"} and hits[0][1] >= hits[1][1] > 0
    assert [c.id for c, *_ in index.search(tokenize("公开申请 答复"), Where(kind="report"), 5)] == ["a"]
    assert index.search(tokenize("公开申请"), Where(agencies=frozenset({"乙局"})), 5) == []
    assert index.search(tokenize('引号"与 OR 运算符'), Where(), 5) == []  # quoted safely, nothing matches
    assert index.years_by_agency() == {"甲局": [2023], "乙局": [2024]}
    assert index.candidates(Where(kind="report"), 10) == ["a"] and index.candidates(Where(), 1) is None

    index.upsert([chunk("a", "本年度新收申请12件。", kind="report", agency="甲局", year=2023, part="1")])
    assert index.count() == 3
    assert index.search(tokenize("新收申请"), Where(), 5)[0][0].id == "a"
    assert "a" not in {c.id for c, *_ in index.search(tokenize("按期答复"), Where(), 5)}  # old tokens went too
    assert BM25_KEY not in index.get(["a"])["a"].metadata

    index.delete_content("h-b")
    assert index.count() == 2 and "b" not in {c.id for c, *_ in index.search(tokenize("信息处理费"), Where(), 5)}


def report_text(agency: str, year: int, k: int) -> str:
    """A small report of our own under the six part titles."""
    bodies = {
        "1": f"{year}年，{agency}全年收到政府信息公开申请{10 + k}件，主动公开信息{100 + 3 * k}条。",
        "2": f"主动公开规范性文件{k}件，行政许可{20 + k}件。",
        "3": f"本年新收申请{10 + k}件，予以公开{5 + k}件。",
        "4": "行政复议0件，行政诉讼0件。",
        "5": f"一是{TOPICS[k % 5]}。二是{TOPICS[(k + 2) % 5]}。下一步将加强培训，完善制度。",
        "6": "本年度未收取信息处理费。",
    }
    sections = "\n\n".join(f"{PART_TITLES[p]}\n{body}" for p, body in bodies.items())
    return f"{agency}{year}年政府信息公开工作年度报告\n\n{sections}\n"


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """A library of 4 agencies × 4 years of small reports (hashing embedder)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for i, agency in enumerate(AGENCIES):
        for year in range(2021, 2025):
            (folder / f"{i}-{year}.txt").write_text(report_text(agency, year, i * 4 + year - 2021), encoding="utf-8")
    lib = Library(Settings(data_dir=tmp_path / "lib", embedding="hashing"))
    assert lib.ingest([folder], bar=False).ok
    return lib


def similarities(library: Library, query: str, where: Where) -> dict[str, float]:
    """Exact cosine similarity of the query to every embedded chunk passing the filters."""
    searcher = library.searcher
    ids = [c.id for c in library.chunks() if c.id in searcher.text.ids(vector=True) and where.accepts(c.metadata)]
    q = np.asarray(searcher.store.embed_query(query))
    return {i: round(float(np.asarray(v) @ q), 5) for i, v in searcher.store.vectors(ids).items()}


@pytest.mark.parametrize("path", ["exact", "overfetch", "restricted", "store-filter"])
def test_every_filtered_vector_path_finds_the_exact_neighbours(
    library: Library, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    limits = {"exact": (10_000, 1, 1), "overfetch": (0, 10_000, 0), "restricted": (0, 2, 10_000),
              "store-filter": (0, 2, 0)}[path]
    for name, value in zip(("EXACT_LIMIT", "OVERFETCH", "RESTRICT_LIMIT"), limits, strict=True):
        monkeypatch.setattr(search_module, name, value)
    searcher = library.searcher
    cases = [("政策解读 图解", Where(kind="report")), ("答复文书 规范", Where(kind="report", year=2023)),
             ("政务新媒体", Where(part="5")), ("收到申请", Where(agencies=frozenset(AGENCIES[1:3]), year=2022))]
    for query, where in cases:
        exact = similarities(library, query, where)
        found = searcher.vector(query, where, 4)
        assert all(where.accepts(c.metadata) for c in found)
        # the same similarities in the same order (ids may differ only among equally similar chunks)
        assert [exact[c.id] for c in found] == sorted(exact.values(), reverse=True)[:4], (path, query, where)


def test_table_parts_are_found_by_words_but_get_no_vector(library: Library, tmp_path: Path) -> None:
    status = library.status()
    assert status.chunks == 4 * 4 * 6
    store = library.searcher.store
    assert store.count() == 4 * 4 * 3  # parts 一、五、六 only
    hits = library.search("行政许可 规范性文件", agency=AGENCIES[0], year=2022, top=3)
    assert hits[0].part == "2" and hits[0].agency == AGENCIES[0] and hits[0].year == 2022
    assert all(h.part not in ("2", "3", "4") for h in library.search("行政许可 新收申请", top=10, mode="vector"))

    embedding_all = Library(Settings(data_dir=tmp_path / "lib", embedding="hashing", embed_tables=True))
    assert embedding_all.index != library.index  # another setting, another index


def test_text_index_is_rebuilt_from_the_store_when_missing(library: Library) -> None:
    vectors = library.searcher.store.count()
    text_path = library.searcher.text.path
    settings = library.settings
    for suffix in ("", "-wal", "-shm"):
        Path(f"{text_path}{suffix}").unlink(missing_ok=True)
    reopened = Library(settings)  # like a store written by an older version or another machine
    assert reopened.status().chunks == vectors
    hits = reopened.search("政务新媒体 更新", agency=AGENCIES[2], top=2, mode="bm25")
    assert hits and hits[0].agency == AGENCIES[2] and hits[0].part == "5"


def test_search_filters_by_agency_name_fragment(library: Library) -> None:
    hits = library.search("政策解读", agency="卫生健康", part="5", top=5, mode="hybrid")
    assert hits and {h.agency for h in hits} == {AGENCIES[1]} and {h.part for h in hits} == {"5"}
    assert library.search("政策解读", agency="不存在的机关", top=5) == []
    assert library.search("", top=5, mode="bm25") == []


def test_query_words_in_most_chunks_or_beyond_the_budget_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nianbao.retrieval.textindex as textindex

    index = TextIndex(tmp_path / "t.sqlite3")
    docs = ["公开 申请 复议"] + ["公开 申请"] * 2 + ["公开 诉讼"] * 3 + ["公开"] * 4
    index.upsert([chunk(str(i), d, kind="report") for i, d in enumerate(docs)])
    assert index.informative(["公开", "申请", "诉讼", "复议", "火星"]) == ["复议", "申请", "诉讼"]
    assert index.informative(["公开"]) == ["公开"]  # nothing rarer: the word stays
    monkeypatch.setattr(textindex, "POSTING_BUDGET", 4)
    assert index.informative(["公开", "申请", "诉讼", "复议"]) == ["复议", "申请"]
    assert [c.id for c, *_ in index.search(["复议", "公开"], Where(), 3)] == ["0"]


def test_word_counts_follow_replacements_and_deletions(tmp_path: Path) -> None:
    index = TextIndex(tmp_path / "t.sqlite3")
    index.upsert([chunk("a", "复议 诉讼", kind="report"), chunk("b", "复议", kind="report"),
                  chunk("c", "诉讼", kind="report")])
    index.upsert([chunk("c", "复议", kind="report")])  # replaced: 诉讼 now in 1 of 3, 复议 in 3 of 3
    assert index.informative(["复议", "诉讼"]) == ["诉讼"]
    index.delete_content("h-a")
    assert index.informative(["复议", "诉讼"]) == ["复议"]  # 诉讼 went with a
    reopened = TextIndex(tmp_path / "t.sqlite3")
    assert reopened.informative(["复议", "诉讼"]) == ["复议"]


def test_status_of_a_reopened_library_needs_no_model_or_vector_store(library: Library) -> None:
    reopened = Library(library.settings)
    status = reopened.status()
    assert reopened._searcher is None  # neither the embedder nor chroma was opened
    assert status.chunks == 4 * 4 * 6 and status.documents == 16
    assert status.years_by_agency == {a: [2021, 2022, 2023, 2024] for a in sorted(AGENCIES)}
    assert reopened.index == library.searcher.store.name
