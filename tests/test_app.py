"""The Streamlit page, headless through AppTest."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SEED, shared_file


def _app() -> AppTest:
    """A fresh app run."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at.run()


def test_app_starts_without_exception() -> None:
    at = _app()
    assert not at.exception
    assert "年报助手" in at.title[0].value


def test_pasted_seed_shows_findings_and_tables() -> None:
    at = _app()
    at.text_area[0].input(shared_file(SEED).read_text(encoding="utf-8"))
    at.button[0].click().run()
    assert not at.exception
    assert [m.value for m in at.metric][:1] == ["3"]
    assert "友好区人社局" in at.subheader[0].value
    frames = [df.value for df in at.dataframe]
    findings = frames[0]
    assert sorted(findings["规则"]) == ["applications.results_total", "applications.results_total", "narrative.table_mismatch"]


def test_pasted_garbage_shows_chinese_error() -> None:
    at = _app()
    at.text_area[0].input("今天天气很好。")
    at.button[0].click().run()
    assert not at.exception
    assert "无法读取" in at.error[0].value
