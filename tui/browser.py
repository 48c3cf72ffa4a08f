"""``chief serve``: the dashboard in a browser tab, through textual-serve (the ``[web]`` extra).

Each tab that opens the page gets its own dashboard process, run with
Textual's web driver and talking to the page over a websocket. Three things
differ from upstream's server:

- the page is Chief's own (tui/web/app_index.html): no font or script from
  the internet, so that it works on an intranet, and its few words in the
  user's language;
- the dashboard is started without a shell (a data file's path needs no
  quoting), and a tab that goes away always takes its process with it: the
  process is asked to quit, then terminated, then killed (:class:`ChiefAppService`);
- a dashboard whose server went away (its standard input ends) closes itself
  (:func:`watch_client`), rather than running on with nobody to show it to.

Nothing here has a login: the server listens on 127.0.0.1 unless told
otherwise (see tui/cli/serve.py and docs/browser.md).
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from chief.store import _, language

PAGE_FOLDER = Path(__file__).parent / "web"
QUIT_WAIT_S = 10.0  # a dashboard asked to quit has this long to close (a slow machine starts one in seconds)
TERM_WAIT_S = 3.0  # ... and this long after SIGTERM before it is killed
WATCH_EVERY_S = 0.5  # how often a dashboard in a browser looks whether its server is still there
EXIT_GRACE_S = 5.0  # a dashboard that could not close itself in this long after its server left ends at once

log = logging.getLogger("chief-serve")


def dashboard_argv(data_file: Path, config: str | None) -> list[str]:
    """The command that runs one dashboard for one browser tab: this Python, this data file."""
    argv = [sys.executable, "-m", "chief.tui", "--file", str(data_file)]
    if config:
        argv += ["--config", str(Path(config).expanduser().absolute())]
    return [*argv, "dashboard"]


def watch_client(input_thread: threading.Thread, close: Callable[[], None], *,
                 parent: int | None = None, every: float = WATCH_EVERY_S, grace: float = EXIT_GRACE_S) -> threading.Thread:
    """Close the dashboard once nobody can see it; end the process if closing does not work.

    In a browser the dashboard reads its keys from the server's pipe. When the
    server goes (killed, crashed, its machine's session ended) that pipe ends,
    Textual's input thread returns, and the dashboard would otherwise run on
    for ever with nobody to show it to. ``close`` asks the app to exit; if the
    process is still there ``grace`` seconds later, it ends at once (every
    change is already saved: a command saves before it returns).
    """
    parent = os.getppid() if parent is None else parent

    def watch() -> None:
        while input_thread.is_alive() and os.getppid() == parent:
            time.sleep(every)
        try:
            close()
        except Exception:  # noqa: BLE001 - the app may be closing already: the deadline below still holds
            pass
        time.sleep(grace)
        os._exit(0)

    watcher = threading.Thread(target=watch, name="chief-client-watch", daemon=True)
    watcher.start()
    return watcher


def make_server(argv: Sequence[str], *, host: str, port: int, public_url: str | None = None) -> Any:
    """A textual-serve server for the dashboard command ``argv``; textual_serve is imported only here."""
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    class ChiefAppService(AppService):
        """One dashboard process for one tab: started without a shell, always gone when the tab is."""

        async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
            self._process = process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._build_environment(width=width, height=height),
            )
            assert process.stdin is not None
            self._stdin = process.stdin
            return process

        async def stop(self) -> None:
            """Ask the dashboard to quit; terminate it, then kill it, if it does not."""
            process = self._process
            try:
                await asyncio.wait_for(asyncio.shield(super().stop()), QUIT_WAIT_S)
            except (asyncio.TimeoutError, OSError):
                pass
            if process is None or process.returncode is not None:
                return
            for signal_it, wait in ((process.terminate, TERM_WAIT_S), (process.kill, None)):
                try:
                    signal_it()
                except ProcessLookupError:
                    return
                try:
                    await asyncio.wait_for(process.wait(), wait)
                    log.warning("a dashboard that did not quit was stopped (pid %s)", process.pid)
                    return
                except asyncio.TimeoutError:
                    continue

    class ChiefServer(Server):
        """textual-serve's server with Chief's page and Chief's process handling."""

        def __init__(self) -> None:
            shown = public_url or (f"http://[{host}]:{port}" if ":" in host else None)  # an IPv6 address needs brackets
            super().__init__(" ".join(argv), host=host, port=port, title="Chief", public_url=shown,
                             templates_path=PAGE_FOLDER)
            self.sessions: dict[ChiefAppService, web.WebSocketResponse] = {}  # the open tabs

        async def on_shutdown(self, app: web.Application) -> None:
            """Ctrl+C or SIGTERM: every tab's dashboard ends and its page says so, before the server stops."""
            await asyncio.gather(*(service.stop() for service in list(self.sessions)), return_exceptions=True)
            await asyncio.gather(*(websocket.close() for websocket in list(self.sessions.values())), return_exceptions=True)

        def initialize_logging(self) -> None:
            logging.basicConfig(level="DEBUG" if self.debug else "WARNING", format="chief serve: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            """Upstream prints its banner here, before the port is open; Chief says its line once it is (serve)."""

        def serve(self, debug: bool = False) -> None:
            """Upstream's serve, its one line said once the port is really open (a test or a script may connect then)."""
            import signal

            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            for stop in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(stop, self.request_exit)
                except (NotImplementedError, RuntimeError, ValueError):  # Windows; not the main thread
                    pass
            said = _("Chief is in the browser at {url} (Ctrl+C stops it)").format(url=self.public_url)
            web.run_app(self._make_app(), host=self.host, port=self.port, handle_signals=False, loop=loop,
                        print=lambda *_args: print(said, flush=True))

        async def handle_index(self, request: web.Request) -> web.Response:
            """Chief's page; its links point where the browser came from (a tunnel's port too) unless --public-url says."""
            from textual_serve.server import to_int

            base = (public_url or f"{request.scheme}://{request.host}").rstrip("/")
            context = {
                "font_size": to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1] + "/ws",
                "config": {"static": {"url": base + "/static/"}},
                "application": {"name": "Chief"},
                "words": {
                    "lang": "zh-CN" if language() == "zh" else "en",
                    "starting": _("Starting…"),
                    "start": _("Start"),
                    "ended": _("Session ended."),
                    "restart": _("Restart"),
                },
            }
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            response.headers["Cache-Control"] = "no-store"
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """Upstream's handler, with :class:`ChiefAppService` (``stop`` always ends the process)."""
            from textual_serve.server import to_int

            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            service: ChiefAppService | None = None
            try:
                await websocket.prepare(request)
                service = ChiefAppService(
                    self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                    close=websocket.close, download_manager=self.download_manager, debug=self.debug,
                )
                self.sessions[service] = websocket
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
                raise
            except Exception as error:  # noqa: BLE001 - one tab's trouble must not stop the server
                log.warning("a browser session ended: %s", error)
            finally:
                if service is not None:
                    self.sessions.pop(service, None)
                    await asyncio.shield(service.stop())
            return websocket

    return ChiefServer()
