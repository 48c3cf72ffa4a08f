"""The quick-add line, with the clock frozen by passing an explicit ``now``."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chief.store.domain import quickadd
from chief.store.domain.quickadd import Capture, QuickAddError, parse_capture, resolve_choice
from chief.store.domain.when import Due, WhenError

SH = "Asia/Shanghai"
WED = pendulum.datetime(2026, 11, 25, 10, 0, tz=SH)  # a Wednesday morning

TOMORROW_930 = Due(pendulum.datetime(2026, 11, 26, 9, 30, tz=SH))
FRIDAY = Due(pendulum.Date(2026, 11, 27))
NEXT_MON_10 = Due(pendulum.datetime(2026, 11, 30, 10, tz=SH))

CAPTURES = [
    ("call Li", Capture("call Li")),
    ("* call Li", Capture("call Li", important=True)),
    ("! call Li", Capture("call Li", urgent=True)),
    ("*! call Li", Capture("call Li", important=True, urgent=True)),
    ("!* call Li", Capture("call Li", important=True, urgent=True)),
    ("call Li * ! *", Capture("call Li", important=True, urgent=True)),
    ("Fire! *now* !!", Capture("Fire! *now* !!")),  # marks only count as whole words
    ("call Li @wang", Capture("call Li", assignee="wang")),
    ("@张伟 审阅文件", Capture("审阅文件", assignee="张伟")),
    ('@"Li Wei" report', Capture("report", assignee="Li Wei")),
    ("#documents file it", Capture("file it", category="documents")),
    ('file #"board papers"', Capture("file", category="board papers")),
    ("x ~30m", Capture("x", effort=30)),
    ("x ~2h", Capture("x", effort=120)),
    ("x ~2H", Capture("x", effort=120)),
    ("x ~1d", Capture("x", effort=480)),
    ("x ~1h30m", Capture("x", effort=90)),
    ("x ~1d2h", Capture("x", effort=600)),
    ("x from:Zhao", Capture("x", source="Zhao")),
    ("x FROM:Zhao", Capture("x", source="Zhao")),
    ('from:"Director Zhao" x', Capture("x", source="Director Zhao")),
    ("^tomorrow 9:30 call Li", Capture("call Li", due=TOMORROW_930)),
    ("call Li ^tomorrow 9:30", Capture("call Li", due=TOMORROW_930)),
    ("call Li ^tomorrow@9:30", Capture("call Li", due=TOMORROW_930)),
    ("^fri report", Capture("report", due=FRIDAY)),
    ("^ fri report", Capture("report", due=FRIDAY)),
    ("due:fri report", Capture("report", due=FRIDAY)),
    ("report DUE:fri", Capture("report", due=FRIDAY)),
    ("^next mon 10am call Li", Capture("call Li", due=NEXT_MON_10)),
    ('call ^"next mon 10am" Li', Capture("call Li", due=NEXT_MON_10)),
    ("x ^in 2h", Capture("x", due=Due(pendulum.datetime(2026, 11, 25, 12, tz=SH)))),
    ('^fri "9:30 standup"', Capture("9:30 standup", due=FRIDAY)),  # a quoted word is never a time
    ("\\#5 bolts", Capture("#5 bolts")),
    ("\\* x", Capture("* x")),
    ("\\*! x", Capture("*! x")),
    ("\\@wang x", Capture("@wang x")),
    ("\\^fri x", Capture("^fri x")),
    ("\\due:fri x", Capture("due:fri x")),
    ("\\~30m x", Capture("~30m x")),
    ('\\"quoted" x', Capture('"quoted" x')),
    ("C:\\temp and \\\\share", Capture("C:\\temp and \\share")),
    ('"#5 bolts" order', Capture("#5 bolts order")),
    ("'* !' x", Capture("* ! x")),
    ('say "hello   there" now', Capture("say hello there now")),
    ("Li's report", Capture("Li's report")),
    ("Li's and Wang's report", Capture("Li's and Wang's report")),  # apostrophes are not quotes
    ('say "hi', Capture('say "hi')),  # unbalanced: literal
    ('"Li Wei", then', Capture('"Li Wei", then')),  # no closing quote before a space: literal
    ('"" x', Capture("x")),
    ("  call \t Li \n now  ", Capture("call Li now")),
    ("a * b @c d #e f", Capture("a b d f", important=True, assignee="c", category="e")),
    ("[b]x[/b] 🎉 张伟　审阅", Capture("[b]x[/b] 🎉 张伟 审阅")),
    (
        "* ! call Li ^tomorrow 9:30 @wang #documents ~30m from:Zhao",
        Capture("call Li", True, True, TOMORROW_930, "wang", "documents", 30, "Zhao"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CAPTURES)
def test_parse_capture(text, expected):
    assert parse_capture(text, WED) == expected


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["call", "Li Wei now", "*"], Capture("call Li Wei now", important=True)),
        (["^tomorrow", "9:30", "call"], Capture("call", due=TOMORROW_930)),
        (['from:"Director Zhao"', "x"], Capture("x", source="Director Zhao")),
        (["x", "^next mon 10am"], Capture("x", due=NEXT_MON_10)),
    ],
)
def test_argv_words_are_joined_then_split(argv, expected):
    assert parse_capture(argv, WED) == expected


def test_day_end_reaches_the_due_time():
    capture = parse_capture("x ^eod", WED, day_end=pendulum.Time(17, 0))
    assert capture.due == Due(pendulum.datetime(2026, 11, 25, 17, tz=SH))


@pytest.mark.parametrize(
    ("text", "triaged"),
    [
        ("x", False),
        ("* x", True),
        ("! x", True),
        ("^fri x", True),
        ("@li #docs ~30m from:zhao x", False),
    ],
)
def test_triaged(text, triaged):
    assert parse_capture(text, WED).triaged is triaged


ERRORS = [
    ("", "the title is empty"),
    ("   ", "the title is empty"),
    ("* ! @li", "the title is empty"),
    ("^fri", "the title is empty"),
    ('""', "the title is empty"),
    (
        "^frday x",
        "cannot understand the time 'frday' "
        "(try: today, tomorrow, fri, next mon, in 3d, eod, eow, 15:00, 3pm, 2026-12-01)",
    ),
    ("x ^next frday", "cannot understand the time 'next frday' (try: "),
    ('x ^"fri 25:00"', "cannot understand the time '25:00': no such time of day (try: "),
    ("x ^1/12", "cannot understand the time '1/12': slash dates are ambiguous"),
    ("x ~abc", "cannot understand the effort '~abc' (try: ~30m, ~2h, ~1d, ~1h30m)"),
    ("x ~0m", "cannot understand the effort '~0m' (try: "),
    ("x ~1w", "cannot understand the effort '~1w' (try: "),
    ("x ~", "missing effort after '~' (e.g. ~30m)"),
    ("x @", "missing assignee after '@' (e.g. @li)"),
    ("x #", "missing category after '#' (e.g. #documents)"),
    ("x from:", "missing source after 'from:' (e.g. from:\"Director Zhao\")"),
    ("x ^", "missing due time after '^' (e.g. ^fri, due:tomorrow)"),
    ("x due:", "missing due time after 'due:' (e.g. ^fri, due:tomorrow)"),
    ('x ^ "fri"', "missing due time after '^'"),
    ("^fri x due:mon", "more than one due time: 'due:mon'"),
    ("@li x @wang", "more than one assignee: '@wang'"),
    ("#a x #b", "more than one category: '#b'"),
    ("~1h x ~2h", "more than one effort: '~2h'"),
    ("from:a x from:b", "more than one source: 'from:b'"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS)
def test_errors(text, message):
    with pytest.raises(QuickAddError) as caught:
        parse_capture(text, WED)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_when_errors_keep_their_cause():
    with pytest.raises(QuickAddError) as caught:
        parse_capture("x ^frday", WED)
    assert isinstance(caught.value.__cause__, WhenError)
    assert isinstance(caught.value, ValueError)


MARKS = ("*", "!", "\\", *quickadd._MARK_PREFIXES)  # every mark, proc: and 流程: too
SAFE_WORD = st.text(
    alphabet=st.characters(blacklist_categories=("Z", "Cc", "Cs"), blacklist_characters="\"'\x1c\x1d\x1e\x1f\x85"),
    min_size=1,
    max_size=8,
).filter(lambda word: not word.translate(quickadd._HALF_WIDTH).lower().startswith(MARKS))  # ＊ and ： are marks too


@given(st.lists(SAFE_WORD, min_size=1, max_size=6))
@settings(max_examples=200)
def test_title_words_are_kept_exactly(words):
    assert parse_capture(" ".join(words), WED).title == " ".join(words)


@given(st.text(max_size=40))
@settings(max_examples=300)
def test_any_text_gives_a_capture_or_one_line_error(text):
    try:
        capture = parse_capture(text, WED)
    except QuickAddError as err:
        assert "\n" not in str(err)
        return
    assert capture.title == capture.title.strip() and capture.title


# -- resolve_choice ----------------------------------------------------------

MEMBERS = {"m1": "Li Wei", "m2": "Wang Fang", "m3": "张伟", "m4": "Liu Yang"}
CATEGORIES = {"doc": "documents", "mtg": "meetings", "vis": "visitors"}


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("Li Wei", "m1"),
        ("li wei", "m1"),
        ("LI WEI", "m1"),
        ("ｌｉ ｗｅｉ", "m1"),  # full-width letters, as an IME may type them
        ("wang", "m2"),
        ("wang f", "m2"),
        ("fang", "m2"),
        ("wei", "m1"),
        ("liu", "m4"),
        ("yang", "m4"),
        ("张", "m3"),
        ("张伟", "m3"),
        ("zh", "m3"),  # pinyin: see test_pinyin.py
    ],
)
def test_resolve_member(token, key):
    assert resolve_choice(token, MEMBERS, "member") == key


def test_exact_name_beats_prefix():
    assert resolve_choice("li", {"a": "Lily", "b": "Li"}, "member") == "b"


def test_name_prefix_beats_word_prefix():
    assert resolve_choice("lee", {"a": "Ann Lee", "b": "Lee Wong"}, "member") == "b"


@pytest.mark.parametrize(
    ("token", "choices", "key"),
    [
        ("li", {"a": "Li Na", "b": "Liu Yang"}, "a"),  # a whole word beats a start of one
        ("Li", {"a": "Liu Yang", "b": "Li Na", "c": "Lily Chen"}, "b"),
        ("na", {"a": "Li Na", "b": "Nan Xu"}, "a"),
        ("li", {"a": "Wang Li", "b": "Liu Yang"}, "a"),
        ("张伟", {"a": "张伟", "b": "张伟明"}, "a"),  # a whole Chinese name is its one word
    ],
)
def test_a_whole_word_of_a_name_beats_a_start(token, choices, key):
    assert resolve_choice(token, choices, "member") == key


def test_resolve_category():
    assert resolve_choice("me", CATEGORIES, "category") == "mtg"


@pytest.mark.parametrize(
    ("token", "choices", "what", "message"),
    [
        ("l", MEMBERS, "member", "ambiguous member 'l' (matches: Li Wei, Liu Yang)"),
        ("qq", MEMBERS, "member", "unknown member 'qq' (choices: Li Wei, Liu Yang, Wang Fang, 张伟)"),
        ("", MEMBERS, "member", "unknown member '' (choices: Li Wei, Liu Yang, Wang Fang, 张伟)"),
        ("li wei", {"a": "Li Wei", "b": "li wei"}, "member", "ambiguous member 'li wei' (matches: Li Wei, li wei)"),
        ("x", CATEGORIES, "category", "unknown category 'x' (choices: documents, meetings, visitors)"),
        ("x", {}, "member", "unknown member 'x' (no members yet)"),
        ("li", {"a": "Wang Li", "b": "Zhao Li", "c": "Liu Yang"}, "member", "ambiguous member 'li' (matches: Wang Li, Zhao Li)"),
        ("张", {"a": "张伟", "b": "张伟明"}, "member", "ambiguous member '张' (matches: 张伟, 张伟明)"),
    ],
)
def test_resolve_errors(token, choices, what, message):
    with pytest.raises(QuickAddError) as caught:
        resolve_choice(token, choices, what)
    assert str(caught.value) == message


def test_resolve_with_no_choices_uses_the_hint():
    hint = "no members yet: add one with 'chief team add NAME'"
    with pytest.raises(QuickAddError) as caught:
        resolve_choice("x", {}, "member", empty_hint=hint)
    assert str(caught.value) == "unknown member 'x' (no members yet: add one with 'chief team add NAME')"
