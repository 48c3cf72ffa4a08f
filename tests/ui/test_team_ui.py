"""The team on the dashboard: the Team panel's keys, a member's plate, marks, the Assign dialog, fairness.

Every scenario presses the keys a user would and reads the data file again
with a fresh Desk: a team action is only right when what it saved is right,
and one undo must take one action back (a batch too).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, SelectionList

from apptools import make_app, pause_typing, screen_text
from chief.store.desk import Desk
from chief.tui.screens.assign import AssignScreen
from chief.tui.screens.member_dialogs import AwayScreen, RemoveScreen
from chief.tui.screens.member_form import MemberForm
from chief.tui.screens.plate import PlateScreen
from chief.tui.widgets.team_list import TeamList

pytestmark = pytest.mark.usefixtures("frozen_time")

SIZE = (120, 40)
CLEAR = ("end", *["backspace"] * 12)  # empties a field (Textual's ctrl+a goes home, it does not select)


@pytest.fixture(autouse=True)
def _state(tmp_path, monkeypatch):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))


@pytest.fixture
def office(data_file: Path) -> dict[str, str]:
    """Three members and their work (the frozen day is Wednesday 25 Nov 2026); ids by short name."""
    desk = Desk(data_file)
    ids = {
        "zhang": desk.team_add("张伟", capacity_hours=10, role="科员", categories=["documents"]).id,
        "li": desk.team_add("Li Na", capacity_hours=40, categories=["reception"]).id,
        "wang": desk.team_add("王芳", capacity_hours=20, categories=["logistics"]).id,
        "report": desk.capture("* 起草年度工作总结报告 ^fri @张伟 #documents ~4h")[0].id,
        "minutes": desk.capture("* 整理会议纪要 ^thu @张伟 #documents ~2h")[0].id,
        "later": desk.capture("* Archive last year's files ^2026-12-20 @张伟 #documents ~1h")[0].id,
        "room": desk.capture("! Book the meeting room ^today @王芳 #logistics ~30m")[0].id,
        "toner": desk.capture("Order printer toner #logistics")[0].id,
        "visit": desk.capture("Receive the delegation from Hangzhou #reception")[0].id,
    }
    snoozed = desk.capture("Check the visitor badges @张伟 ~30m")[0].id
    desk.snooze(snoozed, _monday(desk))
    waiting = desk.capture("Budget figures from Finance @张伟 ~30m")[0].id
    desk.wait(waiting, "Finance", None)
    ids.update(snoozed=snoozed, waiting=waiting)
    return ids


def _monday(desk: Desk):
    from chief.store.domain.when import parse_when

    return parse_when("mon", desk.board().now)


def board(path: Path):
    return Desk(path).board()


async def focus_team(app, pilot, member_id: str | None = None) -> TeamList:
    team = app.dashboard.panel("#team", TeamList)
    team.focus()
    if member_id is not None:
        assert team.select_key(member_id)
    await pilot.pause()
    return team


async def put_cursor_on(app, pilot, item_id: str) -> None:
    app.dashboard.focus_item(item_id)
    await pilot.pause()
    assert app.selected_item is not None and app.selected_item.id == item_id


# the Team panel -------------------------------------------------------------------------------


async def test_team_panel_is_in_the_tab_order_and_busiest_first(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        app.dashboard.panel("#inbox").focus()
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, TeamList)
        team = app.focused
        # 张伟: 8h of 10h; 王芳: 30m of 20h; Li Na: nothing
        assert [key for key, _row in team.rows] == [office["zhang"], office["wang"], office["li"]]
        assert " 80%" in screen_text(app)
        detail = str(app.dashboard.panel("#detail").render())
        assert "张伟" in detail and "1 snoozed" in detail and "1 waiting" in detail  # what the load counts, said


async def test_enter_opens_the_plate_with_put_away_items_and_item_keys_work_there(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["zhang"])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlateScreen)
        text = screen_text(app)
        for title in ("起草年度工作总结报告", "整理会议纪要", "Check the visitor badges", "Budget figures from Finance"):
            assert title in text
        assert "1 snoozed" in text and "1 waiting" in text
        plate = app.screen.query_one("#plate")
        shown = [key for key, _row in plate.rows if not key.startswith("§")]
        assert shown.index(office["minutes"]) < shown.index(office["report"])  # soonest due first in Do now/Schedule
        assert app.selected_item is not None
        first = app.selected_item.id
        await pilot.press("d")  # the dashboard's own key, on the plate's row
        await pilot.pause()
        assert board(data_file).items[first].status == "done"
        assert first not in [key for key, _row in plate.rows]
        pause_typing(app)  # a look before undoing: not typed ahead
        await pilot.press("u")
        await pilot.pause()
        assert board(data_file).items[first].status != "done"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PlateScreen)


async def test_reassign_from_the_plate(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["zhang"])
        await pilot.press("enter")
        await pilot.pause()
        item = app.selected_item
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AssignScreen)
        await pilot.press(*"Li", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlateScreen)
    assert board(data_file).items[item.id].assignee == office["li"]


# add, edit, remove -------------------------------------------------------------------------


async def test_N_adds_a_member_and_undo_takes_it_back(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot)
        await pilot.press("N")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MemberForm)
        await pilot.press(*"刘洋")
        await pilot.press("tab", *"司机", "tab", *CLEAR, *"30")
        form.query_one(SelectionList).select("logistics")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MemberForm)
        added = next(m for m in board(data_file).team.values() if m.name == "刘洋")
        assert (added.role, added.capacity, added.categories) == ("司机", 30 * 60, ("logistics",))
        assert added.id in [key for key, _row in app.dashboard.panel("#team").rows]
        pause_typing(app)  # a look before undoing: not typed ahead
        await pilot.press("u")
        await pilot.pause()
    assert "刘洋" not in [m.name for m in board(data_file).team.values()]


async def test_N_with_a_removed_members_name_brings_them_back_with_the_rest_kept(data_file, office):
    Desk(data_file).team_edit("Li Na", role="副科长")
    Desk(data_file).team_remove("Li Na")
    app = make_app(data_file)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await focus_team(app, pilot)
        await pilot.press("N", *"Li Na", "tab", "tab", *CLEAR, *"35", "ctrl+s")  # the name, and the hours typed anew
        await pilot.pause()
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert "Back on the team: Li Na, the same member (副科长, 35h a week)" in said
    back = board(data_file).team[office["li"]]  # the same id: their closed items point at them again
    assert (back.name, back.role, back.capacity, back.categories) == ("Li Na", "副科长", 35 * 60, ("reception",))


async def test_a_returning_member_gets_the_hours_typed_even_40_and_keeps_theirs_if_untouched(data_file, office):
    Desk(data_file).team_edit("Li Na", capacity_hours=30)
    Desk(data_file).team_remove("Li Na")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot)
        await pilot.press("N", *"Li Na", "tab", "tab", *CLEAR, *"40", "ctrl+s")  # 40 typed: the form's own default
        await pilot.pause()
        await pilot.pause()
    assert board(data_file).team[office["li"]].capacity == 40 * 60
    Desk(data_file).team_edit("Li Na", capacity_hours=30)
    Desk(data_file).team_remove("Li Na")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot)
        await pilot.press("N", *"Li Na", "ctrl+s")  # the hours field untouched: their 30 kept
        await pilot.pause()
        await pilot.pause()
    assert board(data_file).team[office["li"]].capacity == 30 * 60


async def test_the_form_refuses_a_name_the_team_has_and_keeps_what_was_typed(data_file, office):
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot)
        await pilot.press("N", *"ＬＩ ＮＡ", "enter")  # full width, other case: the same person
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert "ＬＩ ＮＡ" in screen_text(app)
        await pilot.press(*CLEAR, "enter")  # an empty name: said under the field, nothing sent
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert "the member's name is empty" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert data_file.read_bytes() == before


async def test_e_edits_the_member_and_their_items_follow(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["zhang"])
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        await pilot.press(*CLEAR, *"张伟明", "tab", "tab", *CLEAR, *"20", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, MemberForm)
    after = board(data_file)
    member = after.team[office["zhang"]]
    assert (member.name, member.capacity, member.role) == ("张伟明", 20 * 60, "科员")
    assert after.items[office["report"]].assignee == office["zhang"]
    assert after.member_name(after.items[office["report"]].assignee) == "张伟明"


async def test_remove_asks_where_the_open_items_go(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["zhang"])
        await pilot.press("D")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RemoveScreen)
        assert "5 open items" in screen_text(app)
        options = dialog.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[-2:] == ["me", "inbox"] and office["zhang"] not in ids
        options.highlighted = ids.index("inbox")
        await pilot.press("enter")
        await pilot.pause()
        after = board(data_file)
        assert office["zhang"] not in after.team and after.members[office["zhang"]].removed
        for key in ("report", "minutes", "later", "snoozed", "waiting"):
            item = after.items[key and office[key]]
            assert item.assignee is None
        assert office["report"] in [i.id for i in after.inbox()]
        pause_typing(app)  # a look before undoing: not typed ahead
        await pilot.press("u")  # one undo: the member and every item back
        await pilot.pause()
    after = board(data_file)
    assert office["zhang"] in after.team
    assert all(after.items[office[k]].assignee == office["zhang"] for k in ("report", "minutes", "later", "snoozed", "waiting"))


async def test_remove_with_nothing_open_only_confirms_and_escape_keeps_them(data_file, office):
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["li"])
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, RemoveScreen) and "no open items" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert data_file.read_bytes() == before
        await pilot.press("D", "enter")
        await pilot.pause()
    assert office["li"] not in board(data_file).team


# away and back ---------------------------------------------------------------------------------


async def test_away_shows_the_items_due_before_return_and_hands_them_on_in_one_step(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["zhang"])
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AwayScreen)
        await pilot.press(*"next mon")
        await pilot.pause()
        assert "Mon 30 Nov 2026" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        member = board(data_file).team[office["zhang"]]
        assert (member.away, member.away_until, member.away_reason) == (True, "2026-11-30", "leave")
        dialog = app.screen
        assert isinstance(dialog, AssignScreen)  # the hand-on step: their items due before Monday
        text = screen_text(app)
        assert "起草年度工作总结报告" in text and "整理会议纪要" in text
        assert "Archive last year's files" not in text  # due after they are back
        options = dialog.query_one(OptionList)
        assert office["zhang"] not in [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert options.highlighted_option.id == "@each"  # Enter does what the screen recommends
        await pilot.press(*"王芳", "enter")  # or one member takes them all
        await pilot.pause()
        after = board(data_file)
        assert after.items[office["report"]].assignee == office["wang"]
        assert after.items[office["minutes"]].assignee == office["wang"]
        assert after.items[office["later"]].assignee == office["zhang"]
        assert "on leave until Mon" in screen_text(app)  # the Team panel, dimmed
        pause_typing(app)  # a look before undoing: not typed ahead
        await pilot.press("u")  # one undo: the whole hand-on
        await pilot.pause()
        after = board(data_file)
        assert after.items[office["report"]].assignee == office["zhang"] == after.items[office["minutes"]].assignee
        assert after.team[office["zhang"]].away  # the away itself is the undo before
        await focus_team(app, pilot, office["zhang"])
        await pilot.press("b")
        await pilot.pause()
    assert not board(data_file).team[office["zhang"]].away


async def test_away_then_enter_hands_each_item_to_the_member_shown_for_it(data_file, office):
    """The hand-on list recommends a member per item; Enter gives each to that member, as shown; one undo."""
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["zhang"])
        await pilot.press("A", *"next mon", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AssignScreen)
        text = screen_text(app)
        # soonest first: 整理会议纪要 (2 h) to Li Na (idle, first by name), then 起草… (4 h) to 王芳 (30 m of 20 h: 2.5%,
        # less than Li Na's 2 h of 40 h once the first is counted)
        assert "整理会议纪要  (tomorrow)  → Li Na" in text and "起草年度工作总结报告  (fri)  → 王芳" in text
        assert "Each to the member shown (recommended)" in text
        await pilot.press("enter")
        await pilot.pause()
        after = board(data_file)
        assert after.items[office["minutes"]].assignee == office["li"]
        assert after.items[office["report"]].assignee == office["wang"]
        assert after.items[office["later"]].assignee == office["zhang"]
        assert any("2 items handed on, each to the member shown" in str(n.message) for n in app._notifications)
        pause_typing(app)
        await pilot.press("u")
        await pilot.pause()
    after = board(data_file)
    assert after.items[office["report"]].assignee == office["zhang"] == after.items[office["minutes"]].assignee


async def test_away_with_a_day_that_cannot_be_read_is_said_and_nothing_saved(data_file, office):
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["li"])
        await pilot.press("A", *"someday", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AwayScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert data_file.read_bytes() == before


# marks and bulk assign -------------------------------------------------------------------------


async def test_marks_then_a_assigns_them_all_and_one_undo_takes_the_batch_back(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(app, pilot, office["toner"])
        await pilot.press("v")
        await put_cursor_on(app, pilot, office["visit"])
        await pilot.press("v")
        await pilot.pause()
        assert list(app.marked) == [office["toner"], office["visit"]]
        assert "✓" in screen_text(app) and "2 marked" in screen_text(app)
        await put_cursor_on(app, pilot, office["room"])  # the cursor elsewhere: the marks are what a assigns
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AssignScreen) and "2 marked items" in screen_text(app)
        await pilot.press(*"Li", "enter")
        await pilot.pause()
        after = board(data_file)
        assert after.items[office["toner"]].assignee == office["li"] == after.items[office["visit"]].assignee
        assert after.items[office["room"]].assignee == office["wang"]
        assert not app.marked
        pause_typing(app)  # a look before undoing: not typed ahead
        await pilot.press("u")
        await pilot.pause()
    after = board(data_file)
    assert after.items[office["toner"]].assignee is None and after.items[office["visit"]].assignee is None


async def test_escape_clears_the_marks_first_then_v_unmarks(data_file, office):
    before = data_file.read_bytes()
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(app, pilot, office["toner"])
        await pilot.press("v")
        await pilot.pause()
        assert app.marked
        await pilot.press("escape")
        await pilot.pause()
        assert not app.marked and "✓" not in screen_text(app)
        await put_cursor_on(app, pilot, office["toner"])
        await pilot.press("v")
        await put_cursor_on(app, pilot, office["toner"])
        await pilot.press("v")
        await pilot.pause()
        assert not app.marked
    assert data_file.read_bytes() == before  # marks are the session's, never the file's


async def test_marks_on_the_plate_reassign_in_one_step(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["zhang"])
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("v", "v", "v")
        await pilot.pause()
        marked = list(app.marked)
        assert len(marked) == 3 and "3 marked" in screen_text(app)
        await pilot.press("a", *"王", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlateScreen)
    after = board(data_file)
    assert all(after.items[key].assignee == office["wang"] for key in marked)


# the Assign dialog -------------------------------------------------------------------------------


async def test_assign_offers_spare_capacity_and_the_usual_category_first_away_last(data_file, office):
    desk = Desk(data_file)
    desk.team_away(office["li"], until="2026-12-01", reason="trip")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(app, pilot, office["toner"])  # logistics: 王芳's usual category
        await pilot.press("a")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids == ["@me", office["wang"], office["zhang"], office["li"]]
        assert options.highlighted_option.id == office["wang"]
        assert "on a trip until Tue" in screen_text(app)


async def test_assign_finds_members_by_pinyin_and_adds_someone_new_only_when_asked(data_file, office):
    """Typing "zw" finds 张伟 as `chief assign --to zw` does; Enter on a name that is nobody's adds nobody; ctrl+n does."""
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(app, pilot, office["toner"])
        await pilot.press("a", *"zw")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.highlighted_option.id == office["zhang"]
        assert "add zw to the team" not in screen_text(app)  # a name found is not a name to add
        await pilot.press(*CLEAR, *"ＬＩ")  # full width, upper case: Li Na
        await pilot.pause()
        assert options.highlighted_option.id == office["li"]
        await pilot.press(*CLEAR, *"刘洋")
        await pilot.pause()
        assert "add 刘洋 to the team and assign (ctrl+n)" in screen_text(app)
        assert "nobody in the team is called 刘洋: ctrl+n adds them" in screen_text(app)
        assert options.highlighted_option is None
        await pilot.press("enter")  # a typo, or a name not meant to be new: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, AssignScreen)
        assert "刘洋" not in {m.name for m in board(data_file).team.values()}
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not isinstance(app.screen, AssignScreen)
        after = board(data_file)
        added = next(m for m in after.team.values() if m.name == "刘洋")
        assert after.items[office["toner"]].assignee == added.id
        pause_typing(app)
        await pilot.press("u")  # one undo: the adding and the assigning
        await pilot.pause()
    after = board(data_file)
    assert "刘洋" not in {m.name for m in after.members.values()} and after.items[office["toner"]].assignee is None


async def test_the_add_row_chosen_with_the_arrows_adds_them(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(app, pilot, office["toner"])
        await pilot.press("a", *"赵敏")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.highlighted_option is None
        await pilot.press("down", "enter")  # the row "+ add 赵敏 to the team and assign", chosen
        await pilot.pause()
    after = board(data_file)
    assert after.items[office["toner"]].assignee == next(m.id for m in after.team.values() if m.name == "赵敏")


async def test_assigning_to_someone_away_is_allowed_and_said(data_file, office):
    Desk(data_file).team_away("王芳", until="2026-12-01", reason="trip")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(app, pilot, office["toner"])
        await pilot.press("a", *"wf", "enter")
        await pilot.pause()
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert "note: 王芳 is away (on a trip until Tue); assigned all the same" in said
    assert board(data_file).items[office["toner"]].assignee == office["wang"]


async def test_the_multi_item_dialog_masks_the_titles_when_privacy_turns_on(data_file, office):
    Desk(data_file).edit(office["report"], {"category": "confidential"})  # masked in privacy mode
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("report", "minutes"):
            await put_cursor_on(app, pilot, office[key])
            await pilot.press("v")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AssignScreen)
        assert "起草年度工作总结报告" in screen_text(app)
        app.action_privacy()  # what p does where it reaches the app (a visitor comes in); here p is typed in the filter
        await pilot.pause()
        assert "起草年度工作总结报告" not in screen_text(app) and "整理会议纪要" in screen_text(app)


async def test_the_remove_dialog_marks_who_is_away(data_file, office):
    Desk(data_file).team_away("王芳", until="2026-12-01", reason="trip")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await focus_team(app, pilot, office["zhang"])
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, RemoveScreen)
        assert "on a trip until Tue" in screen_text(app)


# the fairness view, help, palette -------------------------------------------------------------


async def test_help_and_palette_know_the_team_keys(data_file, office):
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        rows = {binding_id: keys for keys, _what, binding_id in app.help_rows()}
        for binding_id in ("member-open", "member-edit", "member-add", "member-away", "member-back", "member-remove",
                           "mark", "fairness", "plate-member-edit"):
            assert binding_id in rows
        names = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Add member", "Edit member", "Remove member", "Away", "Back at work", "Open member", "Team fairness",
                "Mark"} <= names
        await focus_team(app, pilot, office["li"])
        await pilot.press("ctrl+p", *"add member")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MemberForm)
        assert isinstance(app.focused, Input)


async def test_F_opens_the_fairness_view_and_plus_minus_change_the_weeks(data_file, office):
    from chief.tui.screens.fairness import FairnessScreen

    Desk(data_file).done(office["room"])
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FairnessScreen)
        text = screen_text(app)
        assert "Fairness, the last 4 weeks" in text and "the last 4 weeks · + more" in text
        assert text.index("张伟") < text.index("Li Na") < text.index("王芳")  # the Team panel's order: most loaded first
        # one load everywhere: 张伟's 8 h open (snoozed and waiting too) of 10 h a week, here as on the Team panel
        assert " 80% " in text and "Team panel counts it" in text
        assert "slipped" not in text and "overdue" not in text.split("Load:")[0]  # one column, "late"
        await pilot.press("minus", "minus", "minus")
        await pilot.pause()
        assert app.screen.weeks == 1 and "Fairness, the last week" in screen_text(app)
        await pilot.press("minus")  # not fewer than one week: a bell, nothing else
        await pilot.press("plus")
        await pilot.pause()
        assert app.screen.weeks == 2
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FairnessScreen)


async def test_team_undo_toasts_and_the_assign_dialog_in_chinese(data_file, office):
    from chief.store import set_language

    set_language("zh")
    try:
        app = make_app(data_file)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await focus_team(app, pilot, office["zhang"])
            await pilot.press("A", *"next mon", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, AssignScreen)
            text = screen_text(app)
            assert "按推荐逐项交办（如上所示）" in text and "→ Li Na" in text
            await pilot.press("escape")
            await pilot.pause()
            pause_typing(app)
            await pilot.press("u")
            await pilot.pause()
            said = " ".join(str(n.message) for n in app._notifications)
            assert "已撤回：标记“张伟”不在岗" in said
            assert not board(data_file).team[office["zhang"]].away
            await put_cursor_on(app, pilot, office["toner"])
            await pilot.press("a", *"zx")  # nobody: said, and only ctrl+n would add them
            await pilot.pause()
            assert "科室里没有叫zx的成员：按 ctrl+n 添加" in screen_text(app)
    finally:
        set_language("en")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_team_bar_is_as_wide_as_the_others_when_someone_is_late(data_file, office, size):
    Desk(data_file).capture("* 报销单 ^2026-11-20 @王芳 ~1h")  # 王芳 is late: the others keep room for it too
    app = make_app(data_file)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        team = app.dashboard.panel("#team", TeamList)
        width = team.content_region.width
        rows = [team.format_row(payload, width) for _key, payload in team.rows]
        bars = {row.plain.count("█") + row.plain.count("░") for row in rows}
        assert len(bars) == 1 and bars.pop() >= 3
        lengths = {row.cell_len for row in rows}
        assert len(lengths) == 1 and lengths.pop() <= width  # one width, nothing cut off
        assert any("late" in row.plain for row in rows)


async def test_the_editor_marks_away_by_the_dated_absence_not_the_raw_flag(data_file, office):
    from textual.widgets import Select

    from chief.tui.screens.editor import EditorScreen

    desk = Desk(data_file)  # 王芳 was away until Tuesday 24 Nov: back by themselves, the flag never cleared
    desk.replica.apply(lambda tx: tx.update("team", office["wang"], {"away": True, "away_until": "2026-11-24"}))
    desk.team_away("Li Na", until="2026-12-01")
    app = make_app(data_file)
    async with app.run_test(size=SIZE) as pilot:
        await put_cursor_on(app, pilot, office["toner"])
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        shown = {str(prompt) for prompt, _value in app.screen.query_one("#assignee", Select)._options}
        assert "王芳" in shown and "Li Na (away)" in shown
