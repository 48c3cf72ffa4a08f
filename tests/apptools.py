"""Building the real dashboard for Pilot and snapshot tests.

One factory for every UI test: a data file made through the desk's own
commands, frozen time, a private state dir, no blinking cursor.
"""

from __future__ import annotations

from pathlib import Path

from chief.store.domain.config import Settings
from chief.store.desk import Desk
from chief.tui.app import ChiefApp

TEAM = (("张伟", 30, ["documents", "confidential"]), ("Li Na", 40, ["reception"]), ("王芳", 20, ["logistics"]))

ITEMS = (
    ("task", "* ! 起草年度工作总结报告 ^today 18:00 @张伟 #documents ~3h from:主任"),
    ("task", "* Prepare briefing notes for the director ^tomorrow 9:00 #reception ~2h"),
    ("task", "* 审核保密文件归档清单 ^fri #confidential ~1h"),
    ("task", "! Book the meeting room ^today @王芳 #logistics ~15m"),
    ("task", "* Reply to Finance on travel rules ^2026-11-24 #daily ~45m"),
    ("task", "Order printer toner #logistics"),
    ("task", "整理上月会议纪要 [b]x[/b] [@click=app.quit]y[/]"),
    ("interrupt", "Server room alarm from:保卫科"),
    ("interrupt", "副局长要求下午三点前提交情况说明 * from:副局长"),
)


def seed(path: Path, items=ITEMS, team=TEAM) -> Desk:
    desk = Desk(path)
    for name, hours, categories in team:
        desk.team_add(name, capacity_hours=hours, categories=categories)
    for kind, text in items:
        desk.capture(text, kind=kind)
    return desk


def make_app(path: Path, settings: Settings | None = None) -> ChiefApp:
    app = ChiefApp(Desk(path, settings), remember_theme=False)
    return app


def titles(path: Path) -> dict[str, object]:
    """The items in the file by title (a fresh read, as another process would see it)."""
    return {item.title: item for item in Desk(path).board().items.values()}


def screen_text(app: ChiefApp) -> str:
    """What the terminal shows, as plain text lines (wide characters once each)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def pause_typing(app: ChiefApp) -> None:
    """A person's pause after typing: the next key is a deliberate one, not typed ahead (tui/typeahead.py)."""
    app.typeahead.typed_in_field(None, float("-inf"))
