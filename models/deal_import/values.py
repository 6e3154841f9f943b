"""Dates and amounts as CRMs write them."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from itertools import repeat
from operator import attrgetter, sub

from journeyapp.models.errors import quoted_briefly

# 26/02/2024, 02/26/2024, 26.02.2024, 2024/02/26, with a time ("2/5/2024, 9:15 AM") or not.
_NUMERIC_DATE = re.compile(
    r"^(\d{1,4})([/.-])(\d{1,2})[/.-](\d{1,4})"
    r"(?:,?[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?$"
)
_NAMED_MONTH_FORMATS = (  # "Feb 05, 2024 09:15 AM", "5 Feb 2024"
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d %b %Y %H:%M",
)


# How a date that may tell its day/month order starts: a first number of one to three digits
# (``_NUMERIC_DATE``'s, where a year has four).
_ORDER_TELLING = re.compile(r"\s*\d{1,3}[/.-]")
# The same after a line break, in values joined by line breaks: the search only stops at those,
# and the spaces it passes over are no line breaks (\s* would go on down a column of empty
# values from each of them, and back).
_ORDER_TELLING_LINE = re.compile(r"\n[^\S\n]*\d{1,3}[/.-]")


class DateOrder(StrEnum):
    """Which number of 03/04/2024 is the day: a column's order, never a row's."""

    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


# How a sentence names an order that puts the day or the month first.
ORDER_WORDS = {DateOrder.DMY: "day-first", DateOrder.MDY: "month-first"}


class MixedColumn(ValueError):
    """A column whose values follow two conventions (dates both day- and month-first, amounts
    with both decimal marks); the message says which."""


class DateOrderVote:
    """The day/month order of a column, decided from all its values as they are read:
    day-first if some first number is over 12, month-first if some second one is; None
    when none shows which. A column that shows both is refused: it mixes the two orders."""

    def __init__(self) -> None:
        self.first_big = self.second_big = self.dots_only = False
        self.seen = 0
        self.examples: list[str] = []  # the first dates that say nothing of their order
        self.telling = ""  # the first date that showed the order

    @property
    def example(self) -> str:
        return self.examples[0] if self.examples else ""

    def add(self, value: str) -> None:
        match = _NUMERIC_DATE.match(value.strip())
        if match is None or len(match.group(1)) == 4:
            return  # ISO and year-first dates say nothing of the order
        self.seen += 1
        if len(self.examples) < 5 and value.strip() not in self.examples:
            self.examples.append(value.strip())
        self.dots_only = (self.dots_only or self.seen == 1) and match.group(2) == "."
        first_big, second_big = int(match.group(1)) > 12, int(match.group(3)) > 12
        if (first_big or second_big) and not self.telling:
            self.telling = value.strip()
        self.first_big = self.first_big or first_big
        self.second_big = self.second_big or second_big

    def add_all(self, values: Sequence[str]) -> None:
        """``add`` each value, the year-first ones passed over in C (they say nothing of the
        order: a column of ISO dates costs one search, no call per value) and a repeated
        one once."""
        if _ORDER_TELLING_LINE.search("\n" + "\n".join(values)) is None:
            return
        for value in dict.fromkeys(filter(_ORDER_TELLING.match, values)):
            self.add(value)

    def shown(self) -> DateOrder | None:
        """The order the column's own dates show (a first or second number over 12), if
        they show one; None for a column of dates that read both ways, or of none."""
        if self.first_big != self.second_big:
            return DateOrder.DMY if self.first_big else DateOrder.MDY
        return None

    def result(self) -> DateOrder | None:
        if self.first_big and self.second_big:
            raise MixedColumn("its dates are written day-first in some rows, month-first in others")
        if self.first_big or (self.seen and self.dots_only):  # 26.02.2024: dots go day-first
            return DateOrder.DMY
        if self.second_big or not self.seen:
            return DateOrder.MDY
        return None


# Each currency sign and its code, those that say which dollar (or rupee) before the bare
# symbols they hold.
CURRENCY_SIGNS = (
    ("CA$", "CAD"), ("C$", "CAD"), ("US$", "USD"), ("AU$", "AUD"), ("A$", "AUD"),
    ("NZ$", "NZD"), ("HK$", "HKD"), ("S$", "SGD"), ("R$", "BRL"), ("MX$", "MXN"),
    ("Rs.", "INR"), ("Rs", "INR"),
    ("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"),
)  # fmt: skip
_NOT_AMOUNT = re.compile(r"[^\d.,\-]")
# The minus sign as Unicode writes it (CLDR's Swedish, Finnish, Norwegian… formats), and the
# dashes written for it, read as "-".
_MINUS_SIGNS = str.maketrans(dict.fromkeys("\u2212\u2012\u2013\ufe63\uff0d", "-"))


class BadValue(ValueError):
    """A cell that does not hold what its column promises; the message says what it holds."""


def parse_time(
    text: str, order: DateOrder = DateOrder.MDY, zone: tzinfo = UTC, day_zone: tzinfo | None = None
) -> int:
    """Seconds since 1970 (UTC) from ISO 8601, "YYYY-MM-DD HH:MM:SS", a numeric date in the
    column's ``order`` (26/02/2024, 2/26/2024, 26.02.2024), "Feb 05, 2024" or epoch ms;
    a time written without a zone is taken to be in ``zone``, and a date without a time to
    start that day in ``day_zone`` (where given; else ``zone``)."""
    return time_reader(order, zone, day_zone)(text)


@functools.lru_cache(maxsize=64)
def time_reader(
    order: DateOrder, zone: tzinfo, day_zone: tzinfo | None = None
) -> Callable[[str], int]:
    """``parse_time`` for the cells of a column, its order and zones given once."""
    fromisoformat = datetime.fromisoformat
    days = zone if day_zone is None else day_zone

    def read(text: str) -> int:
        try:  # the common case first: an ISO timestamp, parsed in C
            moment = fromisoformat(text)
        except ValueError:
            return _parse_other_time(text, order, zone, days)
        if moment.tzinfo is None:
            # An ISO date alone is "YYYY-MM-DD" or "YYYYMMDD"; with a time it is longer.
            local = days if len(text) <= 10 else zone
            if local is UTC:  # the seconds replace(tzinfo=UTC).timestamp() gives, in fewer steps
                return int((moment - _EPOCH).total_seconds())
            moment = moment.replace(tzinfo=local)
        return int(moment.timestamp())

    return read


_EPOCH = datetime(1970, 1, 1)


@functools.lru_cache(maxsize=64)
def times_reader(
    order: DateOrder, zone: tzinfo, day_zone: tzinfo | None = None
) -> Callable[[Sequence[str]], list[int]]:
    """``time_reader`` for many cells at once. Where they are all ISO timestamps in UTC
    (written so, or without a zone where that is ``zone``), read with no Python call per
    cell; else each as ``time_reader`` reads it."""
    read = time_reader(order, zone, day_zone)
    days = zone if day_zone is None else day_zone

    def read_all(texts: Sequence[str]) -> list[int]:
        if zone is not UTC or (days is not UTC and min(map(len, texts), default=11) <= 10):
            return list(map(read, texts))  # a date alone is a day of the calendar's zone
        try:
            moments = list(map(datetime.fromisoformat, texts))
        except ValueError:
            return list(map(read, texts))
        if any(map(attrgetter("tzinfo"), moments)):
            return list(map(read, texts))
        return list(map(int, map(timedelta.total_seconds, map(sub, moments, repeat(_EPOCH)))))

    return read_all


# A time of day in the text: "14:22", or ISO's forms without colons ("T1422", "T14"); not
# the space in "Feb 05 2024".
_HAS_TIME = re.compile(r":|\d[Tt]\d")


def has_time(text: str) -> bool:
    """Whether a date cell gives a time of day, not a day alone."""
    return _HAS_TIME.search(text) is not None


def is_day_alone(text: str) -> bool:
    """Whether a date cell gives a day and no time of day: not "2026-04-01 09:00", nor
    seconds since 1970, nor a spreadsheet's day number with its fraction ("46113.5"); a
    whole day number ("46113") is a day alone."""
    value = text.strip()
    if value.isdigit():
        return len(value) <= SERIAL_DIGITS
    return not has_time(value) and _SERIAL_WITH_TIME.match(value) is None


@functools.lru_cache(maxsize=1 << 16)
def _parse_other_time(text: str, order: DateOrder, zone: tzinfo, day_zone: tzinfo) -> int:
    """``parse_time`` for what is no ISO timestamp: read with patterns, so a date repeated
    down a column (a report's "3/4/2024") is read once."""
    value = text.strip()
    if not value:
        raise BadValue("the date is empty")
    if value.isdigit():
        if len(value) <= SERIAL_DIGITS:
            return _serial_day(value, zone, day_zone)
        if not 10 <= len(value) <= 13:  # epoch milliseconds reach 13 digits in the year 2286
            raise BadValue(f"“{quoted_briefly(value, 30)}” is not a date")
        number = int(value)
        return number // 1000 if len(value) > 11 else number  # milliseconds, else seconds
    if _SERIAL_WITH_TIME.match(value):
        return _serial_day(value, zone, day_zone)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = _numeric_date(value, order)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone if has_time(value) else day_zone)
    return int(moment.timestamp())


# A spreadsheet's day number (Excel, Google Sheets, LibreOffice: days since 30 December 1899,
# a fraction for the time of day), as a date cell formatted "General" is written: up to
# 2958465, 31 December 9999. Epoch seconds have ten digits from September 2001 on.
SERIAL_DIGITS = 7
_SERIAL_WITH_TIME = re.compile(r"^\d{1,7}\.\d+$")
_SERIAL_EPOCH = datetime(1899, 12, 30)


def _serial_day(value: str, zone: tzinfo, day_zone: tzinfo) -> int:
    number = float(value)
    if not 1 <= number < 2958466:
        raise BadValue(f"“{quoted_briefly(value, 30)}” is not a date")
    whole = number.is_integer()
    # to the second: 0.5 is noon, and 46113.3749999 (as floats are written) 9:00
    moment = _SERIAL_EPOCH + timedelta(seconds=round(number * 86400))
    return int(moment.replace(tzinfo=day_zone if whole else zone).timestamp())


def _numeric_date(value: str, order: DateOrder) -> datetime:
    match = _NUMERIC_DATE.match(value)
    if match is None:
        return _named_month_date(value)
    first, _, second, third, hour, minute, second_s, half = match.groups()
    if len(first) == 4 or order == DateOrder.YMD:
        year, month, day = first, second, third
    elif order == DateOrder.DMY:
        day, month, year = first, second, third
    else:
        month, day, year = first, second, third
    if len(year) != 4:
        raise BadValue(f"“{quoted_briefly(value, 30)}” is not a date")
    hours = int(hour or 0)
    if half:
        hours = hours % 12 + (12 if half[0] in "Pp" else 0)  # "PM", or "p.m." (en_CA)
    try:
        return datetime(
            int(year), int(month), int(day), hours, int(minute or 0), int(second_s or 0)
        )
    except ValueError:
        raise BadValue(f"“{quoted_briefly(value, 30)}” is not a real date") from None


def _named_month_date(value: str) -> datetime:
    for pattern in _NAMED_MONTH_FORMATS:
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    raise BadValue(f"“{quoted_briefly(value, 30)}” is not a date")


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


class DecimalMarkVote:
    """The decimal mark of a column of amounts, decided from all its values as they are
    read: "," when some value shows it (1.234,50 or 12,5 or 1.234.567), "." when some shows
    that. In a column with nothing but 12.500-like values the mark groups thousands, since
    money is not written to three decimal places: "€ 12.500" and "12.500 €" are twelve
    thousand five hundred, as "$12,500" is. A column showing both is refused."""

    def __init__(self) -> None:
        self.comma = self.dot = False
        self.grouping: set[str] = set()  # marks seen only before exactly three digits

    def add(self, value: str) -> None:
        digits = _NOT_AMOUNT.sub("", value)
        if "," in digits and "." in digits:
            later_comma = digits.rfind(",") > digits.rfind(".")
            self.comma, self.dot = self.comma or later_comma, self.dot or not later_comma
        elif "," in digits or "." in digits:
            mark = "," if "," in digits else "."
            tail = digits.rpartition(mark)[2]
            if digits.count(mark) > 1:  # 1.234.567: the mark groups thousands
                self.comma, self.dot = self.comma or mark == ".", self.dot or mark == ","
            elif len(tail) != 3:  # 12,5 or 12.50: the mark is the decimal one
                self.comma, self.dot = self.comma or mark == ",", self.dot or mark == "."
            else:
                self.grouping.add(mark)

    def add_all(self, values: Iterable[str]) -> None:
        """``add`` each value once: what a column shows does not depend on how often."""
        for value in set(values):
            if value:
                self.add(value)

    def result(self) -> str:
        if self.comma and self.dot:
            raise MixedColumn("its amounts use both a comma and a point as the decimal mark")
        if self.comma or self.dot:
            return "," if self.comma else "."
        if self.grouping == {"."}:  # 12.500 and nothing else: the point groups thousands
            return ","
        if len(self.grouping) == 2:
            raise MixedColumn(
                "its amounts group thousands with a comma in some rows, a point in others"
            )
        return "."


@functools.lru_cache(maxsize=1 << 16)  # a deal's amount repeats down its rows
def parse_amount(text: str, mark: str | None = None) -> tuple[float | None, str]:
    """An amount with its currency, from "$1,234.50", "1.234,50 €", "EUR 900" or "1200";
    ``mark`` is the column's decimal mark, when known (see ``DecimalMarkVote``). A negative
    amount may be written as accounting formats write it: "($1,000.00)" or "1,200.00-"."""
    written = text.strip()  # the cell as written, for what a refusal quotes
    if not written:
        return None, ""
    value = written.translate(_MINUS_SIGNS)
    negative = (value.startswith("(") and value.endswith(")")) or value.endswith("-")
    if negative:
        value = value[1:-1].strip() if value.startswith("(") else value[:-1].strip()
    if _is_scientific(value):  # "1.5E+06", as spreadsheets write big amounts
        amount = float(value)
        if not math.isfinite(amount):
            raise BadValue(f"“{quoted_briefly(written, 30)}” is too large to be an amount")
        return amount, ""
    # the sign taken out: the "." of "Rs." is no decimal point
    currency, value = next(
        ((code, value.replace(sign, " ", 1)) for sign, code in CURRENCY_SIGNS if sign in value),
        ("", value),
    )
    letters = re.findall(r"\b[A-Z]{3}\b", value)
    if letters and not currency:
        currency = letters[0]
    digits = _NOT_AMOUNT.sub("", value)
    if not any(c.isdigit() for c in digits):
        raise BadValue(f"“{quoted_briefly(written, 30)}” is not an amount")
    if mark is not None:
        grouping = "." if mark == "," else ","
        digits = digits.replace(grouping, "").replace(mark, ".")
    elif "," in digits and "." in digits:
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
        raise BadValue(f"“{quoted_briefly(written, 30)}” is not an amount") from None
    if not math.isfinite(amount):  # hundreds of digits read as infinity
        raise BadValue(f"“{quoted_briefly(written, 30)}” is not an amount")
    return (-amount if negative else amount), currency
