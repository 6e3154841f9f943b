"""How each field of an entity is declared: what it holds, its limits, what it refers to.

An entity's dataclass is the one list of its fields. Each field carries a small
declaration (``Spec``) in its metadata; the codec, the length and range checks,
the file's JSON columns and the tests' generated playbooks all read it, so a
field added to a dataclass is written, read, checked and generated everywhere.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any

from journeyapp.models.change import Kind
from journeyapp.models.frozen_records import frozen_record

SPEC = "journeyapp.spec"


class FrozenMap(dict):
    """A dict that cannot be changed: equal to a dict, written as a JSON object, copyable."""

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("An entity's mapping cannot be changed; build a new one.")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple:
        return (FrozenMap, (dict(self),))

    def __repr__(self) -> str:
        return f"FrozenMap({dict.__repr__(self)})"


EMPTY_MAP = FrozenMap()


# -- the declarations -------------------------------------------------------


@frozen_record
class Spec:
    """What one field holds. ``structured``: kept as JSON in one column of its table."""

    structured = False


@frozen_record
class Text(Spec):
    """Words: ``required`` in a file, ``nonempty`` (a name), ``optional`` (may be None);
    ``refers_to`` the id of another kind, or to the kind named by field ``kind_field``."""

    required: bool = False
    nonempty: bool = False
    optional: bool = False
    document: bool = False  # a whole document, not words someone typed: no length limit
    refers_to: Kind | None = None
    kind_field: str | None = None


@frozen_record
class Colour(Spec):
    """A colour written #rrggbb."""


@frozen_record
class Whole(Spec):
    """A whole number; ``what`` names it in a refusal, between ``low`` and ``high``."""

    what: str | None = None
    low: int = 0
    high: int = 2**53
    optional: bool = True
    signed: bool = False  # a file may hold a negative one (the range check refuses it)


@frozen_record
class Number(Spec):
    """A number between ``low`` and ``high`` (``low`` itself excluded if ``above_low``);
    ``refusal`` is the sentence an edit outside the range gets (None: not checked)."""

    low: float = -1e9
    high: float = 1e9
    optional: bool = True
    above_low: bool = False
    refusal: str | None = None


@frozen_record
class Choice(Spec):
    """One member of an enum (only ``members``, when given)."""

    enum: type[Enum]
    members: tuple[Enum, ...] | None = None


@frozen_record
class Image(Spec):
    """A small PNG or JPEG image (bytes; empty for none), written as base64 text."""


@frozen_record
class Flag(Spec):
    """Yes or no."""


@frozen_record
class TextList(Spec):
    """A list of pieces of text."""

    structured = True


@frozen_record
class Records(Spec):
    """A list of small records of ``record`` (itself a declared dataclass)."""

    record: type
    structured = True


@frozen_record
class Record(Spec):
    """One small record of ``record``, or None."""

    record: type
    structured = True


@frozen_record
class RaciMap(Spec):
    """Role id to R, A, C or I."""

    structured = True


@frozen_record
class DealPath(Spec):
    """A deal's visits to stages, each (map stage, CRM stage, entered, exited); times are whole
    seconds since 1970 (UTC) that a calendar date can show (the years 1 to 9999)."""

    structured = True
    earliest: int = -62_135_596_800  # 1 January 1, 00:00:00
    latest: int = 253_402_300_799  # 31 December 9999, 23:59:59


@frozen_record
class Checked(Spec):
    """Text in a form of its own (a time of day, a time zone): ``refusal`` says in a sentence
    why a value cannot be, or None; ``examples`` are values it accepts."""

    refusal: Callable[[str], str | None]
    examples: tuple[str, ...] = ()


@frozen_record
class Touches(Spec):
    """Contact attempts, each (when, kind): whole seconds since 1970 (UTC) that a calendar date
    can show, and one of ``kinds``."""

    structured = True
    kinds: tuple[str, ...] = ("call", "email", "meeting", "other")
    earliest: int = DealPath.earliest
    latest: int = DealPath.latest


@frozen_record
class RecordMap(Spec):
    """Small records of ``record`` by a key (an id of ``keys``, not checked: it may be gone)."""

    record: type
    keys: Kind | None = None
    structured = True


@frozen_record
class Counts(Spec):
    """Whole numbers from 0 to ``high`` by a key (an id of ``keys``, not checked);
    ``what`` names them in a refusal."""

    what: str
    high: int = 10**9
    keys: Kind | None = None
    structured = True


@frozen_record
class StepNotes(Spec):
    """A deal's retrospective notes by step number ("0", "1", …)."""

    record: type
    structured = True


# -- helpers that declare a field ------------------------------------------------


def _field(spec: Spec, default: Any = dataclasses.MISSING, **options: Any) -> Any:
    return dataclasses.field(default=default, metadata={SPEC: spec}, **options)


def name(**options: Any) -> Any:
    """Text that must be there and not be empty: an id, a name, a term."""
    return _field(Text(required=True, nonempty=True), **options)


def text(default: str = "", **options: Any) -> Any:
    return _field(Text(), default, **options)


def given_text(**options: Any) -> Any:
    """Text the constructor must be given, though a file may leave it out (then empty)."""
    return _field(Text(), **options)


def required_text(**options: Any) -> Any:
    """Text a file must hold, though it may be empty."""
    return _field(Text(required=True), **options)


def optional_text(**options: Any) -> Any:
    return _field(Text(optional=True), None, **options)


def document(**options: Any) -> Any:
    return _field(Text(required=True, document=True), **options)


def ref(kind: Kind, **options: Any) -> Any:
    """The id of an entity of ``kind`` that must exist."""
    return _field(Text(required=True, nonempty=True, refers_to=kind), **options)


def optional_ref(kind: Kind | None = None, kind_field: str | None = None, **options: Any) -> Any:
    """The id of an entity of ``kind`` (or of the kind held in ``kind_field``), or None."""
    return _field(Text(optional=True, refers_to=kind, kind_field=kind_field), None, **options)


def colour(default: str) -> Any:
    return _field(Colour(), default)


def whole(
    what: str | None = None,
    low: int = 0,
    high: int = 2**53,
    default: int | None = None,
    signed: bool = False,
) -> Any:
    """A whole number; None allowed when the default is None."""
    return _field(Whole(what, low, high, optional=default is None, signed=signed), default)


def number(
    default: float | None = None,
    low: float = -1e9,
    high: float = 1e9,
    above_low: bool = False,
    refusal: str | None = None,
) -> Any:
    return _field(Number(low, high, default is None, above_low, refusal), default)


def choice(enum: type[Enum], default: Any, members: Iterable[Enum] | None = None) -> Any:
    return _field(Choice(enum, None if members is None else tuple(members)), default)


def flag(default: bool = False) -> Any:
    return _field(Flag(), default)


def image() -> Any:
    return _field(Image(), b"")


def text_list() -> Any:
    return _field(TextList(), ())


def records(record: type) -> Any:
    return _field(Records(record), ())


def optional_record(record: type) -> Any:
    return _field(Record(record), None)


def raci_map() -> Any:
    return _field(RaciMap(), EMPTY_MAP)


def deal_path() -> Any:
    return _field(DealPath(), ())


def step_notes(record: type) -> Any:
    return _field(StepNotes(record), EMPTY_MAP)


def checked(
    default: str, refusal: Callable[[str], str | None], examples: Iterable[str] = ()
) -> Any:
    return _field(Checked(refusal, tuple(examples)), default)


def touches() -> Any:
    return _field(Touches(), ())


def record_map(record: type, keys: Kind | None = None) -> Any:
    return _field(RecordMap(record, keys), EMPTY_MAP)


def counts(what: str, high: int = 10**9, keys: Kind | None = None) -> Any:
    return _field(Counts(what, high, keys), EMPTY_MAP)


# -- reading the declarations -------------------------------------------------------


def spec_of(field: dataclasses.Field) -> Spec:
    try:
        return field.metadata[SPEC]
    except KeyError:
        raise TypeError(f"The field {field.name!r} has no declaration (models.fields).") from None


@functools.cache
def declared(cls: type) -> tuple[tuple[str, Spec], ...]:
    """Each field of ``cls`` with its declaration, in the dataclass's order."""
    return tuple((f.name, spec_of(f)) for f in dataclasses.fields(cls))


@functools.cache
def structured_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` a table keeps as JSON text."""
    return tuple(name for name, spec in declared(cls) if spec.structured)


def _freeze_list(value: Any) -> Any:
    return value if isinstance(value, tuple) else tuple(value)


def _freeze_map(value: Any) -> Any:
    return value if isinstance(value, FrozenMap) else FrozenMap(value)


def _freeze_choice(enum: type[Enum]) -> Callable[[Any], Any]:
    return lambda value: value if isinstance(value, enum) else enum(value)


def _freezer(spec: Spec) -> Callable[[Any], Any] | None:
    if isinstance(spec, TextList | Records | DealPath | Touches):
        return _freeze_list
    if isinstance(spec, RaciMap | StepNotes | RecordMap | Counts):
        return _freeze_map
    if isinstance(spec, Choice):
        return _freeze_choice(spec.enum)
    return None


@functools.cache
def _freezers(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    found = ((name, _freezer(spec)) for name, spec in declared(cls))
    return tuple((name, freeze) for name, freeze in found if freeze is not None)


def frozen_values(cls: type, values: Mapping[str, Any]) -> FrozenMap:
    """``values`` for fields of ``cls``, kept as the entity would keep them (lists as tuples)."""
    freezers = dict(_freezers(cls))
    return FrozenMap(
        {name: freezers[name](v) if name in freezers else v for name, v in values.items()}
    )


class Frozen:
    """Base of the entities: lists given to them are kept as tuples, dicts as FrozenMaps,
    and a choice given as its text ("stage") as its enum member."""

    def __post_init__(self) -> None:
        for name, freeze in _freezers(type(self)):
            value = getattr(self, name)
            frozen = freeze(value)
            if frozen is not value:  # most are given frozen (an import makes a million)
                object.__setattr__(self, name, frozen)
