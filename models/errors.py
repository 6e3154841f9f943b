"""Errors the model raises, each carrying one plain sentence for the user."""


class PlaybookError(ValueError):
    """Something about a playbook or an edit that the user should be told in one sentence."""


class EditError(PlaybookError):
    """An edit that cannot be applied to the playbook as it is."""


class FormatError(PlaybookError):
    """Interchange data (JSON) that is malformed or refers to things that do not exist."""


class StoreError(PlaybookError):
    """A .journey file that cannot be opened, created or written; the message says why."""


class MissingEntity(EditError, KeyError):
    """An id that names nothing in the playbook."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "Not found."


def quoted_briefly(text: str, longest: int) -> str:
    """Text from a file quoted inside a one-sentence message: on one line, and cut with an
    ellipsis to at most ``longest`` characters."""
    words = " ".join(text.split())
    return words if len(words) <= longest else words[: longest - 1] + "…"
