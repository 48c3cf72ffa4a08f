"""Regenerate docs/screenshot.svg and docs/screenshot-zh.svg: the dashboard at 120x40 on the demo data.

Run: .venv/bin/python docs/make_screenshot.py          (English)
     .venv/bin/python docs/make_screenshot.py zh       (Chinese: the demo's Chinese morning)
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("CHIEF_NOW", "2026-11-25T10:40:00")
os.environ.setdefault("CHIEF_TZ", "Asia/Shanghai")

from chief.store.exchange.demo import seed  # noqa: E402
from chief.store.desk import Desk  # noqa: E402
from chief.store.i18n import set_language  # noqa: E402
from chief.tui.app import ChiefApp  # noqa: E402

LANGUAGE = sys.argv[1] if len(sys.argv) > 1 else "en"


async def main() -> None:
    set_language(LANGUAGE)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CHIEF_STATE_DIR"] = folder
        path = Path(folder) / "demo.json"
        seed(Desk(path))
        app = ChiefApp(Desk(path), remember_theme=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            target = Path(__file__).with_name("screenshot.svg" if LANGUAGE == "en" else f"screenshot-{LANGUAGE}.svg")
            target.write_text(app.export_screenshot(title="Chief"), encoding="utf-8")
            print(f"wrote {target}")


if __name__ == "__main__":
    asyncio.run(main())
