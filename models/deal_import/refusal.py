"""The refusal every part of the deal import raises when a file cannot be read as deals."""

from __future__ import annotations

from journeyapp.models.errors import PlaybookError


class UnreadableFile(PlaybookError):
    """The file cannot be read as a table of deals; the message says why in one sentence."""
