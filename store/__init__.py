"""Chief's store: the one library behind both faces, and its public API.

A plain library with no user interface in it: the command line and the dashboard both
call it, through the names exported here and nowhere else (tests/test_layering.py
checks that no face imports a module below ``chief.store``). It never imports textual.

The layers, each a subpackage:

- ``datafile/``  the file on disk: safe saves, byte splicing, what this machine wrote,
  the lock, paths, conflict copies, backups;
- ``sync/``      keeping machines in step: merge, the hybrid logical clock, the replica,
  undo, the git driver, the archive;
- ``domain/``    what the work is: items and members, settings, the WHEN grammar,
  recurrence, quick-add, quadrants, the board;
- ``reports/``   what the chief reads: stats, the brief, the review, items in words;
- ``exchange/``  items in and out (export, import), the file's health, the demo;
- ``desk.py``    the one way in: every command the faces run.

Names are loaded on first use: ``chief add`` must not pay for the dashboard's reports.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# name -> the module it lives in; "module:" (a trailing colon) exports that module itself
_EXPORTS: dict[str, str] = {
    # The one way in
    "consistent_wait": "chief.store.desk",
    "default_follow_up": "chief.store.desk",
    "Desk": "chief.store.desk",
    # The translation layer
    "_": "chief.store.i18n",
    "choose": "chief.store.i18n",
    "language": "chief.store.i18n",
    "ngettext": "chief.store.i18n",
    "pgettext": "chief.store.i18n",
    "N_": "chief.store.i18n",
    "set_language": "chief.store.i18n",
    "os_reason": "chief.store.i18n.reasons",
    # Errors a user may be told
    "ChiefError": "chief.store.errors",
    "CommandError": "chief.store.errors",
    "ExitCode": "chief.store.errors",
    # Version
    "__version__": "chief.store.version",
    # The domain: items, settings, WHEN, quick-add, the board
    "Board": "chief.store.domain.board",
    "AmbiguousTitle": "chief.store.domain.board",
    "Load": "chief.store.domain.board",
    "day_note": "chief.store.domain.calendar",
    "near_days_note": "chief.store.domain.calendar",
    "take_calendar_notices": "chief.store.domain.calendar",
    "ConfigError": "chief.store.domain.config",
    "load_settings": "chief.store.domain.config",
    "Settings": "chief.store.domain.config",
    "shown_width": "chief.store.domain.ids",
    "Item": "chief.store.domain.model",
    "KINDS": "chief.store.domain.model",
    "Member": "chief.store.domain.model",
    "DEFAULT_CAPACITY": "chief.store.domain.model",
    "STATUSES": "chief.store.domain.model",
    "QUADRANTS": "chief.store.domain.quadrant",
    "EFFORT_EXAMPLES": "chief.store.domain.quickadd",
    "fold": "chief.store.domain.quickadd",
    "name_matches": "chief.store.domain.quickadd",
    "parse_effort": "chief.store.domain.quickadd",
    "read_effort": "chief.store.domain.quickadd",
    "REPEAT_EXAMPLES": "chief.store.domain.quickadd",
    "pinyin_find": "chief.store.domain.pinyin",
    "pinyin_starts": "chief.store.domain.pinyin",
    "Rule": "chief.store.domain.recur",
    "RuleError": "chief.store.domain.recur",
    "read_repeat": "chief.store.domain.recur",
    "wallclock": "chief.store.domain.wallclock:",
    "assign_offers": "chief.store.domain.team",
    "hand_on_plan": "chief.store.domain.team",
    "is_me": "chief.store.domain.team",
    "AWAY_REASONS": "chief.store.domain.team",
    "due_before_return": "chief.store.domain.team",
    "member_plate": "chief.store.domain.team",
    "name_key": "chief.store.domain.team",
    "return_day": "chief.store.domain.team",
    "Due": "chief.store.domain.when",
    "EXAMPLES": "chief.store.domain.when",
    "parse_when": "chief.store.domain.when",
    "in_pattern": "chief.store.domain.when",
    # Reports and items in words
    "zh_span": "chief.store.reports.in_words",
    "asked_period": "chief.store.reports.brief",
    "daily_brief": "chief.store.reports.brief",
    "parse_day": "chief.store.reports.brief",
    "write_brief": "chief.store.reports.brief",
    "duration_words": "chief.store.reports.chart",
    "Line": "chief.store.reports.chart",
    "plain": "chief.store.reports.chart",
    "away_words": "chief.store.reports.in_words",
    "load_percent": "chief.store.reports.in_words",
    "load_words": "chief.store.reports.in_words",
    "capacity_words": "chief.store.reports.in_words",
    "holder_words": "chief.store.reports.in_words",
    "away_warnings": "chief.store.reports.in_words",
    "orphan_words": "chief.store.reports.in_words",
    "day_words": "chief.store.reports.in_words",
    "due_echo": "chief.store.reports.in_words",
    "due_short": "chief.store.reports.in_words",
    "due_words": "chief.store.reports.in_words",
    "falls_due_first": "chief.store.reports.in_words",
    "follow_up_words": "chief.store.reports.in_words",
    "format_effort": "chief.store.reports.in_words",
    "item_json": "chief.store.reports.in_words",
    "landing": "chief.store.reports.in_words",
    "capture_notes": "chief.store.reports.in_words",
    "local_time": "chief.store.reports.in_words",
    "marks": "chief.store.reports.in_words",
    "marks_in_full": "chief.store.reports.in_words",
    "member_json": "chief.store.reports.in_words",
    "next_one_words": "chief.store.reports.in_words",
    "repeat_words": "chief.store.reports.in_words",
    "snoozed_words": "chief.store.reports.in_words",
    "team_members": "chief.store.reports.in_words",
    "time_words": "chief.store.reports.in_words",
    "understood": "chief.store.reports.in_words",
    "waiting_items": "chief.store.reports.in_words",
    "inert_json": "chief.store.reports.printable",
    "not_text": "chief.store.reports.printable",
    "printable": "chief.store.reports.printable",
    "printable_lines": "chief.store.reports.printable",
    "fairness": "chief.store.reports.fairness",
    "fairness_lines": "chief.store.reports.fairness",
    "fairness_period": "chief.store.reports.fairness",
    "review_lines": "chief.store.reports.review",
    "weekly_review": "chief.store.reports.review",
    "WeeklyReview": "chief.store.reports.review",
    "day_period": "chief.store.reports.stats",
    "interrupt_stats": "chief.store.reports.stats",
    "InterruptStats": "chief.store.reports.stats",
    "moment": "chief.store.reports.stats",
    "needs_archive": "chief.store.reports.stats",
    "Period": "chief.store.reports.stats",
    "stats_lines": "chief.store.reports.stats",
    "this_week": "chief.store.reports.stats",
    "today": "chief.store.reports.stats",
    "week_of": "chief.store.reports.stats",
    # Export, import, doctor, demo
    "demo_path": "chief.store.exchange.demo",
    "seed": "chief.store.exchange.demo",
    "doctor": "chief.store.exchange.doctor",
    "restore": "chief.store.exchange.doctor",
    "restore_command": "chief.store.exchange.doctor",
    "export_format": "chief.store.exchange.export",
    "exported": "chief.store.exchange.export",
    "write_export": "chief.store.exchange.export",
    "BadImport": "chief.store.exchange.importing",
    "import_file": "chief.store.exchange.importing",
    "read_plan": "chief.store.exchange.importing",
    "write_output": "chief.store.exchange.output_files",
    "write_numbered": "chief.store.exchange.output_files",
    "OutputRefused": "chief.store.exchange.output_files",
    # Sync: git
    "git_setup": "chief.store.sync.git_driver",
    "merge_driver": "chief.store.sync.git_driver",
    # The data file
    "quick_capture": "chief.store.datafile.capture",
    "capture_change": "chief.store.datafile.capture",
    "SavedHistory": "chief.store.sync.undo",
    "paths": "chief.store.datafile.paths:",
    "CorruptFile": "chief.store.datafile.storage",
    "DataFileError": "chief.store.datafile.storage",
    "newest_good_backup": "chief.store.datafile.storage",
    "SaveError": "chief.store.datafile.storage",
    # Steps, procedures, the emergency flow, find anything (issue 15)
    "Step": "chief.store.domain.model",
    "StepChange": "chief.store.domain.steps",
    "StepInfo": "chief.store.domain.steps",
    "step_info": "chief.store.domain.steps",
    "step_due": "chief.store.domain.steps",
    "emergencies": "chief.store.domain.steps",
    "KEEP": "chief.store.desk_steps",
    "Found": "chief.store.reports.search",
    "search": "chief.store.reports.search",
    "place_words": "chief.store.reports.search",
    "found_as": "chief.store.reports.search",
    "Query": "chief.store.reports.search",
    "keep_said": "chief.store.reports.search",
    "title_may_spell": "chief.store.reports.search",
    "step_json": "chief.store.reports.in_words",
    "import_pendulum": "chief.store.domain.lazy_pendulum",
    "replace_note": "chief.store.datafile.notes",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # what a type checker and an editor see; at run time names load lazily
    from chief.store.i18n import N_ as N_, _ as _, choose as choose, language as language
    from chief.store.i18n import ngettext as ngettext, pgettext as pgettext, set_language as set_language
    from chief.store.i18n.reasons import os_reason as os_reason
    from chief.store.desk import consistent_wait as consistent_wait
    from chief.store.desk import default_follow_up as default_follow_up
    from chief.store.desk import Desk as Desk
    from chief.store.errors import ChiefError as ChiefError
    from chief.store.errors import CommandError as CommandError
    from chief.store.errors import ExitCode as ExitCode
    from chief.store.version import __version__ as __version__
    from chief.store.domain.board import Board as Board
    from chief.store.domain.board import AmbiguousTitle as AmbiguousTitle
    from chief.store.domain.board import Load as Load
    from chief.store.domain.calendar import day_note as day_note
    from chief.store.domain.calendar import near_days_note as near_days_note
    from chief.store.domain.calendar import take_calendar_notices as take_calendar_notices
    from chief.store.domain.config import ConfigError as ConfigError
    from chief.store.domain.config import load_settings as load_settings
    from chief.store.domain.config import Settings as Settings
    from chief.store.domain.ids import shown_width as shown_width
    from chief.store.domain.model import Item as Item
    from chief.store.domain.model import KINDS as KINDS
    from chief.store.domain.model import Member as Member
    from chief.store.domain.model import DEFAULT_CAPACITY as DEFAULT_CAPACITY
    from chief.store.domain.model import STATUSES as STATUSES
    from chief.store.domain.quadrant import QUADRANTS as QUADRANTS
    from chief.store.domain.quickadd import EFFORT_EXAMPLES as EFFORT_EXAMPLES
    from chief.store.domain.quickadd import fold as fold
    from chief.store.domain.quickadd import name_matches as name_matches
    from chief.store.domain.quickadd import parse_effort as parse_effort
    from chief.store.domain.quickadd import read_effort as read_effort
    from chief.store.domain.quickadd import REPEAT_EXAMPLES as REPEAT_EXAMPLES
    from chief.store.domain.pinyin import pinyin_find as pinyin_find
    from chief.store.domain.pinyin import pinyin_starts as pinyin_starts
    from chief.store.domain.recur import Rule as Rule
    from chief.store.domain.recur import RuleError as RuleError
    from chief.store.domain.recur import read_repeat as read_repeat
    from chief.store.domain import wallclock as wallclock
    from chief.store.domain.team import assign_offers as assign_offers
    from chief.store.domain.team import hand_on_plan as hand_on_plan
    from chief.store.domain.team import is_me as is_me
    from chief.store.domain.team import AWAY_REASONS as AWAY_REASONS
    from chief.store.domain.team import due_before_return as due_before_return
    from chief.store.domain.team import member_plate as member_plate
    from chief.store.domain.team import name_key as name_key
    from chief.store.domain.team import return_day as return_day
    from chief.store.domain.when import Due as Due
    from chief.store.domain.when import EXAMPLES as EXAMPLES
    from chief.store.domain.when import parse_when as parse_when
    from chief.store.domain.when import in_pattern as in_pattern
    from chief.store.reports.brief import asked_period as asked_period
    from chief.store.reports.brief import daily_brief as daily_brief
    from chief.store.reports.brief import parse_day as parse_day
    from chief.store.reports.brief import write_brief as write_brief
    from chief.store.reports.chart import duration_words as duration_words
    from chief.store.reports.chart import Line as Line
    from chief.store.reports.chart import plain as plain
    from chief.store.reports.in_words import away_words as away_words
    from chief.store.reports.in_words import load_percent as load_percent
    from chief.store.reports.in_words import load_words as load_words
    from chief.store.reports.in_words import capacity_words as capacity_words
    from chief.store.reports.in_words import holder_words as holder_words
    from chief.store.reports.in_words import away_warnings as away_warnings
    from chief.store.reports.in_words import orphan_words as orphan_words
    from chief.store.reports.in_words import day_words as day_words
    from chief.store.reports.in_words import due_echo as due_echo
    from chief.store.reports.in_words import due_short as due_short
    from chief.store.reports.in_words import due_words as due_words
    from chief.store.reports.in_words import falls_due_first as falls_due_first
    from chief.store.reports.in_words import follow_up_words as follow_up_words
    from chief.store.reports.in_words import format_effort as format_effort
    from chief.store.reports.in_words import item_json as item_json
    from chief.store.reports.in_words import landing as landing
    from chief.store.reports.in_words import capture_notes as capture_notes
    from chief.store.reports.in_words import local_time as local_time
    from chief.store.reports.in_words import snoozed_words as snoozed_words
    from chief.store.reports.in_words import marks as marks
    from chief.store.reports.in_words import marks_in_full as marks_in_full
    from chief.store.reports.in_words import member_json as member_json
    from chief.store.reports.in_words import next_one_words as next_one_words
    from chief.store.reports.in_words import repeat_words as repeat_words
    from chief.store.reports.in_words import team_members as team_members
    from chief.store.reports.in_words import time_words as time_words
    from chief.store.reports.in_words import understood as understood
    from chief.store.reports.in_words import waiting_items as waiting_items
    from chief.store.reports.printable import inert_json as inert_json
    from chief.store.reports.printable import not_text as not_text
    from chief.store.reports.printable import printable as printable
    from chief.store.reports.printable import printable_lines as printable_lines
    from chief.store.reports.fairness import fairness as fairness
    from chief.store.reports.fairness import fairness_lines as fairness_lines
    from chief.store.reports.fairness import fairness_period as fairness_period
    from chief.store.reports.review import review_lines as review_lines
    from chief.store.reports.review import weekly_review as weekly_review
    from chief.store.reports.review import WeeklyReview as WeeklyReview
    from chief.store.reports.stats import day_period as day_period
    from chief.store.reports.stats import interrupt_stats as interrupt_stats
    from chief.store.reports.stats import InterruptStats as InterruptStats
    from chief.store.reports.stats import moment as moment
    from chief.store.reports.stats import needs_archive as needs_archive
    from chief.store.reports.stats import Period as Period
    from chief.store.reports.stats import stats_lines as stats_lines
    from chief.store.reports.stats import this_week as this_week
    from chief.store.reports.stats import today as today
    from chief.store.reports.stats import week_of as week_of
    from chief.store.exchange.demo import demo_path as demo_path
    from chief.store.exchange.demo import seed as seed
    from chief.store.exchange.doctor import doctor as doctor
    from chief.store.exchange.doctor import restore as restore
    from chief.store.exchange.doctor import restore_command as restore_command
    from chief.store.exchange.export import export_format as export_format
    from chief.store.exchange.export import exported as exported
    from chief.store.exchange.export import write_export as write_export
    from chief.store.exchange.importing import BadImport as BadImport
    from chief.store.exchange.importing import import_file as import_file
    from chief.store.exchange.importing import read_plan as read_plan
    from chief.store.exchange.output_files import write_output as write_output
    from chief.store.exchange.output_files import write_numbered as write_numbered
    from chief.store.exchange.output_files import OutputRefused as OutputRefused
    from chief.store.sync.git_driver import git_setup as git_setup
    from chief.store.sync.git_driver import merge_driver as merge_driver
    from chief.store.datafile.capture import quick_capture as quick_capture
    from chief.store.datafile.capture import capture_change as capture_change
    from chief.store.sync.undo import SavedHistory as SavedHistory
    from chief.store.datafile import paths as paths
    from chief.store.datafile.storage import CorruptFile as CorruptFile
    from chief.store.datafile.storage import DataFileError as DataFileError
    from chief.store.datafile.storage import newest_good_backup as newest_good_backup
    from chief.store.datafile.storage import SaveError as SaveError
    from chief.store.domain.model import Step as Step
    from chief.store.domain.steps import StepChange as StepChange
    from chief.store.domain.steps import StepInfo as StepInfo
    from chief.store.domain.steps import step_info as step_info
    from chief.store.domain.steps import step_due as step_due
    from chief.store.domain.steps import emergencies as emergencies
    from chief.store.desk_steps import KEEP as KEEP
    from chief.store.reports.search import Found as Found
    from chief.store.reports.search import search as search
    from chief.store.reports.search import place_words as place_words
    from chief.store.reports.search import found_as as found_as
    from chief.store.reports.search import Query as Query
    from chief.store.reports.search import keep_said as keep_said
    from chief.store.reports.search import title_may_spell as title_may_spell
    from chief.store.reports.in_words import step_json as step_json
    from chief.store.domain.lazy_pendulum import import_pendulum as import_pendulum
    from chief.store.datafile.notes import replace_note as replace_note


def __getattr__(name: str) -> Any:
    """Load an exported name from its home module the first time it is asked for."""
    try:
        home = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'chief.store' has no attribute {name!r}") from None
    module = import_module(home.rstrip(":"))
    value = module if home.endswith(":") else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
