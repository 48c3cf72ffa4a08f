"""The dashboard in Chinese: every word Chief itself shows is Chinese, and it fits.

A checker reads what the terminal shows and lists the English words in it
(runs of three or more ASCII letters) that are none of: a binding id or key
name, user data (titles, names, sources, categories), a word every language
writes the same (Chief, CSV, PgUp...), or a fragment made by
``store/reports/in_words.py`` (due words, marks, where an item lands: that
module's own tests check its language). Snapshots of the Chinese screens are
in ``__snapshots__/test_chinese``.
"""

from __future__ import annotations

import re

import pytest
from textual.binding import Binding

from apptools import ITEMS, TEAM, make_app, screen_text
from apptools import seed as seed_english

# A Chinese office's data: the same morning as the English tests, with the categories a
# Chinese interface offers by default (日常事务, 接待, 文稿, 机要保密, 后勤).
IN_CHINESE = {"#documents": "#文稿", "#reception": "#接待", "#confidential": "#机要保密", "#logistics": "#后勤",
              "#daily": "#日常事务", "documents": "文稿", "reception": "接待", "confidential": "机要保密",
              "logistics": "后勤"}


def _chinese(text: str) -> str:
    for english, chinese in IN_CHINESE.items():
        text = text.replace(english, chinese)
    return text


def seed(path):
    """The shared test morning; in a Chinese interface its categories are the Chinese defaults."""
    from chief.store import language

    if language() != "zh":
        return seed_english(path)
    items = tuple((kind, " ".join(_chinese(w) if w.startswith("#") else w for w in text.split())) for kind, text in ITEMS)
    team = tuple((name, hours, [_chinese(c) for c in categories]) for name, hours, categories in TEAM)
    return seed_english(path, items=items, team=team)
from chief.store import (
    QUADRANTS, _, due_words, follow_up_words, landing, local_time, marks, set_language, understood,
)
from chief.tui.bindings import APP_BINDINGS
from chief.tui.keymap import _all_binding_ids

pytestmark = pytest.mark.usefixtures("frozen_time")

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Written the same in a Chinese office: the product, file formats, tools, key caps, command words.
SAME_IN_EVERY_LANGUAGE = {
    "Chief", "chief", "doctor", "team", "add", "CSV", "JSON", "Markdown", "iCalendar", "Taskwarrior", "Thunderbird",
    "todoman", "task", "export", "keymap", "PgUp", "PgDn", "Esc", "Ctrl", "Tab", "exports", "from", "every",
    "weekday", "mon", "thu", "1st", "after", "csv", "ics", "json", "toml",
}
MADE_BY_STORE: set[str] = set()  # every word the store makes about items is in Chinese now


@pytest.fixture(autouse=True)
def chinese(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    set_language("zh")
    yield
    set_language("en")


def _words(*texts: str | None) -> set[str]:
    return {word for text in texts if text for word in ENGLISH_WORD.findall(text)}


def allowed_words(app) -> set[str]:
    """Every English word the screen may show: ids, key names, user data, in_words' fragments."""
    board = app.board
    from chief.store import EFFORT_EXAMPLES, EXAMPLES, REPEAT_EXAMPLES, paths

    allowed = set(SAME_IN_EVERY_LANGUAGE) | MADE_BY_STORE | _words(str(paths.config_file()))
    allowed |= _words(EXAMPLES, EFFORT_EXAMPLES, REPEAT_EXAMPLES)  # the grammar's own examples (store/domain)
    for binding_id in {b.id for b in APP_BINDINGS if b.id} | _all_binding_ids() | {"privacy"}:
        allowed |= _words(binding_id)
    for binding in APP_BINDINGS:
        for key in binding.key.split(","):
            allowed |= _words(key, app.get_key_display(Binding(key, "")))
    allowed |= _words("space", "enter", "escape", "home", "end", "pgup", "pgdn", "esc", "tab", "del")
    from chief.tui.screens.help import TEXTUAL_KEYS  # keys Textual binds (tab, shift+tab), listed in help

    allowed |= _words(*(keys for keys, _what, _group in TEXTUAL_KEYS))
    for member in board.team.values():
        allowed |= _words(member.name, member.role)
    allowed |= _words(*board.settings.categories)
    for item in board.items.values():  # user data, and the words store/reports makes about it
        allowed |= _words(item.title, item.notes, item.source, item.waiting_on, item.category)
        allowed |= _words(due_words(board, item, full=False), due_words(board, item), follow_up_words(board, item),
                          landing(board, item), local_time(board, item.created), *marks(board, item),
                          *marks(board, item, short=True), *understood(board, item))
    return allowed


def english_in(text: str, app) -> list[str]:
    """The English words in ``text`` that Chief should have said in Chinese.

    A word cut by an ellipsis ("trave…") counts as the allowed word it starts.
    """
    allowed = allowed_words(app)
    found = set()
    for match in ENGLISH_WORD.finditer(text):
        word = match.group()
        cut = text[match.end():match.end() + 1] == "…"
        if word not in allowed and not (cut and any(a.startswith(word) for a in allowed)):
            found.add(word)
    return sorted(found)


def test_the_checker_finds_english_words_and_passes_ids_keys_and_user_data(data_file):
    seed(data_file)
    app = make_app(data_file)
    assert english_in("立即办 quadrant-1 ctrl+r 张伟 Reply to Finance on travel rules", app) == []
    assert english_in("立即办 Snooze until tonight", app) == ["Snooze", "tonight", "until"]  # (later: a binding id's word)


async def _shown(data_file, keys: tuple[str, ...], size=(120, 40), wait: float = 0.5, until: list[str] = ()):
    """The screen after ``keys``, once ``until`` are all on it (a loaded machine fills the footer late; 5 s at most)."""
    seed(data_file)
    app = make_app(data_file)
    async with app.run_test(size=size) as pilot:
        for key in keys:
            await pilot.press(key)
        await pilot.pause(wait)
        for _ in range(50):
            text = screen_text(app)
            if all(words in text for words in until):
                break
            await pilot.pause(0.1)
        notes = " ".join(str(n.message) for n in app._notifications)
        return app, text, notes


@pytest.mark.parametrize(("keys", "size", "expected"), [
    ((), (120, 40), ["1 立即办", "2 计划办", "3 交办", "4 暂缓", "突发事项 (2)", "待分拣 (2)", "人员负荷 (3)", "逾期 1", "? 帮助"]),
    ((), (80, 24), ["1 立即办", "4 暂缓", "人员负荷", "11月25日 周三", "? 帮助", "命令面板"]),
    (("question_mark",), (120, 160), ["Chief：按键", "记录", "分拣", "移动", "查看", "快速记录", "自定义按键", "quadrant-1"]),
    (("t",), (120, 40), ["分拣", "第 1 / 4 项", "一键决定", "跳过", "撤回"]),
    (("e",), (120, 40), ["编辑事项", "标题", "时限", "保存", "放弃"]),
    (("s",), (120, 40), ["稍后提醒至", "提醒时间", "取消"]),
    (("w",), (120, 40), ["等待答复", "等谁", "催办", "保存"]),
    (("a",), (120, 40), ["指派给", "我（科长）", "自己办", "推荐人选在前"]),
    (("F",), (120, 40), ["工作量均衡", "近4周", "+ 多看"]),
    (("W",), (120, 40), ["等待答复", "Esc 关闭"]),
    (("ctrl+p",), (120, 40), ["搜索命令…"]),
])
async def test_each_screen_speaks_chinese(data_file, keys, size, expected):
    app, text, notes = await _shown(data_file, keys, size, until=expected)
    for words in expected:
        assert words in text, words
    assert english_in(text, app) == [], text


@pytest.mark.parametrize("query", ["办结", "done", "Done"])
async def test_the_palette_finds_a_command_by_its_chinese_and_its_english_name(data_file, query):
    app, text, _notes = await _shown(data_file, ("ctrl+p", *query))
    assert "办结" in text
    assert "按键：d, space" in text


async def test_the_palette_says_no_matches_in_chinese(data_file):
    app, text, _notes = await _shown(data_file, ("ctrl+p", *"zzzq"), wait=1.2)
    assert "没有匹配项" in text
    assert "No matches" not in text


async def test_toasts_speak_chinese(data_file):
    app, text, notes = await _shown(data_file, ("d",), wait=0.3)
    assert "办结：" in notes
    app, text, notes = await _shown(data_file.with_name("other.json"), ("p",), wait=0.3)  # the newest toast replaces the one shown
    assert "保密模式已开启" in notes
    assert english_in(notes, app) == []


async def test_the_detail_strip_says_why_the_item_sits_there_in_chinese(data_file):
    app, text, _notes = await _shown(data_file, ())
    assert "立即办：重要，紧急" in text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_titles_header_and_footer_fit(data_file, size):
    """Double-width titles are not cut, the header keeps its counts, the footer keeps whole entries."""
    app, text, _notes = await _shown(data_file, (), size)
    lines = text.splitlines()
    for number, name in QUADRANTS.items():
        assert f"{number} {_(name)} (" in text
    assert "暂不显示 0" in lines[0]
    footer = lines[-1]
    assert footer.rstrip().endswith("命令面板")
    assert "? 帮助" in footer and "d 办结" in footer


async def test_english_is_unchanged_after_chinese(data_file):
    set_language("en")
    app, text, _notes = await _shown(data_file, ())
    assert "1 Do now (3)" in text and "Inbox (2)" in text and "Team (3)" in text


def test_every_binding_has_its_words_in_chinese():
    """A new key is caught here if its description has no Chinese yet (the footer and help would show English)."""
    from chief.tui.screens import assign, dialog, editor, help, importing, report, snooze, stats, triage, wait, waiting
    from chief.tui.widgets import quick_add, row_list

    missing = []
    for module in (assign, dialog, editor, help, importing, report, snooze, stats, triage, wait, waiting, quick_add, row_list):
        for value in vars(module).values():
            for binding in vars(value).get("BINDINGS", []) if isinstance(value, type) and value.__module__.startswith("chief") else []:
                if isinstance(binding, Binding) and binding.description and _(binding.description) == binding.description:
                    missing.append(binding.description)
    missing += [b.description for b in APP_BINDINGS if _(b.description) == b.description]
    assert missing == []


# snapshots -------------------------------------------------------------------

async def _no_blink(pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def _snap_app(data_file):
    seed(data_file)
    app = make_app(data_file)
    app.theme = "chief-dark"
    return app


@pytest.mark.parametrize("keys", [(), ("t",), ("question_mark",), ("e",)], ids=["main", "triage", "help", "editor"])
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_chinese_snapshots(snap_compare, data_file, keys, size):
    async def before(pilot):
        for key in keys:
            await pilot.press(key)
        await _no_blink(pilot)

    assert snap_compare(_snap_app(data_file), terminal_size=size, run_before=before)


async def test_a_quadrant_key_that_cannot_move_an_item_says_why_in_chinese(data_file):
    """In Chinese the reason's label ends in a full-width colon: the move must be said, not crash."""
    from apptools import make_app

    seed(data_file)
    app = make_app(data_file)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        urgent = next(i for i in app.board.items.values() if app.board.placement(i).quadrant in (1, 3)
                      and app.board.placement(i).urgent_because not in (None, "flag"))
        app.dashboard.focus_item(urgent.id)
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause(0.3)
        running = app.is_running
        said = [n.message for n in app._notifications]
    assert running
    assert any("：" in m or "仍在" in m or "留在" in m for m in said) and said, said
