"""Make the README's screenshots again: the demo data on the dashboard at 120x40, frozen at a
Wednesday morning, in English (docs/screenshot.svg) and in Chinese (docs/screenshot-zh.svg).

    .venv/bin/python scripts/readme-screenshots.py
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTS = {"en": ROOT / "docs" / "screenshot.svg", "zh": ROOT / "docs" / "screenshot-zh.svg"}


def shoot(language: str, out: Path) -> None:
    """In this process: the environment is read once, at import, so each language gets its own run."""
    from chief.store import choose
    from chief.store.desk import Desk
    from chief.store.exchange.demo import seed
    from chief.tui.app import ChiefApp

    choose(None)  # CHIEF_LANG
    path = Path(os.environ["CHIEF_STATE_DIR"]).parent / "chief.json"
    seed(Desk(path))

    async def run() -> None:
        app = ChiefApp(Desk(path), remember_theme=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(1.0)
            out.write_text(app.export_screenshot(title="Chief"), encoding="utf-8")

    asyncio.run(run())


def main() -> None:
    if len(sys.argv) == 3:
        shoot(sys.argv[1], Path(sys.argv[2]))
        return
    for language, out in SHOTS.items():
        with tempfile.TemporaryDirectory() as folder:
            env = {k: v for k, v in os.environ.items() if not k.startswith("CHIEF_")}
            env.update(CHIEF_LANG=language, CHIEF_NOW="2026-12-02T10:30:00", CHIEF_TZ="Asia/Shanghai",
                       CHIEF_STATE_DIR=str(Path(folder) / "state"), CHIEF_CONFIG=str(Path(folder) / "none.toml"))
            subprocess.run([sys.executable, __file__, language, str(out)], env=env, check=True)
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
