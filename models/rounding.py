"""How the app rounds a figure it shows: halves go up, as people round (5 of 8 is 63 %), not
to the even neighbour as Python's round() and format() do (62 %)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def half_up(value: float, places: int = 0) -> Decimal:
    """``value`` to ``places`` decimals, halves away from zero. The value is read as its
    shortest decimal spelling, so a median of 10.45 days (a float a hair below) reads 10.5."""
    return _half_up(Decimal(repr(value)), places)


def whole_percent(share: float) -> int:
    """A share (0.625) as the whole percentage it reads as (63)."""
    return int(_half_up(Decimal(repr(share)) * 100, 0))


def _half_up(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
