"""``chief serve`` in a real headless browser: Chinese board, a key that changes the file, the brief downloaded.

Needs Chromium from the distribution (``apt-get install chromium fonts-noto-cjk``;
.ci/run installs them where apt can) and Playwright from PyPI, which drives the
browser given (it never downloads one of its own). Skipped, with the reason
printed, where either is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.external, pytest.mark.slow]

pytest.importorskip("textual_serve", reason="chief serve needs the [web] extra (pip install -e '.[web]')")
playwright = pytest.importorskip("playwright.sync_api", reason="no Playwright (pip install playwright; it drives Debian's chromium)")

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)
if CHROMIUM is None:
    pytest.skip("no Chromium on this machine (apt-get install chromium fonts-noto-cjk)", allow_module_level=True)

# as the machine's doc says: Chromium's own calls home are refused here, many at a time, without these
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
TITLES = ("起草年度工作总结报告", "给张伟打电话确认会议室")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(env, data_file, run_chief, tmp_path):
    """``chief serve`` on a free port, in Chinese, with two Chinese items in the inbox."""
    for title in TITLES:
        run_chief("add", title, check=True)
    port = _free_port()
    zh = dict(env, CHIEF_LANG="zh")
    zh.pop("CHIEF_NOW", None)  # the dashboard runs on the real clock here (its brief is today's)
    server = subprocess.Popen([sys.executable, "-m", "chief.tui", "serve", "--port", str(port)], env=zh,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    line = server.stdout.readline()
    assert f"http://127.0.0.1:{port}" in line, line
    yield f"http://127.0.0.1:{port}"
    os.killpg(server.pid, 15)
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, 9)
        server.wait()


def _wait(page, condition, seconds: float, what: str) -> None:
    """Wait for ``condition``, letting Playwright deliver its events meanwhile (time.sleep would hold them)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        page.wait_for_timeout(100)
    pytest.fail(f"waited {seconds:.0f} s for {what}")


def test_the_board_in_chromium(served, data_file, tmp_path):
    from chief.store.desk import Desk

    asked: list[str] = []
    received = bytearray()
    downloads: list = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        context.on("request", lambda request: asked.append(request.url))

        def downloaded(download) -> None:
            downloads.append(download)

        context.on("page", lambda page: page.on("download", downloaded))  # the download opens in a new tab
        page = context.new_page()
        page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.extend(
            frame if isinstance(frame, bytes) else frame.encode())))
        page.goto(served + "/")

        # the board arrives, Chinese titles and all, and is drawn
        _wait(page, lambda: all(title.encode() in received for title in TITLES) and b"\xe5\xbe\x85\xe5\x88\x86\xe6\x8b\xa3" in received,
              60, "the board with its Chinese titles")  # 待分拣: the inbox panel's title
        page.wait_for_selector("body.-first-byte", timeout=30_000)
        # Chinese is drawn with a font of this machine, found through Chief's page, not fetched
        faces = page.evaluate("""async () => (await document.fonts.load("16px 'Roboto Mono'", "起草年度工作总结"))
                                 .map(face => [face.unicodeRange, face.status])""")
        assert any("U+4E00-9FFF" in (unicode_range or "").upper() and status == "loaded" for unicode_range, status in faces), faces
        page.wait_for_timeout(1000)
        page.screenshot(path=str(tmp_path / "board.png"))

        # a key press changes the file: d marks the item under the cursor done
        before = Desk(data_file).board()
        open_before = {item.title for item in before.items.values() if item.status != "done"}
        assert set(TITLES) <= open_before
        page.locator(".xterm-helper-textarea").focus()  # keys to the terminal, no click on a panel
        page.keyboard.press("d")
        _wait(page, lambda: len([i for i in Desk(data_file).board().items.values() if i.status == "done"]) == 1, 20,
              "the key d to mark an item done in the data file")
        done = [i.title for i in Desk(data_file).board().items.values() if i.status == "done"]
        assert done[0] in TITLES

        # the brief comes down as a download (and is written beside the data file on the server too)
        page.keyboard.press("Shift+B")
        _wait(page, lambda: downloads, 30, "the brief's download")
        download = downloads[0]
        assert download.suggested_filename.startswith("brief-") and download.suggested_filename.endswith(".md")
        text = Path(download.path()).read_text(encoding="utf-8")
        assert "每日工作简报" in text and done[0] in text  # today's brief lists what was done today
        assert list((data_file.parent / "briefs").glob("brief-*.md"))
        browser.close()

    outside = [url for url in asked if not url.startswith(served)]
    assert outside == [], outside
