"""The ranges a playbook's numbers must keep, and reading them from what a user typed.

Each refusal is one sentence that says what is allowed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from itertools import chain
from operator import attrgetter
from typing import Any

from journeyapp.models.business_hours import day_order_refusal
from journeyapp.models.change import Kind
from journeyapp.models.errors import EditError
from journeyapp.models.fields import (
    Checked,
    Colour,
    Counts,
    Image,
    Number,
    Text,
    TextList,
    Whole,
    declared,
)
from journeyapp.models.logo import check_logo

MAX_EXPECTED_DAYS = 3650
MAX_SCORE = 1000
MAX_SLA_HOURS = 24 * 366
MAX_CONTACT_ATTEMPTS = 50
MAX_CONTACT_DAYS = 365
MAX_RULE_POINTS = 1000
MAX_HALF_LIFE_DAYS = 3650
# One text field: a name, a description, a methodology, a note. About eight pages; more
# than any field needs, and small enough that a text box lays out an unbroken line at once.
MAX_TEXT_CHARS = 20_000


def with_article(noun: str) -> str:
    """``noun`` after "a" or "an", as it is said: "an activity", "a scoring rule"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def an_entity(kind: Kind) -> str:
    """How a sentence names one entity of ``kind``, capitalised: "An activity", "The playbook"."""
    return "The playbook" if kind is Kind.META else with_article(kind.value).capitalize()


def check_values(kind: Kind, entity: Any) -> None:
    """Refuse numbers outside their range and text too long for a field, in a sentence.

    The ranges and which fields hold text come from the entity's field declarations.
    """
    texts, wholes, numbers, own_checks = _checks(type(entity))
    for field, is_list in texts:
        value = getattr(entity, field)
        if value is None:
            continue
        longest = max(map(len, value), default=0) if is_list else len(value)
        if longest > MAX_TEXT_CHARS:
            what = field.replace("_", " ")
            raise EditError(
                f"{an_entity(kind)}'s {what} can hold at most "
                f"{MAX_TEXT_CHARS:,} characters; this one has {longest:,}."
            )
    for field, spec in wholes:
        value = getattr(entity, field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise EditError(f"{spec.what} must be a whole number.")
        if not spec.low <= value <= spec.high:
            raise EditError(f"{spec.what} must be between {spec.low} and {spec.high}, not {value}.")
    for field, spec in numbers:
        value = getattr(entity, field)
        if value is None:
            continue
        above = spec.low < value if spec.above_low else spec.low <= value
        if not (above and value <= spec.high):
            raise EditError(spec.refusal)
    for field, spec in own_checks:
        if isinstance(spec, Image):
            check_logo(getattr(entity, field))
        elif isinstance(spec, Checked):
            refusal = spec.refusal(getattr(entity, field))
            if refusal is not None:
                raise EditError(refusal)
        elif isinstance(spec, Counts):
            _check_counts(spec, getattr(entity, field))
    if kind is Kind.META:
        refusal = day_order_refusal(entity.day_start, entity.day_end)
        if refusal is not None:
            raise EditError(refusal)
    if kind is Kind.SCORING_RULE:
        _check_rule(entity)


def _check_rule(rule: Any) -> None:
    # The enums' values, not the enums: entities.py imports this module.
    if rule.condition == "between":
        if range_or_none(rule.value) is None:
            raise EditError(
                "“between” compares numbers: give two, lowest first, such as 50-2000; "
                f"not “{rule.value}”."
            )
    elif rule.condition.is_numeric and number_or_none(rule.value) is None:
        raise EditError(
            f"“{rule.condition.value}” compares numbers; “{rule.value}” is not a number."
        )
    if rule.gate and rule.category != "firmographic":
        raise EditError("Only a fit (firmographic) rule can be a gate: who the lead is.")
    if rule.half_life_days is not None and rule.category != "behavioural":
        raise EditError("Only behaviour fades with time; a fit rule has no half-life.")


def _check_counts(spec: Counts, counts: Any) -> None:
    for value in counts.values():
        if isinstance(value, bool) or not isinstance(value, int):
            raise EditError(f"{spec.what} must be a whole number, not “{value}”.")
        if not 0 <= value <= spec.high:
            raise EditError(f"{spec.what} must be between 0 and {spec.high:,}, not {value:,}.")


def check_all_values(kind: Kind, entities: list[Any], texts_checked: bool = False) -> None:
    """``check_values`` for each of many entities of one kind (an import), refusing with the
    first refusal it gives. Where text lengths are all there is to check, each field's
    longest value is found in one pass over the entities (or not at all, ``texts_checked``
    as they were read from a file)."""
    if not entities:
        return
    texts, wholes, numbers, own_checks = _checks(type(entities[0]))
    if (
        kind in (Kind.META, Kind.SCORING_RULE)
        or wholes
        or numbers
        or own_checks
        or any(type(entity) is not type(entities[0]) for entity in entities)
        or not (texts_checked or _texts_fit(texts, entities))
    ):
        for entity in entities:
            check_values(kind, entity)


def _texts_fit(texts: tuple[tuple[str, bool], ...], entities: list[Any]) -> bool:
    plain = [field for field, is_list in texts if not is_list]
    lists = [field for field, is_list in texts if is_list]
    values = chain(  # None (an optional text) and "" fit
        filter(None, _values_of(plain, entities)),
        chain.from_iterable(filter(None, _values_of(lists, entities))),
    )
    return max(map(len, values), default=0) <= MAX_TEXT_CHARS


def _values_of(fields: list[str], entities: list[Any]) -> Iterable[Any]:
    """Each entity's values of ``fields``, one after another."""
    if len(fields) < 2:
        return map(attrgetter(*fields), entities) if fields else ()
    return chain.from_iterable(map(attrgetter(*fields), entities))


@functools.cache
def _checks(cls: type) -> tuple[tuple, tuple, tuple, tuple]:
    """What ``check_values`` looks at in an entity of ``cls``, found once from its fields:
    the fields holding typed text (a document is exempt), the whole numbers with a range,
    the numbers with a refusal of their own, and the fields with a check of their own (an
    image, a form such as a time of day, counts)."""
    specs = declared(cls)
    texts = tuple(
        (field, isinstance(spec, TextList))
        for field, spec in specs
        if isinstance(spec, Colour | TextList) or (isinstance(spec, Text) and not spec.document)
    )
    wholes = tuple((field, spec) for field, spec in specs if isinstance(spec, Whole) and spec.what)
    numbers = tuple(
        (field, spec) for field, spec in specs if isinstance(spec, Number) and spec.refusal
    )
    own_checks = tuple(
        (field, spec) for field, spec in specs if isinstance(spec, Image | Checked | Counts)
    )
    return texts, wholes, numbers, own_checks


def number_or_none(text: str) -> float | None:
    """A number typed as text (thousands commas allowed), or None if it is not one."""
    try:
        return float(text.strip().replace(",", ""))
    except ValueError:
        return None


_RANGE = re.compile(r"\s*([\d,.]+)\s*(?:-|–|to|and)\s*([\d,.]+)\s*", re.IGNORECASE)


def range_or_none(text: str) -> tuple[float, float] | None:
    """Two numbers typed as a range (“50-2,000”, “50 to 2000”), lowest first, or None."""
    match = _RANGE.fullmatch(text)
    if match is None:
        return None
    low, high = number_or_none(match[1]), number_or_none(match[2])
    if low is None or high is None or low > high:
        return None
    return low, high


# -- reading what a user typed ---------------------------------------------------

# Matched against the stripped text, with one run of spaces at most: two \s* on either side
# of an optional unit can share a run of spaces in as many ways as it is long.
_DURATION = re.compile(r"(\d+(?:[.,]\d+)?)\s*(h|hours?|d|days?)?", re.IGNORECASE)


def parse_hours(text: str) -> float | None:
    """An SLA typed as "24", "24h", "36 hours" or "2d"; empty means none."""
    if not text.strip():
        return None
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise EditError(f"The SLA must be a number of hours, such as 24 or 2d, not “{text}”.")
    hours = float(match.group(1).replace(",", "."))
    unit = (match.group(2) or "h").lower()
    return hours * 24 if unit.startswith("d") else hours


def parse_percent(text: str) -> float | None:
    """A rate typed as "35" or "35%", returned as a fraction; empty means none."""
    cleaned = text.strip().rstrip("%").strip()
    if not cleaned:
        return None
    value = number_or_none(cleaned)
    if value is None:
        raise EditError(f"The target conversion must be a percentage, such as 35%, not “{text}”.")
    if not 0 <= value <= 100:
        raise EditError(f"The target conversion must be between 0% and 100%, not {text.strip()}.")
    return value / 100


def parse_whole(text: str, what: str) -> int | None:
    """A whole number typed in a field called ``what``; empty means none."""
    if not text.strip():
        return None
    value = number_or_none(text)
    if value is None or value != int(value):
        raise EditError(f"{what} must be a whole number, not “{text.strip()}”.")
    return int(value)
