"""End to end in a real browser: the app served by `streamlit run`, driven in Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.data import DEMO_REPORTS
from nianbao.model import PART_TITLES
from tests.helpers import ROOT, SEED, WEB, shared_file

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = ROOT / "test-output" / "e2e"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
]


def _free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run app.py` on loopback with a fresh data directory; its URL."""
    if not Path(CHROMIUM).exists():
        pytest.skip("没有找到 Debian 的 chromium（/usr/bin/chromium）；scripts/test.sh 会用 apt 安装它")
    port = _free_port()
    data = tmp_path_factory.mktemp("e2e-data")
    env = {**os.environ, "NIANBAO_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    log = (tmp_path_factory.mktemp("e2e-log") / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("streamlit 服务在 120 秒内没有启动")
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


def _no_exception(page, step: str) -> None:  # type: ignore[no-untyped-def]
    """Fail when the page shows a Streamlit exception box."""
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, f"{step}: 页面出现异常：{boxes.first.inner_text()[:500]}"


def _uploaders_speak_chinese(page) -> None:  # type: ignore[no-untyped-def]
    """Once the sidebar's uploader is drawn, its English button text is hidden and 上传 is shown instead."""
    dropzone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    dropzone.wait_for(timeout=60_000)
    english = page.get_by_text("Upload", exact=True)
    assert not any(english.nth(i).is_visible() for i in range(english.count()))
    label = dropzone.locator('button [data-testid="stMarkdownContainer"]').first
    assert label.evaluate("e => getComputedStyle(e, '::after').content") == '"上传"'


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app's script run has finished (no running indicator, no stale elements)."""
    page.wait_for_timeout(500)
    page.locator('[data-testid="stStatusWidgetRunningIcon"]').wait_for(state="detached", timeout=240_000)
    page.locator('[data-stale="true"]').first.wait_for(state="detached", timeout=60_000)


def _chat(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type a message into the chat input and send it."""
    _idle(page)
    box = page.get_by_test_id("stChatInputTextArea").last
    box.wait_for(timeout=60_000)
    box.fill(text)
    box.press("Enter")


def _shot(page, name: str, scroll_to: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """A screenshot of the page as it is now (scrolled to a text), in test-output/e2e."""
    if scroll_to:
        page.get_by_text(scroll_to).last.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUTPUT / name), full_page=True)


def _replied(page, text: str, step: str, timeout: int = 120_000) -> None:  # type: ignore[no-untyped-def]
    """Wait for a text in the chat, then fail on any exception box."""
    page.get_by_text(text).first.wait_for(timeout=timeout)
    _idle(page)
    _no_exception(page, step)


def _import_in_sidebar(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Choose a file in the sidebar's import uploader and press 导入资料库."""
    uploader = page.get_by_test_id("stSidebar").locator('[data-testid="stFileUploader"]').first
    uploader.locator('input[type="file"]').set_input_files(str(path))
    _idle(page)
    page.get_by_role("button", name="导入资料库").click()
    page.get_by_text("导入完成").first.wait_for(timeout=240_000)
    _idle(page)
    _no_exception(page, "导入")


def _part_draft_docx(page) -> None:  # type: ignore[no-untyped-def]
    """The drafted part downloaded as .docx: A4, the report title, the part as a Word heading."""
    import docx

    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="下载草稿（.docx）").last.click()
    target = OUTPUT / "docx" / "part.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    info.value.save_as(str(target))
    document = docx.Document(str(target))
    assert round(document.sections[0].page_width.mm) == 210 and round(document.sections[0].page_height.mm) == 297
    styles = [p.style.name for p in document.paragraphs]
    assert styles[:2] == ["Title", "Heading 1"] and document.paragraphs[1].text == PART_TITLES["5"]
    _idle(page)


def _upload_to_check(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Put a report into the sidebar's 待检查的报告 uploader."""
    uploader = page.get_by_test_id("stSidebar").locator('[data-testid="stFileUploader"]').nth(1)
    uploader.locator('input[type="file"]').set_input_files(str(path))
    uploader.get_by_text(path.name[-10:]).wait_for(timeout=60_000)  # the uploader shortens long names
    _idle(page)


def _docx_pages(page) -> None:  # type: ignore[no-untyped-def]
    """Download the whole report from the 统计表 tab, render it with LibreOffice, save a PNG of every page."""
    from tests.docx_render import docx_to_pdf, pdf_pages, save_page_pngs

    page.get_by_role("tab", name="统计表").click()
    _idle(page)
    page.set_viewport_size({"width": 1280, "height": 1000})
    _shot(page, "05-counts-1280.png")
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="下载全文（.docx，公文格式）").click()
    folder = OUTPUT / "docx"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "report.docx"
    info.value.save_as(str(target))
    pdf = docx_to_pdf(target, folder)
    pages = pdf_pages(pdf)
    assert pages and all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h, _ in pages)  # A4
    saved = save_page_pngs(pdf, OUTPUT, "06-docx-page")
    assert len(saved) == len(pages)


def test_clerk_journeys_in_chromium(server: str) -> None:
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(server, wait_until="domcontentloaded")
        # first start indexes the demo corpus, then greets
        page.get_by_text("我可以做四件事").wait_for(timeout=240_000)
        _no_exception(page, "启动")
        _uploaders_speak_chinese(page)
        _shot(page, "01-start.png")

        _chat(page, "起草存在的主要问题")
        _replied(page, "数字核验", "起草")
        assert page.get_by_text(PART_TITLES["5"]).count() > 0 and page.get_by_text("已按『起草』处理").count() > 0
        _shot(page, "02-draft.png", scroll_to="已按『起草』处理")
        page.get_by_test_id("stChatMessage").last.screenshot(path=str(OUTPUT / "readme-draft.png"))
        _part_draft_docx(page)

        # our own demo report with its deliberate prose/table mismatch (before anything else is imported)
        _upload_to_check(page, DEMO_REPORTS / "2022_yunxi_rsj.txt")
        _chat(page, "检查上传的报告")
        _replied(page, "已检查", "检查演示报告")
        assert page.get_by_text("正文数字与表格不一致").count() > 0
        _shot(page, "03-check-demo.png", scroll_to="已按『检查』处理")
        page.get_by_test_id("stChatMessage").last.screenshot(path=str(OUTPUT / "readme-check.png"))

        _import_in_sidebar(page, shared_file(WEB / "2023_hangzhou_rsj.txt"))
        assert page.get_by_text("新增 1 份").count() > 0

        _chat(page, "检查这段：本年度共收到政府信息公开申请50件，均在规定期限内答复。")
        _replied(page, "粘贴的一段文字", "检查一段文字")
        assert page.get_by_text("正文数字与表格不一致").count() > 0

        _chat(page, "明天天气怎么样？")
        _replied(page, "未找到相关依据", "无关问题")

        _chat(page, "申请公开信息要交钱吗")
        _replied(page, "根据《条例》第四十二条", "问答")

        _upload_to_check(page, shared_file(SEED))
        _chat(page, "检查上传的报告")
        _replied(page, "错误 3 项", "检查报告")
        assert page.get_by_text("表三办理结果总计不符").count() > 0
        assert page.get_by_text("applications.results_total").count() == 0
        _shot(page, "04-check.png", scroll_to="错误 3 项")

        _docx_pages(page)
        _no_exception(page, "下载")
        browser.close()
