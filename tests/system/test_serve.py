"""``chief serve``: refused where it would be unsafe, Chief's offline page, and no dashboard left behind.

The browser itself is driven in tests/system/test_browser.py; here the server
is talked to with aiohttp (a dependency of textual-serve), and the dashboard
processes are watched by pid.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="chief serve needs the [web] extra (pip install -e '.[web]')")

import aiohttp  # noqa: E402 - textual-serve brings it
from aiohttp import web  # noqa: E402

from chief.tui import browser  # noqa: E402


# the command line ------------------------------------------------------------


@pytest.mark.parametrize("args, words", [
    (["--host", "0.0.0.0"], "add --allow-remote to mean it"),
    (["--host", "192.0.2.7"], "has no login of its own"),
    (["--port", "0"], "--port must be between 1 and 65535"),
])
def test_unsafe_or_wrong_addresses_are_refused_in_one_line(run_main, data_file, args, words):
    result = run_main("serve", *args)
    assert result.returncode == 2
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert not data_file.exists()


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.8.9.1", True),
    ("0.0.0.0", False), ("::", False), ("10.1.2.3", False), ("no-such-host.invalid", False),
])
def test_only_this_machine_counts_as_loopback(host, loopback):
    from chief.tui.cli.serve import is_loopback

    assert is_loopback(host) is loopback


def test_without_the_web_extra_it_says_what_to_install(run_main, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if not installed
    result = run_main("serve")
    assert result.returncode == 2
    assert "pip install 'chief-triage[web]'" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_data_file_is_said_before_any_tab_opens(run_main, data_file):
    data_file.parent.mkdir(parents=True)
    data_file.write_text("{not json", encoding="utf-8")
    result = run_main("serve", "--port", "1")
    assert result.returncode != 0 and result.stderr.startswith("chief: ") and "Traceback" not in result.stderr


def test_a_remote_address_with_the_flag_warns_that_there_is_no_login(run_main, monkeypatch):
    served = []
    monkeypatch.setattr(browser, "make_server", lambda argv, **options: type("S", (), {"serve": lambda self: served.append(options)})())
    result = run_main("serve", "--host", "0.0.0.0", "--allow-remote", "--port", "8123")
    assert result.returncode == 0, result.stderr
    assert "warning: listening on 0.0.0.0" in result.stderr and "no login" in result.stderr
    assert served == [{"host": "0.0.0.0", "port": 8123, "public_url": None}]


@pytest.mark.slow
def test_a_taken_port_is_one_line(run_chief):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_chief("serve", "--port", str(taken.getsockname()[1]))
    assert result.returncode == 2
    assert "cannot listen on 127.0.0.1 port" in result.stderr and result.stderr.count("\n") == 1


# the server ------------------------------------------------------------------


async def _serving(argv: list[str], public_url: str | None = None):
    server = browser.make_server(argv, host="127.0.0.1", port=0, public_url=public_url)
    runner = web.AppRunner(await server._make_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, port


async def test_the_page_asks_nothing_of_the_internet_and_speaks_chinese(monkeypatch):
    from chief.store import set_language

    set_language("zh")
    runner, port = await _serving(["true"])
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/?fontsize=18") as response:
                page = await response.text()
            addresses = re.findall(r"""(?:src|href)=["']([^"']+)|url\(["']?([^)"']+)""", page)
            for found in [a or b for a, b in addresses]:
                assert found.startswith(f"http://127.0.0.1:{port}/static/"), found
                async with session.get(found) as asset:
                    assert asset.status == 200, found
    finally:
        await runner.cleanup()
        set_language("en")
    assert "googleapis" not in page and "https://" not in page.replace("https://chief.example/", "")
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
    assert "正在启动" in page and "会话已结束" in page and 'lang="zh-CN"' in page
    assert 'local("Noto Sans Mono CJK SC")' in page  # Chinese from a font of the viewer's machine
    assert 'data-font-size="18"' in page


async def test_behind_a_proxy_the_page_points_at_the_public_url():
    runner, port = await _serving(["true"], public_url="https://chief.example/office")
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/") as response:
                page = await response.text()
    finally:
        await runner.cleanup()
    assert 'data-session-websocket-url="wss://chief.example/office/ws"' in page
    assert 'href="https://chief.example/office/static/css/xterm.css"' in page


STUBBORN_APP = textwrap.dedent("""
    # What textual-serve met upstream: a dashboard that neither quits when asked nor ends on SIGTERM.
    import os, signal, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    open(sys.argv[1], "w").write(str(os.getpid()))
    sys.stdout.write("__GANGLION__\\n"); sys.stdout.flush()
    while True:
        sum(range(10000))  # spinning, as reported (40-65% CPU)
""")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split(") ")[1].startswith("Z"))


async def _open_and_close_a_tab(port: int, pidfile: Path) -> int:
    async with aiohttp.ClientSession() as session:
        websocket = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24")
        for _ in range(100):
            if pidfile.exists() and pidfile.read_text():
                break
            await asyncio.sleep(0.05)
        await websocket.close()  # the tab is closed while the dashboard is still starting
    return int(pidfile.read_text())


async def test_a_tab_closed_during_start_up_leaves_no_process(tmp_path, monkeypatch):
    monkeypatch.setattr(browser, "QUIT_WAIT_S", 0.5)
    monkeypatch.setattr(browser, "TERM_WAIT_S", 0.5)
    script, pidfile = tmp_path / "stubborn.py", tmp_path / "pid"
    script.write_text(STUBBORN_APP, encoding="utf-8")
    runner, port = await _serving([sys.executable, str(script), str(pidfile)])
    try:
        pid = await _open_and_close_a_tab(port, pidfile)
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert not _alive(pid), "the dashboard of a closed tab is still running"
    finally:
        await runner.cleanup()
        if pidfile.exists() and _alive(int(pidfile.read_text())):
            os.kill(int(pidfile.read_text()), signal.SIGKILL)


@pytest.mark.slow
def test_a_dashboard_whose_server_has_gone_closes_itself(env, data_file, run_chief):
    """Textual's web driver runs on for ever once its input ends (measured: still there after 8 s, 7% CPU)."""
    run_chief("add", "给张伟打电话", check=True)
    before = data_file.read_bytes()
    web_env = dict(env, TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver", COLUMNS="100", ROWS="30")
    process = subprocess.Popen([sys.executable, "-m", "chief.tui", "dashboard"], env=web_env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert process.stdout.readline() == b"__GANGLION__\n"
        # keep the pipe open and drained, as a live server would: only the input ends
        threading.Thread(target=lambda: [None for _chunk in iter(lambda: process.stdout.read1(65536), b"")], daemon=True).start()
        time.sleep(1.0)  # the board is on its way to the (absent) browser
        process.stdin.close()  # the server is gone
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pytest.fail("the dashboard ran on with nobody to show it to")
        assert process.returncode == 0, process.stderr.read().decode()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    assert data_file.read_bytes() == before


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(word) for word in path.read_text().split()] if path.exists() else []


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the dashboard's process")
def test_ctrl_c_ends_the_server_and_every_open_tab(env, run_chief):
    import base64
    import socket

    run_chief("add", "给张伟打电话", check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "chief.tui", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert f"127.0.0.1:{port}" in server.stdout.readline()
        tab = socket.create_connection(("127.0.0.1", port))  # a tab that stays open
        key = base64.b64encode(os.urandom(16)).decode()
        tab.sendall(f"GET /ws?width=100&height=30 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        deadline = time.monotonic() + 20
        while not _children(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        [dashboard] = _children(server.pid)
        time.sleep(1.0)
        server.send_signal(signal.SIGINT)  # Ctrl+C, sent to the server alone
        server.wait(timeout=20)
        deadline = time.monotonic() + 5
        while _alive(dashboard) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(dashboard), "the open tab's dashboard outlived the server"
        tab.close()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
