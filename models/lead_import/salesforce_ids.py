"""Salesforce record ids come in two spellings: 15 characters, case-sensitive, and 18, the same
15 followed by three characters that make the id safe where case is ignored. An export may use
either; both name one record when their first 15 characters agree.

The three characters are a checksum of the 15's letter case (each spells which of five
characters are capitals), so an 18-character id of another CRM (Zoho's are 18 digits) is
never taken for a Salesforce one and cut."""

from __future__ import annotations

_SUFFIX_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def id_key(record_id: str) -> str:
    """The id as it is compared: an 18-character Salesforce id cut to its 15."""
    text = record_id.strip()
    is_long_id = len(text) == 18 and text.isascii() and text.isalnum()
    return text[:15] if is_long_id and _suffix(text[:15]) == text[15:].upper() else text


def _suffix(short_id: str) -> str:
    """The three characters Salesforce adds to a 15-character id."""
    return "".join(
        _SUFFIX_CHARACTERS[
            sum(1 << place for place, character in enumerate(chunk) if "A" <= character <= "Z")
        ]
        for chunk in (short_id[0:5], short_id[5:10], short_id[10:15])
    )
