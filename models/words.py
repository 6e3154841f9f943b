"""How the app counts things in sentences: "1 deal", "4 deals", "1 day", "2.5 days"."""

from __future__ import annotations


def count(number: float, noun: str, plural: str | None = None, shown: str | None = None) -> str:
    """``number`` and ``noun``, in the plural unless the number shows as 1.

    ``plural`` is for nouns that do not just add "s" ("entry", "entries"); ``shown`` is the
    number as the sentence writes it (default: thousands grouped, no needless ".0").
    """
    if shown is None:
        shown = f"{number:,}" if isinstance(number, int) else f"{number:,.10g}"
    return f"{shown} {noun if shown == '1' else plural or noun + 's'}"


def capped(items, noun: str, most: int) -> list[str]:
    """(line, words) items as "line 12: words", at most ``most`` of them, then how many more
    ("… and 3 more skipped rows", ``noun`` naming one of the rest)."""
    lines = [f"line {line}: {words}" for line, words in items[:most]]
    if len(items) > most:
        lines.append(f"… and {count(len(items) - most, noun)}")
    return lines


def possessive(name: str) -> str:
    """“marketing's”, and “sales'” for a name ending in s."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def shortened(text: str, most: int = 40) -> str:
    """``text`` cut to ``most`` characters with "…", for an undo label or a list's line."""
    return text if len(text) <= most else text[: most - 1] + "…"
