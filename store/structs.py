"""Data classes without the price of ``dataclasses``, for a command that must start at once.

``chief add`` runs from scripts and other shells all day, and most of its time
was imports (issue 17). ``import dataclasses`` loads ``inspect``, ``ast``,
``dis`` and ``tokenize`` (about 6 ms), and each ``@dataclass`` writes six
methods as source text and compiles them when its module is imported (about
0.6 ms a class): 17 ms of a ~65 ms capture for the 19 classes on its path.

``@struct`` makes the same classes the store used ``@dataclass`` for: typed
fields with defaults (``field(default_factory=..., compare=False)`` too),
construction by keyword or position, ``__post_init__``, frozen instances,
``__slots__``, equality and hashing over the compared fields, a repr, and
``replace``. The difference is where the work happens: equality, hashing,
repr and the frozen guard are functions shared by every class (the fields are
read with one ``operator.attrgetter``, in C), and the one method that must be
fast per class, ``__init__``, is compiled on the first instance, not at import
(a capture makes instances of a few classes; the dashboard makes thousands of
items, each as fast as a dataclass's).

What it leaves out, because Chief does not use it: ordering, ``InitVar``,
``kw_only``, ``fields()`` and ``asdict()``, ``__match_args__``. A class that
defines ``__init__``, ``__eq__`` or ``__repr__`` itself keeps its own, as
with ``@dataclass``. The dashboard's own classes (in tui/) stay dataclasses:
Textual imports ``dataclasses`` anyway.
"""

from __future__ import annotations

from operator import attrgetter

TYPE_CHECKING = False  # typing itself costs a capture 3 ms; checkers read this block as the real thing
if TYPE_CHECKING:
    from typing import Any, Callable, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_kwargs):
        return lambda function: function


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """An assignment to a field of a frozen struct (the same error ``dataclasses`` raises)."""


class Field:
    """What ``field()`` gives: a default, or a function that makes one per instance, and whether it is compared."""

    __slots__ = ("default", "default_factory", "compare")

    def __init__(self, default: Any, default_factory: Callable[[], Any] | None, compare: bool) -> None:
        self.default = default
        self.default_factory = default_factory
        self.compare = compare


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | None = None, compare: bool = True) -> Any:
    """A field's default, or the function that makes a fresh one for each instance (for a list or dict)."""
    if default is not MISSING and default_factory is not None:
        raise ValueError("cannot give both default and default_factory")
    return Field(default, default_factory, compare)


class _Spec:
    """A struct class's fields, in order, and what its shared methods need to know about them."""

    __slots__ = ("names", "defaults", "factories", "compared_names", "compared", "values", "frozen")

    def __init__(self, names: tuple[str, ...], defaults: dict[str, Any], factories: dict[str, Callable[[], Any]],
                 compared: tuple[str, ...], frozen: bool) -> None:
        self.frozen = frozen
        self.names = names
        self.defaults = defaults
        self.factories = factories
        self.compared_names = compared
        self.compared = _getter(compared)
        self.values = _getter(names)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function from an instance to the tuple of these fields' values (attrgetter gives a bare value for one name)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda instance: (one(instance),)
    return lambda instance: ()


@dataclass_transform(field_specifiers=(field,))
def struct(cls: type[T] | None = None, /, *, frozen: bool = False, slots: bool = False) -> Any:
    """Make ``cls`` a data class: ``@struct``, ``@struct(frozen=True)``, ``@struct(frozen=True, slots=True)``."""

    def make(cls: type[T]) -> type[T]:
        return _make(cls, frozen, slots)

    return make if cls is None else make(cls)


def _make(cls: type, frozen: bool, slots: bool) -> type:
    names: list[str] = []
    defaults: dict[str, Any] = {}
    factories: dict[str, Callable[[], Any]] = {}
    compared: list[str] = []
    for base in reversed(cls.__mro__[1:]):
        spec = base.__dict__.get("__struct__")
        if spec is not None:
            if spec.frozen != frozen:  # as dataclasses: a frozen struct's subclass is frozen, and only it
                raise TypeError(f"cannot inherit {'' if frozen else 'non-'}frozen struct from a {'non-' if frozen else ''}frozen one")
            for name in spec.names:
                if name not in names:
                    names.append(name)
            defaults.update(spec.defaults)
            factories.update(spec.factories)
            compared.extend(n for n in spec.compared_names if n not in compared)
    inherited = set(names)
    own = cls.__dict__.get("__annotations__", {})
    for name, annotation in own.items():
        if "ClassVar" in str(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        compare = True
        if isinstance(value, Field):
            compare = value.compare
            if value.default_factory is not None:
                factories[name] = value.default_factory
                defaults.pop(name, None)
                value = MISSING
            else:
                value = value.default
        else:
            factories.pop(name, None)
        if value is not MISSING and type(value).__hash__ is None:  # a list, dict or set shared by every instance
            raise ValueError(f"mutable default {type(value)} for field {name} is not allowed: use default_factory")
        if value is not MISSING:
            defaults[name] = value
        else:
            defaults.pop(name, None)
        if name not in names:
            names.append(name)
        if compare and name not in compared:
            compared.append(name)
        elif not compare and name in compared:
            compared.remove(name)
    seen_default = ""
    for name in names:
        if name in defaults or name in factories:
            seen_default = name
        elif seen_default:
            raise TypeError(f"non-default argument {name!r} follows default argument {seen_default!r}")
    added: dict[str, Any] = {"__struct__": _Spec(tuple(names), defaults, factories, tuple(compared), frozen)}
    if "__init__" not in cls.__dict__:
        added["__init__"] = _first_init
    if "__repr__" not in cls.__dict__:
        added["__repr__"] = _repr
    if "__eq__" not in cls.__dict__:
        added["__eq__"] = _eq
    if cls.__dict__.get("__hash__") is None:  # none of its own (a class's own __eq__ leaves None): as dataclasses,
        added["__hash__"] = _hash if frozen else None  # hashable by value if frozen, else not at all
    if frozen:
        added["__setattr__"] = _frozen_setattr
        added["__delattr__"] = _frozen_delattr
    if not slots:
        for key, value in added.items():
            setattr(cls, key, value)
        return cls
    namespace = {key: value for key, value in cls.__dict__.items() if key not in own and key not in ("__dict__", "__weakref__")}
    namespace.update(added, __slots__=tuple(name for name in own if name in names and name not in inherited), __getstate__=_getstate, __setstate__=_setstate,
                     __qualname__=cls.__qualname__)
    return type(cls)(cls.__name__, cls.__bases__, namespace)  # a class default and a slot cannot share a name


# the shared methods ---------------------------------------------------------------


def _first_init(self: Any, *args: Any, **kwargs: Any) -> None:
    """Compile this class's ``__init__`` (as ``dataclasses`` would write it), put it in place and run it."""
    cls = _owner(type(self))
    init = _compile_init(cls, cls.__dict__["__struct__"])
    cls.__init__ = init
    init(self, *args, **kwargs)


def _owner(cls: type) -> type:
    """The class whose ``__init__`` this call stands for: the nearest in the MRO still holding :func:`_first_init`.

    A struct's subclass with an ``__init__`` of its own that calls ``super().__init__`` reaches here through
    its base, whose fields are the ones to set; a plain subclass inherits its struct's ``__init__``.
    """
    for klass in cls.__mro__:
        if klass.__dict__.get("__init__") is _first_init:
            return klass
    raise TypeError(f"{cls.__name__} is not a struct")


def _compile_init(cls: type, spec: _Spec) -> Callable[..., None]:
    """The ``__init__`` that sets each field in turn: as fast as a dataclass's, because it is the same code."""
    parameters = []
    body = []
    namespace: dict[str, Any] = {"_set": object.__setattr__, "MISSING": MISSING}
    for n, name in enumerate(spec.names):
        if name in spec.factories:
            namespace[f"_factory{n}"] = spec.factories[name]
            parameters.append(f"{name}=MISSING")
            body.append(f"    _set(self, {name!r}, _factory{n}() if {name} is MISSING else {name})")
            continue
        if name in spec.defaults:
            namespace[f"_default{n}"] = spec.defaults[name]
            parameters.append(f"{name}=_default{n}")
        else:
            parameters.append(name)
        body.append(f"    _set(self, {name!r}, {name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(parameters)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, namespace)  # noqa: S102 - our own text, made from the class's field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _repr(self: Any) -> str:
    spec = self.__struct__
    shown = ", ".join(f"{name}={value!r}" for name, value in zip(spec.names, spec.values(self)))
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    compared = self.__struct__.compared
    return compared(self) == compared(other)


def _hash(self: Any) -> int:
    return hash(self.__struct__.compared(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    if _frozen_here(self, name):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self: Any, name: str) -> None:
    if _frozen_here(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _frozen_here(self: Any, name: str) -> bool:
    """As dataclasses: every name of a frozen struct itself; only the fields for a plain subclass of one."""
    cls = type(self)
    return "__struct__" in cls.__dict__ or name in cls.__struct__.names


def _getstate(self: Any) -> tuple[Any, ...]:
    return self.__struct__.values(self)


def _setstate(self: Any, state: tuple[Any, ...]) -> None:
    for name, value in zip(self.__struct__.names, state):
        object.__setattr__(self, name, value)  # a frozen struct too: copy and pickle rebuild it this way


def field_defaults(cls: type) -> dict[str, Any]:
    """A struct class's fields that have a plain default, with it (those made by a factory are left out)."""
    return dict(cls.__struct__.defaults)  # type: ignore[attr-defined]


def replace(instance: T, /, **changes: Any) -> T:
    """A copy of ``instance`` with some fields changed (``__post_init__`` runs again, as with ``dataclasses.replace``)."""
    spec = instance.__struct__  # type: ignore[attr-defined]
    values = dict(zip(spec.names, spec.values(instance)))
    values.update(changes)
    return type(instance)(**values)
