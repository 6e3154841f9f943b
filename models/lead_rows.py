"""Leads from rows of values, a column at a time: the quick way a million leads are read
from a file's blocks and made by an import.

``RowReader.read`` vouches for a block's rows only when every value is of the very type
and range the codec would accept without changing it; anything else (a float for a time,
a missing value, a verdict of some other shape) makes it give up, and the codec reads that
block's rows one by one, refusing what is wrong in a sentence. Lists of records shared by
many leads (the same verdicts, the same facts) are read once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from typing import Any

from journeyapp.models import fields
from journeyapp.models.change import Kind
from journeyapp.models.codec import entity_from_dict
from journeyapp.models.entities import ENTITY_TYPES, DealStep, Touch
from journeyapp.models.errors import FormatError
from journeyapp.models.fields import EMPTY_MAP, FrozenMap
from journeyapp.models.limits import MAX_TEXT_CHARS

LEAD = ENTITY_TYPES[Kind.LEAD]
_NONE = type(None)
_new = object.__new__


class _NotSure(Exception):
    """A value the quick look cannot vouch for."""


def made_as_given(cls: type, names: Sequence[str], rows: Any) -> list[Any]:
    """Entities of ``cls`` from rows of values already checked and kept as the entity keeps
    them (tuples, FrozenMaps): no ``__init__`` nor ``__post_init__`` runs for each."""
    made = []
    append = made.append
    for values in rows:
        entity = _new(cls)
        entity.__dict__.update(zip(names, values, strict=True))  # keys shared among them all
        append(entity)
    return made


def maker(cls: type) -> Callable[[Sequence[Any]], Any]:
    """``made_as_given`` for one entity at a time: its values in the declared order."""
    names = tuple(name for name, _ in fields.declared(cls))

    def make(values: Sequence[Any]) -> Any:
        entity = _new(cls)
        entity.__dict__.update(zip(names, values, strict=True))
        return entity

    return make


class RowReader:
    """Reads the rows of many blocks, keeping what it read of shared records between them.

    A block's lists of records (a lead's verdicts, its facts) are kept once in the block's
    ``shared`` list; a row holds the index of its own there."""

    def __init__(self, cls: type = LEAD) -> None:
        self.cls = cls
        self.names = tuple(name for name, _ in fields.declared(cls))
        self.columns = [self._column(spec) for _, spec in fields.declared(cls)]
        self.parse = json.JSONDecoder().decode
        self._records: dict[Any, Any] = {}
        self._shared_now: list[Any] = []

    def read(self, rows: list[list[Any]], shared: list[Any]) -> list[Any] | None:
        """The entities of ``rows``, or None when the quick look cannot vouch for them."""
        if not rows:
            return []
        width = len(self.names)
        if set(map(len, rows)) != {width}:
            return None
        self._shared_now = shared
        try:
            values = zip(*rows, strict=True)
            columns = [read(column) for read, column in zip(self.columns, values, strict=True)]
        except (_NotSure, TypeError, ValueError, AttributeError, FormatError):
            return None
        return made_as_given(self.cls, self.names, zip(*columns, strict=True))

    def _column(self, spec: fields.Spec) -> Callable[[tuple], Sequence[Any]]:
        if type(spec) is fields.Text and not spec.document:
            if spec.optional:
                return _optional_texts
            return _names if spec.nonempty else _texts
        if type(spec) is fields.DealPath:
            return _paths
        if type(spec) is fields.Touches:
            return lambda column: _touches(column, spec.kinds)
        if type(spec) in SHARED_SPECS:
            return lambda column: self._shared(column, spec)
        return _unsure

    def _shared(self, column: tuple, spec: Any) -> list[Any]:
        """Verdicts or facts by their index in the block's shared list, each distinct one read
        by the codec once."""
        shared = self._shared_now
        if set(map(type, column)) != {int} or min(column) < 0 or max(column) >= len(shared):
            raise _NotSure
        made = {index: self._record_value(spec, shared[index]) for index in set(column)}
        return list(map(made.__getitem__, column))

    def _record_value(self, spec: Any, value: Any) -> Any:
        is_map = type(spec) is fields.RecordMap
        if type(value) is not (dict if is_map else list):
            raise _NotSure
        if not value:
            return EMPTY_MAP if is_map else ()
        if is_map and max(map(len, value)) > MAX_TEXT_CHARS:
            raise _NotSure
        key = (
            (spec, tuple((k, tuple(v.items())) for k, v in value.items()))
            if is_map
            else (spec, tuple(tuple(v.items()) for v in value))
        )  # a list inside: TypeError, and the codec reads the block
        made = self._records.get(key)
        if made is None:
            made = self._records[key] = _records_of(spec, value)
        return made


SHARED_SPECS = (fields.RecordMap, fields.Records)


def _records_of(spec: Any, value: Any) -> Any:
    if type(spec) is fields.RecordMap:
        return FrozenMap(
            {key: entity_from_dict(spec.record, item, "leads row") for key, item in value.items()}
        )
    return tuple(entity_from_dict(spec.record, item, "leads row") for item in value)


def _unsure(column: tuple) -> Sequence[Any]:
    raise _NotSure


def _texts(column: tuple) -> tuple:
    if set(map(type, column)) != {str} or max(map(len, column)) > MAX_TEXT_CHARS:
        raise _NotSure
    return column


def _names(column: tuple) -> tuple:
    if not all(map(str.strip, _texts(column))):
        raise _NotSure
    return column


def _optional_texts(column: tuple) -> tuple:
    if set(map(type, column)) - {str, _NONE}:
        raise _NotSure
    if max(map(len, filter(None, column)), default=0) > MAX_TEXT_CHARS:
        raise _NotSure
    return column


def _times(values: tuple, optional: bool = False) -> None:
    kinds = set(map(type, values))
    if kinds - ({int, _NONE} if optional else {int}):
        raise _NotSure
    present = [value for value in values if value is not None] if _NONE in kinds else values
    if present and (
        min(present) < fields.DealPath.earliest or max(present) > fields.DealPath.latest
    ):
        raise _NotSure


def _steps(column: tuple, width: int) -> list:
    if set(map(type, column)) - {list}:
        raise _NotSure
    steps = list(chain.from_iterable(column))
    if steps and (set(map(type, steps)) != {list} or set(map(len, steps)) != {width}):
        raise _NotSure
    return steps


def _paths(column: tuple) -> list:
    steps = _steps(column, 4)
    if steps:
        stages, crm_stages, entered, exited = zip(*steps, strict=True)
        _texts(stages)
        _texts(crm_stages)
        _times(entered)
        _times(exited, optional=True)
    return [tuple(map(tuple.__new__, repeat(DealStep), path)) if path else () for path in column]


def _touches(column: tuple, kinds: tuple[str, ...]) -> list:
    steps = _steps(column, 2)
    if steps:
        when, how = zip(*steps, strict=True)
        _times(when)
        if not set(how) <= set(kinds):
            raise _NotSure
    return [tuple(map(tuple.__new__, repeat(Touch), made)) if made else () for made in column]
