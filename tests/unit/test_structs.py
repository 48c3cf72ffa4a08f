"""``@struct`` behaves as ``@dataclass`` did for every use the store makes of it.

Each check makes the same class both ways and compares what a caller sees:
construction, defaults and factories, equality and hashing (with a field left
out of comparison), the frozen guard, ``replace`` and ``__post_init__``, copy
and pickle, the errors a wrong call gets, and the repr.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any, Mapping

import pytest

from chief.store.structs import FrozenInstanceError, field, replace, struct


def _pair(frozen: bool, slots: bool) -> tuple[type, type]:
    """The same class made by ``@struct`` and by ``@dataclass``."""

    def body(decorate: Any, make_field: Any) -> type:
        @decorate(frozen=frozen, slots=slots)
        class Record:
            """A record."""

            id: str
            title: str
            notes: str = ""
            due: str | None = None
            steps: tuple[str, ...] = ()
            extra: Mapping[str, Any] = make_field(default_factory=dict, compare=False)

            @property
            def shown(self) -> str:
                return f"{self.id}: {self.title}"

        return Record

    return body(struct, field), body(dataclasses.dataclass, dataclasses.field)


KINDS = [(True, True), (True, False), (False, False), (False, True)]


@pytest.mark.parametrize(("frozen", "slots"), KINDS)
def test_construction_defaults_and_repr_are_a_dataclass_s(frozen, slots):
    made, reference = _pair(frozen, slots)
    for args, kwargs in [(("1", "t"), {}), ((), {"id": "1", "title": "t", "due": "2026-12-02"}),
                         (("1",), {"title": "t", "steps": ("a",), "extra": {"k": 1}})]:
        ours, theirs = made(*args, **kwargs), reference(*args, **kwargs)
        assert repr(ours) == repr(theirs).replace("test_construction_defaults_and_repr_are_a_dataclass_s.<locals>.", "")
        assert [getattr(ours, n) for n in ("id", "title", "notes", "due", "steps", "extra")] == \
               [getattr(theirs, n) for n in ("id", "title", "notes", "due", "steps", "extra")]
        assert ours.shown == theirs.shown
    assert made("1", "t").extra is not made("1", "t").extra  # a fresh dict from the factory each time
    assert hasattr(made("1", "t"), "__dict__") is (not slots)


@pytest.mark.parametrize(("frozen", "slots"), KINDS)
def test_wrong_calls_fail_as_a_dataclass_s_do(frozen, slots):
    made, reference = _pair(frozen, slots)
    for args, kwargs in [((), {}), (("1",), {}), (("1", "t"), {"bogus": 1}), (("1", "t"), {"id": "2"}),
                         (("1", "t", "n", None, (), {}, "extra"), {})]:
        with pytest.raises(TypeError) as ours:
            made(*args, **kwargs)
        with pytest.raises(TypeError) as theirs:
            reference(*args, **kwargs)
        assert str(ours.value).split("()")[1] == str(theirs.value).split("()")[1]


@pytest.mark.parametrize(("frozen", "slots"), KINDS)
def test_equality_and_hashing_follow_the_compared_fields(frozen, slots):
    made, reference = _pair(frozen, slots)
    for cls in (made, reference):
        a, b = cls("1", "t", extra={"x": 1}), cls("1", "t", extra={"y": 2})
        assert a == b and not (a != b)  # extra is not compared
        assert a != cls("1", "u") and a != ("1", "t") and a != object()
        if frozen:
            assert hash(a) == hash(b) and len({a, b, cls("2", "t")}) == 2
        else:
            with pytest.raises(TypeError):
                hash(a)
    assert made("1", "t") != reference("1", "t")  # another class is never equal, as with dataclasses


@pytest.mark.parametrize("slots", [True, False])
def test_a_frozen_struct_refuses_every_change(slots):
    made, _reference = _pair(True, slots)
    record = made("1", "t")
    with pytest.raises(FrozenInstanceError):
        record.title = "changed"
    with pytest.raises(FrozenInstanceError):
        del record.title
    with pytest.raises(AttributeError):  # FrozenInstanceError is one, as callers catching AttributeError expect
        record.notes = "x"
    assert record.title == "t"


def test_a_mutable_struct_takes_changes():
    made, _reference = _pair(False, False)
    record = made("1", "t")
    record.title = "changed"
    assert record == made("1", "changed")


@pytest.mark.parametrize(("frozen", "slots"), KINDS)
def test_replace_copy_and_pickle_give_equal_records(frozen, slots):
    made, _reference = _pair(frozen, slots)
    record = made("1", "t", steps=("a",), extra={"k": [1]})
    changed = replace(record, title="u")
    assert changed == made("1", "u", steps=("a",)) and changed.extra == {"k": [1]} and record.title == "t"
    for twin in (copy.copy(record), copy.deepcopy(record)):
        assert twin == record and twin.extra == record.extra and type(twin) is type(record)
    with pytest.raises(TypeError):
        replace(record, bogus=1)


@struct(frozen=True, slots=True)
class Pickled:
    """At module level, where pickle finds it."""

    name: str
    count: int = 0


def test_a_frozen_slotted_struct_survives_pickle():
    assert pickle.loads(pickle.dumps(Pickled("a", 2))) == Pickled("a", 2)


def test_post_init_runs_on_construction_and_replace():
    @struct(frozen=True)
    class Upper:
        text: str

        def __post_init__(self) -> None:
            object.__setattr__(self, "text", self.text.upper())

    assert Upper("a").text == "A" and replace(Upper("a"), text="b").text == "B"


def test_mistakes_in_a_class_are_refused_when_it_is_made():
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument 'a'"):
        @struct
        class Wrong:
            a: int = 0
            b: int

    with pytest.raises(ValueError, match="default_factory"):
        @struct
        class Shared:
            a: list = []  # noqa: RUF012 - the mistake under test

    with pytest.raises(ValueError):
        field(default=1, default_factory=int)


def test_a_class_s_own_methods_and_class_variables_are_kept():
    from typing import ClassVar

    @struct(frozen=True)
    class Own:
        LIMIT: ClassVar[int] = 3
        a: int

        def __repr__(self) -> str:
            return "own"

    assert repr(Own(1)) == "own" and Own.LIMIT == 3
    with pytest.raises(TypeError):
        Own(1, 2)  # LIMIT is not a field
