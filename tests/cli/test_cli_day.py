"""A working day at the command line: ``chief undo`` / ``redo``, items named by their title,
``chief list`` in the dashboard's order, one word per mark.

Each ``chief`` run is its own step: what it changed is kept in this machine's
state folder, so a later ``chief undo`` takes back exactly that, field by field,
and refuses (file untouched) when the item was changed since.
"""

from __future__ import annotations

import json
import re

import pytest

from chief.store.datafile.storage import read_file
from chief.store.domain.board import Board
from chief.store.domain.config import Settings
from chief.store.domain import wallclock

ID = r"[0-9A-HJKMNP-TV-Z]{26}"


def added(result) -> str:
    assert result.returncode == 0, result.stderr
    return re.match(rf"({ID})  ", result.stdout).group(1)


def items_of(path) -> dict:
    return read_file(path)[0]["items"]


def live(path) -> dict:
    return {k: v for k, v in items_of(path).items() if not v.get("_deleted")}


def one_line_refusal(result, data_file, before: bytes, pattern: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert re.fullmatch(f"chief: {pattern}\n", result.stderr), result.stderr
    assert data_file.read_bytes() == before


# chief undo / chief redo -----------------------------------------------------------


def test_undo_takes_back_the_last_command_and_says_what(run_main, data_file):
    first = added(run_main("add", "起草通知"))
    second = added(run_main("add", "* 审核简报"))
    assert run_main("done", first, check=True)
    result = run_main("undo", check=True)
    assert result.stdout == "Undone: done '起草通知'\n"
    assert items_of(data_file)[first]["status"] == "inbox" and items_of(data_file)[first]["done_at"] is None
    assert run_main("undo", check=True).stdout == "Undone: add item '审核简报'\n"
    assert set(live(data_file)) == {first}
    assert second not in live(data_file)
    assert run_main("redo", check=True).stdout == "Redone: add item '审核简报'\n"
    assert items_of(data_file)[second]["title"] == "审核简报" and second in live(data_file)
    assert run_main("redo", check=True).stdout == "Redone: done '起草通知'\n"
    assert items_of(data_file)[first]["status"] == "done"


def test_a_new_command_after_undo_ends_the_redo(run_main, data_file):
    first = added(run_main("add", "起草通知"))
    run_main("done", first, check=True)
    run_main("undo", check=True)
    run_main("snooze", first, "tomorrow", check=True)
    before = data_file.read_bytes()
    one_line_refusal(run_main("redo"), data_file, before,
                     re.escape("nothing to redo: 'chief redo' makes again what 'chief undo' took back"))


def test_nothing_to_undo_is_a_refusal(run_main, data_file):
    result = run_main("undo")
    assert result.returncode == 2 and result.stderr == "chief: nothing to undo from this machine's command line\n"
    assert not data_file.exists()


def test_undo_is_field_by_field_an_edit_meanwhile_survives(run_main, data_file, desk):
    item = added(run_main("add", "起草通知"))
    run_main("wait", item, "主任", check=True)
    desk.edit(item, {"notes": "主任在外地开会", "category": "documents"})  # the dashboard, meanwhile, other fields
    assert run_main("undo", check=True).stdout == "Undone: waiting for '起草通知'\n"
    record = items_of(data_file)[item]
    assert (record["status"], record["waiting_on"], record["follow_up"]) == ("inbox", None, None)
    assert (record["notes"], record["category"]) == ("主任在外地开会", "documents")


def test_undo_of_an_item_changed_since_is_refused_and_the_file_stays(run_main, data_file, desk):
    item = added(run_main("add", "起草通知"))
    run_main("snooze", item, "tomorrow", check=True)
    desk.snooze(item, desk.read_when("fri"))  # the dashboard snoozed it again meanwhile
    before = data_file.read_bytes()
    one_line_refusal(run_main("undo"), data_file, before, re.escape(
        "cannot undo snooze '起草通知': 起草通知 was changed since (deferrals, snoozed_until); nothing was changed"))
    # the step that could not be taken back is off the list: the one before it is next, and it is checked too
    one_line_refusal(run_main("undo"), data_file, before, re.escape(
        "cannot undo add item '起草通知': 起草通知 was changed since (deferrals, snoozed_until); nothing was changed"))


def test_undo_of_an_add_after_the_item_was_dropped_elsewhere(run_main, data_file, desk):
    item = added(run_main("add", "起草通知"))
    desk.drop(item)
    before = data_file.read_bytes()
    one_line_refusal(run_main("undo"), data_file, before,
                     re.escape("cannot undo add item '起草通知': 起草通知 was changed since (done_at, status); nothing was changed"))


def test_undo_is_per_data_file_and_per_machine(run_main, env, data_file, tmp_path):
    run_main("add", "one here", check=True)
    other = tmp_path / "other.json"
    run_main("--file", str(other), "add", "one there", check=True)
    assert run_main("undo", check=True).stdout == "Undone: add item 'one here'\n"
    assert run_main("--file", str(other), "undo", check=True).stdout == "Undone: add item 'one there'\n"
    run_main("add", "again", check=True)
    elsewhere = {**env, "CHIEF_STATE_DIR": str(tmp_path / "laptop-state")}  # another machine, the same (synced) file
    assert run_main("undo", env=elsewhere).stderr == "chief: nothing to undo from this machine's command line\n"


def test_the_history_is_private_and_a_broken_one_costs_only_the_undo(run_main, data_file, tmp_path):
    run_main("add", "机要件", check=True)
    [history] = (tmp_path / "state" / "cli-history").iterdir()
    assert oct(history.stat().st_mode & 0o777) == "0o600"
    assert oct(history.parent.stat().st_mode & 0o777) == "0o700"
    steps = [json.loads(line) for line in history.read_text(encoding="utf-8").splitlines()]
    assert "机要件" in json.dumps(steps, ensure_ascii=False)
    history.write_text("{not json", encoding="utf-8")
    assert run_main("undo").stderr == "chief: nothing to undo from this machine's command line\n"
    run_main("add", "next one", check=True)
    assert run_main("undo", check=True).stdout == "Undone: add item 'next one'\n"


def test_after_200_captures_undo_takes_back_the_last_3_and_redo_makes_them_again(run_main, data_file, tmp_path):
    ids = [added(run_main("add", f"capture {n}")) for n in range(100)]
    run_main("done", ids[10], check=True)  # a step of another kind among them
    ids += [added(run_main("add", f"capture {n}")) for n in range(100, 200)]
    for n in (199, 198, 197):
        assert run_main("undo", check=True).stdout == f"Undone: add item 'capture {n}'\n"
    assert sorted(live(data_file)) == sorted(ids[:197])
    assert live(data_file)[ids[10]]["status"] == "done"
    assert run_main("redo", check=True).stdout == "Undone: add item 'capture 197'\n".replace("Undone", "Redone")
    run_main("add", "a new step", check=True)  # empties the redo stack, as in any editor
    assert run_main("redo").stderr.startswith("chief: nothing to redo")
    assert run_main("undo", check=True).stdout == "Undone: add item 'a new step'\n"
    assert run_main("undo", check=True).stdout == "Undone: add item 'capture 197'\n"
    assert run_main("undo", check=True).stdout == "Undone: add item 'capture 196'\n"
    assert sorted(live(data_file)) == sorted(ids[:196]) and live(data_file)[ids[10]]["status"] == "done"
    [history] = (tmp_path / "state" / "cli-history").iterdir()
    assert len(history.read_text(encoding="utf-8").splitlines()) <= 1 + 100 + 3  # trimmed by undo to the last 100


def test_a_capture_appends_its_step_and_leaves_other_data_files_histories_alone(run_main, data_file, tmp_path):
    other = tmp_path / "other.json"
    run_main("--file", str(other), "add", "one there", check=True)
    run_main("add", "one here", check=True)
    folder = tmp_path / "state" / "cli-history"
    before = {path: path.read_bytes() for path in folder.iterdir()}
    inodes = {path: path.stat().st_ino for path in folder.iterdir()}
    run_main("add", "two here", check=True)
    after = {path: path.read_bytes() for path in folder.iterdir()}
    [grown] = [path for path in after if after[path] != before[path]]
    assert after[grown].startswith(before[grown]) and after[grown].count(b"\n") == before[grown].count(b"\n") + 1
    assert {path: path.stat().st_ino for path in folder.iterdir()} == inodes  # appended, not written again
    assert run_main("--file", str(other), "undo", check=True).stdout == "Undone: add item 'one there'\n"


def test_an_import_is_one_step_to_undo(run_main, data_file, tmp_path):
    source = tmp_path / "tasks.json"
    source.write_text(json.dumps([{"uuid": f"00000000-0000-0000-0000-00000000000{n}", "description": f"task {n}",
                                   "status": "pending", "entry": "20261120T010000Z"} for n in range(3)]), encoding="utf-8")
    run_main("import", str(source), check=True)
    assert len(live(data_file)) == 3
    run_main("undo", check=True)
    assert live(data_file) == {}


def test_undo_of_a_step_is_step_by_step_a_tick_meanwhile_survives(run_main, data_file, desk):
    item = added(run_main("add", "* 接待来访"))
    run_main("step", item, "add", "安排车辆", check=True)
    run_main("step", item, "add", "预订会议室", check=True)
    desk.step_tick(item, 1)  # the dashboard ticks the first step meanwhile
    assert run_main("undo", check=True).stdout == "Undone: add step '接待来访'\n"
    steps = [s for s in items_of(data_file)[item]["steps"].values() if not s.get("_deleted")]
    assert [(s["text"], bool(s.get("done"))) for s in steps] == [("安排车辆", True)]
    before = data_file.read_bytes()  # the step the next undo would remove was ticked since: refused, kept
    one_line_refusal(run_main("undo"), data_file, before,
                     re.escape("cannot undo add step '接待来访': 接待来访 was changed since (steps); nothing was changed"))


def test_undo_of_a_recurring_duty_done_takes_back_its_next_one_too(run_main, data_file):
    duty = added(run_main("add", "报送值班表", "every:weekday", "9:00"))
    run_main("done", duty, check=True)
    assert len(live(data_file)) == 2  # the next one was made
    assert run_main("undo", check=True).stdout == "Undone: done '报送值班表'\n"
    assert set(live(data_file)) == {duty} and items_of(data_file)[duty]["status"] == "open"


def test_undo_of_team_add(run_main, data_file):
    run_main("team", "add", "张伟", "--capacity", "30", check=True)
    assert run_main("undo", check=True).stdout == "Undone: add member '张伟'\n"
    assert run_main("team", "list", check=True).stdout.startswith("No team members yet")


def test_undo_in_chinese(run_main, env, data_file, desk):
    zh = {**env, "CHIEF_LANG": "zh"}
    assert run_main("undo", env=zh).stderr == "chief: 本机命令行没有可撤回的更改\n"
    item = added(run_main("add", "起草通知", env=zh))
    run_main("done", item, env=zh, check=True)
    assert run_main("undo", env=zh, check=True).stdout == "已撤回：办结“起草通知”\n"
    assert run_main("redo", env=zh, check=True).stdout == "已重做：办结“起草通知”\n"
    run_main("undo", env=zh, check=True)
    run_main("step", "起草", "add", "核对数据", env=zh, check=True)  # a step, on the item named by its title
    assert run_main("undo", env=zh, check=True).stdout == "已撤回：新增步骤“起草通知”\n"
    assert run_main("redo", env=zh, check=True).stdout == "已重做：新增步骤“起草通知”\n"
    run_main("undo", env=zh, check=True)
    run_main("done", item, env=zh, check=True)
    run_main("undo", env=zh, check=True)
    run_main("snooze", item, "tomorrow", env=zh, check=True)
    run_main("resume", item, env=zh, check=True)
    desk.snooze(item, desk.read_when("fri"))  # the dashboard, meanwhile
    before = data_file.read_bytes()
    result = run_main("undo", env=zh)  # back on the board: but the item was snoozed again since
    assert result.returncode == 2 and data_file.read_bytes() == before
    assert result.stderr == "chief: 无法撤回 回到看板“起草通知”：“起草通知”此后已被更改（snoozed_until）；未做任何改动\n"


# an item named by words of its title -------------------------------------------------


@pytest.fixture
def three(run_main):
    return {name: added(run_main("add", *text)) for name, text in
            (("report", ["起草年度总结", "report"]), ("review", ["review", "the", "report"]), ("card", ["*", "Report", "card"]))}


def test_done_drop_snooze_wait_resume_by_a_unique_title_fragment(run_main, data_file, three):
    assert run_main("done", "年度", check=True).stdout == f"{three['report']}  done: 起草年度总结 report\n"
    assert run_main("snooze", "REVIEW", "tomorrow", check=True).stdout.startswith(f"{three['review']}  snoozed until")
    assert run_main("resume", "review the", check=True).stdout == f"{three['review']}  back on the board: review the report\n"
    assert run_main("wait", "card", "主任", check=True).stdout.startswith(f"{three['card']}  waiting on 主任")
    assert run_main("drop", "card", check=True).stdout == f"{three['card']}  dropped: Report card\n"
    statuses = {k: v["status"] for k, v in items_of(data_file).items()}
    assert statuses == {three["report"]: "done", three["review"]: "inbox", three["card"]: "dropped"}


def test_an_ambiguous_fragment_lists_the_matches_and_changes_nothing(run_main, data_file, three):
    before = data_file.read_bytes()
    result = run_main("done", "report")
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "chief: 'report' is in the titles of 3 open items: say which by id"
    assert [line.split("  ")[1:] for line in lines[1:]] == [
        [three["report"][:10], "起草年度总结 report"], [three["review"][:10], "review the report"], [three["card"][:10], "Report card"]]
    assert data_file.read_bytes() == before
    assert run_main("snooze", "report", "tomorrow").returncode == 2
    assert data_file.read_bytes() == before


def test_a_title_that_is_exactly_the_words_wins_and_closed_items_are_not_named(run_main, data_file, three):
    run_main("done", "report card", check=True)
    assert run_main("done", "card").stderr == "chief: no item with id 'card', nor an open item with it in its title\n"


def test_an_id_prefix_still_comes_first(run_main, three):
    assert run_main("done", three["card"][:12], check=True).stdout.startswith(three["card"])


# chief list in the dashboard's order ---------------------------------------------------


def test_list_orders_each_group_as_the_dashboard_does(run_main, data_file, frozen_time):
    for words in (["*", "!", "old, no due"], ["*", "!", "due friday", "^fri"], ["*", "!", "due tomorrow", "^tomorrow"],
                  ["*", "!", "late", "^2026-11-23"], ["inbox second"], ["inbox first"]):
        run_main("add", *words, check=True)
    out = run_main("list", check=True).stdout
    board = Board.from_data(read_file(data_file)[0], Settings(), wallclock.now())
    do_now = [board.items[i].title for i in (it.id for it in board.quadrant(1))]
    shown = [line.split("  ")[-1].strip() for line in out.split("\n\n")[0].splitlines()[1:]]
    assert shown == do_now == ["late", "due tomorrow", "due friday", "old, no due"]
    assert out.split("\n\n")[1].splitlines()[1:][0].endswith("inbox second")  # the inbox, oldest first
    listed = [row["title"] for row in json.loads(run_main("list", "--json", check=True).stdout)]
    assert listed[0] == "old, no due"  # for scripts: oldest first, as export json (a stable order)


# one word per mark -------------------------------------------------------------------


def test_a_snooze_is_said_with_the_marks_own_words(run_main, data_file):
    item = added(run_main("add", "* 审核简报"))
    run_main("snooze", item, "tomorrow", check=True)
    said = run_main("snooze", item, "fri", check=True).stdout
    assert said == f"{item}  snoozed until Fri 27 Nov 09:00 (2x): 审核简报\n"
    assert "put off" not in said
    listed = run_main("list", check=True).stdout
    assert "[snoozed until Fri 27 Nov 09:00, snoozed 2x]" in listed


@pytest.mark.parametrize("lang, mark", [("en", "snoozed 2x"), ("zh", "稍后提醒2次")])
def test_the_snoozed_mark_is_the_same_words_in_every_face(run_main, env, data_file, frozen_time, lang, mark):
    environ = {**env, "CHIEF_LANG": lang}
    item = added(run_main("add", "*", "!", "审核简报", "^today", "18:00", env=environ))
    run_main("snooze", item, "15:00", env=environ, check=True)
    said = run_main("snooze", item, "16:00", env=environ, check=True).stdout
    assert ("(2x)" if lang == "en" else "（2次）") in said
    faces = {
        "list": run_main("list", env=environ, check=True).stdout,
        "brief": run_main("brief", env=environ, check=True).stdout,
        "export md": run_main("export", "--format", "md", env=environ, check=True).stdout,
    }
    for face, text in faces.items():
        line = next(line for line in text.splitlines() if "审核简报" in line)
        assert mark in line, (face, line)
        assert "put off" not in text and "推迟" not in text, face
    from chief.store import i18n
    from chief.tui.screens.triage import decision_words

    i18n.set_language(lang)
    try:
        board = Board.from_data(read_file(data_file)[0], Settings(), wallclock.now())
        assert decision_words(board, None, board.items[item]) == ("Snoozed (2x)" if lang == "en" else "稍后提醒（2次）")
    finally:
        i18n.set_language("en")
