"""Standard procedures: the named lists of steps that standard work follows.

Each kind of work in a secretariat has its standard, and standard work has its
steps: receiving a delegation, sending out a document, a confidential
dispatch. A procedure is such a list, with for each step an optional offset
from the item's due time ("-1d": the working day before) and who does it (a
member's name, or a role that a member of the team holds).

Chief ships one for each of the five default categories and one for
emergencies, in the interface's language. The standard work of the office
(receiving visitors, sending a document, a confidential dispatch) gets its
steps when an item of that category is created; daily affairs and logistics
are mostly too small for a checklist, so theirs is applied when asked
(``proc:logistics``). The config changes them:

    [procedures.reception]          # replaces the default of that name
    category = "reception"          # items of this category get these steps when created
    steps = [
      "Confirm the guest list and the schedule",
      { text = "Book the meeting room", offset = "-2d", who = "driver" },
      { text = "Report back to the leader", report = true },
    ]

    [procedures]
    logistics = false               # removes a default

A procedure marked ``emergency = true`` is the emergency flow (``E`` on the
dashboard, ``Desk.make_emergency``).
"""

from __future__ import annotations

from chief.store.domain.model import DEFAULT_CATEGORIES, ZH_DEFAULT_CATEGORIES
from chief.store.structs import struct

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping



@struct(frozen=True)
class ProcedureStep:
    """One step of a procedure: its text, when it is due from the item's due time, who does it."""

    text: str
    offset: str | None = None  # from the item's due time, e.g. "-1d" (see steps.offset_due)
    who: str | None = None  # a member's name, or a role
    report: bool = False  # reporting back to whoever raised the item


@struct(frozen=True)
class Procedure:
    """A named list of steps, given to new items of its category (or named with proc:NAME)."""

    name: str
    steps: tuple[ProcedureStep, ...]
    category: str | None = None  # items of this category get the steps when created
    emergency: bool = False  # the emergency flow


def _steps(*rows: tuple) -> tuple[ProcedureStep, ...]:
    return tuple(ProcedureStep(*row) for row in rows)


_EN = (
    Procedure("daily affairs", _steps(
        ("Confirm what is asked, by whom and by when",),
        ("Assign it, and tell whoever does it the standard expected",),
        ("Check progress before the deadline", "-1d"),
        ("Check the result against the standard",),
        ("Report completion and file the record", None, None, True),
    )),  # not automatic: most of this work is too small for a checklist (proc:NAME applies it)
    Procedure("reception", _steps(
        ("Confirm the visitors, the purpose, the schedule and the protocol level", "-3d"),
        ("Draft the reception plan and have it approved", "-2d"),
        ("Book rooms, meals, vehicles and the meeting room", "-2d"),
        ("Notify the departments and the people accompanying", "-1d"),
        ("Check every arrangement on site", "-1d"),
        ("See the visitors off, settle the costs and sum up",),
    ), DEFAULT_CATEGORIES[1]),
    Procedure("documents", _steps(
        ("Understand what the leader wants and gather the material",),
        ("Write the first draft", "-2d"),
        ("Check facts, figures, names and format", "-1d"),
        ("Submit for review and make the changes", "-1d"),
        ("Proofread the final text and send it out",),
        ("File the original and the drafts",),
    ), DEFAULT_CATEGORIES[2]),
    Procedure("confidential", _steps(
        ("Register the number, classification and copies",),
        ("Deliver only to those authorised, each signing for it",),
        ("Keep it in the safe; no copies without approval",),
        ("Recover every copy and check the count",),
        ("File or destroy it as the rules require",),
    ), DEFAULT_CATEGORIES[3]),
    Procedure("logistics", _steps(
        ("Confirm the need: what, how many, by when", "-2d"),
        ("Check the budget and get approval", "-2d"),
        ("Arrange the purchase, vehicles or venue", "-1d"),
        ("Check on site before use",),
        ("Ask how it went, and settle the accounts",),
    )),  # not automatic: most of this work is too small for a checklist (proc:NAME applies it)
    Procedure("emergency", _steps(
        ("Analyse calmly: what happened, how serious, who is affected",),
        ("Convene the departments concerned",),
        ("Propose a solution within the rules",),
        ("Report to the leader",),
        ("Coordinate those who act",),
        ("Report back on the outcome", None, None, True),
    ), None, True),
)

_ZH = (
    Procedure("日常事务", _steps(
        ("明确事项要求、交办人和时限",),
        ("分解落实到人，讲清标准",),
        ("时限前督查进度", "-1d"),
        ("对照标准检查办理结果",),
        ("报告办结情况，登记归档", None, None, True),
    )),  # not automatic: most of this work is too small for a checklist (proc:NAME applies it)
    Procedure("接待", _steps(
        ("确认来宾名单、来访事由、日程和接待规格", "-3d"),
        ("拟定接待方案并报批", "-2d"),
        ("落实住宿、用餐、车辆和会场", "-2d"),
        ("通知有关部门和陪同人员", "-1d"),
        ("接待前现场逐项检查", "-1d"),
        ("送别来宾，结算费用，总结归档",),
    ), ZH_DEFAULT_CATEGORIES[1]),
    Procedure("文稿", _steps(
        ("领会领导意图，收集材料",),
        ("起草初稿", "-2d"),
        ("核对事实、数据、人名和格式", "-1d"),
        ("送审修改", "-1d"),
        ("校对定稿，印发",),
        ("原稿、底稿归档",),
    ), ZH_DEFAULT_CATEGORIES[2]),
    Procedure("机要保密", _steps(
        ("登记文件编号、密级和份数",),
        ("按知悉范围传递，逐人签收",),
        ("存入保密柜，未经批准不得复制",),
        ("清退收回，核对份数",),
        ("按规定归档或销毁",),
    ), ZH_DEFAULT_CATEGORIES[3]),
    Procedure("后勤", _steps(
        ("确认需求：物品、数量、时间", "-2d"),
        ("核对预算并报批", "-2d"),
        ("落实采购、车辆或场地", "-1d"),
        ("使用前现场检查",),
        ("回访满意度，结算报账",),
    )),  # not automatic: most of this work is too small for a checklist (proc:NAME applies it)
    Procedure("应急处置", _steps(
        ("冷静研判：发生了什么、严重程度、影响范围",),
        ("通知召集相关部门",),
        ("依规提出处置意见",),
        ("向领导报告",),
        ("协调各方落实处置",),
        ("向领导反馈处置结果", None, None, True),
    ), None, True),
)


def default_procedures() -> dict[str, Procedure]:
    """The shipped procedures, in the interface's language (chosen before any Settings is made)."""
    from chief.store.i18n import language

    return {p.name: p for p in (_ZH if language() == "zh" else _EN)}


def read_procedures(value: Any) -> dict[str, Procedure]:
    """The config's ``[procedures]`` table over the defaults; ValueError (with the name) for a bad entry."""
    if not isinstance(value, dict):
        raise ValueError("procedures")
    found = default_procedures()
    for name, table in value.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(name)
        name = name.strip()
        if table is False:
            found.pop(name, None)
            continue
        found[name] = _procedure(name, table)
    return found


def _procedure(name: str, table: Any) -> Procedure:
    if not isinstance(table, dict) or not set(table) <= {"steps", "category", "emergency"}:
        raise ValueError(name)
    rows = table.get("steps")
    if not isinstance(rows, list) or not rows or len(rows) > 100:
        raise ValueError(name)
    category = table.get("category")
    emergency = table.get("emergency", False)
    if (category is not None and not (isinstance(category, str) and category.strip())) or not isinstance(emergency, bool):
        raise ValueError(name)
    return Procedure(name, tuple(_step(name, row) for row in rows), category.strip() if category else None, emergency)


def _step(name: str, row: Any) -> ProcedureStep:
    from chief.store.domain.steps import parse_offset

    if isinstance(row, str) and row.strip():
        return ProcedureStep(" ".join(row.split()))
    if not isinstance(row, dict) or not set(row) <= {"text", "offset", "who", "report"}:
        raise ValueError(name)
    text, offset, who, report = row.get("text"), row.get("offset"), row.get("who"), row.get("report", False)
    if not isinstance(text, str) or not text.strip() or not isinstance(report, bool):
        raise ValueError(name)
    if offset is not None:
        if not isinstance(offset, str):
            raise ValueError(name)
        try:
            parse_offset(offset)
        except ValueError:
            raise ValueError(name) from None
    if who is not None and not (isinstance(who, str) and who.strip()):
        raise ValueError(name)
    return ProcedureStep(" ".join(text.split()), offset, who.strip() if who else None, report)


def procedure_for_category(procedures: Mapping[str, Procedure], category: str | None) -> Procedure | None:
    """The default procedure of a category (the first that names it), or None."""
    if not category:
        return None
    folded = category.casefold()
    return next((p for p in procedures.values() if p.category and p.category.casefold() == folded), None)


def emergency_procedure(procedures: Mapping[str, Procedure]) -> Procedure | None:
    return next((p for p in procedures.values() if p.emergency), None)
