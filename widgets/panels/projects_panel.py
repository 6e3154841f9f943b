"""Big leaps: the projects that redesign part of the map once or twice a year, each with a
business case, scope, goals, a dated plan, an owner and the stages it redesigns."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models.change import Change, Kind
from journeyapp.models.operations import set_fields
from journeyapp.models.review_edits import add_project, plan_text, remove_project, set_plan
from journeyapp.models.review_entities import ProjectStatus
from journeyapp.widgets.forms.field_binding import BoundField
from journeyapp.widgets.forms.form_parts import choice_field, chosen, line_field, text_field
from journeyapp.widgets.panels.record_list_panel import RecordListPanel
from journeyapp.widgets.plain_text import ask_for_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

TEXTS = (
    ("business_case", "Business case", "Why it is worth a project: the cost of today's way"),
    ("scope", "Scope", "What it redesigns, and what it leaves alone"),
    ("goals", "Goals", "What will be true when it is done, in numbers"),
)


class ProjectsPanel(RecordListPanel):
    kind = Kind.PROJECT

    def __init__(self, today: Callable[[], datetime.date], parent=None) -> None:
        super().__init__("project", "Projects", "Add project…", "Add a big-leap project", parent)
        self.setAccessibleName("Big-leap projects")
        self.today = today
        self.current_stage: str | None = None
        self.add_button.clicked.connect(self.add)
        self.title_edit = line_field("project_title", "Project title")
        self.owner_edit = line_field("project_owner", "Owner", "Who leads it")
        self.fields.bind("title", self.title_edit, live=False)
        self.fields.bind("owner", self.owner_edit)
        self.status_choice = choice_field("project_status", "Project status")
        for status in ProjectStatus:
            self.status_choice.addItem(status.value, status)
        self.status_choice.currentIndexChanged.connect(self._status_chosen)
        editor = QWidget()
        form = QFormLayout(editor)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Title", self.title_edit)
        who = QHBoxLayout()
        who.addWidget(self.owner_edit, 1)
        who.addWidget(self.status_choice)
        form.addRow("Owner", who)
        for field, caption, placeholder in TEXTS:
            edit = text_field(f"project_{field}", caption, placeholder, lines=3)
            self.fields.bind(field, edit)
            form.addRow(caption, edit)
        self.plan_edit = text_field(
            "project_plan", "Plan", "2027-01-15  Business case agreed\n[x] 2026-12-01  Kick-off", 4
        )
        self._plan = BoundField(
            self.plan_edit, self._plan_edit, self._send, self.refused.emit, live=False
        )
        form.addRow("Plan (one step a line: date, then what)", self.plan_edit)
        self.area_list = QListWidget()
        self.area_list.setObjectName("project_areas")
        self.area_list.setAccessibleName("Stages it redesigns")
        self.area_list.itemChanged.connect(self._area_toggled)
        form.addRow("Stages it redesigns", self.area_list)
        self._filling = False
        self.place(editor)
        self._show_current()

    def on_change(self, change: Change) -> None:
        if change.kinds() & {Kind.PROJECT, Kind.STAGE}:
            self._fill_list(keep=self.added_or_current(change))

    def show_stage(self, stage_id: str | None) -> None:
        self.current_stage = stage_id

    def entries(self) -> list[tuple[str, str]]:
        return [(p.id, f"◆ {p.title}\n{p.status.value}") for p in self.playbook.projects]

    def _show_current(self) -> None:
        super()._show_current()
        project = self.current()
        self._plan.show(plan_text(project) if project else "")
        self._filling = True
        index = self.status_choice.findData(project.status if project else ProjectStatus.PROPOSED)
        self.status_choice.setCurrentIndex(index)
        self.area_list.clear()
        if project is not None:
            for stage in self.playbook.stages_in_journey_order():
                item = QListWidgetItem(stage.name)
                item.setData(Qt.ItemDataRole.UserRole, stage.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = stage.id in project.areas
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.area_list.addItem(item)
        self._filling = False

    def _plan_edit(self, text: str, merge_key: str):
        project = self.current()
        if project is None or text == plan_text(project):
            return None
        return set_plan(self.playbook, project.id, text)

    def _status_chosen(self) -> None:
        project = self.current()
        status = chosen(self.status_choice, ProjectStatus)
        if self._filling or project is None or status == project.status:
            return
        self._build(
            lambda: set_fields(
                self.playbook,
                Kind.PROJECT,
                project.id,
                label=f"“{project.title}”: {status.value}",
                status=status,
            )
        )

    def _area_toggled(self, item: QListWidgetItem) -> None:
        project = self.current()
        if self._filling or project is None:
            return
        stage_id = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == Qt.CheckState.Checked
        areas = [a for a in project.areas if a != stage_id] + ([stage_id] if on else [])
        verb = "redesigns" if on else "no longer redesigns"
        self._build(
            lambda: set_fields(
                self.playbook,
                Kind.PROJECT,
                project.id,
                label=f"“{project.title}” {verb} “{item.text()}”",
                areas=tuple(areas),
            )
        )

    def add(self) -> None:
        title = ask_for_text(self, "Add project", "What will the project redesign?")
        if title is not None:
            areas = [self.current_stage] if self.current_stage else []
            self._build(lambda: add_project(self.playbook, title, self.today(), areas))

    def remove_current(self) -> None:
        project_id = self.current_id()
        if project_id is not None:
            self._build(lambda: remove_project(self.playbook, project_id))

    def flush(self) -> None:
        super().flush()
        self._plan.flush()
