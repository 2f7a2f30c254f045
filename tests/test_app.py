"""The Streamlit app, headless through AppTest: chat actions, counts editor, downloads, checking."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from nianbao.model import PART_TITLES
from tests.helpers import ROOT, SEED, shared_file


@pytest.fixture(scope="module")
def warm_library(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One data directory indexed with the demo corpus, shared by this module's app runs."""
    data = tmp_path_factory.mktemp("app-data")
    mp = pytest.MonkeyPatch()
    mp.setenv("NIANBAO_DATA_DIR", str(data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    assert not at.exception, at.exception
    mp.undo()
    return str(data)


@pytest.fixture
def app(warm_library: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """A fresh session on the indexed demo library."""
    monkeypatch.setenv("NIANBAO_DATA_DIR", warm_library)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    return at.run()


def _last_reply(at: AppTest) -> str:
    """Markdown of the last assistant message."""
    return "\n".join(m.value for m in at.chat_message[-1].markdown)


def test_first_start_indexes_demo_and_greets(app: AppTest) -> None:
    assert not app.exception
    assert "年报助手" in app.title[0].value
    assert "起草" in _last_reply(app)
    sidebar = " ".join(c.value for c in app.sidebar.caption)
    assert "文档 8 份" in sidebar or "文档 9 份" in sidebar
    assert "云汐区人力资源和社会保障局：2020、2021、2022、2023、2024" in sidebar


def test_draft_part_five_through_chat(app: AppTest) -> None:
    app.chat_input[0].set_value("帮我起草存在的主要问题").run()
    assert not app.exception
    reply = _last_reply(app)
    assert PART_TITLES["5"] in reply
    assert "数字核验" in reply and "未能核实" not in reply
    assert "与 2024 年同一部分的重复率" in reply
    labels = [b.label for b in app.get("download_button")]
    assert "下载草稿（.docx）" in labels and "下载草稿（.md）" in labels


def test_draft_supervision_by_slash_command(app: AppTest) -> None:
    app.chat_input[0].set_value("/draft 监督保障").run()
    assert "总体情况·监督保障" in _last_reply(app)


def test_compare_through_chat(app: AppTest) -> None:
    app.chat_input[0].set_value("对比一下往年的报告").run()
    assert not app.exception
    reply = _last_reply(app)
    assert "2020–2024" in reply and "2021→2022" in reply
    assert app.get("vega_lite_chart") or app.get("arrow_vega_lite_chart")


def test_check_pasted_report_through_chat(app: AppTest) -> None:
    app.chat_input[0].set_value("/check " + shared_file(SEED).read_text(encoding="utf-8")).run()
    assert not app.exception
    reply = _last_reply(app)
    assert "错误 3 项" in reply and "applications.results_total" in reply and "第五十条" in reply
    assert "下载检查结果（CSV）" in [b.label for b in app.get("download_button")]


def test_ask_answers_with_citations(app: AppTest) -> None:
    app.chat_input[0].set_value("不能当场答复的，答复期限是多少个工作日？").run()
    assert not app.exception
    reply = _last_reply(app)
    assert "《条例》第三十三条" in reply


def test_counts_editor_shows_balance_error_live(app: AppTest) -> None:
    assert "统计表勾稽关系、合计均正确" in " ".join(s.value for s in app.success)
    apps_key = next(d.key for d in app.dataframe if d.key and d.key.startswith("apps-"))
    # edit 本年新收/自然人 to 41 (the demo counts say 44): the balance rule and the row total now fail
    app.session_state[apps_key] = {"edited_rows": {0: {"自然人": 41}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert not app.exception
    errors = " ".join(e.value for e in app.error)
    assert "统计表有" in errors
    shown = " ".join(str(df.value.to_dict()) for df in app.dataframe if not df.key)
    assert "applications.balance" in shown and "applications.row_total" in shown


def test_report_downloads_when_counts_are_clean(app: AppTest) -> None:
    labels = [b.label for b in app.get("download_button")]
    assert "下载全文（.docx，统一格式）" in labels and "下载全文（.md）" in labels


def test_sessions_are_independent(app: AppTest, warm_library: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DATA_DIR", warm_library)
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    app.chat_input[0].set_value("/draft 监督保障").run()
    assert len(app.chat_message) == 3
    other.run()
    assert len(other.chat_message) == 1  # only the greeting: chat history is per session


def test_compare_tab_years_side_by_side(app: AppTest) -> None:
    picker = app.multiselect(key="compare_years")
    assert picker.value == [2023, 2024]
    picker.set_value([2021, 2022]).run()
    assert not app.exception
    # the comparison view renders the pair's parts side by side
    assert any("2021" in t.label and "2022" in t.label for t in app.tabs)
