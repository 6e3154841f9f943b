"""The text fields of a form about one entity (a meeting, a project), each bound to one of its
fields: typing is one undo step per visit, and the entity's values come back after an undo."""

from __future__ import annotations

from collections.abc import Callable

from journeyapp.models.change import Kind
from journeyapp.models.errors import EditError
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.field_binding import BoundField
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

# How a field's value is shown as text, and read back from it (raising EditError if it cannot).
Shown = Callable[[object], str]
Read = Callable[[str], object]


def joined(values: object) -> str:
    return ", ".join(values)


def split_names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


def iso_date(what: str) -> Read:
    import datetime

    def read(text: str) -> str:
        try:
            return datetime.date.fromisoformat(text.strip()).isoformat()
        except ValueError:
            raise EditError(f"{what} must be a date written as 2026-11-30.") from None

    return read


def optional_iso_date(what: str) -> Read:
    required = iso_date(what)
    return lambda text: required(text) if text.strip() else None


class EntityFields:
    """Bound fields of the entity of ``kind`` whose id ``current()`` gives."""

    def __init__(
        self,
        kind: Kind,
        playbook: Callable[[], Playbook | None],
        current: Callable[[], str | None],
        send: Callable[[object], None],
        refuse: Callable[[str], None],
    ) -> None:
        self.kind = kind
        self._playbook = playbook
        self._current = current
        self._send = send
        self._refuse = refuse
        self._bound: dict[str, tuple[BoundField, Shown]] = {}

    def bind(
        self,
        field: str,
        widget: QLineEdit | QPlainTextEdit,
        shown: Shown = str,
        read: Read = str,
        live: bool = True,
    ) -> None:
        def build(text: str, merge_key: str):
            playbook, entity_id = self._playbook(), self._current()
            if playbook is None or entity_id is None:
                return None
            value = read(text)
            if getattr(playbook.get(self.kind, entity_id), field) == value:
                return None
            return set_fields(playbook, self.kind, entity_id, merge_key=merge_key, **{field: value})

        bound = BoundField(widget, build, self._send, self._refuse, live)
        self._bound[field] = (bound, shown)

    def show(self, entity) -> None:
        for field, (bound, shown) in self._bound.items():
            value = getattr(entity, field) if entity is not None else None
            bound.show("" if value is None else shown(value))

    def flush(self) -> None:
        for bound, _ in self._bound.values():
            bound.flush()
