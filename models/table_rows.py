"""Entities as the rows of their tables, worked out once per kind: each field's value in
column order, the lists, maps and records among them as JSON text.

An import writes a million entities in one transaction; building a dict per entity and a
JSON encoder per value took most of that write, so a row is one C call that reads every
field, and a call per structured field to the JSON encoder made once."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from json import encoder as json_encoder
from operator import attrgetter
from typing import Any

from journeyapp.models import fields
from journeyapp.models.change import Kind
from journeyapp.models.codec import field_writers
from journeyapp.models.entities import ENTITY_TYPES
from journeyapp.models.schema import TABLES

Row = list[Any]


def _json_writer() -> Callable[[Any], str]:
    """JSON text as ``json.JSONEncoder(ensure_ascii=False).encode`` writes it, without making
    an encoder for every value as that method does."""
    made = json.JSONEncoder(ensure_ascii=False)
    make_encoder = json_encoder.c_make_encoder
    if make_encoder is None:  # a Python built without the C accelerator
        return made.encode
    encode = make_encoder(
        None,  # no check for cycles: an entity's values hold none
        made.default,
        json_encoder.encode_basestring,
        None,
        made.key_separator,
        made.item_separator,
        made.sort_keys,
        made.skipkeys,
        made.allow_nan,
    )
    return lambda value: "".join(encode(value, 0))


to_json = _json_writer()

# Lists of tuples, held as tuples of tuples: JSON writes a tuple as it writes a list.
_WRITTEN_AS_HELD = (fields.DealPath, fields.Touches, fields.TextList)


def _structured(write: Callable[[Any, Any], Any] | None, spec: Any) -> Callable[[Any], Any]:
    def encode(value: Any) -> Any:
        if value is None:
            return None
        if not value:  # most lists and maps are empty: no writer nor encoder runs for them
            return "{}" if isinstance(value, dict) else "[]"
        return to_json(value if write is None else write(spec, value))

    return encode


def row_encoder(kind: Kind) -> tuple[tuple[str, ...], Callable[[Any], Row]]:
    """The columns of ``kind``'s table (without ``position``) and a function giving an
    entity's values for them, as a list."""
    return _row_encoder(kind, ENTITY_TYPES[kind])


@functools.cache
def _row_encoder(kind: Kind, cls: type) -> tuple[tuple[str, ...], Callable[[Any], Row]]:
    structured = set(TABLES[kind].json_columns)
    names: list[str] = []
    conversions: list[tuple[int, Callable[[Any], Any]]] = []
    for index, (name, write, spec) in enumerate(field_writers(cls)):
        names.append(name)
        if name in structured:
            as_held = isinstance(spec, _WRITTEN_AS_HELD)
            conversions.append((index, _structured(None if as_held else write, spec)))
        elif write is not None:
            conversions.append((index, functools.partial(write, spec)))
    read = attrgetter(*names)

    def encode(entity: Any) -> Row:
        row = list(read(entity))
        for index, convert in conversions:
            row[index] = convert(row[index])
        return row

    return tuple(names), encode
