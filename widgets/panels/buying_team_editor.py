"""A deal's buying team: each person, their buying role, and their title."""

from __future__ import annotations

from journeyapp.models.change import Kind
from journeyapp.models.entities import Buyer, BuyingRole
from journeyapp.models.operations import set_fields
from journeyapp.models.playbook import Playbook
from journeyapp.widgets.forms.form_parts import chosen
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class BuyingTeamEditor(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.playbook: Playbook | None = None
        self.deal_id: str | None = None
        self._refreshing = False
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("buying_team")
        self.table.setAccessibleName("Buying team")
        self.table.setHorizontalHeaderLabels(("Person", "Buying role", "Title"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(90)
        self.table.itemChanged.connect(self._edited)
        add = QPushButton("Add person")
        add.setAccessibleName("Add a person to the buying team")
        add.clicked.connect(self._add)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove the person from the buying team")
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def show_deal(self, playbook: Playbook, deal_id: str | None) -> None:
        self.playbook, self.deal_id = playbook, deal_id
        team = playbook.deals[deal_id].buying_team if deal_id in playbook.deals else []
        self._refreshing = True
        self.table.setRowCount(len(team))
        for row, buyer in enumerate(team):
            self.table.setItem(row, 0, QTableWidgetItem(buyer.name))
            self.table.setItem(row, 2, QTableWidgetItem(buyer.title))
            role = QComboBox()
            role.setAccessibleName(f"Buying role of {buyer.name}")
            for value in BuyingRole:
                role.addItem(value.value, value)
            role.setCurrentIndex(role.findData(buyer.role))
            role.currentIndexChanged.connect(self._edited)
            self.table.setCellWidget(row, 1, role)
        self._refreshing = False
        self.setEnabled(deal_id is not None)

    def _team(self) -> list[Buyer]:
        team = []
        for row in range(self.table.rowCount()):
            name, title = self.table.item(row, 0), self.table.item(row, 2)
            team.append(
                Buyer(
                    name.text().strip() if name else "",
                    chosen(self.table.cellWidget(row, 1), BuyingRole),
                    title.text().strip() if title else "",
                )
            )
        return team

    def _send(self, team: list[Buyer], label: str) -> None:
        self.editRequested.emit(
            set_fields(self.playbook, Kind.DEAL, self.deal_id, label=label, buying_team=team)
        )

    def _edited(self, *_args) -> None:
        if self._refreshing or self.deal_id is None:
            return
        team = self._team()
        if any(not buyer.name for buyer in team):
            self.refused.emit("A person in the buying team needs a name; it cannot be empty.")
            self.show_deal(self.playbook, self.deal_id)
            return
        if tuple(team) != self.playbook.deals[self.deal_id].buying_team:
            self._send(team, "Edit the buying team")

    def _add(self) -> None:
        if self.deal_id is not None:
            team = [*self.playbook.deals[self.deal_id].buying_team, Buyer("New person")]
            self._send(team, "Add to the buying team")

    def _remove(self) -> None:
        row = self.table.currentRow()
        if self.deal_id is None or row < 0:
            return
        team = list(self.playbook.deals[self.deal_id].buying_team)
        if row < len(team):
            del team[row]
            self._send(team, "Remove from the buying team")
