"""``chief team add | edit | remove | away | back | show | list | report`` and ``chief list @NAME`` (issue 14).

The clock is frozen at Wednesday 2026-11-25 10:00 (Asia/Shanghai). Every command
that changes something is checked on the data file; every refused one leaves
the file's bytes as they were and says one line.
"""

from __future__ import annotations

import json
import re

import pytest

from chief.store.datafile.storage import read_file
from chief.store.sync.merge import content

pytestmark = pytest.mark.usefixtures("english_after")

ID = r"[0-9A-HJKMNP-TV-Z]{26}"


def team(data_file) -> dict:
    """The team table by name, as a user sees it."""
    data, _signature = read_file(data_file)
    return {r["name"]: {**r, "id": key} for key, r in content(data)["team"].items()}


def items(data_file) -> dict:
    data, _signature = read_file(data_file)
    return {r["title"]: r for r in content(data)["items"].values()}


def refused(run_main, data_file, *args, env=None):
    """Run a command that must be refused: exit 2, one line on stderr, the file's bytes untouched."""
    before = data_file.read_bytes()
    result = run_main(*args, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == "" and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert data_file.read_bytes() == before
    return result.stderr


@pytest.fixture
def office(run_main, data_file):
    """张伟 (30 h, 科员), Li Na (40 h, documents), 王芳 (capacity 0), and some work."""
    run_main("team", "add", "张伟", "--capacity", "30", "--role", "科员", check=True)
    run_main("team", "add", "Li", "Na", "--category", "doc", check=True)
    run_main("team", "add", "王芳", "--capacity", "0", check=True)
    run_main("add", "* 报送材料 @张伟 ^thu ~2h", check=True)
    run_main("add", "* 年终总结 @张伟 ^2026-12-10 ~4h", check=True)
    run_main("add", "! 订会议室 @li ^fri", check=True)
    return {name: record for name, record in team(data_file).items()}


def test_add_edit_and_names_unique_ignoring_case_and_width(run_main, data_file, office):
    assert refused(run_main, data_file, "team", "add", "ＬＩ", "ＮＡ") == "chief: there is already a member named 'Li Na'\n"
    result = run_main("team", "edit", "li", "--name", "李娜", "--capacity", "35", "--category", "rec", "--category", "doc",
                      "--role", "副科长", check=True)
    assert re.fullmatch(rf"{ID}  李娜: 副科长, 35h a week, usually reception, documents\n", result.stdout)
    assert (team(data_file)["李娜"]["capacity"], team(data_file)["李娜"]["categories"]) == (2100, ["reception", "documents"])
    assert items(data_file)["订会议室"]["assignee"] == office["Li Na"]["id"]  # the rename kept the item
    run_main("team", "edit", "李娜", "--no-category", check=True)
    assert team(data_file)["李娜"]["categories"] == []
    assert refused(run_main, data_file, "team", "edit", "李娜") == (
        "chief: say what to change: --name, --role, --capacity, --category or --no-category\n")
    assert refused(run_main, data_file, "team", "edit", "李娜", "--name", "张伟") == (
        "chief: there is already a member named '张伟'\n")
    assert refused(run_main, data_file, "team", "edit", "李娜", "--capacity", "200") == (
        "chief: capacity must be between 0 and 168 hours a week, got 200\n")
    assert refused(run_main, data_file, "team", "edit", "nobody", "--role", "x").startswith("chief: unknown member 'nobody'")


def test_list_is_most_loaded_first_with_role_capacity_load_and_away(run_main, data_file, office):
    run_main("add", "* 校对 @王芳", check=True)
    run_main("team", "away", "Li Na", "--until", "mon", "--reason", "出差", check=True)
    lines = run_main("team", "list", check=True).stdout.splitlines()
    assert [line[12:] for line in lines] == [
        "王芳                               0h      ∞  1 open",
        "张伟              科员            30h    20%  2 open",
        "Li Na                             40h     1%  1 open  [on a trip until Mon]",
    ]
    rows = json.loads(run_main("team", "list", "--json", check=True).stdout)
    assert [(r["name"], r["load_percent"], r["away"], r["away_until"], r["away_reason"]) for r in rows] == [
        ("王芳", None, False, None, ""), ("张伟", 20, False, None, ""), ("Li Na", 1, True, "2026-11-30", "trip")]


def test_show_is_the_member_and_their_whole_plate(run_main, data_file, office):
    ids = {t: r for t, r in items(data_file).items()}
    first = [i for i, r in _ids(data_file).items() if r["title"] == "报送材料"][0]
    second = [i for i, r in _ids(data_file).items() if r["title"] == "年终总结"][0]
    run_main("snooze", second, "mon", check=True)
    run_main("wait", first, "局长", "--no-follow-up", check=True)
    out = run_main("team", "show", "张伟", check=True).stdout
    assert out.splitlines()[:3] == [
        f"张伟  {office['张伟']['id']}",
        "  科员, 30h a week, load 20%",
        "Plate: 2 open (1 snoozed, 1 waiting)",
    ]
    assert "报送材料" in out and "年终总结" in out and "waiting on 局长" in out and "snoozed until" in out
    assert ids  # both items are theirs, snoozed and waiting included


def _ids(data_file) -> dict:
    data, _signature = read_file(data_file)
    return content(data)["items"]


def test_list_at_a_member_or_me_counts_what_the_team_list_counts(run_main, data_file, office):
    run_main("add", "* 自己的事", check=True)
    second = [i for i, r in _ids(data_file).items() if r["title"] == "年终总结"][0]
    run_main("snooze", second, "mon", check=True)
    mine = run_main("list", "@张伟", check=True).stdout
    assert "报送材料" in mine and "年终总结" in mine and "订会议室" not in mine and "自己的事" not in mine
    assert run_main("list", "--assignee", "zhangwei", check=True).stdout == mine  # pinyin, as @ takes it
    rows = json.loads(run_main("list", "@张伟", "--json", check=True).stdout)
    listed = json.loads(run_main("team", "list", "--json", check=True).stdout)
    assert len(rows) == next(r["open"] for r in listed if r["name"] == "张伟") == 2
    me = run_main("list", "--assignee", "me", check=True).stdout
    assert "自己的事" in me and "报送材料" not in me
    assert refused(run_main, data_file, "list", "zz") == "chief: 'zz': name a member as @NAME (or use --assignee NAME)\n"
    assert refused(run_main, data_file, "list", "@张伟", "--assignee", "me") == (
        "chief: name the member once: @NAME or --assignee NAME\n")
    assert refused(run_main, data_file, "list", "@nobody").startswith("chief: unknown member 'nobody'")


def test_away_says_what_falls_due_before_the_return_and_hands_it_on(run_main, data_file, office):
    out = run_main("team", "away", "张伟", "--until", "fri", "--reason", "sick", check=True).stdout.splitlines()
    assert re.fullmatch(rf"{ID}  张伟: off sick until Fri", out[0])
    assert out[1] == "  1 item of theirs falls due before they are back:"
    assert "报送材料" in out[3] and "年终总结" not in "\n".join(out)
    assert out[-1] == "Hand them on:  chief team away 张伟 --until ... --hand-to MEMBER|me|inbox  (or  chief assign ID ... --to MEMBER)"
    assert team(data_file)["张伟"]["away_until"] == "2026-11-27"
    out = run_main("team", "away", "张伟", "--until", "fri", "--hand-to", "li", check=True).stdout.splitlines()
    assert out[0].endswith("张伟: off sick until Fri")  # the reason kept
    assert out[1] == "  1 item due before they are back went to Li Na:"
    assert items(data_file)["报送材料"]["assignee"] == office["Li Na"]["id"]
    assert items(data_file)["年终总结"]["assignee"] == office["张伟"]["id"]
    assert refused(run_main, data_file, "team", "away", "张伟", "--until", "2026-11-25") == (
        "chief: the day they are back must be after today\n")
    run_main("team", "back", "张伟", check=True)
    assert team(data_file)["张伟"]["away"] is False
    assert refused(run_main, data_file, "team", "back", "张伟") == "chief: 张伟 is not away\n"


def test_remove_asks_where_the_open_items_go(run_main, data_file, office):
    assert refused(run_main, data_file, "team", "remove", "张伟") == (
        "chief: 张伟 has 2 open items: say who takes them (a member, me, or inbox)\n")
    out = run_main("team", "remove", "张伟", "--to", "inbox", check=True).stdout.splitlines()
    assert re.fullmatch(rf"{ID}  removed 张伟 from the team", out[0]) and out[1] == "  2 open items went to the inbox"
    assert team(data_file)["张伟"]["removed"] is True
    assert {items(data_file)[t]["status"] for t in ("报送材料", "年终总结")} == {"inbox"}
    assert "张伟" not in run_main("team", "list", check=True).stdout
    shown = run_main("team", "show", "张伟", check=True).stdout.splitlines()
    assert shown[1:] == ["  科员, 30h a week", "removed from the team"]
    run_main("team", "remove", "王芳", check=True)  # nothing open: no --to needed
    out = run_main("team", "add", "王芳", "--capacity", "10", check=True).stdout
    assert re.fullmatch(rf"{ID}  brought back 王芳, the same member as before: no role, 10h a week, usually any category\n", out)
    assert out.startswith(office["王芳"]["id"])
    # what is typed replaces, the rest is kept: 张伟 comes back as 科员 with 30 h, now usually on documents
    out = run_main("team", "add", "张伟", "--category", "doc", check=True).stdout
    assert out == f"{office['张伟']['id']}  brought back 张伟, the same member as before: 科员, 30h a week, usually documents\n"
    back = team(data_file)["张伟"]
    assert (back["id"], back["removed"], back["role"], back["capacity"], back["categories"]) == (
        office["张伟"]["id"], False, "科员", 1800, ["documents"])
    assert refused(run_main, data_file, "team", "add", "张伟") == "chief: there is already a member named '张伟'\n"


def test_an_item_given_to_a_removed_member_elsewhere_is_said_and_can_be_handed_on(run_main, data_file, office):
    from chief.store.desk import Desk

    run_main("team", "remove", "Li Na", "--to", "me", check=True)
    desk = Desk(data_file)  # what a merge from a machine that had not seen the removal leaves
    stray = desk.capture("* 另一台电脑上交办的")[0]
    desk.replica.apply(lambda tx: tx.update("items", stray.id, {"assignee": office["Li Na"]["id"]}))
    result = run_main("team", "list", check=True)
    assert result.stderr == (
        "chief: 1 open item is assigned to someone no longer on the team (Li Na): it is yours until you hand it on "
        "(chief team remove NAME --to MEMBER|me|inbox)\n")
    assert "was Li Na's (removed)" in run_main("list", "--assignee", "me", check=True).stdout
    run_main("team", "remove", "Li Na", "--to", "张伟", check=True)
    assert items(data_file)["另一台电脑上交办的"]["assignee"] == office["张伟"]["id"]
    assert run_main("team", "list", check=True).stderr == ""


def test_report_in_text_and_json(run_main, data_file, office):
    text = run_main("team", "report", "--weeks", "2", check=True).stdout.splitlines()
    assert text[0] == "Fairness, the last 2 weeks (Mon 16 - Sun 29 Nov 2026)  as of Wed 25 Nov 10:00"
    assert [line.split()[0] for line in text[3:6]] == ["张伟", "Li", "王芳"]
    data = json.loads(run_main("team", "report", "--json", check=True).stdout)
    assert data["weeks"] == 4 and [m["name"] for m in data["members"]] == ["张伟", "Li Na", "王芳"]
    # load: the Team panel's (6 h open against 30h a week), not the period's 6 h against 4 × 30 h
    assert data["members"][0]["assigned_minutes"] == 360 and data["members"][0]["load_percent"] == 20
    assert json.loads(run_main("team", "list", "--json", check=True).stdout)[0]["load_percent"] == 20
    assert refused(run_main, data_file, "team", "report", "--weeks", "0") == "chief: --weeks must be between 1 and 52, got 0\n"


def test_the_team_in_chinese(run_main, data_file, office, zh_env):
    out = run_main("team", "away", "张伟", "--until", "下周一", "--reason", "请假", env=zh_env, check=True).stdout
    assert "张伟：请假，周一返岗" in out and "其返岗前有1项到期：" in out
    assert "[请假，周一返岗]" in run_main("team", "list", env=zh_env, check=True).stdout
    text = run_main("team", "report", env=zh_env, check=True).stdout
    assert text.startswith("工作量均衡，近4周（2026年11月2日 周一至11月29日 周日）")
    assert "无人连续两周超负荷" in text
    out = run_main("team", "remove", "王芳", "--to", "我", env=zh_env, check=True).stdout
    assert "已将王芳移出科室" in out
    assert refused(run_main, data_file, "team", "remove", "张伟", env=zh_env) == (
        "chief: 张伟还有2项未办结事项：请指定由谁接手（某位成员、我 或 待分拣）\n")
    assert "自己" not in run_main("list", "@我", env=zh_env, check=True).stdout


def test_a_hostile_name_and_reason_stay_inert(run_main, data_file):
    run_main("team", "add", "Evil\x1b[2Jname", check=True)
    out = run_main("team", "away", "Evil", "--reason", "gone\x07 \x1b]0;x\x07", check=True).stdout
    out += run_main("team", "list", check=True).stdout + run_main("team", "show", "Evil", check=True).stdout
    assert "\x1b" not in out and "\x07" not in out


def test_assign_several_items_at_once(run_main, data_file, office):
    ids = {r["title"]: i for i, r in _ids(data_file).items()}
    out = run_main("assign", ids["报送材料"][:10], ids["订会议室"], "--to", "王芳", check=True).stdout.splitlines()
    assert [line.split("  ", 1)[1] for line in out] == ["assigned to 王芳: 报送材料", "assigned to 王芳: 订会议室"]
    assert {items(data_file)[t]["assignee"] for t in ("报送材料", "订会议室")} == {office["王芳"]["id"]}
    run_main("assign", ids["报送材料"], "--to", "me", check=True)
    assert items(data_file)["报送材料"]["assignee"] is None
    assert refused(run_main, data_file, "assign", ids["订会议室"], "ZZZZZZ", "--to", "张伟") == "chief: no item with id 'ZZZZZZ', nor an open item with it in its title\n"
    assert refused(run_main, data_file, "assign", ids["订会议室"], "--to", "nobody").startswith("chief: unknown member 'nobody'")


def test_an_import_finds_members_ignoring_width_and_keeps_a_removed_ones_items_theirs(run_main, data_file, office, tmp_path):
    run_main("team", "remove", "王芳", check=True)
    path = tmp_path / "hand.csv"
    path.write_text("title,assignee\n旧的简报,王芳\n校对,ＬＩ ＮＡ\n", encoding="utf-8")
    run_main("import", str(path), check=True)
    assert items(data_file)["旧的简报"]["assignee"] == office["王芳"]["id"]  # no second 王芳
    assert items(data_file)["校对"]["assignee"] == office["Li Na"]["id"]
    assert sorted(team(data_file)) == ["Li Na", "张伟", "王芳"]
    assert "was 王芳's (removed)" in run_main("list", "--assignee", "me", check=True).stdout


def test_assigning_to_someone_away_warns_in_one_line_and_assigns(run_main, data_file, office, zh_env):
    run_main("team", "away", "王芳", "--until", "2026-12-01", "--reason", "trip", check=True)
    run_main("add", "* 打印材料", check=True)
    run_main("add", "* 装订材料", check=True)
    item = next(key for key, r in content(read_file(data_file)[0])["items"].items() if r["title"] == "打印材料")
    result = run_main("assign", item[:10], "--to", "wf", check=True)  # pinyin initials, as everywhere
    assert result.stderr == "chief: note: 王芳 is away (on a trip until Tue); assigned all the same\n"
    assert items(data_file)["打印材料"]["assignee"] == office["王芳"]["id"]
    other = next(key for key, r in content(read_file(data_file)[0])["items"].items() if r["title"] == "装订材料")
    result = run_main("assign", other[:10], "--to", "王芳", env=zh_env, check=True)
    assert result.stderr == "chief: 注意：王芳不在岗（出差，周二返岗），仍已交办\n"
    assert run_main("assign", other[:10], "--to", "张伟", check=True).stderr == ""  # someone in: nothing to say


def test_an_emergency_given_to_someone_away_warns(run_main, data_file, office):
    run_main("team", "away", "张伟", "--until", "2026-12-01", check=True)
    item = next(key for key, r in content(read_file(data_file)[0])["items"].items() if r["title"] == "报送材料")
    result = run_main("emergency", item[:10], check=True)
    assert result.stderr == "chief: note: 张伟 is away (away until Tue); assigned all the same\n"
