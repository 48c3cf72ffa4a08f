"""The quick-add syntax: one line that captures an item with its triage marks.

``chief add``, ``chief interrupt`` and the dashboard's quick-add bar all read the
same line, e.g. ``* ! call Li ^tomorrow 9:30 @wang #documents ~30m``, so an item
can be captured in seconds while someone is still standing at the desk. Marks may
come in any order; every other word is the title, kept exactly as typed.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Mapping, Sequence

from chief.store.domain.lazy_pendulum import pendulum
from chief.store.i18n import N_, _

from chief.store.domain import wallclock
from chief.store.errors import ChiefError
from chief.store.domain.when import (
    DAY_END,
    DAY_START,
    MAX_WORDS,
    Due,
    WhenError,
    _clock,
    duration_parts,
    parse_when,
    parse_when_prefix,
)
from chief.store.structs import struct
from chief.store.lazy_pattern import IGNORECASE, lazy_compile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any
    from chief.store.domain.recur import EXAMPLES as REPEAT_EXAMPLES
    from chief.store.domain.recur import Rule


def __getattr__(name: str) -> Any:
    """``REPEAT_EXAMPLES`` from its home, on first use: recurrence loads only for a capture with 'every:'."""
    if name == "REPEAT_EXAMPLES":
        from chief.store.domain.recur import EXAMPLES

        return EXAMPLES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

WORKDAY_MINUTES = 8 * 60  # "~1d" of effort is one working day, not 24 hours
EFFORT_EXAMPLES = N_("~30m, ~2h, ~1d, ~1h30m")  # said in the user's language: 、 between them in Chinese

_QUOTES = "\"'"
_FLAGS = {"*": (True, False), "!": (False, True), "*!": (True, True), "!*": (True, True)}
# After a backslash these lose their meaning: "\#5" is the title word "#5" (and "\＃5" is "＃5").
_ESCAPABLE = lazy_compile(r"""[*!@#~^\\"'＊！＠＃～＾]|(?:due|from|every|proc|流程)[:：]""", IGNORECASE)
# A Chinese input method types the marks full-width (＊！＠＃＾～ and ：); they mean the half-width ones.
# Full-width forms U+FF01..U+FF5E are their ASCII twins shifted by 0xFEE0, one character for one.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


class QuickAddError(ChiefError, ValueError):
    """A quick-add line that cannot be read; the message is one line for the user."""


@struct(frozen=True)
class Capture:
    """What one quick-add line says about a new item."""

    title: str
    important: bool = False
    urgent: bool = False
    due: Due | None = None
    assignee: str | None = None  # as typed, without '@'; resolved against the team later
    category: str | None = None  # as typed, without '#'
    effort: int | None = None  # minutes
    source: str | None = None  # who raised it
    repeat: str | None = None  # a recurring duty's rule (chief.store.domain.recur)
    procedure: str | None = None  # a standard procedure to apply, as typed (proc:NAME or 流程:NAME)

    @property
    def triaged(self) -> bool:
        """Marked items go straight to their quadrant; the rest wait in the inbox."""
        return self.important or self.urgent or self.due is not None


@struct(frozen=True)
class _Word:
    """One word of the line. Marks count only where they were typed outside quotes."""

    text: str  # quotes and an escaping backslash removed
    lead: int  # how many leading characters of ``text`` were typed unquoted and unescaped

    @property
    def plain(self) -> bool:
        """Typed with no quotes and no escape: only such a word can be a mark."""
        return self.lead == len(self.text)

    def marked(self, prefix: str) -> bool:
        return self.lead >= len(prefix) and self.text.lower().startswith(prefix)


@struct(frozen=True)
class _Field:
    """A mark that sets one Capture field: its prefix, its name and how to read it."""

    prefix: str
    name: str
    what: str
    example: str
    read: Callable[[str, str], object] = lambda value, token: value


def parse_effort(value: str, token: str) -> int:
    """Minutes of work from "30m", "2h", "1d" or "1h30m" (typed half- or full-width: "２ｈ")."""
    parts = duration_parts(value.translate(_HALF_WIDTH)) or {}
    minutes = parts.get("d", 0) * WORKDAY_MINUTES + parts.get("h", 0) * 60 + parts.get("m", 0)
    if "w" in parts or minutes <= 0:
        raise QuickAddError(_("cannot understand the effort '{token}' (try: {EFFORT_EXAMPLES})").format(token=token, EFFORT_EXAMPLES=_(EFFORT_EXAMPLES)))
    return minutes


def read_effort(text: str) -> int | None:
    """An effort as a person types it in a field or an option ("~1h30m", "45m"): minutes, or None when empty."""
    words = text.strip()
    return parse_effort(words.removeprefix("~"), words) if words else None


_DUE_PREFIXES = ("due:", "^")
_REPEAT_PREFIX = "every:"
_FIELDS = (
    _Field("from:", "source", N_("source"), 'from:"Director Zhao"'),
    _Field("@", "assignee", N_("assignee"), "@li"),
    _Field("#", "category", N_("category"), "#documents"),
    _Field("~", "effort", N_("effort"), "~30m", parse_effort),
    _Field("proc:", "procedure", N_("procedure"), "proc:reception"),
    _Field("流程:", "procedure", N_("procedure"), "流程:接待"),
)
_MARK_PREFIXES = (*_DUE_PREFIXES, _REPEAT_PREFIX, *(field.prefix for field in _FIELDS))


def parse_capture(
    text: str | Sequence[str],
    now: pendulum.DateTime,
    *,
    day_start: datetime.time = DAY_START,
    day_end: datetime.time = DAY_END,
    working_day: Callable[[datetime.date], bool] | None = None,
) -> Capture:
    """Read one quick-add line (a string, or the argv words) into a Capture.

    ``working_day`` is the office's calendar (``Settings.is_working_day``), for eow and every:weekday.
    """
    line = text if isinstance(text, str) else " ".join(text)
    return _Reader([_half_width_mark(word) for word in _split_words(line)], now, day_start, day_end, working_day).capture()


def _half_width_mark(word: _Word) -> _Word:
    """The word with its mark typed half-width, so every reader of marks sees one spelling.

    Only the mark itself changes (a flag word such as ``＊！``, or the prefix of
    ``＠张伟``, ``＾周五``, ``due：周五``); the value after it and every title word
    keep the user's characters, so "议题：预算！" stays as typed. Quoted or
    escaped text is never a mark, so it is never folded. The full-width space
    (U+3000) needs nothing here: it is whitespace, and so already separates words.
    """
    typed = word.text[: word.lead]
    half = typed.translate(_HALF_WIDTH)
    if half == typed:
        return word
    if word.plain and half in _FLAGS:
        return _Word(half, word.lead)
    for prefix in _MARK_PREFIXES:
        if half.lower().startswith(prefix):
            return _Word(half[: len(prefix)] + word.text[len(prefix) :], word.lead)
    return word


class _Reader:
    """Walks the words once, taking marks out and leaving the title."""

    def __init__(self, words: list[_Word], now, day_start: datetime.time, day_end: datetime.time,
                 working_day: Callable[[datetime.date], bool] | None = None) -> None:
        self.words = words
        self.when = {"now": now, "day_start": day_start, "day_end": day_end, "working_day": working_day}
        self.fields: dict[str, object] = {}
        self.title: list[str] = []

    def capture(self) -> Capture:
        index = 0
        while index < len(self.words):
            index = self._take(index)
        title = " ".join(" ".join(self.title).split())
        if not title:
            raise QuickAddError(_("the title is empty"))
        rule = self.fields.pop("repeat", None)  # a Rule: only _repeat sets it
        if rule is not None:
            self.fields["repeat"] = rule.stored()
            if "due" not in self.fields:  # the first one is due at the rule's next occurrence
                self.fields["due"] = rule.first(wallclock.in_pendulum(self.when["now"]), self.when["working_day"])
        return Capture(title=title, **self.fields)

    def _take(self, index: int) -> int:
        """Use the word at ``index`` (and any WHEN words after it); the next index."""
        word = self.words[index]
        if word.plain and word.text in _FLAGS:
            important, urgent = _FLAGS[word.text]
            self.fields["important"] = self.fields.get("important", False) or important
            self.fields["urgent"] = self.fields.get("urgent", False) or urgent
            return index + 1
        if word.marked(_REPEAT_PREFIX):
            rule, used = self._repeat(word, self.words[index + 1 :])
            self._set("repeat", "repeat", rule, word.text)
            return index + 1 + used
        due_prefix = next((p for p in _DUE_PREFIXES if word.marked(p)), None)
        if due_prefix:
            due, used = self._due(word, due_prefix, self.words[index + 1 :])
            self._set("due", "due time", due, word.text)
            return index + 1 + used
        field = next((f for f in _FIELDS if word.marked(f.prefix)), None)
        if field:
            value = word.text[len(field.prefix) :]
            if not value:
                raise QuickAddError(_("missing {what} after '{prefix}' (e.g. {example})").format(what=_(field.what), prefix=field.prefix, example=field.example))
            self._set(field.name, field.what, field.read(value, word.text), word.text)
        else:
            self.title.append(word.text)
        return index + 1

    def _due(self, word: _Word, prefix: str, following: list[_Word]) -> tuple[Due, int]:
        """The due time after '^' or 'due:', and how many following words it used.

        Unquoted, it takes as many following words as the WHEN grammar accepts
        ("^tomorrow 9:30 call Li"); quoted, it is exactly the quoted text.
        Chinese works the same way, spaced or not ("^明天 下午3点 起草通知",
        "^周五下午3点 起草通知"): the title starts at the first word that is not
        part of the time. A title glued to the time ("^周五下午3点起草通知") is an
        error, not a guess: Chinese has no spaces, so only the space can say where
        the time ends ("^明天3点5份材料": 3:05, or 3:00 and a title "5份材料"?).
        """
        value = word.text[len(prefix) :]
        try:
            if not word.plain:
                return parse_when(value, **self.when), 0
            candidates = [value] if value else []
            for extra in following[: MAX_WORDS - len(candidates)]:
                if not extra.plain:
                    break
                candidates.append(extra.text)
            if not candidates:
                raise QuickAddError(_("missing due time after '{prefix}' (e.g. ^fri, due:tomorrow)").format(prefix=prefix))
            due, used = parse_when_prefix(candidates, **self.when)
        except WhenError as err:
            raise QuickAddError(str(err)) from err
        return due, used - (1 if value else 0)

    def _repeat(self, word: _Word, following: list[_Word]) -> tuple[Rule, int]:
        """The rule after 'every:', and whether the next word (a time of day) belongs to it."""
        from chief.store.domain.recur import EXAMPLES, Rule, RuleError  # only a capture with 'every:' needs recurrence

        spec = word.text[len(_REPEAT_PREFIX) :]
        if not spec:
            raise QuickAddError(_("missing repeat after 'every:' (e.g. {REPEAT_EXAMPLES})").format(REPEAT_EXAMPLES=_(EXAMPLES)))
        words, used = [spec], 0
        skip = 1 if following and following[0].plain and following[0].text.lower() == "at" else 0  # "every:mon at 9:00"
        after = following[skip:]
        if after and after[0].plain and _looks_like_clock(after[0].text):
            words, used = [spec, after[0].text], 1 + skip
        try:
            return Rule.parse(" ".join(words)), used
        except RuleError as err:
            raise QuickAddError(str(err)) from None

    def _set(self, name: str, what: str, value: object, token: str) -> None:
        if name in self.fields:
            raise QuickAddError(_("more than one {what}: '{token}'").format(what=_(what), token=token))
        self.fields[name] = value


def _split_words(line: str) -> list[_Word]:
    """Split on whitespace, honouring quotes and a leading backslash.

    Like a shell, but never an error: a quote opens only at the start of a word
    or after a mark (so "Li's" stays one literal word) and closes only before
    whitespace or the end; an unmatched quote is just a character.
    """
    words = []
    index = 0
    while index < len(line):
        if line[index].isspace():
            index += 1
            continue
        word, index = _read_word(line, index)
        if word.text:
            words.append(word)
    return words


def _read_word(line: str, start: int) -> tuple[_Word, int]:
    """The word starting at ``start`` and the index just after it."""
    if line[start] == "\\" and _ESCAPABLE.match(line, start + 1):
        end = _word_end(line, start)
        return _Word(line[start + 1 : end], 0), end
    index = start
    while index < len(line) and not line[index].isspace():
        if line[index] in _QUOTES and _may_open(line, start, index):
            close = _closing_quote(line, index)
            if close is not None:
                lead = line[start:index]
                return _Word(lead + line[index + 1 : close], len(lead)), close + 1
        index += 1
    return _Word(line[start:index], index - start), index


def _word_end(line: str, start: int) -> int:
    index = start
    while index < len(line) and not line[index].isspace():
        index += 1
    return index


def _may_open(line: str, start: int, index: int) -> bool:
    """A quote opens a phrase at a word's start or after punctuation, never mid-word."""
    return index == start or not line[index - 1].isalnum()


def _closing_quote(line: str, opening: int) -> int | None:
    """The matching quote that ends a word (before whitespace or the end), if any."""
    quote = line[opening]
    index = line.find(quote, opening + 1)
    while index != -1:
        if index + 1 == len(line) or line[index + 1].isspace():
            return index
        index = line.find(quote, index + 1)
    return None


def resolve_choice(token: str, choices: Mapping[str, str], what: str, *, empty_hint: str | None = None) -> str:
    """The key of the choice the user meant by ``token`` (a member, a category).

    People type as little as they can: an exact name wins, else a unique name
    whose first word, then any word, it is whole ("li" finds "Li Na" beside
    "Liu Yang"), else a unique start of the name, else a unique start of any word of it ("wei" finds "Li Wei"),
    else the pinyin of a Chinese name, all of it before a start of it ("zw" and
    "zhangwei" find 张伟 before 张伟明; "zhang" finds both, and says so), by
    the usual readings before the rare ones ("w" finds 文稿, not 机要 for 机's
    rare "wei"). Pinyin is tried last, so pypinyin loads only for a name
    nothing else found.
    ``empty_hint`` says what to do when there are no choices at all.
    """
    if not choices:
        raise QuickAddError(_("unknown {what} '{token}' ({value})").format(what=_(what), token=token, value=_(empty_hint) if empty_hint else _("no {what}s yet").format(what=_(what))))
    wanted = fold(token)
    folded = {key: fold(name) for key, name in choices.items()}
    for test in _name_tests(wanted):
        keys = [key for key, name in folded.items() if wanted and test(name)]
        if len(keys) == 1:
            return keys[0]
        if keys:
            raise QuickAddError(_("ambiguous {what} '{token}' (matches: {choices})").format(what=_(what), token=token, choices=_names(choices, keys)))
    raise QuickAddError(_("unknown {what} '{token}' (choices: {choices})").format(what=_(what), token=token, choices=_names(choices, choices)))


def _pinyin() -> Any:
    """The pinyin module, loaded when a name is first looked for by its pinyin (most are found before)."""
    from chief.store.domain import pinyin

    return pinyin


def _name_tests(wanted: str) -> tuple[Callable[[str], bool], ...]:
    """How a folded name is meant by the folded ``wanted``, best first (see :func:`resolve_choice`)."""
    return (
        lambda name: name == wanted,
        lambda name: name.split()[:1] == [wanted],  # "li" is "Li Na", not also "Liu Yang": a whole word before a start
        lambda name: wanted in name.split(),  # "na" is "Li Na", not also "Nan Xu"
        lambda name: name.startswith(wanted),
        lambda name: any(part.startswith(wanted) for part in name.split()),
        *(test for every in (False, True) for test in (
            lambda name, every=every: _pinyin().pinyin_whole(wanted, name, every),
            lambda name, every=every: any(_pinyin().pinyin_starts(wanted, part, every) for part in name.split()),
        )),
    )


def name_matches(token: str, choices: Mapping[str, str]) -> list[str]:
    """Every key whose name ``token`` may mean, the best first: the rules of :func:`resolve_choice` in turn (exact,
    whole word, start, pinyin: "zw" finds 张伟), then the names that merely hold it ("伟" in 张伟); ties keep
    the order of ``choices``. For a picker that narrows as the user types; an empty token keeps every key."""
    wanted = fold(token)
    if not wanted:
        return list(choices)
    folded = {key: fold(name) for key, name in choices.items()}
    tests = (*_name_tests(wanted), lambda name: wanted in name)
    found: dict[str, None] = {}
    for test in tests:
        found.update((key, None) for key, name in folded.items() if key not in found and test(name))
    return list(found)


def fold(text: str) -> str:
    """Compare names ignoring case and full-width/half-width differences."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _names(choices: Mapping[str, str], keys) -> str:
    return _(", ").join(sorted((choices[key] for key in keys), key=fold))


def _looks_like_clock(word: str) -> bool:
    """A time of day ("9:00", "3pm"), without raising for a word that is just a title word."""
    try:
        return _clock(word) is not None
    except WhenError:
        return True  # "25:00" after every: is a bad time, said as such, not a title word
