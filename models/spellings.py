"""Names a CRM holds written differently only in case or spacing ("Paid Search",
"paid search ", "Alice  Smith") taken as one, under the spelling most of them use."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Value = TypeVar("Value")


def spelling_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def merged_spellings(
    groups: dict[str, Value],
    combine: Callable[[Value, Value], Value],
    weight: Callable[[Value], int],
) -> dict[str, Value]:
    """``groups`` with the names that differ only in case or spacing merged by ``combine``,
    each under the spelling whose group ``weight`` says is largest (its spaces collapsed)."""
    by_key: dict[str, list[tuple[str, Value]]] = {}
    for name, value in groups.items():
        by_key.setdefault(spelling_key(name), []).append((name, value))
    merged: dict[str, Value] = {}
    for spellings in by_key.values():
        if len(spellings) == 1:
            merged[spellings[0][0]] = spellings[0][1]
            continue
        name = " ".join(max(spellings, key=lambda s: weight(s[1]))[0].split())
        value = spellings[0][1]
        for _, more in spellings[1:]:
            value = combine(value, more)
        merged[name] = value
    return merged
