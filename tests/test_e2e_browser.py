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

from nianbao.model import PART_TITLES
from tests.helpers import ROOT, SEED, shared_file

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


def test_draft_and_check_in_chromium(server: str) -> None:
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(server, wait_until="domcontentloaded")
        # first start indexes the demo corpus, then greets
        page.get_by_text("我可以做四件事").wait_for(timeout=240_000)
        _no_exception(page, "启动")
        page.screenshot(path=str(OUTPUT / "01-start.png"), full_page=True)

        _chat(page, "起草存在的主要问题")
        page.get_by_text("数字核验").first.wait_for(timeout=120_000)
        _no_exception(page, "起草")
        assert page.get_by_text(PART_TITLES["5"]).count() > 0
        page.screenshot(path=str(OUTPUT / "02-draft.png"), full_page=True)

        uploader = page.get_by_test_id("stSidebar").locator('[data-testid="stFileUploader"]').nth(1)
        uploader.wait_for(timeout=60_000)
        uploader.locator('input[type="file"]').set_input_files(str(shared_file(SEED)))
        uploader.get_by_text(SEED.name[-10:]).wait_for(timeout=60_000)  # the uploader shortens long names
        _chat(page, "检查上传的报告")
        page.get_by_text("错误 3 项").first.wait_for(timeout=120_000)
        _no_exception(page, "检查")
        assert page.get_by_text("applications.results_total").count() > 0
        page.screenshot(path=str(OUTPUT / "03-check.png"), full_page=True)
        browser.close()
