"""Steps inside items, standard procedures, the emergency flow and finding anything (issue 15).

Time is frozen at Wednesday 2026-11-25 10:00 in Asia/Shanghai (02:00 UTC).
Every check of a saved result reads the file again.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pendulum
import pytest

from conftest import FROZEN_NOW, FROZEN_STAMP, FROZEN_TZ
from chief.store import i18n
from chief.store.desk import CommandError, Desk
from chief.store.errors import ChiefError
from chief.store.domain.config import ConfigError, settings_from
from chief.store.domain.quickadd import QuickAddError
from chief.store.domain.steps import emergencies, step_info
from chief.store.reports.brief import daily_brief
from chief.store.reports.search import place_words
from chief.store.datafile.storage import read_file
from chief.store.sync.hlc import HybridClock, make_stamp
from chief.store.sync.merge import DELETED, STAMPS, content

NOW = pendulum.parse(FROZEN_NOW, tz=FROZEN_TZ)


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def raw(path: Path) -> dict:
    data, _ = read_file(path)
    return data


def stored_steps(path: Path, item_id: str) -> list[dict]:
    """The item's live steps as the file holds them, in order, without bookkeeping."""
    steps = content(raw(path))["items"][item_id].get("steps", {})
    return sorted(steps.values(), key=lambda s: s["order"])


def texts(path: Path, item_id: str) -> list[str]:
    return [s["text"] for s in stored_steps(path, item_id)]


def fresh(path: Path, settings=None):
    return Desk(path, settings).board()


# steps: the commands -----------------------------------------------------------------------


def test_add_tick_untick_edit_move_remove_each_saved(desk, data_file):
    member = desk.team_add("Wang Wei", role="driver")
    item, _ = desk.capture("* prepare the meeting")
    desk.step_add(item.id, "book the room")
    desk.step_add(item.id, "call the hotel @wang ^tomorrow 15:00")
    change = desk.step_add(item.id, "print the agenda", at=1)
    assert texts(data_file, item.id) == ["print the agenda", "book the room", "call the hotel"]
    hotel = stored_steps(data_file, item.id)[2]
    assert (hotel["who"], hotel["due"], hotel["done"]) == (member.id, "2026-11-26T07:00:00Z", False)
    assert change.step.text == "print the agenda" and not change.all_done

    ticked = desk.step_tick(item.id, 2)
    saved = stored_steps(data_file, item.id)[1]
    assert saved["done"] is True and saved["done_at"] == FROZEN_STAMP
    assert ticked.step.done and not ticked.all_done
    desk.step_untick(item.id, 2)
    assert stored_steps(data_file, item.id)[1]["done"] is False

    desk.step_edit(item.id, 3, "call the Jinjiang hotel", due=None)
    assert stored_steps(data_file, item.id)[2] | {} == {**hotel, "text": "call the Jinjiang hotel", "due": None}
    desk.step_edit(item.id, 3, who=None)
    assert stored_steps(data_file, item.id)[2]["who"] is None

    desk.step_move(item.id, 3, 1)
    assert texts(data_file, item.id) == ["call the Jinjiang hotel", "print the agenda", "book the room"]
    desk.step_move(item.id, 1, 99)  # past the end: last
    assert texts(data_file, item.id) == ["print the agenda", "book the room", "call the Jinjiang hotel"]

    desk.step_remove(item.id, 2)
    assert texts(data_file, item.id) == ["print the agenda", "call the Jinjiang hotel"]
    steps = raw(data_file)["items"][item.id]["steps"]
    assert sum(1 for s in steps.values() if s.get(DELETED)) == 1  # a tombstone of its own, for the merge


def test_ticking_the_last_open_step_says_all_done(desk, data_file):
    item, _ = desk.capture("send the circular")
    desk.step_add(item.id, "draft")
    desk.step_add(item.id, "sign off")
    assert not desk.step_tick(item.id, 2).all_done
    last = desk.step_tick(item.id, 1)
    assert last.all_done and last.item.status != "done"  # offered, not done for the chief
    desk.done(item.id)
    desk.step_untick(item.id, 1)
    assert not desk.step_tick(item.id, 1).all_done  # a closed item: nothing to offer


def test_each_step_command_is_one_undo(desk, data_file):
    item, _ = desk.capture("receive the delegation")
    for text in ("one", "two", "three"):
        desk.step_add(item.id, text)
    before = stored_steps(data_file, item.id)
    for command in (lambda: desk.step_tick(item.id, 1), lambda: desk.step_move(item.id, 3, 1),
                    lambda: desk.step_remove(item.id, 2), lambda: desk.step_edit(item.id, 1, "uno"),
                    lambda: desk.apply_procedure(item.id, "reception")):
        command()
        assert stored_steps(data_file, item.id) != before
        desk.undo()
        assert stored_steps(data_file, item.id) == before
    desk.undo()  # the third add
    assert texts(data_file, item.id) == ["one", "two"]
    desk.redo()
    assert texts(data_file, item.id) == ["one", "two", "three"]


def test_bad_step_commands_are_one_line_and_change_nothing(desk, data_file):
    item, _ = desk.capture("file the minutes")
    with pytest.raises(CommandError, match="has no steps"):
        desk.step_tick(item.id, 1)
    desk.step_add(item.id, "scan")
    before = data_file.read_bytes()
    with pytest.raises(CommandError, match=r"has no step 4 \(it has 1\)"):
        desk.step_tick(item.id, 4)
    with pytest.raises(CommandError, match="is not done"):
        desk.step_untick(item.id, 1)
    with pytest.raises(QuickAddError, match="only @who and"):
        desk.step_add(item.id, "* shred #confidential")
    with pytest.raises(CommandError, match="empty"):
        desk.step_add(item.id, "   ")
    with pytest.raises(QuickAddError):
        desk.step_add(item.id, "call @nobody")
    desk.step_tick(item.id, 1)
    with pytest.raises(CommandError, match="already done"):
        desk.step_tick(item.id, "1")
    after = data_file.read_bytes()
    desk.undo()
    assert data_file.read_bytes() != after and before  # only the tick was saved and undone


def test_step_info_progress_next_and_due_warnings(desk, data_file):
    item, _ = desk.capture("visit of the provincial team ^fri")
    desk.step_add(item.id, "book rooms ^tomorrow")
    desk.step_add(item.id, "plan the route")
    board = fresh(data_file)
    info = step_info(board, board.item(item.id))
    assert (info.progress, info.next.text, info.overdue, info.early) == ("0/2", "book rooms", False, True)
    desk.step_tick(item.id, 1)
    board = fresh(data_file)
    info = step_info(board, board.item(item.id))
    assert (info.progress, info.next.text, info.overdue, info.early) == ("1/2", "plan the route", False, False)
    desk.step_edit(item.id, 2, due="2026-11-24")
    board = fresh(data_file)
    assert step_info(board, board.item(item.id)).overdue
    plain, _ = desk.capture("no steps here")
    assert step_info(fresh(data_file), plain) is None


def test_list_json_carries_the_steps(run_main, data_file, env):
    run_main("add", "brief the director", check=True)
    item = json.loads(run_main("list", "--json", check=True).stdout)[0]
    run_main("step", item["id"][:10], "add", "collect the figures", check=True)
    run_main("step", item["id"][:10], "done", "1", check=True)
    steps = json.loads(run_main("list", "--json", check=True).stdout)[0]["steps"]
    assert [(s["number"], s["text"], s["done"], s["done_at"]) for s in steps] == [(1, "collect the figures", True, FROZEN_STAMP)]


def test_a_recurring_duty_comes_back_with_its_steps_unticked(desk, data_file):
    item, _ = desk.capture("weekly report every:fri")
    desk.step_add(item.id, "collect")
    desk.step_add(item.id, "send")
    desk.step_tick(item.id, 1)
    desk.done(item.id)
    board = fresh(data_file)
    follows = next(i for i in board.items.values() if i.series == item.id)
    assert [(s.text, s.done) for s in follows.steps] == [("collect", False), ("send", False)]
    assert not {s.id for s in follows.steps} & {s.id for s in board.item(item.id).steps}


# steps: two machines -------------------------------------------------------------------------


class Machine:
    """One machine: its own file, device id and clock."""

    def __init__(self, folder: Path, name: str, skew_ms: int = 0) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "chief.json"
        self.desk = Desk(self.path)
        ticks = itertools.count()
        base = 1_790_000_000_000 + skew_ms
        self.desk.replica.clock = HybridClock(name.ljust(10, "x"), wall_ms=lambda: base + next(ticks))

    def steps(self, item_id: str) -> list[tuple[str, bool]]:
        return [(s["text"], s["done"]) for s in stored_steps(self.path, item_id)]


@pytest.fixture
def machines(tmp_path, monkeypatch, frozen_time):
    monkeypatch.setenv("CHIEF_STATE_DIR", str(tmp_path / "state"))
    office, laptop = Machine(tmp_path / "office", "office"), Machine(tmp_path / "laptop", "laptop", 3_000)
    item, _ = office.desk.capture("* receive the delegation")
    for text in ("plan", "rooms", "cars", "dinner"):
        office.desk.step_add(item.id, text)
    laptop.desk.merge_file(office.path)
    return office, laptop, item.id


def _sync(office: Machine, laptop: Machine) -> None:
    office.desk.merge_file(laptop.path)
    laptop.desk.merge_file(office.path)
    assert content(raw(office.path)) == content(raw(laptop.path))


def test_two_machines_ticking_different_steps_both_count(machines):
    office, laptop, item = machines
    office.desk.step_tick(item, 1)
    laptop.desk.step_tick(item, 3)
    laptop.desk.edit(item, {"notes": "guests from Shanghai"})
    _sync(office, laptop)
    assert office.steps(item) == [("plan", True), ("rooms", False), ("cars", True), ("dinner", False)]
    assert content(raw(office.path))["items"][item]["notes"] == "guests from Shanghai"


def test_a_step_added_on_each_side_gives_both(machines):
    office, laptop, item = machines
    office.desk.step_add(item, "flowers")
    laptop.desk.step_add(item, "name cards", at=1)
    _sync(office, laptop)
    assert [t for t, _ in office.steps(item)] == ["name cards", "plan", "rooms", "cars", "dinner", "flowers"]


def test_a_move_and_a_tick_of_the_same_step_both_survive(machines):
    office, laptop, item = machines
    office.desk.step_move(item, 4, 1)
    laptop.desk.step_tick(item, 4)
    laptop.desk.step_edit(item, 2, "rooms at the Jinjiang")
    _sync(office, laptop)
    assert office.steps(item) == [("dinner", True), ("plan", False), ("rooms at the Jinjiang", False), ("cars", False)]


def test_an_edit_the_remover_had_not_seen_brings_the_step_back(machines):
    office, laptop, item = machines
    office.desk.step_remove(item, 2)
    laptop.desk.step_tick(item, 2)  # made while apart: not seen by the remover
    _sync(office, laptop)
    assert ("rooms", True) in office.steps(item)
    office.desk.step_remove(item, 2)  # removed again, having seen the tick: gone everywhere
    _sync(office, laptop)
    assert [t for t, _ in laptop.steps(item)] == ["plan", "cars", "dinner"]


def test_an_undo_after_a_merge_keeps_the_other_machines_step_change(machines):
    office, laptop, item = machines
    office.desk.step_tick(item, 1)
    laptop.desk.step_tick(item, 2)
    office.desk.merge_file(laptop.path)
    office.desk.undo()  # the office's own tick, and only it
    _sync(office, laptop)
    assert office.steps(item) == [("plan", False), ("rooms", True), ("cars", False), ("dinner", False)]


# steps: poison from another machine ------------------------------------------------------------


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")  # a lone surrogate as the escape another machine wrote


@pytest.mark.parametrize("damage", [
    lambda steps: steps.update(bad="not a record"),
    lambda steps: next(iter(steps.values())).update({STAMPS: {"text": make_stamp(10**14, 0, "evil")}}),  # the future
    lambda steps: next(iter(steps.values())).update({STAMPS: {"text": 12}}),
    lambda steps: next(iter(steps.values())).update(text=""),
    lambda steps: next(iter(steps.values())).update(done="yes"),
    lambda steps: next(iter(steps.values())).update(order=float("nan")),
    lambda steps: next(iter(steps.values())).update(done_at="yesterday"),
    lambda steps: next(iter(steps.values())).update(text="\ud800"),
])
def test_a_damaged_step_sets_its_item_aside_and_nothing_else(desk, data_file, damage):
    hurt, _ = desk.capture("hurt")
    well, _ = desk.capture("well")
    desk.step_add(hurt.id, "one")
    desk.step_add(well.id, "fine")
    data = raw(data_file)
    damage(data["items"][hurt.id]["steps"])
    _write(data_file, data)
    board = fresh(data_file)
    assert hurt.id not in board.items and [p.id for p in board.problems] == [hurt.id]
    assert [s.text for s in board.item(well.id).steps] == ["fine"]
    with pytest.raises(ChiefError, match="cannot be read"):
        Desk(data_file).step_tick(hurt.id, 1)
    Desk(data_file).step_tick(well.id, 1)  # the rest keeps working
    kept = raw(data_file)["items"][hurt.id]["steps"]
    assert json.dumps(kept, sort_keys=True) == json.dumps(data["items"][hurt.id]["steps"], sort_keys=True)  # as it came


def test_a_poisoned_step_from_another_machine_is_set_aside_on_merge_and_kept(machines):
    office, laptop, item = machines
    other, _ = office.desk.capture("unrelated")
    data = raw(laptop.path)
    step = next(iter(data["items"][item]["steps"].values()))
    step[STAMPS] = {**step[STAMPS], "done": make_stamp(10**14, 0, "evil")}  # from the far future: it would win forever
    step["done"] = True
    _write(laptop.path, data)
    office.desk.merge_file(laptop.path)
    board = office.desk.board()
    assert item not in board.items and [p.id for p in board.problems] == [item]
    assert other.id in board.items
    office.desk.step_add(other.id, "still works")
    assert raw(office.path)["items"][item]["steps"] == data["items"][item]["steps"]  # kept, for the machine that wrote it


def test_steps_that_are_not_a_map_set_the_item_aside(desk, data_file):
    item, _ = desk.capture("hurt")
    data = raw(data_file)
    data["items"][item.id]["steps"] = ["one", "two"]
    _write(data_file, data)
    board = fresh(data_file)
    assert item.id not in board.items and len(board.problems) == 1


# procedures ------------------------------------------------------------------------------------


def test_a_reception_item_gets_its_steps_at_creation(desk, data_file):
    item, _ = desk.capture("receive the Shanghai delegation #reception ^mon 10:00")
    steps = stored_steps(data_file, item.id)
    assert len(steps) == 6 and steps[0]["text"].startswith("Confirm the visitors")
    # offsets count working days back from Monday 30 Nov 10:00: -3d is Wednesday, -1d Friday
    assert [s["due"] for s in steps] == ["2026-11-25T02:00:00Z", "2026-11-26T02:00:00Z", "2026-11-26T02:00:00Z",
                                        "2026-11-27T02:00:00Z", "2026-11-27T02:00:00Z", None]


def test_a_chinese_reception_item_gets_the_chinese_steps(data_file, frozen_time):
    i18n.set_language("zh")
    desk = Desk(data_file)
    item, _ = desk.capture("接待上海代表团 #接待 ^周一")
    assert texts(data_file, item.id)[0] == "确认来宾名单、来访事由、日程和接待规格"
    ok, words = desk.preview("接待省厅调研组 #接待", "task", desk.board())
    assert ok and "按“接待”流程添加 6 个步骤" in words
    other, _ = desk.capture("起草通知 流程：后勤")
    assert len(texts(data_file, other.id)) == 5


def test_steps_a_late_item_should_have_done_already_are_due_today_not_born_overdue(desk, data_file):
    item, _ = desk.capture("receive the inspection team #reception ^tomorrow 15:00")
    dues = [s["due"] for s in stored_steps(data_file, item.id)]
    assert dues == ["2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25T07:00:00Z", "2026-11-25T07:00:00Z", None]
    board = fresh(data_file)
    assert not step_info(board, board.item(item.id)).overdue
    soon, _ = desk.capture("receive the mayor #reception ^today 11:00")
    assert {s["due"] for s in stored_steps(data_file, soon.id)} == {"2026-11-25T03:00:00Z", None}  # never after the item


def test_proc_applies_one_explicitly_and_the_preview_says_so(desk, data_file):
    item, _ = desk.capture("buy printer paper proc:logistics")
    assert len(texts(data_file, item.id)) == 5
    plain, _ = desk.capture("buy pens #logistics")  # logistics has no default procedure
    assert texts(data_file, plain.id) == []
    ok, words = desk.preview("greet the guests #reception", "task", desk.board())
    assert ok and "adds 6 steps of reception" in words
    ok, words = desk.preview("x proc:nothing", "task", desk.board())
    assert not ok and "nothing" in words


def test_a_procedure_step_names_a_member_or_a_role(desk, data_file, tmp_path):
    desk.team_add("Li Na", role="driver")
    settings = settings_from({"procedures": {"trip": {"steps": [
        {"text": "fetch the car", "who": "driver", "offset": "-2h"},
        {"text": "brief Li", "who": "Li Na"},
        {"text": "ask the cook", "who": "cook"},
    ]}}})
    desk = Desk(data_file, settings)
    item, _ = desk.capture("take the guests to the airport proc:trip ^tomorrow 15:00")
    steps = stored_steps(data_file, item.id)
    li = next(iter(fresh(data_file).team))
    assert [(s["who"], s["due"]) for s in steps] == [(li, "2026-11-26T05:00:00Z"), (li, None), (None, None)]


def test_the_config_changes_and_removes_procedures():
    settings = settings_from({"procedures": {
        "reception": {"steps": ["meet them at the gate"], "category": "reception"},
        "documents": False,
    }})
    assert [s.text for s in settings.procedures["reception"].steps] == ["meet them at the gate"]
    assert "documents" not in settings.procedures and "emergency" in settings.procedures
    own = settings_from({"categories": ["meetings"], "procedures": {"minutes": {"steps": ["a"], "category": "meetings"}}})
    assert own.procedures["minutes"].category == "meetings" and "reception" in own.procedures  # shipped ones stay


@pytest.mark.parametrize("table, named", [
    ({"x": {"steps": []}}, "procedures.x"),
    ({"x": {"steps": [{"text": "a", "offset": "-1q"}]}}, "procedures.x"),
    ({"x": {"steps": ["a"], "colour": "red"}}, "procedures.x"),
    ({"x": {"steps": [{"text": ""}]}}, "procedures.x"),
    ({"x": "steps"}, "procedures.x"),
    ("reception", "'procedures'"),
    ({"x": {"steps": ["a"], "category": "receptoin"}}, "procedure 'x' names the category 'receptoin'"),
])
def test_a_bad_procedure_is_one_line_naming_it(table, named):
    with pytest.raises(ConfigError) as err:
        settings_from({"procedures": table})
    assert named in str(err.value) and "\n" not in str(err.value)


def test_report_back_is_the_last_step_and_the_brief_lists_what_is_owed(desk, data_file):
    item, _ = desk.capture('check the heating from:"Director Zhao"')
    desk.step_add(item.id, "call the engineer")
    change = desk.report_back(item.id)
    assert change.step.text == "Report back to Director Zhao" and change.step.is_report
    with pytest.raises(CommandError, match="already has a report-back step"):
        desk.report_back(item.id)
    assert "To report back" not in daily_brief(fresh(data_file))
    desk.step_tick(item.id, 1)
    brief = daily_brief(fresh(data_file))
    assert "## To report back (1)" in brief and "- check the heating (to Director Zhao, work done)" in brief


# the emergency flow ----------------------------------------------------------------------------


def test_an_emergency_is_first_in_do_now_with_its_flow_and_its_times_in_the_brief(desk, data_file, monkeypatch):
    early, _ = desk.capture("* ! sign the budget ^today 11:00")
    pipe, _ = desk.capture('water pipe burst in building 2 from:"Director Zhao"', kind="interrupt")
    change = desk.make_emergency(pipe.id)
    saved = content(raw(data_file))["items"][pipe.id]
    assert (saved["important"], saved["urgent"], saved["status"], saved["emergency"]) == (True, True, "doing", FROZEN_STAMP)
    assert saved["created"] == FROZEN_STAMP and saved["taken_at"] == FROZEN_STAMP
    assert [i.id for i in fresh(data_file).quadrant(1)] == [pipe.id, early.id]
    assert [i.id for i in emergencies(fresh(data_file))] == [pipe.id]
    assert [s.text for s in change.item.steps][0].startswith("Analyse calmly")
    assert len(change.item.steps) == 6 and change.item.steps[-1].is_report
    with pytest.raises(CommandError, match="already an emergency"):
        desk.make_emergency(pipe.id)
    monkeypatch.setenv("CHIEF_NOW", "2026-11-25T10:20:00")
    desk.step_tick(pipe.id, 1)
    monkeypatch.setenv("CHIEF_NOW", "2026-11-25T10:35:00")
    desk.step_tick(pipe.id, 2)
    brief = daily_brief(Desk(data_file).board())
    assert "## Emergencies (1)" in brief
    assert "  - 10:20: Analyse calmly: what happened, how serious, who is affected" in brief
    assert "  - 10:35: Convene the departments concerned" in brief
    assert "  - not done yet: Report to the leader" in brief
    assert brief.index("## Emergencies") < brief.index("## Done")
    desk.undo()
    desk.undo()
    desk.undo()
    assert "emergency" not in content(raw(data_file))["items"][pipe.id]  or \
        content(raw(data_file))["items"][pipe.id]["emergency"] is None
    assert fresh(data_file).interrupts()[0].id == pipe.id  # one undo took the whole declaration back


def test_an_emergency_on_an_item_with_steps_starts_with_the_calm_first_flow(desk):
    """The flow comes before the item's own procedure, and the report-back stays last (one, not two)."""
    visit, _ = desk.capture('delegation from the province proc:reception from:"Director Zhao"')
    own = [s.text for s in visit.steps]
    desk.report_back(visit.id)
    desk.step_tick(visit.id, 1)  # a step already done keeps its tick
    steps = desk.make_emergency(visit.id).item.steps
    texts = [s.text for s in steps]
    assert texts[0].startswith("Analyse calmly") and texts[4].startswith("Coordinate")
    assert texts[5:5 + len(own)] == own and steps[5].done
    assert [s.is_report for s in steps].count(True) == 1 and steps[-1].is_report
    assert [s.order for s in steps] == sorted(s.order for s in steps)


# find anything ---------------------------------------------------------------------------------


def test_search_finds_a_word_in_a_note_of_an_item_done_yesterday(desk, data_file, monkeypatch):
    monkeypatch.setenv("CHIEF_NOW", "2026-11-24T16:00:00")
    old, _ = desk.capture("quarterly figures")
    desk.edit(old.id, {"notes": "ask Finance for the Budget sheet"})
    desk.done(old.id)
    monkeypatch.setenv("CHIEF_NOW", FROZEN_NOW)
    open_one, _ = desk.capture("* prepare the meeting")
    desk.step_add(open_one.id, "print the budget")
    found = desk.search("budget")
    assert [(f.item.id, f.place, f.matched) for f in found] == [
        (open_one.id, "board", ("steps",)), (old.id, "done", ("notes",))]
    assert place_words(found[0]) == "Schedule" and place_words(found[1]) == "done Tue 24 Nov 2026"
    assert [f.item.id for f in desk.search(["budget", "finance"])] == [old.id]  # every word, anywhere in it
    assert desk.search("nowhere") == []
    meeting, _ = desk.capture("筹备 会议")
    assert [f.item.id for f in desk.search("hy")] == [meeting.id]  # pinyin, as the / filter reads it
    with pytest.raises(CommandError):
        desk.search("  ")


def test_search_reaches_the_archive(desk, data_file):
    item, _ = desk.capture("renew the lease")
    desk.edit(item.id, {"notes": "landlord: Mr Zhou", "status": "done", "done_at": "2026-01-05T09:00:00Z"})
    assert desk.archive_old() == 1
    found = desk.search("zhou")
    assert [(f.item.id, f.place, f.archived) for f in found] == [(item.id, "archived", 2026)]
    assert place_words(found[0]) == "archived 2026"


def test_a_step_commands_undo_record_holds_values_only(desk, data_file):
    """Tx.get hands the steps out as values (live ones, no stamps): what undo and the CLI history keep is that."""
    item, _ = desk.capture("receive the delegation")
    for text in ("one", "two", "three"):
        desk.step_add(item.id, text)
    desk.step_remove(item.id, 2)
    desk.step_tick(item.id, 1)
    [touch] = desk.history.recorded()[-1].touches
    for record in (touch.before, touch.after):
        assert [t for t in (s["text"] for s in record["steps"].values())] == ["one", "three"]  # no tombstone of "two"
        assert not [k for s in record["steps"].values() for k in s if k.startswith("_")]
    assert any(s.get(DELETED) for s in raw(data_file)["items"][item.id]["steps"].values())  # the file keeps it
    desk.undo()
    desk.undo()
    assert texts(data_file, item.id) == ["one", "two", "three"]


def test_nested_changes_name_each_changed_entry_and_field():
    from chief.store.sync.merge import nested_changes

    before = {"a": {"text": "one", "done": False}, "b": {"text": "two"}, "c": {"text": "same"}}
    after = {"a": {"text": "one", "done": True, "who": "LI"}, "c": {"text": "same"}, "d": {"text": "new"}}
    assert nested_changes(before, after) == {
        "a": (before["a"], after["a"], {"done", "who"}),
        "b": (before["b"], None, {"text"}),
        "d": (None, after["d"], {"text"}),
    }
    assert nested_changes(None, "not a map") == {}


def test_a_working_day_offset_counts_the_days_of_the_office_wall_not_of_utc():
    """Due Tuesday 8 Dec 07:00 in Shanghai is Monday 7 Dec 23:00 UTC: the day before it is Monday 7 Dec at 07:00
    there (it was Saturday 5 Dec, a day counted back from the UTC date's Monday)."""
    import datetime
    import zoneinfo

    from chief.store.domain.config import Settings
    from chief.store.domain.steps import offset_due
    from chief.store.domain.when import Due

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    due = Due.from_stored("2026-12-07T23:00:00Z")
    assert offset_due(due, "-1d", Settings(), shanghai).stored() == "2026-12-06T23:00:00Z"
    assert offset_due(due, "-2d", Settings(), shanghai).stored() == "2026-12-03T23:00:00Z"  # Fri 4 Dec 07:00
    new_york = zoneinfo.ZoneInfo("America/New_York")  # Mon 7 Dec 18:00 there: the day before is Fri 4 Dec
    assert offset_due(due, "-1d", Settings(), new_york).stored() == "2026-12-04T23:00:00Z"
    assert offset_due(Due(datetime.date(2026, 12, 8)), "-1d", Settings(), shanghai).stored() == "2026-12-07"
