"""Errors the model raises, each carrying one plain sentence for the user."""


class PlaybookError(ValueError):
    """Something about a playbook or an edit that the user should be told in one sentence."""


class EditError(PlaybookError):
    """An edit that cannot be applied to the playbook as it is."""


class FormatError(PlaybookError):
    """Interchange data (JSON) that is malformed or refers to things that do not exist."""
