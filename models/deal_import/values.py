"""Dates and amounts as CRMs write them."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

_US_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_NOT_AMOUNT = re.compile(r"[^\d.,\-]")


class BadValue(ValueError):
    """A cell that does not hold what its column promises; the message says what it holds."""


def parse_time(text: str) -> int:
    """Seconds since 1970 (UTC) from ISO 8601, "YYYY-MM-DD HH:MM:SS", M/D/YYYY or epoch ms."""
    try:  # the common case first: an ISO timestamp, parsed in C
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is not None:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return int(moment.timestamp())
    value = text.strip()
    if not value:
        raise BadValue("the date is empty")
    if value.isdigit():
        if len(value) > 13:  # epoch milliseconds reach 13 digits in the year 2286
            raise BadValue(f"“{value[:30]}” is not a date")
        number = int(value)
        return number // 1000 if len(value) > 11 else number  # milliseconds, else seconds
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = _us_date(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def _us_date(value: str) -> datetime:
    match = _US_DATE.match(value)
    if match is None:
        raise BadValue(f"“{value[:30]}” is not a date")
    month, day, year, hour, minute, second, half = match.groups()
    hour = int(hour or 0)
    if half:
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    try:
        return datetime(int(year), int(month), int(day), hour, int(minute or 0), int(second or 0))
    except ValueError:
        raise BadValue(f"“{value[:30]}” is not a real date") from None


_SCIENTIFIC = frozenset("0123456789.eE+-")


def _is_scientific(value: str) -> bool:
    """A number like 1.5E+06: digits, then e, then the power of ten (checked without a
    pattern that could backtrack; float() itself reads it)."""
    if not set(value) <= _SCIENTIFIC or value.count("e") + value.count("E") != 1:
        return False
    mantissa, _, power = value.replace("E", "e").partition("e")
    mantissa, power = _unsigned(mantissa), _unsigned(power)
    return mantissa.replace(".", "", 1).isdigit() and power.isdigit()


def _unsigned(number: str) -> str:
    return number[1:] if number[:1] in "+-" else number


def parse_amount(text: str) -> tuple[float | None, str]:
    """An amount with its currency, from "$1,234.50", "1.234,50 €", "EUR 900" or "1200"."""
    value = text.strip()
    if not value:
        return None, ""
    if _is_scientific(value):  # "1.5E+06", as spreadsheets write big amounts
        amount = float(value)
        if not math.isfinite(amount):
            raise BadValue(f"“{value[:30]}” is too large to be an amount")
        return amount, ""
    currency = next((code for sign, code in CURRENCY_SYMBOLS.items() if sign in value), "")
    letters = re.findall(r"\b[A-Z]{3}\b", value)
    if letters and not currency:
        currency = letters[0]
    digits = _NOT_AMOUNT.sub("", value)
    if not any(c.isdigit() for c in digits):
        raise BadValue(f"“{value[:30]}” is not an amount")
    if "," in digits and "." in digits:
        if digits.rfind(",") > digits.rfind("."):  # 1.234,50: comma is the decimal point
            digits = digits.replace(".", "").replace(",", ".")
        else:
            digits = digits.replace(",", "")
    elif "," in digits:
        head, _, tail = digits.rpartition(",")
        digits = f"{head.replace(',', '')}.{tail}" if len(tail) != 3 else digits.replace(",", "")
    try:
        amount = float(digits)
    except ValueError:
        raise BadValue(f"“{value[:30]}” is not an amount") from None
    if not math.isfinite(amount):  # hundreds of digits read as infinity
        raise BadValue(f"“{value[:30]}” is not an amount")
    return amount, currency
