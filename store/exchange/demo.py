"""A believable day at the secretariat, for trying Chief out and for screenshots.

Everything goes through the desk's own commands, exactly as a user's captures
would, so the demo file is a real Chief file.
"""

from __future__ import annotations

from pathlib import Path

from chief.store.datafile import paths
from chief.store.domain import wallclock
from chief.store.desk import Desk
from chief.store.domain.model import DEFAULT_CATEGORIES, ZH_DEFAULT_CATEGORIES

TEAM = (
    ("张伟", 40, "documents", ["documents", "confidential"]),
    ("Li Na", 40, "reception", ["reception"]),
    ("王芳", 30, "logistics", ["logistics"]),
    ("Chen Jie", 40, "daily affairs", ["daily affairs"]),
    ("Liu Yang", 20, "part-time clerk", ["documents"]),
)

ITEMS = (
    ("task", "* ! 起草年度工作总结报告 ^eod @张伟 #documents ~3h from:主任"),
    ("task", "* Prepare briefing notes for the director's visit ^tomorrow 9:00 #reception ~2h"),
    ("task", "* 审核保密文件归档清单 ^fri #confidential ~1h"),
    ("task", "! Book the meeting room for the budget review ^today @王芳 #logistics ~15m"),
    ("task", "! 通知各科室参加周五安全检查 @Chen #daily ~30m"),
    ("task", "* Revise the visitor reception protocol ^next mon #reception ~4h"),
    ("task", "Order printer toner for the 3rd floor #logistics ~10m"),
    ("task", "整理上月会议纪要 #documents ~1h @Liu"),
    ("task", "* Reply to the Finance department on the travel rules ^2d #daily ~45m"),
    ("task", "Call back Mr. Zhou from the district office"),
    ("task", "领导交办：核实明天来访人员名单"),
    ("task", "Draft the holiday duty roster"),
    ("interrupt", "Server room alarm, facilities on the phone from:保卫科"),
    ("interrupt", "副局长要求下午三点前提交情况说明 * from:副局长"),
)


def demo_path() -> Path:
    return paths.demo_file()


# Minutes since each item arrived, so waiting times and ages look like a real morning.
AGES = (95, 240, 1500, 30, 60, 2900, 4400, 130, 3100, 25, 70, 200, 12, 47)


def _category_names(categories: tuple[str, ...]) -> dict[str, str]:
    """The demo's (English default) categories as the config names them: the Chinese defaults, or those it keeps."""
    if categories == ZH_DEFAULT_CATEGORIES:
        return dict(zip(DEFAULT_CATEGORIES, ZH_DEFAULT_CATEGORIES))
    return {c: c for c in DEFAULT_CATEGORIES if c in categories}


def _with_categories(text: str, named: dict[str, str]) -> str:
    """A demo line with its ``#category`` in the config's words, or without it when the config has no such category."""
    words = []
    for word in text.split():
        if word.startswith("#"):
            full = next((c for c in named if c.startswith(word[1:])), None)
            if full is None:
                continue
            if named[full] != full:  # the Chinese default: one word, typed whole
                word = "#" + named[full]
        words.append(word)
    return " ".join(words)


def seed(desk: Desk) -> None:
    """Fill ``desk``'s file with the demo team and items (the file is replaced)."""
    desk.path.unlink(missing_ok=True)
    named = _category_names(desk.settings.categories)
    for name, hours, role, categories in TEAM:
        desk.team_add(name, capacity_hours=hours, role=role, categories=[named[c] for c in categories if c in named])
    now = wallclock.now()
    items = []
    for (kind, text), minutes in zip(ITEMS, AGES):
        item, _ = desk.capture(_with_categories(text, named), kind=kind)
        desk.edit(item.id, {"created": wallclock.utc_stamp(now.subtract(minutes=minutes))})
        items.append(item)
    desk.move(items[6].id, 4)  # the toner can wait
    desk.move(items[11].id, 4)  # so can the duty roster, for now
    for _ in range(3):  # put off again and again: the board says so
        desk.edit(items[11].id, {"deferrals": _ + 1})
    desk.wait(items[8].id, "Finance department", None)
    desk.history = type(desk.history)()
