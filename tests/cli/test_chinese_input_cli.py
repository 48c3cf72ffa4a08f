"""``chief add`` and ``chief interrupt`` with a Chinese input method's marks and pinyin names.

Both the short splice path (a file this machine wrote) and the full path
(through the desk) read the line the same way; the first ``add`` of each test
takes the full path, the later ones the short one.
"""

from __future__ import annotations

import pytest

from test_cli import added_id, items_of

CATEGORIES = '["日常事务", "接待", "文稿", "机要保密", "后勤"]'


@pytest.fixture
def office(run_main, env, tmp_path):
    """Chinese categories in the config, and a team of 张伟, 王芳 and 赵文."""
    (tmp_path / "config.toml").write_text(f"categories = {CATEGORIES}\n", encoding="utf-8")
    for name in ("张伟", "王芳", "赵文"):
        run_main("team", "add", name, check=True)
    run_main("add", "第一件事", check=True)
    return run_main


@pytest.mark.parametrize(
    ("argv", "line", "saved"),
    [
        (["add", "＊！ 起草通知 ＠张伟 ＃文稿 ～2h"], "Do now: 起草通知  (@张伟, #文稿, ~2h)",
         {"important": True, "urgent": True, "category": "文稿", "effort": 120}),
        (["add", "＊ 起草年度总结 ＾fri ＠zhangw ＃wg ～２ｈ"],
         "Schedule: 起草年度总结  (due Fri 27 Nov 2026, all day (in 2d), @张伟, #文稿, ~2h)",
         {"important": True, "due": "2026-11-27", "category": "文稿"}),
        (["add", "＊", "请示", "＠wangfang", "＃hq"], "Schedule: 请示  (@王芳, #后勤)", {"category": "后勤"}),
        (["add", "请示\u3000＠wf\u3000＃jy"], "Inbox: 请示  (@王芳, #机要保密)", {"status": "inbox"}),
        (["add", "x ＃w ＠wangfang"], "Inbox: x  (@王芳, #文稿)", {"category": "文稿"}),  # 机's rare 'wei' comes later
        (["add", "议题：预算！ due：fri"], "Later: 议题：预算！  (due Fri 27 Nov 2026, all day (in 2d))",
         {"title": "议题：预算！"}),
        (["interrupt", "来电 from：赵主任 ！"], "Interrupts: 来电  (from 赵主任)", {"source": "赵主任", "kind": "interrupt"}),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_add_reads_full_width_marks_and_pinyin(office, data_file, argv, line, saved):
    result = office(*argv)
    item_id = added_id(result)
    assert result.stdout == f"{item_id}  {line}\n", result.stderr
    record = items_of(data_file)[item_id]
    assert {key: record.get(key) for key in saved} == saved


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x ＠zw", "ambiguous member 'zw' (matches: 张伟, 赵文)"),
        ("x ＠qq", "unknown member 'qq' (choices: 张伟, 王芳, 赵文)"),
        ("x ＃qq", "unknown category 'qq' (choices: 后勤, 接待, 文稿, 日常事务, 机要保密)"),
    ],
)
def test_add_says_which_names_a_pinyin_could_mean(office, data_file, text, message):
    before = data_file.read_bytes()
    result = office("add", text)
    assert result.returncode != 0 and message in result.stderr
    assert data_file.read_bytes() == before
