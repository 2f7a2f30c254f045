"""Item 1 of issue 14 through the sidebar uploader: an import ends in a message (added, updated, unchanged) and
every warning and error, never in an exception; after the official text is imported each article is answered once."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import REGULATION, ROOT, WEB, shared_file

APP = str(ROOT / "app.py")
# our own synthetic texts: one with the six parts but no agency or year, one that is no report at all
NAMELESS = "\n".join(["一、总体情况", "本机关依法做好公开工作。", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "公开质量仍需提高。",
                      "六、其他需要报告的事项", "无。"]).encode()
NOT_A_REPORT = "这是一张购物清单：苹果、香蕉、牛奶。".encode()


@pytest.fixture
def app(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """A first start on a fresh data folder (hashing embeddings, so the demo indexes in seconds)."""
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path_factory.mktemp("import-data")))
    monkeypatch.setenv("NIANBAO_EMBEDDING", "hashing")
    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, at.exception
    return at


def _messages(at: AppTest) -> tuple[str, str, str]:
    """Success, warning and error texts of the sidebar."""
    side = at.sidebar
    return (" ".join(s.value for s in side.success), " ".join(w.value for w in side.warning),
            " ".join(e.value for e in side.error))


def _import(at: AppTest, files: list[tuple[str, bytes, str]]) -> None:
    """Choose files in the sidebar's import uploader and press 导入资料库."""
    at.sidebar.file_uploader(key="import_files").set_value(files).run()
    assert not at.exception, at.exception
    next(b for b in at.sidebar.button if b.label == "导入资料库").click().run()
    assert not at.exception, at.exception


def test_import_reports_added_warnings_errors_then_unchanged(app: AppTest) -> None:
    web = shared_file(WEB / "2023_hangzhou_rsj.txt")
    files = [(web.name, web.read_bytes(), "text/plain"), ("无名报告.txt", NAMELESS, "text/plain"),
             ("清单.txt", NOT_A_REPORT, "text/plain")]
    _import(app, files)
    success, warning, error = _messages(app)
    assert "导入完成：新增 2 份，更新 0 份，未变 0 份" in warning + success
    assert "无名报告.txt" in warning and "未识别出机关名称或年度" in warning
    assert "清单.txt" in error
    assert "文档 11 份" in " ".join(c.value for c in app.sidebar.caption)  # the status counts the new ones
    _import(app, files[:1])
    success, _, error = _messages(app)
    assert "导入完成：新增 0 份，更新 0 份，未变 1 份" in success and not error


def test_official_text_imported_each_article_answered_once(app: AppTest) -> None:
    regulation = shared_file(REGULATION)
    _import(app, [(regulation.name, regulation.read_bytes(), "text/markdown")])
    assert "新增 1 份" in _messages(app)[0]
    app.chat_input[0].set_value("申请公开信息要交钱吗").run()
    assert not app.exception
    reply = "\n".join(m.value for m in app.chat_message[-1].markdown)
    assert "第四十二条" in reply.splitlines()[0] and "本项目摘要" not in reply.splitlines()[0]
    sources = [line for line in reply.splitlines() if line[:2].rstrip(".").isdigit()]
    assert sum("第四十二条**" in line for line in sources) == 1 and "关键词" not in reply
