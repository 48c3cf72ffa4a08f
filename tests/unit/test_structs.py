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


def _both(body: Any) -> list[Any]:
    """``body(decorate)`` made with ``struct`` and with ``dataclass``: the same classes both ways."""
    return [body(struct), body(dataclasses.dataclass)]


def test_a_subclass_with_its_own_init_keeps_it_after_the_first_instance():
    def body(decorate: Any) -> Any:
        @decorate
        class Base:
            x: int

        @decorate
        class Sub(Base):
            y: int = 0

            def __init__(self, x: int) -> None:
                super().__init__(x)
                self.y = 5

        return Sub

    for sub in _both(body):
        assert (sub(1).y, sub(2).y, sub(3).x) == (5, 5, 3)


def test_a_frozen_struct_with_its_own_eq_is_hashable_as_a_dataclass_is():
    def body(decorate: Any) -> Any:
        @decorate(frozen=True)
        class Own:
            a: int

            def __eq__(self, other: object) -> bool:
                return isinstance(other, Own) and other.a == self.a

        return Own

    for own in _both(body):
        assert hash(own(1)) == hash(own(1)) and own(1) == own(1)


def test_a_plain_subclass_of_a_frozen_struct_may_set_its_own_names_not_the_fields():
    def body(decorate: Any) -> Any:
        @decorate(frozen=True)
        class Frozen:
            a: int

        class Plain(Frozen):
            def __init__(self, a: int) -> None:
                super().__init__(a)
                self.extra = 1

        return Frozen, Plain

    for frozen, plain in _both(body):
        made = plain(2)
        assert (made.a, made.extra) == (2, 1)
        with pytest.raises(AttributeError):  # FrozenInstanceError, both ways
            made.a = 3
        with pytest.raises(AttributeError):
            frozen(1).extra = 1


def test_frozen_and_not_frozen_do_not_mix_in_one_line_of_classes():
    @struct(frozen=True)
    class Frozen:
        a: int

    with pytest.raises(TypeError, match="cannot inherit non-frozen"):
        @struct
        class Thawed(Frozen):
            b: int = 0


def test_a_slotted_subclass_declares_only_its_own_slots():
    @struct(frozen=True, slots=True)
    class One:
        a: int
        b: int = 0

    @struct(frozen=True, slots=True)
    class Two(One):
        b: int = 1
        c: int = 2

    assert Two.__slots__ == ("c",) and Two(0) == Two(0, 1, 2) and Two(0).b == 1
