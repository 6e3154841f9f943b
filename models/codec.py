"""Playbook to plain data and back: the JSON interchange format, also the store's row format.

``playbook_to_dict`` is deterministic: the same playbook always gives the
same data, so exporting, importing and exporting again is byte-identical.
``playbook_from_dict`` checks every value and raises ``FormatError`` with one
sentence naming the place of the first problem.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from typing import Any

from journeyapp.models import fields
from journeyapp.models.change import Kind
from journeyapp.models.entities import ENTITY_TYPES, DealStep, PlaybookMeta, Raci, Touch
from journeyapp.models.errors import EditError, FormatError, quoted_briefly
from journeyapp.models.fields import FrozenMap
from journeyapp.models.limits import MAX_TEXT_CHARS
from journeyapp.models.logo import MAX_LOGO_BYTES, check_logo, logo_from_text, logo_to_text
from journeyapp.models.playbook import Playbook

FORMAT_NAME = "journeyapp.playbook"
MAX_DOCUMENT_CHARS = 200 * 1024 * 1024  # a snapshot holds a whole playbook's JSON
FORMAT_VERSION = 1

# -- writing ---------------------------------------------------------------


def _number(value: float | int | None) -> float | int | None:
    """Write whole numbers without a fractional part, so 24.0 and 24 export alike."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def entity_to_dict(entity: Any) -> dict[str, Any]:
    """Any declared entity or record as JSON-ready data, its fields in declaration order."""
    values = entity.__dict__
    return {
        name: values[name] if write is None else write(spec, values[name])
        for name, write, spec in _writers(type(entity))
    }


# Fields written as they are held: no call per field (an import writes a million entities).
_AS_HELD = (fields.Text, fields.Colour, fields.Whole, fields.Flag, fields.Checked)


@functools.cache
def _writers(cls: type) -> tuple[tuple[str, Callable[[Any, Any], Any] | None, Any], ...]:
    """Each field of ``cls``: its name, how it is written (None: as it is held), its spec."""
    return tuple(
        (name, None if type(spec) in _AS_HELD else _WRITERS[type(spec)], spec)
        for name, spec in fields.declared(cls)
    )


field_writers = _writers


def _write_notes(spec: fields.StepNotes, notes: Any) -> dict[str, Any]:
    return {step: entity_to_dict(n) for step, n in sorted(notes.items(), key=lambda i: int(i[0]))}


def _write_record_map(spec: fields.RecordMap, records: Any) -> dict[str, Any]:
    return {key: entity_to_dict(record) for key, record in sorted(records.items())}


_WRITERS: dict[type, Callable[[Any, Any], Any]] = {
    fields.Text: lambda spec, value: value,
    fields.Colour: lambda spec, value: value,
    fields.Whole: lambda spec, value: value,
    fields.Number: lambda spec, value: _number(value),
    fields.Choice: lambda spec, value: value.value,
    fields.Flag: lambda spec, value: value,
    fields.Image: lambda spec, value: logo_to_text(value),
    fields.TextList: lambda spec, value: list(value),
    fields.Records: lambda spec, value: [entity_to_dict(item) for item in value],
    fields.Record: lambda spec, value: None if value is None else entity_to_dict(value),
    fields.RaciMap: lambda spec, value: {role: letter.value for role, letter in value.items()},
    # Compact: [map stage, CRM stage, entered, exited], times in seconds since 1970 (UTC);
    # each step is already such a tuple.
    fields.DealPath: lambda spec, value: list(value),
    fields.StepNotes: _write_notes,
    fields.Checked: lambda spec, value: value,
    # Compact: [when, kind], when in seconds since 1970 (UTC); each touch is such a tuple.
    fields.Touches: lambda spec, value: list(value),
    fields.RecordMap: _write_record_map,
    fields.Counts: lambda spec, value: dict(sorted(value.items())),
}


def meta_to_dict(meta: PlaybookMeta) -> dict[str, Any]:
    return entity_to_dict(meta)


ENTITY_TO_DICT: dict[Kind, Callable[[Any], dict[str, Any]]] = {
    kind: entity_to_dict for kind in ENTITY_TYPES if kind is not Kind.META
}


def playbook_to_dict(playbook: Playbook) -> dict[str, Any]:
    """The whole playbook as JSON-ready data; stages and handoffs sorted by id."""
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "meta": entity_to_dict(playbook.meta),
        "phases": [entity_to_dict(p) for p in playbook.phases],
        "lanes": [entity_to_dict(lane) for lane in playbook.lanes],
        "stages": [entity_to_dict(s) for s in sorted(playbook.stages(), key=lambda s: s.id)],
        "handoffs": [entity_to_dict(h) for h in sorted(playbook.handoffs(), key=lambda h: h.id)],
        "roles": [entity_to_dict(r) for r in playbook.roles],
        "activities": [entity_to_dict(a) for a in playbook.activities],
        "definitions": [entity_to_dict(d) for d in playbook.definitions],
        "scoring_rules": [entity_to_dict(r) for r in playbook.scoring_rules],
        "stage_mappings": [entity_to_dict(m) for m in playbook.stage_mappings],
        "deals": [entity_to_dict(d) for d in sorted(playbook.deals, key=lambda d: d.id)],
        "improvements": [entity_to_dict(i) for i in playbook.improvements],
        "notes": [entity_to_dict(n) for n in playbook.notes],
        "commitments": [
            entity_to_dict(c) for c in sorted(playbook.commitments, key=lambda c: (c.period, c.id))
        ],
        "meetings": [
            entity_to_dict(m) for m in sorted(playbook.meetings, key=lambda m: (m.held, m.id))
        ],
        "projects": [entity_to_dict(p) for p in playbook.projects],
        "leads": [entity_to_dict(lead) for lead in sorted(playbook.leads, key=lambda d: d.id)],
        "decision_drivers": [entity_to_dict(d) for d in playbook.drivers],
        "interviews": [
            entity_to_dict(i) for i in sorted(playbook.interviews, key=lambda i: (i.date, i.id))
        ],
        "voting_rounds": [
            entity_to_dict(r) for r in sorted(playbook.rounds, key=lambda r: (r.opened, r.id))
        ],
        "snapshots": [
            entity_to_dict(s) for s in sorted(playbook.snapshots, key=lambda s: (s.taken_at, s.id))
        ],
    }


# -- reading ---------------------------------------------------------------


class _Fields:
    """Reads typed fields out of one JSON object, naming its place in any error."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise FormatError(f"{where} must be an object, not {_describe(data)}.")
        self.data = data
        self.where = where

    def _get(self, key: str, default: Any, required: bool) -> Any:
        if key not in self.data:
            if required:
                raise FormatError(f"{self.where} is missing “{key}”.")
            return default
        return self.data[key]

    def _fail(self, key: str, wanted: str, value: Any) -> FormatError:
        return FormatError(f"{self.where}.{key} must be {wanted}, not {_describe(value)}.")

    def text(
        self, key: str, default: str = "", required: bool = False, longest: int = MAX_TEXT_CHARS
    ) -> str:
        value = self._get(key, default, required)
        if not isinstance(value, str):
            raise self._fail(key, "text", value)
        _check_text(value, f"{self.where}.{key}", longest)
        return value

    def name(self, key: str) -> str:
        value = self.text(key, required=True)
        if not value.strip():
            raise FormatError(f"{self.where}.{key} must not be empty.")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._get(key, None, False)
        return None if value is None else self.text(key)

    def integer(self, key: str, minimum: int = 0) -> int | None:
        value = self._get(key, None, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise self._fail(key, "a whole number or null", value)
        if value < minimum or value > 2**53:
            raise FormatError(f"{self.where}.{key} must be at least {minimum}, not {value}.")
        return value

    def number(
        self, key: str, default: float | None = None, low: float = -1e9, high: float = 1e9
    ) -> float | None:
        value = self._get(key, default, False)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self._fail(key, "a number", value)
        if not low <= value <= high:
            raise FormatError(f"{self.where}.{key} must be between {low:g} and {high:g}.")
        return float(value)

    def choice(self, key: str, enum: type, default: Any) -> Any:
        value = self._get(key, default.value, False)
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise self._fail(key, f"one of {allowed}", value) from None

    def text_list(self, key: str) -> list[str]:
        value = self._get(key, [], False)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of text", value)
        for i, item in enumerate(value):
            _check_text(item, f"{self.where}.{key}[{i}]", MAX_TEXT_CHARS)
        return list(value)

    def objects(self, key: str) -> list[_Fields]:
        value = self._get(key, [], False)
        if not isinstance(value, list):
            raise self._fail(key, "a list", value)
        return [_Fields(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(value)]

    def raci(self, key: str) -> dict[str, Raci]:
        value = self._get(key, {}, False)
        if not isinstance(value, dict):
            raise self._fail(key, "an object of role → R/A/C/I", value)
        result: dict[str, Raci] = {}
        for role, letter in value.items():
            try:
                result[role] = Raci(letter)
            except ValueError:
                raise FormatError(
                    f"{self.where}.{key} gives role {role!r} {_describe(letter)}; use R, A, C or I."
                ) from None
        return result


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text “{quoted_briefly(value, 21)}”"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _check_text(value: str, where: str, longest: int) -> None:
    if len(value) > longest:
        raise FormatError(
            f"{where} is {len(value):,} characters long; a text field holds at most {longest:,}."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError(f"{where} holds characters that are not valid Unicode text.") from None


def entity_from_dict(cls: type, data: Any, where: str) -> Any:
    """Build a declared entity or record from JSON data, checking every field's value."""
    f = _Fields(data, where)
    return cls(
        **{name: read(f, name, spec, default) for name, read, spec, default in _readers(cls)}
    )


@functools.cache
def _readers(cls: type) -> tuple[tuple[str, Callable[..., Any], Any, Any], ...]:
    return tuple(
        (field.name, _READERS[type(spec)], spec, field.default)
        for field in dataclasses.fields(cls)
        if (spec := fields.spec_of(field))
    )


def _read_text(f: _Fields, key: str, spec: fields.Text, default: Any) -> str | None:
    value = f.data.get(key)
    if (
        type(value) is str
        and len(value) <= MAX_TEXT_CHARS
        and value.isascii()  # so it is valid text: nothing more to look at
        and (not spec.nonempty or (value and not value.isspace()))
    ):
        return value
    if spec.optional:
        return f.optional_text(key)
    if spec.nonempty:
        return f.name(key)
    if default is dataclasses.MISSING:
        default = ""
    longest = MAX_DOCUMENT_CHARS if spec.document else MAX_TEXT_CHARS
    return f.text(key, default, required=spec.required, longest=longest)


def _read_image(f: _Fields, key: str, spec: fields.Image, default: bytes) -> bytes:
    text = f.text(key, "", longest=MAX_LOGO_BYTES * 2)
    try:
        data = logo_from_text(text)
        check_logo(data)
    except EditError as error:
        raise FormatError(f"{f.where}.{key}: {error}") from None
    return data


def _read_colour(f: _Fields, key: str, spec: fields.Colour, default: str) -> str:
    color = f.text(key, default)
    if not _is_hex_colour(color):
        raise FormatError(f"{f.where}.{key} must be a colour like #3366cc, not “{color[:20]}”.")
    return color


def _is_hex_colour(value: str) -> bool:
    return (
        len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )


def _read_whole(f: _Fields, key: str, spec: fields.Whole, default: int | None) -> int | None:
    value = f.integer(key, minimum=-(2**53) if spec.signed else 0)
    return default if value is None and not spec.optional else value


def _read_number(f: _Fields, key: str, spec: fields.Number, default: Any) -> float | None:
    return f.number(key, default, low=spec.low, high=spec.high)


def _read_choice(f: _Fields, key: str, spec: fields.Choice, default: Any) -> Any:
    if spec.members is None:
        return f.choice(key, spec.enum, default)
    value = f.text(key, default.value)
    allowed = [member.value for member in spec.members]
    if value not in allowed:
        wanted = ", ".join(allowed[:-1]) + " or " + allowed[-1]
        raise FormatError(f"{f.where}.{key} must be {wanted}, not “{value[:20]}”.")
    return spec.enum(value)


def _read_flag(f: _Fields, key: str, spec: fields.Flag, default: bool) -> bool:
    return f.data.get(key, default) in (True, 1)  # SQLite keeps 1


def _read_records(f: _Fields, key: str, spec: fields.Records, default: Any) -> tuple:
    return tuple(entity_from_dict(spec.record, item.data, item.where) for item in f.objects(key))


def _read_record(f: _Fields, key: str, spec: fields.Record, default: Any) -> Any:
    value = f.data.get(key)
    return None if value is None else entity_from_dict(spec.record, value, f"{f.where}.{key}")


def _read_raci(f: _Fields, key: str, spec: fields.RaciMap, default: Any) -> FrozenMap:
    return FrozenMap(f.raci(key))


def _read_path(f: _Fields, key: str, spec: fields.DealPath, default: Any) -> tuple:
    return tuple(_deal_path(f.data.get(key, []), f"{f.where}.{key}"))


def _read_step_notes(f: _Fields, key: str, spec: fields.StepNotes, default: Any) -> FrozenMap:
    raw = f.data.get(key, {})
    if not isinstance(raw, dict):
        raise FormatError(f"{f.where}.{key} must be an object, not {_describe(raw)}.")
    notes = {}
    for step, value in raw.items():
        if not str(step).isdigit():
            raise FormatError(
                f"{f.where}.{key} has a step “{str(step)[:20]}” that is not a number."
            )
        notes[str(step)] = entity_from_dict(spec.record, value, f"{f.where}.{key}[{step}]")
    return FrozenMap(notes)


def _read_checked(f: _Fields, key: str, spec: fields.Checked, default: str) -> str:
    value = f.text(key, default)
    refusal = spec.refusal(value)
    if refusal is not None:
        raise FormatError(f"{f.where}.{key}: {refusal}")
    return value


def _read_touches(f: _Fields, key: str, spec: fields.Touches, default: Any) -> tuple:
    where = f"{f.where}.{key}"
    raw = f.data.get(key, [])
    if not isinstance(raw, list):
        raise FormatError(f"{where} must be a list, not {_describe(raw)}.")
    touches = []
    for i, touch in enumerate(raw):
        try:
            when, kind = touch
            if kind not in spec.kinds:
                raise ValueError
            touches.append(Touch(_whole_seconds(when), kind))
        except (TypeError, ValueError):
            raise FormatError(
                f"{where}[{i}] must be [when, kind] with kind call, email, meeting or other, "
                f"not {_describe(touch)}."
            ) from None
        except OverflowError:
            raise FormatError(
                f"{where}[{i}] holds a time outside the years 1 to 9999; "
                "times are seconds since 1970."
            ) from None
    return tuple(touches)


def _read_keyed(f: _Fields, key: str) -> dict:
    raw = f.data.get(key, {})
    if not isinstance(raw, dict):
        raise FormatError(f"{f.where}.{key} must be an object, not {_describe(raw)}.")
    for item in raw:
        _check_text(item, f"{f.where}.{key}", MAX_TEXT_CHARS)
    return raw


def _read_record_map(f: _Fields, key: str, spec: fields.RecordMap, default: Any) -> FrozenMap:
    return FrozenMap(
        {
            item: entity_from_dict(spec.record, value, f"{f.where}.{key}[{item}]")
            for item, value in _read_keyed(f, key).items()
        }
    )


def _read_counts(f: _Fields, key: str, spec: fields.Counts, default: Any) -> FrozenMap:
    counts = {}
    for item, value in _read_keyed(f, key).items():
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= spec.high:
            raise FormatError(
                f"{f.where}.{key}[{item}] must be a whole number from 0 to {spec.high:,}, "
                f"not {_describe(value)}."
            )
        counts[item] = value
    return FrozenMap(counts)


_READERS: dict[type, Callable[[_Fields, str, Any, Any], Any]] = {
    fields.Text: _read_text,
    fields.Colour: _read_colour,
    fields.Whole: _read_whole,
    fields.Number: _read_number,
    fields.Choice: _read_choice,
    fields.Flag: _read_flag,
    fields.Image: _read_image,
    fields.TextList: lambda f, key, spec, default: tuple(f.text_list(key)),
    fields.Records: _read_records,
    fields.Record: _read_record,
    fields.RaciMap: _read_raci,
    fields.DealPath: _read_path,
    fields.StepNotes: _read_step_notes,
    fields.Checked: _read_checked,
    fields.Touches: _read_touches,
    fields.RecordMap: _read_record_map,
    fields.Counts: _read_counts,
}


def meta_from_dict(data: Any, where: str = "meta") -> PlaybookMeta:
    return entity_from_dict(ENTITY_TYPES[Kind.META], data, where)


def _deal_path(steps: Any, where: str) -> list[DealStep]:
    if not isinstance(steps, list):
        raise FormatError(f"{where} must be a list, not {_describe(steps)}.")
    path = []
    for i, step in enumerate(steps):
        try:
            stage, crm_stage, entered, exited = step
            if not (isinstance(stage, str) and isinstance(crm_stage, str)):
                raise ValueError
            entered = _whole_seconds(entered)
            exited = None if exited is None else _whole_seconds(exited)
        except (TypeError, ValueError):
            raise FormatError(
                f"{where}[{i}] must be [stage, CRM stage, entered, exited], not {_describe(step)}."
            ) from None
        except OverflowError:
            raise FormatError(
                f"{where}[{i}] holds a time outside the years 1 to 9999; "
                "times are seconds since 1970."
            ) from None
        _check_text(stage, f"{where}[{i}]", MAX_TEXT_CHARS)
        _check_text(crm_stage, f"{where}[{i}]", MAX_TEXT_CHARS)
        path.append(DealStep(stage, crm_stage, entered, exited))
    return path


def _whole_seconds(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ValueError
    if not fields.DealPath.earliest <= value <= fields.DealPath.latest:  # 1e999, 1e300
        raise OverflowError
    return int(value)


def _reader(kind: Kind) -> Callable[[Any, str], Any]:
    def read(data: Any, where: str = kind.value) -> Any:
        return entity_from_dict(ENTITY_TYPES[kind], data, where)

    return read


ENTITY_FROM_DICT: dict[Kind, Callable[[Any, str], Any]] = {
    kind: _reader(kind) for kind in ENTITY_TYPES if kind is not Kind.META
}

# The order in which kinds are built, so that every reference resolves.
BUILD_ORDER = (
    (Kind.PHASE, "phases"),
    (Kind.LANE, "lanes"),
    (Kind.DEFINITION, "definitions"),
    (Kind.DRIVER, "decision_drivers"),
    (Kind.ROLE, "roles"),
    (Kind.STAGE, "stages"),
    (Kind.HANDOFF, "handoffs"),
    (Kind.ACTIVITY, "activities"),
    (Kind.SCORING_RULE, "scoring_rules"),
    (Kind.STAGE_MAPPING, "stage_mappings"),
    (Kind.DEAL, "deals"),
    (Kind.IMPROVEMENT, "improvements"),
    (Kind.NOTE, "notes"),
    (Kind.COMMITMENT, "commitments"),
    (Kind.MEETING, "meetings"),
    (Kind.PROJECT, "projects"),
    (Kind.LEAD, "leads"),
    (Kind.INTERVIEW, "interviews"),
    (Kind.ROUND, "voting_rounds"),
    (Kind.SNAPSHOT, "snapshots"),
)


def playbook_from_dict(data: Any) -> Playbook:
    """Build a playbook from interchange data, refusing anything malformed with one sentence."""
    top = _Fields(data, "The playbook")
    if data.get("format") != FORMAT_NAME:
        raise FormatError(
            f"This JSON is not a journeyapp playbook: it lacks “format”: “{FORMAT_NAME}”."
        )
    version = data.get("format_version", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatError("The playbook's format_version must be a whole number.")
    if version > FORMAT_VERSION:
        raise FormatError(
            f"This playbook uses format version {version}; this version of the app "
            f"reads up to {FORMAT_VERSION}. Update the app to open it."
        )
    playbook = Playbook(meta_from_dict(data.get("meta", {})))
    for kind, key in BUILD_ORDER:
        for i, item in enumerate(top.objects(key)):
            where = f"{key}[{i}]"
            entity = ENTITY_FROM_DICT[kind](item.data, where)
            try:
                playbook.insert_entity(kind, entity)
            except EditError as error:
                raise FormatError(f"{where} ({_label(entity)}): {error}") from None
    return playbook


def _label(entity: Any) -> str:
    return getattr(entity, "name", None) or getattr(entity, "term", None) or entity.id
