"""China's working calendar (store/domain/calendar.py): holidays and make-up working days behind Settings.

Dates are 2026's State Council schedule: 元旦 1-3 Jan (4 Jan, a Sunday, worked);
春节 15-23 Feb (14 and 28 Feb, Saturdays, worked); 清明 4-6 Apr; 劳动节 1-5 May
(9 May worked); 端午 19-21 Jun; 中秋 25-27 Sep; 国庆 1-7 Oct (20 Sep, a Sunday,
and 10 Oct, a Saturday, worked). Time is frozen: each test passes its own now.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from chief.store import i18n
from chief.store.desk import Desk, default_follow_up
from chief.store.domain import calendar
from chief.store.domain.config import ConfigError, Settings, settings_from
from chief.store.domain.model import DEFAULT_CATEGORIES, ZH_DEFAULT_CATEGORIES
from chief.store.domain.quickadd import parse_capture
from chief.store.domain.recur import Rule
from chief.store.domain.when import parse_when

ZONE = pendulum.timezone("Asia/Shanghai")
CN = settings_from({"calendar": "cn"})
PLAIN = settings_from({"calendar": "none"})
D = dt.date.fromisoformat


def at(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=ZONE)


@pytest.fixture(autouse=True)
def english_and_quiet():
    """Each test starts in English with no calendar notice said yet, and leaves it so."""
    calendar._years_told.clear()
    calendar.take_calendar_notices()
    yield
    i18n.set_language("en")
    calendar._years_told.clear()
    calendar.take_calendar_notices()


HOLIDAYS_2026 = ["2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-20", "2026-02-23", "2026-04-06",
                 "2026-05-01", "2026-05-04", "2026-05-05", "2026-06-19", "2026-09-25", "2026-10-01", "2026-10-02",
                 "2026-10-05", "2026-10-06", "2026-10-07"]
MAKE_UP_2026 = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


@pytest.mark.parametrize("day", HOLIDAYS_2026)
def test_a_weekday_of_a_2026_holiday_is_no_working_day_in_china_but_is_in_plain_weekdays(day):
    assert not CN.is_working_day(D(day))
    assert PLAIN.is_working_day(D(day))


@pytest.mark.parametrize("day", MAKE_UP_2026)
def test_a_2026_make_up_weekend_day_is_a_working_day_in_china_only(day):
    assert D(day).weekday() >= 5
    assert CN.is_working_day(D(day))
    assert not PLAIN.is_working_day(D(day))


@pytest.mark.parametrize(("day", "after", "expected"), [
    ("2026-09-30", 1, "2026-10-08"),  # the eve of 国庆节: the next working day is after the holiday
    ("2026-09-30", 2, "2026-10-09"),
    ("2026-10-09", 1, "2026-10-10"),  # Friday's next working day is the make-up Saturday
    ("2026-09-18", 1, "2026-09-20"),  # ... and a make-up Sunday
    ("2026-02-13", 1, "2026-02-14"),  # 春节
    ("2026-02-14", 1, "2026-02-24"),
    ("2026-02-27", 1, "2026-02-28"),
    ("2026-04-03", 1, "2026-04-07"),  # 清明
    ("2026-04-30", 1, "2026-05-06"),  # 劳动节
    ("2026-05-08", 1, "2026-05-09"),
    ("2026-06-18", 1, "2026-06-22"),  # 端午
    ("2026-09-24", 1, "2026-09-28"),  # 中秋
    ("2025-12-31", 1, "2026-01-04"),  # 元旦, across the year
    ("2026-11-25", 1, "2026-11-26"),  # an ordinary week
    ("2026-11-27", 1, "2026-11-30"),
])
def test_the_next_working_day_follows_the_state_council(day, after, expected):
    assert CN.next_working_day(D(day), after) == D(expected)


@pytest.mark.parametrize("now", ["2026-09-28T10:00", "2026-09-29T10:00", "2026-09-30T17:00", "2026-10-01T09:00",
                                 "2026-10-04T20:00", "2026-10-07T09:00"])
def test_no_default_follow_up_lands_on_national_day(now):
    due = default_follow_up(CN, at(now)).at
    assert not D("2026-10-01") <= due <= D("2026-10-07")
    assert CN.is_working_day(due)


def test_every_default_follow_up_of_2026_lands_on_a_working_day():
    day = D("2026-01-01")
    while day.year == 2026:
        follow = default_follow_up(CN, at(f"{day.isoformat()}T10:00")).at
        assert CN.is_working_day(follow), day
        assert CN.next_working_day(CN.next_working_day(day)) == follow
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-11-25T10:00", "2026-11-27"),  # an ordinary Wednesday: Friday
    ("2026-09-28T10:00", "2026-09-30"),  # the week 国庆节 begins: its last working day is Wednesday
    ("2026-10-02T10:00", "2026-10-10"),  # a holiday with no working day left: next week's make-up Saturday
    ("2026-10-08T10:00", "2026-10-10"),
    ("2026-02-09T10:00", "2026-02-14"),  # the week before 春节 ends on the make-up Saturday
    ("2026-09-14T10:00", "2026-09-20"),  # ... or a make-up Sunday
])
def test_eow_is_the_last_working_day_of_the_week(now, expected):
    due = parse_when("eow", at(now), working_day=CN.is_working_day)
    assert due.at.date() == D(expected) and (due.at.hour, due.at.minute) == (18, 0)


def test_eow_without_a_calendar_is_friday_as_before():
    assert parse_when("eow", at("2026-10-02T10:00")).at.date() == D("2026-10-02")
    assert parse_when("eow", at("2026-10-03T10:00")).at.date() == D("2026-10-09")
    assert parse_when("eow", at("2026-10-02T10:00"), working_day=PLAIN.is_working_day).at.date() == D("2026-10-02")


@pytest.mark.parametrize("spec", ["weekday 9:00", "工作日 9:00"])
@pytest.mark.parametrize(("now", "expected"), [
    ("2026-09-30T10:00", "2026-10-08T09:00"),  # past 9:00 on the eve of the holiday: after it
    ("2026-09-19T10:00", "2026-09-20T09:00"),  # a Saturday: the make-up Sunday
    ("2026-10-09T10:00", "2026-10-10T09:00"),
    ("2026-11-25T08:00", "2026-11-25T09:00"),
])
def test_every_working_day_skips_holidays_and_keeps_make_up_days(spec, now, expected):
    rule = Rule.parse(spec)
    assert rule.stored() == "weekday 9:00"  # every:工作日 is every:weekday
    assert rule.first(at(now), CN.is_working_day).at == at(expected)
    assert rule.next(None, at(now), CN.is_working_day).at == at(expected)


def test_a_captured_duty_and_a_captured_eow_use_the_calendar():
    now = at("2026-09-30T19:00")
    duty = parse_capture("周报 every:工作日 9:00", now, working_day=CN.is_working_day)
    assert duty.due.at == at("2026-10-08T09:00")
    task = parse_capture("整理材料 ^eow", at("2026-10-02T10:00"), working_day=CN.is_working_day)
    assert task.due.at.date() == D("2026-10-10")


def test_every_weekday_without_a_calendar_is_monday_to_friday():
    assert Rule.parse("weekday").first(at("2026-10-01T10:00")).at == D("2026-10-01")


def test_the_default_calendar_follows_the_interface_language():
    assert calendar.region_of(Settings()) == "none"
    assert not Settings().is_working_day(D("2026-10-10"))
    i18n.set_language("zh")
    assert calendar.region_of(Settings()) == "cn"
    assert Settings().is_working_day(D("2026-10-10"))
    assert calendar.region_of(PLAIN) == "none"  # the config's word stands in either language


def test_the_configs_own_days_come_first():
    own = settings_from({"calendar": "cn", "holidays": ["2026-10-08", dt.date(2026, 12, 31)],
                         "workdays": ["2026-10-04"]})
    assert not own.is_working_day(D("2026-10-08")) and not own.is_working_day(D("2026-12-31"))
    assert own.is_working_day(D("2026-10-04"))  # a unit's own working Sunday inside 国庆节
    assert own.next_working_day(D("2026-09-30")) == D("2026-10-04")
    assert calendar.day_note(own, D("2026-10-08")) == "day off (config)"


@pytest.mark.parametrize(("table", "message"), [
    ({"calendar": "us"}, "'calendar' must be \"cn\""),
    ({"holidays": "2026-10-08"}, "'holidays' must be a list of dates"),
    ({"workdays": ["10/10/2026"]}, "'workdays' must be a list of dates"),
    ({"holidays": ["2026-10-08"], "workdays": ["2026-10-08"]}, "2026-10-08 is in both 'holidays' and 'workdays'"),
    ({"private_categories": ["secret"]}, "'private_categories' names 'secret', which is not a category"),
    ({"categories": ["文稿", "保密"], "private_categories": ["机要保密"]}, "names '机要保密', which is not a category"),
])
def test_a_bad_calendar_or_privacy_setting_is_one_line_naming_the_key(table, message):
    with pytest.raises(ConfigError, match="^config: ") as caught:
        settings_from(table)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_past_the_data_chief_falls_back_to_weekdays_and_says_so_once():
    assert calendar.coverage() == (2004, 2026) or calendar.coverage()[1] > 2026
    if calendar.coverage()[1] > 2026:
        pytest.skip("a newer chinese-calendar covers 2027")
    assert CN.next_working_day(D("2026-12-31")) == D("2027-01-01")  # a plain Friday: no crash, no guess
    assert CN.next_working_day(D("2027-01-01")) == D("2027-01-04")
    said = calendar.take_calendar_notices()
    assert len(said) == 1 and "2027" in said[0] and "holidays = [...]" in said[0]
    CN.next_working_day(D("2027-03-01"))
    assert calendar.take_calendar_notices() == []  # once
    report = calendar.report(CN, D("2026-12-02"))
    assert report[0].startswith("calendar: China's State Council holiday schedule, 2004-2026")
    assert "2027" in report[1]
    assert calendar.report(CN, D("2026-06-02")) == report[:1]  # next year's schedule is not out before November


def test_a_year_the_config_lists_by_hand_is_not_warned_about():
    own = settings_from({"calendar": "cn", "holidays": ["2027-01-01"]})
    if calendar.coverage()[1] > 2026:
        pytest.skip("a newer chinese-calendar covers 2027")
    assert own.next_working_day(D("2026-12-31")) == D("2027-01-04")
    assert calendar.take_calendar_notices() == []
    assert len(calendar.report(own, D("2026-12-02"))) == 1


def test_plain_weekdays_say_nothing_in_the_doctor():
    assert calendar.report(PLAIN, D("2026-12-02")) == []


@pytest.mark.parametrize(("language", "day", "note"), [
    ("zh", "2026-10-01", "国庆节"), ("zh", "2026-10-04", "国庆节"), ("zh", "2026-10-10", "调休上班"),
    ("zh", "2026-02-17", "春节"), ("zh", "2026-04-05", "清明节"), ("zh", "2026-05-01", "劳动节"),
    ("zh", "2026-06-19", "端午节"), ("zh", "2026-09-25", "中秋节"), ("zh", "2026-01-01", "元旦"),
    ("zh", "2026-11-28", None), ("zh", "2026-11-25", None),
    ("en", "2026-10-01", "National Day"), ("en", "2026-09-20", "make-up working day"),
    ("en", "2026-04-06", "Qingming Festival"), ("en", "2026-11-28", None),
])
def test_a_day_says_what_it_is_in_the_users_language(language, day, note):
    i18n.set_language(language)
    assert calendar.day_note(CN, D(day)) == note


def test_today_and_tomorrow_in_one_phrase():
    i18n.set_language("zh")
    assert calendar.near_days_note(CN, D("2026-09-30")) == "明天：国庆节"
    assert calendar.near_days_note(CN, D("2026-10-09")) == "明天：调休上班"
    assert calendar.near_days_note(CN, D("2026-10-07")) == "今天：国庆节"
    assert calendar.near_days_note(CN, D("2026-11-25")) == ""
    assert calendar.near_days_note(CN, D("2026-09-30"), is_today=False) == "次日：国庆节"
    i18n.set_language("en")
    assert calendar.near_days_note(CN, D("2026-09-19")) == "tomorrow: make-up working day"
    assert calendar.near_days_note(PLAIN, D("2026-09-30")) == ""


def test_a_short_week_says_so():
    assert calendar.week_note(CN, D("2026-10-07")) == "3 working days (National Day · make-up working day)"
    assert calendar.week_note(CN, D("2026-11-25")) == ""
    assert calendar.week_note(PLAIN, D("2026-10-07")) == ""
    i18n.set_language("zh")
    assert calendar.week_note(CN, D("2026-09-28")) == "工作日3天（国庆节）"


def test_default_categories_are_in_the_interface_language_and_the_confidential_one_is_private():
    assert Settings().categories == DEFAULT_CATEGORIES
    assert Settings().is_private("confidential") and Settings().is_private("Confidential")
    i18n.set_language("zh")
    assert Settings().categories == ZH_DEFAULT_CATEGORIES
    assert Settings().is_private("机要保密") and Settings().is_private("confidential")  # data from before a switch
    assert not Settings().is_private("文稿") and not Settings().is_private(None)


def test_private_categories_are_the_configs_choice():
    own = settings_from({"categories": ["文稿", "保密", "会务"], "private_categories": ["保密", "会务"]})
    assert own.is_private("保密") and own.is_private("会务") and not own.is_private("confidential")
    assert not settings_from({"private_categories": []}).is_private("confidential")


def test_a_capture_without_a_date_never_loads_the_holiday_data(env):
    """The capture path stays as quick as before: the data is read when a date needs it (eow here)."""
    import subprocess
    import sys

    code = ("import sys\nfrom chief.tui.cli import main\n"
            "main(['add', '起草通知'])\nfirst = 'chinese_calendar' in sys.modules\n"
            "main(['add', '整理材料 ^eow'])\nprint(first, 'chinese_calendar' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], env={**env, "CHIEF_LANG": "zh"}, text=True,
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["False", "True"]


@pytest.mark.parametrize(("language", "note"), [("en", "_tomorrow: National Day_"), ("zh", "_明天：国庆节_")])
def test_the_brief_on_the_eve_of_national_day_says_so_and_plans_past_the_holiday(
        data_file, monkeypatch, language, note):
    from chief.store.reports.brief import daily_brief

    monkeypatch.setenv("CHIEF_NOW", "2026-09-30T10:00:00")
    monkeypatch.setenv("CHIEF_TZ", "Asia/Shanghai")
    i18n.set_language(language)
    desk = Desk(data_file, CN)
    desk.capture("节后第一天的会议 ^2026-10-08")
    desk.capture("假期值班表 ^2026-10-03")
    brief = daily_brief(desk.board())
    assert note in brief.splitlines()
    planned = brief.split("## Planned for ")[1] if language == "en" else brief
    assert "节后第一天的会议" in planned and "假期值班表" in planned  # the whole holiday and the day after


def test_a_brief_for_another_day_says_that_day(data_file, monkeypatch):
    from chief.store.reports.brief import daily_brief

    monkeypatch.setenv("CHIEF_NOW", "2026-10-12T10:00:00")
    monkeypatch.setenv("CHIEF_TZ", "Asia/Shanghai")
    desk = Desk(data_file, CN)
    desk.capture("x")
    assert "_that day: make-up working day_" in daily_brief(desk.board(), D("2026-10-10")).splitlines()
    assert not any(line.startswith("_today") for line in daily_brief(desk.board()).splitlines())


def test_the_command_line_says_once_that_a_year_is_past_the_data_and_the_doctor_says_what_is_covered(
        env, run_main, tmp_path):
    if calendar.coverage()[1] > 2026:
        pytest.skip("a newer chinese-calendar covers 2027")
    (tmp_path / "config.toml").write_text('calendar = "cn"\n', encoding="utf-8")
    env = {**env, "CHIEF_NOW": "2026-12-30T10:00:00"}
    added = run_main("add", "年终总结 ^eow", env=env, check=True)
    warnings = [line for line in added.stderr.splitlines() if "2027" in line]
    assert len(warnings) == 1 and warnings[0].startswith("chief: warning: China's holiday schedule for 2027")
    doctor = run_main("doctor", env=env)
    assert "calendar: China's State Council holiday schedule, 2004-2026 (chinese-calendar)" in doctor.stdout
    assert "calendar warning: China's holiday schedule for 2027 is not known" in doctor.stdout


def test_closing_a_daily_duty_on_the_eve_of_national_day_brings_it_back_after_the_holiday(data_file, monkeypatch):
    monkeypatch.setenv("CHIEF_NOW", "2026-09-30T17:00:00")
    monkeypatch.setenv("CHIEF_TZ", "Asia/Shanghai")
    desk = Desk(data_file, CN)
    duty, _ = desk.capture("报送值班信息 every:工作日 9:00")
    assert duty.due == "2026-10-08T01:00:00Z"  # 09:00 in Shanghai, after the holiday
    desk.done(duty.id)
    following = [i for i in desk.board().items.values() if i.is_open and i.repeat == "weekday 9:00"]
    assert [i.due for i in following] == ["2026-10-09T01:00:00Z"]
