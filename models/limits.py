"""The ranges a playbook's numbers must keep, and reading them from what a user typed.

Each refusal is one sentence that says what is allowed.
"""

from __future__ import annotations

import re
from typing import Any

from journeyapp.models.change import Kind
from journeyapp.models.errors import EditError

MAX_EXPECTED_DAYS = 3650
MAX_SCORE = 1000
MAX_SLA_HOURS = 24 * 366
MAX_CONTACT_ATTEMPTS = 50
MAX_CONTACT_DAYS = 365
MAX_RULE_POINTS = 1000
# One text field: a name, a description, a methodology, a note. About eight pages; more
# than any field needs, and small enough that a text box lays out an unbroken line at once.
MAX_TEXT_CHARS = 20_000
# Fields that hold a whole document rather than words someone typed.
_DOCUMENT_FIELDS = {(Kind.SNAPSHOT, "playbook")}

_WHOLE_RANGES = {
    (Kind.STAGE, "expected_days"): ("The expected days in a stage", 0, MAX_EXPECTED_DAYS),
    (Kind.HANDOFF, "score_threshold"): ("The lead-score threshold", 0, MAX_SCORE),
    (Kind.HANDOFF, "contact_attempts"): ("The number of contact attempts", 1, MAX_CONTACT_ATTEMPTS),
    (Kind.HANDOFF, "contact_days"): ("The days of contact attempts", 1, MAX_CONTACT_DAYS),
    (Kind.SCORING_RULE, "points"): ("A rule's points", -MAX_RULE_POINTS, MAX_RULE_POINTS),
}


def check_values(kind: Kind, entity: Any) -> None:
    """Refuse numbers outside their range and text too long for a field, in a sentence."""
    _check_text_lengths(kind, entity)
    for (range_kind, field), (what, low, high) in _WHOLE_RANGES.items():
        if range_kind is not kind:
            continue
        value = getattr(entity, field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise EditError(f"{what} must be a whole number.")
        if not low <= value <= high:
            raise EditError(f"{what} must be between {low} and {high}, not {value}.")
    if kind is Kind.HANDOFF:
        _check_handoff(entity)
    elif (
        kind is Kind.SCORING_RULE
        and entity.condition.is_numeric
        and number_or_none(entity.value) is None
    ):
        raise EditError(
            f"“{entity.condition.value}” compares numbers; “{entity.value}” is not a number."
        )


def _check_text_lengths(kind: Kind, entity: Any) -> None:
    for field, value in vars(entity).items():
        if isinstance(value, str):
            longest = len(value)
        elif isinstance(value, list) and value and isinstance(value[0], str):
            longest = max(map(len, value))
        else:
            continue
        if longest > MAX_TEXT_CHARS and (kind, field) not in _DOCUMENT_FIELDS:
            what = field.replace("_", " ")
            raise EditError(
                f"A {kind.value}'s {what} can hold at most {MAX_TEXT_CHARS:,} characters; "
                f"this one has {longest:,}."
            )


def _check_handoff(handoff: Any) -> None:
    sla = handoff.sla_hours
    if sla is not None and not 0 < sla <= MAX_SLA_HOURS:
        raise EditError(f"The SLA must be more than 0 and at most {MAX_SLA_HOURS} hours.")
    rate = handoff.target_conversion
    if rate is not None and not 0 <= rate <= 1:
        raise EditError("The target conversion rate must be between 0% and 100%.")


def number_or_none(text: str) -> float | None:
    """A number typed as text (thousands commas allowed), or None if it is not one."""
    try:
        return float(text.strip().replace(",", ""))
    except ValueError:
        return None


# -- reading what a user typed ---------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(h|hours?|d|days?)?\s*$", re.IGNORECASE)


def parse_hours(text: str) -> float | None:
    """An SLA typed as "24", "24h", "36 hours" or "2d"; empty means none."""
    if not text.strip():
        return None
    match = _DURATION.match(text)
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
