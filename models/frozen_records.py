"""Frozen dataclasses whose equality, hash and repr are shared, not compiled per class.

``dataclasses.dataclass(frozen=True)`` writes six methods for each class as source text and
compiles them when the module is imported. The app declares over a hundred such classes, and
those compilations were a tenth of its start-up. Five of the six need nothing of their own:
equality, hash and repr read the class's fields in order, which one getter per class does
(``operator.attrgetter``, in C); the guards against assigning and deleting a field are the
same two functions for every class, closed over its fields. ``frozen_record`` keeps only
``dataclass``'s ``__init__``, and behaves exactly as ``dataclass`` does: only fields with
``compare`` take part in equality, ``hash`` (or ``compare``) in the hash, and ``repr`` in the
repr; an object equals only one of its own class.
"""

from __future__ import annotations

import dataclasses
import inspect
import reprlib
import threading
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T", bound=type)


def frozen_record(cls: T) -> T:
    """``@dataclass(frozen=True)``, its equality, hash and repr shared (see the module)."""
    with _GUARDS_SHARED:
        cls = dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)
    fields = dataclasses.fields(cls)
    cls.__record_compared__ = _values_of([f.name for f in fields if f.compare])
    hashed = [f.name for f in fields if (f.compare if f.hash is None else f.hash)]
    cls.__record_hashed__ = _values_of(hashed)
    cls.__record_shown__ = tuple(f.name for f in fields if f.repr)
    own = cls.__dict__
    if "__eq__" not in own:
        cls.__eq__ = _equal
    if own.get("__hash__") is None:
        cls.__hash__ = _hash
    if "__repr__" not in own:
        cls.__repr__ = _repr
    return cls


def _values_of(names: list[str]) -> Callable[[Any], tuple]:
    """The fields' values as a tuple, as dataclass's methods compare and hash them."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return attrgetter(*names)


def _equal(self: Any, other: Any) -> bool:
    if other.__class__ is self.__class__:
        values = self.__class__.__record_compared__
        return values(self) == values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__class__.__record_hashed__(self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__class__.__record_shown__)
    return f"{self.__class__.__qualname__}({shown})"


def _guards(cls: type, fields: list[dataclasses.Field], _globals: dict) -> tuple[Callable, ...]:
    """What ``dataclasses`` compiles for a frozen class, as closures: assigning or deleting
    a field, or anything on the class itself, raises FrozenInstanceError; a subclass that is
    no frozen dataclass may set attributes of its own."""
    names = frozenset(field.name for field in fields)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


class _SharedGuards:
    """While held, ``dataclasses`` takes its frozen guards from ``_guards``. Only where its
    private maker has the signature it has had since Python 3.7 (it changed in 3.13); else
    dataclass compiles its own, which behave the same."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        maker = getattr(dataclasses, "_frozen_get_del_attr", None)
        fits = maker is not None and list(inspect.signature(maker).parameters) == [
            "cls",
            "fields",
            "globals",
        ]
        self._compiled = maker if fits else None

    def __enter__(self) -> None:
        self._lock.acquire()
        if self._compiled is not None:
            dataclasses._frozen_get_del_attr = _guards

    def __exit__(self, *_: object) -> None:
        if self._compiled is not None:
            dataclasses._frozen_get_del_attr = self._compiled
        self._lock.release()


_GUARDS_SHARED = _SharedGuards()
