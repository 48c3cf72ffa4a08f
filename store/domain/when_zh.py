"""The WHEN grammar's Chinese words: 明天下午3点, 周五, 下周一, 3天后, 下班前, 12月5号...

Part of the WHEN grammar (:mod:`chief.store.domain.when`), kept in its own module
so that a capture typed in English never compiles these tables: ``when`` hands
a text over only when it holds a Chinese character. The strictness is the same
as the English words': every phrase is read exactly or refused with an error
that names the Chinese text at fault, never guessed.
"""

from __future__ import annotations

import datetime
import re

from chief.store.domain.when import Due, WhenError, _calendar_date, _guard, _unknown, end_of_month
from chief.store.i18n import _
from chief.store.structs import struct

TYPE_CHECKING = False  # typing itself is not on a capture's path
if TYPE_CHECKING:
    from chief.store.domain.when import _Reader


# A Chinese WHEN is one run of text read left to right: an optional day (明天,
# 周五, 下周一, 3天后, 12月5日...), an optional part of the day (上午, 下午...)
# and an optional time of day (3点, 十点半, 15:00); or one of a few whole phrases
# (两小时后, 下班前, 本周内, 月底, 周末). The tables below are the whole vocabulary;
# anything else is an error that names the text, never a guess.

_NUM = r"[0-9]+|[零〇一二两三四五六七八九十]+"
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_NUMBER = re.compile(
    r"(?P<tens>[二三四五六七八九])?十(?P<ones>[一二三四五六七八九])?"  # 十, 十五, 二十, 二十三
    r"|[零〇]?(?P<digit>[一二两三四五六七八九])|[零〇]"  # 五, 两, 零五, 零
)
_ZH_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3}
_ZH_DAY_AND_PERIOD = {"今早": (0, "早上"), "今晚": (0, "晚上"), "明早": (1, "早上"), "明晚": (1, "晚上")}
_ZH_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ZH_WEEK_AHEAD = {None: 0, "本": 0, "这": 0, "下": 1, "下下": 2}  # how many weeks on from this one
_ZH_MINUTES = {"半": 30, "一刻": 15, "三刻": 45, "整": 0, "钟": 0}


@struct(frozen=True)
class _Period:
    """A part of the day: which hours may be said in it, and what they mean on a 24-hour clock."""

    hours: tuple[tuple[int, int, int], ...]  # (lowest, highest, hours to add)
    example: int  # an hour that fits, for the hint when the hour is missing


_ZH_PERIODS = {
    "凌晨": _Period(((0, 5, 0),), 5),
    "早上": _Period(((5, 11, 0),), 8),
    "早晨": _Period(((5, 11, 0),), 8),
    "上午": _Period(((5, 11, 0),), 10),
    "中午": _Period(((11, 12, 0), (1, 1, 12), (13, 13, 0)), 12),
    "下午": _Period(((1, 7, 12), (13, 19, 0)), 3),
    "傍晚": _Period(((5, 7, 12), (17, 19, 0)), 6),
    "晚上": _Period(((6, 11, 12), (18, 23, 0)), 8),
}


def _alternatives(words) -> str:
    """A regex alternation of ``words``, longest first so "大后天" wins over "后天"."""
    return "|".join(sorted(words, key=len, reverse=True))


_ZH_AFTER = r"(?:以后|之后|后)"
_ZH_TIME_OFFSET = re.compile(rf"(?P<n>{_NUM})?个?(?P<half>半)?个?(?P<unit>小时|钟头|分钟){_ZH_AFTER}")
_ZH_DAY_OFFSET = re.compile(rf"(?P<n>{_NUM})个?(?P<unit>天|日|周|星期|礼拜){_ZH_AFTER}")
_ZH_DATE = re.compile(rf"(?:(?P<year>[0-9]{{4}})年)?(?P<month>{_NUM})月(?P<day>{_NUM})[日号]")
_ZH_DAY_OF_MONTH = re.compile(rf"(?P<day>{_NUM})[日号]")
_ZH_MONTH_END = re.compile(r"(?P<which>本|这个|下个?)?月底")
_ZH_WEEK = re.compile(r"(?:(?P<which>下下|下|本|这)个?)?(?:周|星期|礼拜)(?P<day>[一二三四五六日天]|末|内)?")
_ZH_PAST = re.compile(  # a day already gone: refused as past, not as words nobody knows
    rf"大前天|前天|昨天|昨日|昨晚|昨早|(?:上上|上)个?(?:周|星期|礼拜)[一二三四五六日天末]?|上个?月"
    rf"|(?:{_NUM})个?(?:天|日|周|星期|礼拜|月|小时|钟头|分钟)(?:以前|之前|前)"
)
_ZH_RELATIVE_DAY = re.compile(_alternatives(_ZH_RELATIVE))
_ZH_DAY_PERIOD = re.compile(_alternatives(_ZH_DAY_AND_PERIOD))
_ZH_WORKDAY_END = re.compile(r"下班(?:之前|以前|前)")
_ZH_PERIOD = re.compile(_alternatives(_ZH_PERIODS))
_ZH_CLOCK = re.compile(
    rf"(?P<h24>[0-9]{{1,2}}):(?P<m24>[0-9]{{2}})"
    rf"|(?P<hour>{_NUM})[点时](?:(?P<word>{_alternatives(_ZH_MINUTES)})|(?P<minute>{_NUM})(?P<fen>分)?)?"
)


def _zh_number(text: str) -> int | None:
    """0-99 in Arabic or Chinese numerals ("15", "十五", "二十三", "两", "零五"); None otherwise."""
    if text.isascii() and text.isdigit():
        return int(text)
    match = _ZH_NUMBER.fullmatch(text)
    if not match:
        return None
    if "十" in text:
        return _ZH_DIGITS[match["tens"] or "一"] * 10 + _ZH_DIGITS[match["ones"] or "零"]
    return _ZH_DIGITS[match["digit"] or "零"]


@struct(frozen=True)
class _Step:
    """What one leading piece of a Chinese WHEN said: a day (maybe with a part of the day), or a whole Due."""

    end: int
    day: datetime.date | None = None
    period: str | None = None
    due: Due | None = None  # a phrase that is a WHEN on its own (月底, 本周内): nothing may follow it


class ChineseReader:
    """Reads one Chinese WHEN, with the ``_Reader``'s clock and working day."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.today = reader.today

    def read(self, text: str) -> Due:
        """The Due for the whole of ``text``: every character must be used."""
        past = _ZH_PAST.match(text)
        if past:
            raise WhenError(past[0], past=True)
        moment = self._time_offset(text)
        if moment is not None:
            return Due(moment)
        step = self._day_at(text, 0) or _Step(0)
        if step.due is not None:
            return self._finish(text, step.end, step.due)
        second = self._day_at(text, step.end) if step.end else None
        if second is not None:
            raise WhenError(text[: second.end], _("two days in one time"))
        workday_end = _ZH_WORKDAY_END.match(text, step.end)
        if workday_end and step.period is None:  # "明天下班前": that day's end of work
            due = Due(self.reader._at(step.day or self.today, self.reader.day_end))
            return self._finish(text, workday_end.end(), due)
        period, start, pos = self._period(text, step)
        time_of_day, pos = self._time_of_day(text, period, start, pos)
        if time_of_day is None and step.day is not None and period is None:
            time_of_day, pos = self._bare_hour(text, pos)
        if time_of_day is None:
            if step.day is None:
                raise _unknown(text)
            return self._finish(text, pos, Due(step.day))
        if step.day is None:
            after = self._day_at(text, pos)
            if after is not None and after.due is None and after.day is not None and after.period is None:
                step, pos = after, after.end  # "9点 明天": the day after its time, as "9am tomorrow"
        if step.day is None:  # "下午3点", as "3pm": the next time the clock shows it
            return self._finish(text, pos, Due(self.reader._next_occurrence(time_of_day)))
        return self._finish(text, pos, Due(self.reader._at(step.day, time_of_day)))

    def _bare_hour(self, text: str, pos: int) -> tuple[datetime.time | None, int]:
        """"明天 9": an hour with nothing after it, after a day, is that hour (as "tomorrow 9")."""
        rest = text[pos:]
        if not (rest.isascii() and rest.isdigit() and len(rest) <= 2 and int(rest) <= 23):
            return None, pos
        return self._in_working_day(int(rest), 0, rest), len(text)

    @staticmethod
    def _period(text: str, step: _Step) -> tuple[str | None, int, int]:
        """The part of the day after the day (or in it, "今晚"), where it starts, and where it ends."""
        period, start, pos = step.period, step.end, step.end
        found = _ZH_PERIOD.match(text, pos)
        if found and period is None:
            period, start, pos = found[0], found.start(), found.end()
            found = _ZH_PERIOD.match(text, pos)
        if found:  # "今晚下午", "上午下午"
            raise WhenError(text[: found.end()], _("two parts of the day in one time"))
        return period, start, pos

    def _time_of_day(self, text: str, period: str | None, start: int, pos: int) -> tuple[datetime.time | None, int]:
        """The time of day at ``pos`` (read in ``period``, which began at ``start``) and where it ends."""
        clock = _ZH_CLOCK.match(text, pos)
        if clock:
            return self._clock(clock, period, text[start if period else pos : clock.end()]), clock.end()
        if period == "中午":  # noon needs no hour
            return datetime.time(12, 0), pos
        if period is not None:  # "明天上午" is not a time: 9:00? 11:59? say it
            example = f"{period}{_ZH_PERIODS[period].example}点"
            raise WhenError(text[:pos], _("say the hour, as in {example}").format(example=example))
        return None, pos

    @staticmethod
    def _finish(text: str, end: int, due: Due) -> Due:
        """``due``, once the whole text is used; a title glued to the time is an error, not a guess."""
        if end < len(text):
            reason = _("'{rest}' is not part of the time (a title goes after a space)")
            raise WhenError(text, reason.format(rest=text[end:]))
        return due

    # -- whole phrases ---------------------------------------------------------

    def _time_offset(self, text: str) -> datetime.datetime | None:
        """"两小时后", "半小时后", "一个半小时后", "30分钟后": now moved on; None for any other text."""
        match = _ZH_TIME_OFFSET.fullmatch(text)
        if not match:
            return None
        count = _zh_number(match["n"]) if match["n"] else 0
        half = match["half"] is not None
        if count is None or (match["n"] is None and not half) or (half and match["unit"] == "分钟"):
            raise WhenError(text)
        minutes = count if match["unit"] == "分钟" else count * 60 + (30 if half else 0)
        return _guard(text, lambda: self.reader.later(minutes=minutes))

    # -- days ------------------------------------------------------------------

    def _day_at(self, text: str, pos: int) -> _Step | None:
        """The day said at ``pos``, if one is: the table of day phrases, tried in order."""
        for pattern, read in (
            (_ZH_DAY_OFFSET, self._day_offset),
            (_ZH_DATE, self._date),
            (_ZH_DAY_OF_MONTH, self._day_of_month),
            (_ZH_MONTH_END, self._month_end),
            (_ZH_WEEK, self._week),
            (_ZH_DAY_PERIOD, self._day_and_period),
            (_ZH_RELATIVE_DAY, self._relative),
        ):
            match = pattern.match(text, pos)
            if match:
                return read(match)
        return None

    def _relative(self, match: re.Match) -> _Step:
        """今天, 明天, 后天, 大后天."""
        return _Step(match.end(), day=self.today + datetime.timedelta(days=_ZH_RELATIVE[match[0]]))

    def _day_and_period(self, match: re.Match) -> _Step:
        """今晚, 明早: a day and a part of it in one word."""
        days, period = _ZH_DAY_AND_PERIOD[match[0]]
        return _Step(match.end(), day=self.today + datetime.timedelta(days=days), period=period)

    def _day_offset(self, match: re.Match) -> _Step:
        """"3天后", "一周后": a whole day, as "in 3d" and "in 1w" are."""
        count = self._number(match, "n")
        days = count * (1 if match["unit"] in ("天", "日") else 7)
        return _Step(match.end(), day=_guard(match[0], lambda: self.today + datetime.timedelta(days=days)))

    def _date(self, match: re.Match) -> _Step:
        """"2026年12月5日" exactly; "12月5号" the next 5 December, as "12-05" is."""
        month, dom = self._number(match, "month"), self._number(match, "day")
        if match["year"]:
            return _Step(match.end(), day=_calendar_date(match[0], int(match["year"]), month, dom))
        return _Step(match.end(), day=self.reader._month_day(match[0], month, dom))

    def _day_of_month(self, match: re.Match) -> _Step:
        """"5号": the next 5th, this month if it is still to come (a month without a 31st is skipped)."""
        dom = self._number(match, "day")
        year, month = self.today.year, self.today.month
        for _month in range(12):
            try:
                date = datetime.date(year, month, dom)
            except ValueError:
                date = None
            if date is not None and date >= self.today:
                return _Step(match.end(), day=date)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        raise WhenError(match[0], _("no such date"))

    def _month_end(self, match: re.Match) -> _Step:
        """月底 / 本月底 is eom; 下月底 the end of next month's last day."""
        last = self.reader._end_day("eom")
        if match["which"] and match["which"].startswith("下"):
            last = end_of_month(last + datetime.timedelta(days=1))
        return _Step(match.end(), due=Due(self.reader._at(last, self.reader.day_end)))

    def _week(self, match: re.Match) -> _Step:
        """周五, 本周五, 下周一, 下下周三, 下周, 周末, 本周内 (Monday-based weeks, as "next mon" is)."""
        which, said = match["which"], match["day"]
        weeks = _ZH_WEEK_AHEAD[which]
        monday = self.today - datetime.timedelta(days=self.today.weekday())
        if said is None:
            if not weeks:  # "周" or "本周" alone: which day?
                raise WhenError(match[0], _("which day? as in 周五 or 下周一"))
            return _Step(match.end(), day=monday + datetime.timedelta(weeks=weeks))
        if said == "末":  # the weekend: due by its end, Sunday
            return _Step(match.end(), due=Due(monday + datetime.timedelta(weeks=weeks, days=6)))
        if said == "内":  # by the end of the working week, as eow is
            if which is None:
                raise _unknown(match[0])
            last = self.reader._end_day("eow") + datetime.timedelta(weeks=weeks)
            return _Step(match.end(), due=Due(self.reader._at(last, self.reader.day_end)))
        weekday = _ZH_WEEKDAYS[said]
        if which is None:  # "周五", as "fri": the next one, today's weekday a week on
            return _Step(match.end(), day=self.today + datetime.timedelta(days=(weekday - self.today.weekday() - 1) % 7 + 1))
        day = monday + datetime.timedelta(weeks=weeks, days=weekday)
        if day < self.today:
            raise WhenError(match[0], _("that day of this week is already past"))
        return _Step(match.end(), day=day)

    @staticmethod
    def _number(match: re.Match, group: str) -> int:
        number = _zh_number(match[group])
        if number is None:
            raise WhenError(match[0])
        return number

    # -- a time of day -----------------------------------------------------------

    def _clock(self, match: re.Match, period: str | None, token: str) -> datetime.time:
        """The time of day said, read in its part of the day; a bare hour must be unambiguous."""
        if match["h24"]:
            hour, minute = int(match["h24"]), int(match["m24"])
        else:
            hour, minute = _zh_number(match["hour"]), self._minutes(match, token)
            if hour is None:
                raise WhenError(token)
        if hour > 23 or minute > 59:
            raise WhenError(token, _("no such time of day"), definite=True)
        if period is not None:
            return self._in_period(hour, minute, period, token, match)
        if match["h24"]:
            return datetime.time(hour, minute)
        return self._in_working_day(hour, minute, token)

    @staticmethod
    def _minutes(match: re.Match, token: str) -> int:
        """点半 30, 点一刻 15, 点三刻 45; 点45 / 点45分 / 点零五 / 点5分; "3点5" is refused (3:05 or 3:50?)."""
        if match["word"]:
            return _ZH_MINUTES[match["word"]]
        said = match["minute"]
        if said is None:
            return 0
        minute = _zh_number(said)
        clear = match["fen"] or len(said) == 2 and said.isascii() or "十" in said or said[0] in "零〇"
        if minute is None or not clear:
            raise WhenError(token, _("write the minutes with two digits or with 分, as in 3点05 or 3点5分"))
        return minute

    @staticmethod
    def _in_period(hour: int, minute: int, period: str, token: str, match: re.Match) -> datetime.time:
        """"下午3点" is 15:00 and "下午15点" too; "上午13点" says two different things."""
        said = f"{match['h24']}:{match['m24']}" if match["h24"] else f"{match['hour']}点"
        for low, high, add in _ZH_PERIODS[period].hours:
            if low <= hour <= high:
                return datetime.time(hour + add, minute)
        raise WhenError(token, _("there is no {hour} in the {period}").format(hour=said, period=period), definite=True)

    def _in_working_day(self, hour: int, minute: int, token: str) -> datetime.time:
        """"3点" with no part of the day: the one of 03:00 and 15:00 inside the working day, else an error."""
        return self.reader.in_working_day(hour, minute, token, _("morning or evening? put 上午, 下午 or 晚上 before it"))
