"""Steps, search, edit and the emergency from the command line (issue 15).

Every problem ends as exit status 2 and one line on stderr, with the data file unchanged.
"""

from __future__ import annotations

import json

import pytest

from conftest import FROZEN_STAMP


def _add(run_main, text: str, *extra: str) -> str:
    run_main("add", text, *extra, check=True)
    items = json.loads(run_main("list", "--json", "--all", check=True).stdout)
    return max(items, key=lambda i: i["id"])["id"]


def _steps(run_main, item_id: str) -> list[dict]:
    return json.loads(run_main("steps", item_id[:10], "--json", check=True).stdout)


def test_help_of_every_new_command(run_main, data_file):
    for argv in (["steps"], ["step"], ["step", "X", "add"], ["step", "X", "done"], ["search"], ["edit"], ["emergency"]):
        result = run_main(*argv, "--help", check=True)
        assert result.stdout.startswith("usage: chief") and result.stderr == ""
    out = run_main("--help", check=True).stdout
    for name in ("steps", "step", "search", "edit", "emergency"):
        assert f"\n    {name} " in out or f"\n    {name}\n" in out, name
    assert not data_file.exists()


def test_steps_from_add_to_done(run_main, data_file):
    item = _add(run_main, "prepare the annual meeting")
    out = run_main("steps", item[:10], check=True).stdout
    assert "no steps" in out and f"chief step {item[:10]} add TEXT" in out
    run_main("team", "add", "Wang Wei", check=True)
    run_main("step", item[:10], "add", "book the hall", check=True)
    out = run_main("step", item[:10], "add", "call", "the", "printer", "@wang", "^tomorrow", "15:00", check=True).stdout
    assert "0/2 steps done: prepare the annual meeting" in out
    assert " 2 [ ] call the printer  @Wang Wei  tomorrow 15:00" in out
    run_main("step", item[:10], "add", "--at", "1", "draft the agenda", check=True)
    out = run_main("step", item[:10], "done", "2", check=True).stdout
    assert " 2 [x] book the hall  done 10:00" in out
    assert [(s["number"], s["text"], s["done"]) for s in _steps(run_main, item)] == [
        (1, "draft the agenda", False), (2, "book the hall", True), (3, "call the printer", False)]
    run_main("step", item[:10], "move", "3", "1", check=True)
    run_main("step", item[:10], "undone", "3", check=True)
    run_main("step", item[:10], "edit", "1", "call the print shop", "--no-who", check=True)
    run_main("step", item[:10], "edit", "2", "@wang", "^fri", check=True)  # marks alone: the words stay
    assert [(s["text"], s["who"], s["due"]) for s in _steps(run_main, item)][1] == ("draft the agenda", "Wang Wei", "2026-11-27")
    run_main("step", item[:10], "edit", "2", "--no-who", "--no-due", check=True)
    run_main("step", item[:10], "remove", "2", check=True)
    steps = _steps(run_main, item)
    assert [(s["text"], s["who"], s["due"], s["done"]) for s in steps] == [
        ("call the print shop", None, "2026-11-26T07:00:00Z", False), ("book the hall", None, None, False)]
    run_main("step", item[:10], "done", "1", check=True)
    out = run_main("step", item[:10], "done", "2", check=True).stdout
    assert f"Every step is done: mark the item done with  chief done {item[:10]}" in out
    listed = json.loads(run_main("list", "--json", check=True).stdout)[0]
    assert [s["done_at"] for s in listed["steps"]] == [FROZEN_STAMP, FROZEN_STAMP]


@pytest.mark.parametrize("argv, message", [
    (["step", "{id}", "done", "7"], "has no step 7 (it has 1)"),
    (["step", "{id}", "done", "x1"], "has no step x1 (it has 1)"),
    (["step", "{id}", "undone", "1"], "is not done"),
    (["step", "{id}", "add", "* urgent step"], "a step takes only @who and ^when"),
    (["step", "{id}", "add", "call @nobody"], "nobody"),
    (["step", "{id}", "add", "call ^someday"], "someday"),
    (["step", "{id}", "edit", "1"], "say what to change"),
    (["step", "{id}", "proc", "nothing"], "unknown procedure 'nothing'"),
    (["step", "NOSUCHITEM", "done", "1"], "NOSUCHITEM"),
    (["steps", "NOSUCHITEM"], "NOSUCHITEM"),
    (["edit", "{id}"], "say what to change"),
    (["edit", "{id}", "--title", "  "], "the title is empty"),
    (["edit", "{id}", "--due", "someday"], "someday"),
    (["edit", "{id}", "--due", "fri", "--no-due"], "not both"),
    (["edit", "{id}", "--category", "nonsense"], "nonsense"),
    (["edit", "{id}", "--assignee", "nobody"], "nobody"),
    (["edit", "{id}", "--effort", "lots"], "lots"),
    (["edit", "{id}", "--follow-up", "fri"], "a follow-up needs someone to wait for"),
    (["edit", "{id}", "--waiting-on", "主任", "--follow-up", "2020-01-01"], "not in the future"),
    (["edit", "{id}", "--repeat", "sometimes"], "sometimes"),
    (["edit", "{id}", "--status", "finished"], "invalid choice"),
    (["search", " "], "say what to search for"),
])
def test_bad_input_is_one_line_and_changes_nothing(run_main, data_file, argv, message):
    item = _add(run_main, "file the minutes")
    run_main("step", item[:10], "add", "scan them", check=True)
    before = data_file.read_bytes()
    result = run_main(*[a.replace("{id}", item[:10]) for a in argv])
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert message in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert data_file.read_bytes() == before


def test_search_finds_a_word_in_a_note_of_an_item_done_yesterday(run_main, env, data_file):
    yesterday = {**env, "CHIEF_NOW": "2026-11-24T16:00:00"}
    run_main("add", "quarterly figures", env=yesterday, check=True)
    old = json.loads(run_main("list", "--json", env=yesterday, check=True).stdout)[0]["id"]
    run_main("edit", old[:10], "--notes", "ask Finance for the budget sheet", env=yesterday, check=True)
    run_main("done", old[:10], env=yesterday, check=True)
    fresh = _add(run_main, "* prepare the meeting")
    run_main("step", fresh[:10], "add", "print the Budget", check=True)
    out = run_main("search", "budget", check=True).stdout.splitlines()
    assert out == [f"{fresh[:10]}  Schedule                  prepare the meeting  (in steps)",
                   f"{old[:10]}  done Tue 24 Nov 2026      quarterly figures  (in notes)"]
    rows = json.loads(run_main("search", "finance", "--json", check=True).stdout)
    assert [(r["id"], r["place"], r["closed_day"], r["matched"]) for r in rows] == [(old, "done", "2026-11-24", ["notes"])]
    nothing = run_main("search", "nowhere")
    assert nothing.returncode == 1 and nothing.stdout == "Nothing found for nowhere.\n"


def test_edit_does_what_the_editor_does(run_main, data_file):
    item = _add(run_main, "draft the notice")
    run_main("team", "add", "Li Na", check=True)
    out = run_main("edit", item[:10], "--title", "draft the holiday notice", "--due", "fri", "--category", "doc",
                   "--assignee", "li", "--important", "--effort", "1h30m", "--source", "Director Zhao", check=True).stdout
    assert "draft the holiday notice" in out
    saved = json.loads(run_main("list", "--json", check=True).stdout)[0]
    assert (saved["title"], saved["due"], saved["category"], saved["assignee"], saved["important"], saved["effort"],
            saved["source"]) == ("draft the holiday notice", "2026-11-27", "documents", "Li Na", True, 90, "Director Zhao")
    run_main("edit", item[:10], "--no-due", "--no-category", "--no-assignee", "--not-important", "--notes", "", check=True)
    saved = json.loads(run_main("list", "--json", check=True).stdout)[0]
    assert (saved["due"], saved["category"], saved["assignee"], saved["important"]) == (None, None, None, False)
    run_main("edit", item[:10], "--waiting-on", "主任", "--follow-up", "fri", "--repeat", "every:mon", "--kind", "interrupt",
             check=True)
    saved = json.loads(run_main("list", "--json", check=True).stdout)[0]
    assert (saved["status"], saved["waiting_on"], saved["follow_up"], saved["repeat"], saved["kind"]) == (
        "waiting", "主任", "2026-11-27T01:00:00Z", "mon", "interrupt")
    run_main("edit", item[:10], "--waiting-on", "", "--repeat", "", "--status", "doing", check=True)
    saved = json.loads(run_main("list", "--json", check=True).stdout)[0]
    assert (saved["status"], saved["waiting_on"], saved["follow_up"], saved["repeat"]) == ("doing", None, None, None)


def test_an_edit_that_also_assigns_is_one_step_to_undo(run_main, data_file):
    item = _add(run_main, "draft the notice")  # in the inbox
    run_main("team", "add", "Li Na", check=True)
    before = json.loads(run_main("list", "--json", check=True).stdout)[0]
    run_main("edit", item[:10], "--title", "draft the holiday notice", "--effort", "~45m", "--assignee", "li", check=True)
    saved = json.loads(run_main("list", "--json", check=True).stdout)[0]
    assert (saved["title"], saved["effort"], saved["assignee"], saved["quadrant"]) == (
        "draft the holiday notice", 45, "Li Na", 3)  # handed over from the inbox: Delegate, as 'chief assign' does
    assert run_main("undo", check=True).stdout == "Undone: edit 'draft the notice'\n"
    assert json.loads(run_main("list", "--json", check=True).stdout)[0] == before
    bad = run_main("edit", item[:10], "--effort", "2w")
    assert bad.returncode == 2 and bad.stderr.startswith("chief: cannot understand the effort '2w'")
    bad = run_main("edit", item[:10], "--repeat", "every:blue")
    assert bad.returncode == 2 and bad.stderr.startswith("chief: cannot understand the repeat 'every:blue'")


def test_an_emergency_from_the_command_line(run_main, data_file):
    run_main("interrupt", "power cut in the archive room", check=True)
    item = json.loads(run_main("list", "--json", check=True).stdout)[0]["id"]
    out = run_main("emergency", item[:10], check=True).stdout
    assert out.startswith(f"{item}  emergency: power cut in the archive room")
    assert " 1 [ ] Analyse calmly" in out and " 6 [ ] Report back on the outcome  (report back)" in out
    saved = json.loads(run_main("list", "--json", check=True).stdout)[0]
    assert (saved["quadrant"], saved["emergency"], len(saved["steps"])) == (1, FROZEN_STAMP, 6)
    again = run_main("emergency", item[:10])
    assert again.returncode == 2 and "already an emergency" in again.stderr


def test_reception_and_procedures_in_chinese(run_main, env):
    zh = {**env, "CHIEF_LANG": "zh"}
    run_main("add", "接待省厅调研组", "#接待", "^周五", env=zh, check=True)
    item = json.loads(run_main("list", "--json", env=zh, check=True).stdout)[0]["id"]
    out = run_main("steps", item[:10], env=zh, check=True).stdout
    assert "已完成步骤 0/6：接待省厅调研组" in out and "确认来宾名单" in out
    out = run_main("step", item[:10], "done", "1", env=zh, check=True).stdout
    assert "已完成步骤 1/6" in out
    result = run_main("step", item[:10], "done", "9", env=zh)
    assert result.returncode == 2 and "“接待省厅调研组”没有第9步（共6步）" in result.stderr
    run_main("add", "采购办公用品", "流程：后勤", env=zh, check=True)
    out = run_main("search", "办公用品", env=zh, check=True).stdout
    assert "待分拣" in out
    bought = json.loads(run_main("search", "办公用品", "--json", env=zh, check=True).stdout)[0]
    assert len(bought["steps"]) == 5 and bought["steps"][0]["text"] == "确认需求：物品、数量、时间"


def test_procedures_come_from_the_config(run_main, env, tmp_path):
    config = tmp_path / "chief.toml"
    config.write_text('[procedures.reception]\ncategory = "reception"\nsteps = ["meet them at the gate", '
                      '{ text = "send the thank-you letter", report = true }]\n'
                      '[procedures]\ndocuments = false\n', encoding="utf-8")
    own = {**env, "CHIEF_CONFIG": str(config)}
    run_main("add", "greet the delegation", "#reception", env=own, check=True)
    item = json.loads(run_main("list", "--json", env=own, check=True).stdout)[0]
    assert [(s["text"], s["report"]) for s in item["steps"]] == [
        ("meet them at the gate", False), ("send the thank-you letter", True)]
    result = run_main("step", item["id"][:10], "proc", "documents", env=own)
    assert result.returncode == 2 and "unknown procedure 'documents'" in result.stderr
    config.write_text('[procedures.x]\nsteps = [{ text = "a", offset = "soon" }]\n', encoding="utf-8")
    bad = run_main("list", env=own)
    assert bad.returncode == 2 and "'procedures.x' must be" in bad.stderr and bad.stderr.count("\n") == 1


def test_a_hostile_step_text_reaches_the_terminal_inert(run_main, data_file):
    item = _add(run_main, "check the feed")
    run_main("step", item[:10], "add", "ok\x1b]0;pwned\x07 [red]x[/red]", check=True)
    for argv in (["steps", item[:10]], ["search", "pwned"], ["list"]):
        out = run_main(*argv, check=True).stdout
        assert "\x1b" not in out and "\x07" not in out, argv
    assert "[red]x[/red]" in run_main("steps", item[:10], check=True).stdout  # shown as typed, never as markup
    listed = run_main("steps", item[:10], "--json", check=True).stdout
    assert "\x1b" not in listed and json.loads(listed)[0]["text"] == "ok\x1b]0;pwned\x07 [red]x[/red]"
