"""Item.from_record's fast reading (store/domain/model.py ``_fast_item``) is the full reading, only faster.

Every board reads every item of the file, so ``Item.from_record`` first tries a
one-pass reading of a record as Chief writes it and falls back to the full,
field-by-field reading for anything else. The fast reading must never accept
what the full one refuses, nor read anything differently: a record of a wrong
type, a damaged time or a poisoned value is refused exactly as before. These
tests hold ``from_record`` to the full reading over records of every shape.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chief.store.domain import model
from chief.store.domain.model import ITEM_FIELDS, InvalidRecord, Item
from chief.store.sync.poison import record_trouble

STAMP = "001764000000000-000003-otherdev01"
WRITTEN = {"title": "Write the annual report", "notes": "", "kind": "task", "important": True, "urgent": False,
           "due": "2026-11-27", "category": "documents", "assignee": None, "source": None, "status": "open",
           "effort": 30, "created": "2026-11-20T01:00:00Z", "updated": "2026-11-20T01:00:00Z", "done_at": None,
           "taken_at": None, "snoozed_until": None, "waiting_on": None, "follow_up": None, "waiting_since": None,
           "deferrals": 0, "repeat": None, "series": None, "_stamps": {"*": STAMP}}


class _Text(str):
    """Text of a subclass of str: the full reading takes it, the fast one leaves it to the full one."""


def _slow(item_id: str, record: Any) -> Any:
    """What the full reading alone makes of a record: the item, or the reason it is refused."""
    fast, model._fast_item = model._fast_item, lambda *args: None
    try:
        return _outcome(item_id, record)
    finally:
        model._fast_item = fast


def _outcome(item_id: str, record: Any) -> Any:
    try:
        item = Item.from_record(item_id, record)
    except InvalidRecord as err:
        return ("refused", str(err))
    return ("item", item, dict(item.extra), [dict(step.extra) for step in item.steps])


TIMES = st.sampled_from(["2026-11-20T01:00:00Z", "2026-11-27", "2026-11-20T01:00:00", "2026-13-45", "", "soon",
                         "２０２６-11-20", "٢٠٢٦-١١-٢٠T01:00:00Z", "2026-11-20T01:00:00Z\n", " 2026-11-27"])
TEXTS = st.one_of(st.sampled_from(["", " ", "Book the room", "起草会议纪要", "open", "done", "inbox", "gone", "task",
                                   "interrupt", "Task", "\ud800", "x\u2028y"]), TIMES, st.text(max_size=8))
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**6), st.floats(allow_nan=True), TEXTS,
                   TEXTS.map(_Text), st.lists(st.integers(), max_size=2), st.dictionaries(TEXTS, TEXTS, max_size=2))
STEP = st.fixed_dictionaries({"text": TEXTS, "order": st.one_of(st.integers(0, 9), st.floats(0, 9))},
                             optional={"done": VALUES, "done_at": st.one_of(st.none(), TIMES), "kind": TEXTS,
                                       "_stamps": st.just({"*": STAMP}), "_deleted": st.one_of(st.none(), st.just({"*": STAMP})),
                                       "colour": VALUES})


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    """Chief's written record with some fields changed to any value, dropped, or added."""
    record = dict(WRITTEN)
    for name in draw(st.lists(st.sampled_from([*ITEM_FIELDS, "steps", "colour", "_stamps"]), max_size=4)):
        if draw(st.booleans()):
            record.pop(name, None)
        elif name == "steps":
            record[name] = draw(st.one_of(st.dictionaries(st.sampled_from(["S1", "S2", "S3"]), STEP, max_size=3), VALUES))
        elif name in ("created", "updated", "due", "done_at", "snoozed_until", "follow_up", "waiting_since", "emergency"):
            record[name] = draw(st.one_of(TIMES, VALUES))
        else:
            record[name] = draw(VALUES)
    return record


@settings(max_examples=300, deadline=None)
@given(record=records())
def test_from_record_reads_any_record_as_the_full_reading_does(record: dict[str, Any]) -> None:
    assert _outcome("01ITEM", record) == _slow("01ITEM", record)


@settings(max_examples=200, deadline=None)
@given(record=records())
def test_the_fast_reading_takes_only_what_the_full_one_reads_the_same(record: dict[str, Any]) -> None:
    """Given a record the poison checks pass (they run first, for both readings).

    A damaged step refuses the item in both readings alike (they read steps the same way).
    """
    if record_trouble("01ITEM", record) is not None:
        return
    try:
        fast = model._fast_item(Item, "01ITEM", record)
    except InvalidRecord as err:
        assert _slow("01ITEM", record) == ("refused", str(err))
        return
    if fast is not None:
        assert _slow("01ITEM", record) == ("item", fast, dict(fast.extra), [dict(step.extra) for step in fast.steps])


def test_records_as_chief_writes_them_take_the_fast_reading() -> None:
    """The fast reading is really used: for what Chief writes, steps and unknown fields included."""
    written = {**WRITTEN, "emergency": "2026-11-20T02:00:00Z", "colour": "red",
               "steps": {"S1": {"text": "Call", "done": False, "done_at": None, "who": None, "due": None, "order": 1,
                                "kind": "step", "_stamps": {"*": STAMP}}}}
    fast = model._fast_item(Item, "01ITEM", written)
    assert fast is not None
    assert fast == Item.from_record("01ITEM", written) == _slow("01ITEM", written)[1]
    assert fast.extra == {"colour": "red", "_stamps": {"*": STAMP}}
    assert [s.text for s in fast.steps] == ["Call"]
    assert Item.from_record("01ITEM", fast.to_record()) == fast


@pytest.mark.parametrize("change, reason", [
    ({"important": 1}, "important has the wrong type (int)"),
    ({"effort": True}, "effort has the wrong type (bool)"),
    ({"effort": 30.0}, "effort has the wrong type (float)"),
    ({"title": "  "}, "title is missing or empty"),
    ({"status": "gone"}, "unknown status 'gone'"),
    ({"created": "2026-11-20"}, "created is not a stored time: '2026-11-20'"),
    ({"due": "٢٠٢٦-١١-٢٠"}, None),  # digits of another script: the full reading's rule, whatever it says
    ({"title": "bad \ud800"}, "holds text that is not valid Unicode (a lone surrogate)"),
    ({"_stamps": {"*": "999999999999999-000000-otherdev01"}}, "stamped in the future"),
])
def test_what_the_full_reading_refuses_stays_refused(change: dict[str, Any], reason: str | None) -> None:
    record = {**WRITTEN, **change}
    assert _outcome("01ITEM", record) == _slow("01ITEM", record)
    if reason is not None:
        with pytest.raises(InvalidRecord, match=reason.replace("(", r"\(").replace(")", r"\)")):
            Item.from_record("01ITEM", record)
