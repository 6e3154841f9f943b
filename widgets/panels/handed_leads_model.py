"""The leads handed over at one handoff as a table: who, from where, when, and the verdict."""

from __future__ import annotations

import datetime

from journeyapp.models.calendar_days import day_of
from journeyapp.models.deal_stats import recorded
from journeyapp.models.feedback import HandedLead
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
)
WAITING = "Waiting"


def handed_day(seconds: int | None, zone: datetime.tzinfo = datetime.UTC) -> str:
    """The day a lead was handed over, where the playbook's team is (``zone``)."""
    if seconds is None:
        return "—"
    return day_of(seconds, zone).isoformat()


def row_texts(item: HandedLead, zone: datetime.tzinfo = datetime.UTC) -> tuple[str, ...]:
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
    )


class HandedLeadsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[HandedLead] = []
        self.zone: datetime.tzinfo = datetime.UTC  # the playbook's, where its days are

    def show_rows(self, rows: list[HandedLead], zone: datetime.tzinfo = datetime.UTC) -> None:
        self.beginResetModel()
        self.rows, self.zone = rows, zone
        self.endResetModel()

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row_texts(self.rows[index.row()], self.zone)[index.column()]
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
