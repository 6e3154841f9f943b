"""The leads handed over at one handoff as a table: who, from where, when, and the verdict."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models.calendar_days import day_of
from journeyapp.models.deal_stats import recorded
from journeyapp.models.feedback import HandedLead
from journeyapp.models.first_touch import ContactEffort
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

COLUMNS = (
    "Lead",
    "Owner",
    "Source",
    "Campaign",
    "Handed over",
    "Verdict",
    "Reason",
    "By",
    "Comment",
    "Contact process",
)
CONTACT_COLUMN = COLUMNS.index("Contact process")
WAITING = "Waiting"
NOT_MEASURED = (
    "Not given up on as could not reach here, or no calls, emails or meetings recorded "
    "through the stay"
)


def handed_day(seconds: int | None, zone: datetime.tzinfo = datetime.UTC) -> str:
    """The day a lead was handed over, where the playbook's team is (``zone``)."""
    if seconds is None:
        return "—"
    return day_of(seconds, zone).isoformat()


def row_texts(
    item: HandedLead,
    zone: datetime.tzinfo = datetime.UTC,
    contact: ContactEffort | None = None,
) -> tuple[str, ...]:
    """The row's cells; ``contact``: the attempts made before the lead was given up on as
    could not reach at the stage it was handed over to, where measured."""
    lead, verdict = item.lead, item.verdict
    return (
        lead.name,
        recorded(lead.owner),
        recorded(lead.lead_source),
        recorded(lead.campaign),
        handed_day(item.at, zone),
        verdict.outcome.value.capitalize() if verdict else WAITING,
        verdict.reason if verdict else "",
        _given_by(verdict),
        verdict.comment if verdict else "",
        contact.short if contact is not None else "—",
    )


class HandedLeadsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[HandedLead] = []
        self.zone: datetime.tzinfo = datetime.UTC  # the playbook's, where its days are
        self._contact: Callable[[HandedLead], ContactEffort | None] = lambda item: None
        self._texts: dict[int, tuple[str, ...]] = {}  # by row, worked out when first shown

    def show_rows(
        self,
        rows: list[HandedLead],
        zone: datetime.tzinfo = datetime.UTC,
        contact: Callable[[HandedLead], ContactEffort | None] | None = None,
    ) -> None:
        """``contact`` gives a row's contact process, where measured."""
        self.beginResetModel()
        self.rows, self.zone, self._texts = rows, zone, {}
        self._contact = contact or (lambda item: None)
        self.endResetModel()

    def texts(self, row: int) -> tuple[str, ...]:
        texts = self._texts.get(row)
        if texts is None:
            item = self.rows[row]
            texts = self._texts[row] = row_texts(item, self.zone, self._contact(item))
        return texts

    def contact(self, row: int) -> ContactEffort | None:
        return self._contact(self.rows[row])

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == CONTACT_COLUMN:
            effort = self.contact(index.row())
            return effort.words if effort is not None else NOT_MEASURED
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.texts(index.row())[index.column()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


def _given_by(verdict) -> str:
    """Who gave the verdict; one read from the CRM's lead status says so."""
    if verdict is None:
        return ""
    return f"{verdict.by} (from the CRM)".strip() if verdict.imported else verdict.by
