"""Salesforce record ids come in two spellings: 15 characters, case-sensitive, and 18, the same
15 followed by three characters that make the id safe where case is ignored. An export may use
either; both name one record when their first 15 characters agree."""

from __future__ import annotations


def id_key(record_id: str) -> str:
    """The id as it is compared: an 18-character Salesforce id cut to its 15."""
    text = record_id.strip()
    return text[:15] if len(text) == 18 and text.isalnum() else text
