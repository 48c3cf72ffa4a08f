"""Chinese where the chief types: full-width marks and pinyin names (issue 13).

A Chinese input method writes ``＊！＠＃＾～：`` and the full-width space; they
mean the half-width marks. Members and categories are found by pinyin
(``@zw`` is 张伟, ``#wg`` is 文稿), as are titles in the ``/`` filter.
"""

from __future__ import annotations

import pendulum
import pytest

from chief.store.domain import pinyin
from chief.store.domain.config import Settings
from chief.store.domain.quickadd import Capture, QuickAddError, parse_capture, resolve_choice
from chief.store.domain.when import Due

SH = "Asia/Shanghai"
WED = pendulum.datetime(2026, 11, 25, 10, 0, tz=SH)
FRIDAY = Due(pendulum.Date(2026, 11, 27))
IDEO = "\u3000"  # the full-width (ideographic) space

FULL_WIDTH = [
    ("＊！ 起草通知 ＠张伟 ＃文稿 ～2h",
     Capture("起草通知", important=True, urgent=True, assignee="张伟", category="文稿", effort=120)),
    ("！＊ 起草通知", Capture("起草通知", important=True, urgent=True)),
    ("＊ ！ 起草通知", Capture("起草通知", important=True, urgent=True)),
    ("＊! 起草通知", Capture("起草通知", important=True, urgent=True)),  # half and full mixed
    ("＊ 起草年度总结 ＾fri ＠zw ＃wg ～2h",
     Capture("起草年度总结", important=True, due=FRIDAY, assignee="zw", category="wg", effort=120)),
    (f"＊{IDEO}起草通知{IDEO}＠张伟", Capture("起草通知", important=True, assignee="张伟")),
    (f"起草{IDEO}通知", Capture("起草 通知")),  # the full-width space separates title words too
    ("审阅文件 due：fri", Capture("审阅文件", due=FRIDAY)),
    ("审阅文件 ＤＵＥ：fri", Capture("审阅文件", due=FRIDAY)),  # the IME's full-width letters
    ("接待 from：赵主任", Capture("接待", source="赵主任")),
    ("接待 ｆｒｏｍ:赵主任", Capture("接待", source="赵主任")),
    ("周报 every：fri", Capture("周报", due=FRIDAY, repeat="fri")),
    ("x ～２ｈ３０ｍ", Capture("x", effort=150)),  # a full-width effort value too
    ('＠"Li Wei" 报告', Capture("报告", assignee="Li Wei")),  # a quote after a full-width mark
    # Titles keep the user's characters: only a whole mark word or a mark prefix is folded.
    ("议题：预算！", Capture("议题：预算！")),
    ("紧急！ 回电", Capture("紧急！ 回电")),
    ("！紧急 回电", Capture("！紧急 回电")),
    ("费用5～10万 审批", Capture("费用5～10万 审批")),
    ("\\＃5 号文件", Capture("＃5 号文件")),  # escaped: the title word as typed
    ('"＊" 星号说明', Capture("＊ 星号说明")),  # quoted: never a mark
    ("请示 \\due：明天", Capture("请示 due：明天")),
]


@pytest.mark.parametrize(("text", "expected"), FULL_WIDTH, ids=[t for t, _ in FULL_WIDTH])
def test_full_width_marks_mean_the_half_width_ones(text, expected):
    assert parse_capture(text, WED) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x ＠", "missing assignee after '@' (e.g. @li)"),
        ("x ＃文稿 #x", "more than one category: '#x'"),
        ("＊！", "the title is empty"),
        ("x ～很久", "cannot understand the effort '~很久' (try: ~30m, ~2h, ~1d, ~1h30m)"),
    ],
)
def test_full_width_marks_are_refused_as_the_half_width_ones(text, message):
    with pytest.raises(QuickAddError) as caught:
        parse_capture(text, WED)
    assert str(caught.value) == message


# pinyin ------------------------------------------------------------------------

SPELLED = [
    # query, text, whole, start, found (span)
    ("zw", "张伟", True, True, (0, 2)),
    ("zhangwei", "张伟", True, True, (0, 2)),
    ("zhangw", "张伟", True, True, (0, 2)),
    ("ZW", "张伟", True, True, (0, 2)),
    ("zhang", "张伟", False, True, (0, 1)),
    ("wei", "张伟", False, False, (1, 2)),
    ("zwm", "张伟", False, False, None),
    ("wg", "文稿", True, True, (0, 2)),
    ("wengao", "文稿", True, True, (0, 2)),
    ("hy", "会议纪要", False, True, (0, 2)),
    ("hyjy", "会议纪要", True, True, (0, 4)),
    ("hy", "整理上月会议纪要", False, False, (4, 6)),
    ("kj", "会计", True, True, (0, 2)),  # 会 read as in context (kuai) ...
    ("hj", "会计", True, True, (0, 2)),  # ... and as any other reading it has
    ("zc", "曾聪", True, True, (0, 2)),  # polyphonic surname: zeng
    ("cc", "曾聪", True, True, (0, 2)),  # and ceng
    ("lv", "绿化", False, True, (0, 1)),  # ü typed as v
    ("lw", "Li Wei", False, False, None),  # no Han characters: pinyin does not apply
    ("z1", "张伟", False, False, None),  # not letters: not a pinyin query
    ("", "张伟", False, False, None),
]


@pytest.mark.parametrize(("query", "text", "whole", "start", "found"), SPELLED)
def test_pinyin_spelling(query, text, whole, start, found):
    assert pinyin.pinyin_whole(query, text) is whole
    assert pinyin.pinyin_starts(query, text) is start
    assert pinyin.pinyin_find(query, text) == found


def test_usual_readings_alone_leave_out_the_rare_ones():
    assert pinyin.pinyin_starts("w", "机要", every=True)
    assert not pinyin.pinyin_starts("w", "机要", every=False)
    assert pinyin.pinyin_whole("kj", "会计", every=False) and not pinyin.pinyin_whole("hj", "会计", every=False)


MEMBERS = {"m1": "张伟", "m2": "王芳", "m3": "张伟明", "m4": "Li Wei", "m5": "赵敏"}
CATEGORIES = {c: c for c in ("日常事务", "接待", "文稿", "机要保密", "后勤", "会务")}


@pytest.mark.parametrize(
    ("token", "choices", "key"),
    [
        ("zw", MEMBERS, "m1"),  # all of 张伟 beats the start of 张伟明
        ("zhangwei", MEMBERS, "m1"),
        ("zwm", MEMBERS, "m3"),
        ("zhangweiming", MEMBERS, "m3"),
        ("wf", MEMBERS, "m2"),
        ("wangfang", MEMBERS, "m2"),
        ("wang", MEMBERS, "m2"),
        ("li", MEMBERS, "m4"),  # a name's own letters come before pinyin
        ("wei", MEMBERS, "m4"),  # the word 'Wei' of Li Wei; 伟 is not the start of 张伟
        ("张伟", MEMBERS, "m1"),
        ("ＺＷ", MEMBERS, "m1"),  # typed full-width
        ("wg", CATEGORIES, "文稿"),
        ("wengao", CATEGORIES, "文稿"),
        ("wen", CATEGORIES, "文稿"),
        ("jy", CATEGORIES, "机要保密"),
        ("hq", CATEGORIES, "后勤"),
        ("rc", CATEGORIES, "日常事务"),
        ("jd", CATEGORIES, "接待"),
        ("w", CATEGORIES, "文稿"),  # the usual reading first: 机 is also read 'wei', rarely
        ("wei", CATEGORIES, "机要保密"),  # ... but that reading still counts when nothing else fits
    ],
)
def test_pinyin_finds_members_and_categories(token, choices, key):
    assert resolve_choice(token, choices, "member") == key


@pytest.mark.parametrize(
    ("token", "choices", "what", "message"),
    [
        ("zhang", MEMBERS, "member", "ambiguous member 'zhang' (matches: 张伟, 张伟明)"),
        ("z", MEMBERS, "member", "ambiguous member 'z' (matches: 张伟, 张伟明, 赵敏)"),
        ("h", CATEGORIES, "category", "ambiguous category 'h' (matches: 会务, 后勤)"),
        ("zx", MEMBERS, "member", "unknown member 'zx' (choices: Li Wei, 张伟, 张伟明, 王芳, 赵敏)"),
        ("zw", {"a": "张伟", "b": "赵文"}, "member", "ambiguous member 'zw' (matches: 张伟, 赵文)"),
        ("jiyao", {"a": "机要", "b": "纪要"}, "category", "ambiguous category 'jiyao' (matches: 机要, 纪要)"),
    ],
)
def test_pinyin_ambiguity_lists_the_choices(token, choices, what, message):
    with pytest.raises(QuickAddError) as caught:
        resolve_choice(token, choices, what)
    assert str(caught.value) == message


def test_desk_capture_reads_full_width_marks_and_pinyin(desk):
    """The full path (the dashboard's n and ! bars): ``Desk.capture``."""
    from chief.store.desk import Desk

    desk = Desk(desk.path, Settings(categories=tuple(CATEGORIES)))
    desk.team_add("张伟")
    desk.team_add("王芳")
    item, board = desk.capture("＊ 起草年度总结 ＾fri ＠zw ＃wg ～2h")
    assert (item.title, item.important, item.urgent, item.due, item.category, item.effort) == (
        "起草年度总结", True, False, "2026-11-27", "文稿", 120)
    assert board.member_name(item.assignee) == "张伟"
    item, _ = desk.capture("！ 回电话 ＠wangf", kind="interrupt")
    assert (item.title, item.urgent, item.kind, board.member_name(item.assignee)) == ("回电话", True, "interrupt", "王芳")
