"""Sales' feedback on handed-off leads: the leads waiting for a verdict at a handoff, the verdict
given in a few keystrokes, the coverage per handoff, quarter and owner, and the rejections
grouped by reason for the weekly review."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable

from journeyapp.models import verdicts
from journeyapp.models.calendar_days import calendar_zone
from journeyapp.models.change import Change, Kind
from journeyapp.models.contact_process import ContactProcess
from journeyapp.models.deal_stats import recorded
from journeyapp.models.entities import VerdictOutcome
from journeyapp.models.feedback import (
    HandedLead,
    cross_team_handoffs,
    feedback_coverage,
    handed_leads,
    rejections_by_reason,
    verdict_quarters,
)
from journeyapp.models.first_touch import agrees_contact_process
from journeyapp.models.funnel import Period, parse_period
from journeyapp.models.operations import handoff_name
from journeyapp.models.playbook import Playbook
from journeyapp.models.spellings import merged_spellings, spelling_key
from journeyapp.widgets.forms.form_parts import (
    choice_field,
    hint_label,
    plain_label,
    send_or_refuse,
)
from journeyapp.widgets.panels.feedback_views import (
    coverage_tree,
    rejections_tree,
    show_coverage,
    show_rejections,
)
from journeyapp.widgets.panels.handed_leads_model import CONTACT_COLUMN, HandedLeadsModel
from journeyapp.widgets.panels.verdict_form import VerdictForm
from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

SHOW = (
    ("Waiting for a verdict", None),
    ("All handed over", "all"),
    ("Accepted", VerdictOutcome.ACCEPTED),
    ("Rejected", VerdictOutcome.REJECTED),
    ("Recycled", VerdictOutcome.RECYCLED),
)
ANY_OWNER = "Any owner"
ALL_TIME = "All time"
RECENT_DAYS = (7, 30)  # the weekly review reads the last week's rejections
FEW_LEADS = 500  # a change to more leads than this (an import) works the list out afresh
VERDICT_COLUMNS = range(5, 9)  # empty while the list shows leads waiting for one
NO_LEADS = (
    "No leads yet. File → Import Leads… brings them in from a HubSpot or Salesforce export; "
    "each lead handed over at a cross-team handoff then waits here for sales' verdict."
)
NO_HANDOFF = "The map has no cross-team handoff, so no lead is handed from one team to another."


class FeedbackPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)

    def __init__(self, now: Callable[[], datetime.datetime] | None = None) -> None:
        super().__init__()
        self.setObjectName("feedback_panel")
        self.setAccessibleName("Sales' feedback")
        self.now = now or (lambda: datetime.datetime.now().replace(microsecond=0))
        self.playbook: Playbook | None = None
        self._handed: dict[str, list[HandedLead]] = {}  # by lead id
        self._owners: Counter[str] = Counter()  # owner as the CRM spells it → leads

        self.handoff_choice = choice_field("feedback_handoff", "Handoff")
        self.show_choice = choice_field("feedback_show", "Show")
        for text, data in SHOW:
            self.show_choice.addItem(text, data)
        self.owner_choice = choice_field("feedback_owner", "Owner")
        for combo in (self.handoff_choice, self.show_choice, self.owner_choice):
            combo.currentIndexChanged.connect(lambda: self._show_leads())
        self.summary = plain_label("Feedback coverage")
        self.summary.setObjectName("feedback_summary")

        self.model = HandedLeadsModel()
        self.table = QTableView()
        self.table.setObjectName("feedback_leads")
        self.table.setAccessibleName("Leads handed over")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # No stretching of the last column: where the others fill the view it was squeezed
        # below its own heading ("ontact" at 1280×720); the view scrolls sideways instead.
        self.table.horizontalHeader().setResizeContentsPrecision(200)  # rows measured
        self.table.selectionModel().selectionChanged.connect(self._chosen_changed)
        self.form = VerdictForm()
        self.form.given.connect(self.give)
        self.form.cleared.connect(self.clear)

        filters = QHBoxLayout()
        for label, combo in (
            ("Handoff", self.handoff_choice),
            ("Show", self.show_choice),
            ("Owner", self.owner_choice),
        ):
            filters.addWidget(hint_label(label))
            filters.addWidget(combo, 1)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        leads = QWidget()
        leads_layout = QVBoxLayout(leads)
        leads_layout.addLayout(filters)
        leads_layout.addWidget(self.summary)
        leads_layout.addWidget(splitter, 1)

        self.coverage = coverage_tree()
        self.period_choice = choice_field("feedback_period", "Verdicts given in")
        self.period_choice.currentIndexChanged.connect(self._show_rejections)
        self.rejections = rejections_tree()
        rejections = QWidget()
        rejections_layout = QVBoxLayout(rejections)
        period_row = QHBoxLayout()
        period_row.addWidget(hint_label("Verdicts given in"))
        period_row.addWidget(self.period_choice)
        period_row.addStretch(1)
        rejections_layout.addLayout(period_row)
        rejections_layout.addWidget(self.rejections, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("feedback_tabs")
        self.tabs.addTab(leads, "Leads")
        self.tabs.addTab(self.coverage, "Coverage")
        self.tabs.addTab(rejections, "Rejections by reason")
        self.tabs.currentChanged.connect(self._show_views)
        self._views_stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    # -- following the document -----------------------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._fill()

    def on_change(self, change: Change) -> None:
        kinds = change.kinds()
        if not kinds & {Kind.LEAD, Kind.HANDOFF, Kind.STAGE, Kind.LANE}:
            if kinds & {Kind.DEAL, Kind.META} and not self.table.isColumnHidden(CONTACT_COLUMN):
                # Deals' touches say how far the activities reach, the working hours how a
                # touch's day is placed: the contact process is measured again.
                self._show_leads(measure=False)
            return
        changed = change.get(Kind.LEAD)
        if kinds == {Kind.LEAD} and len(changed) <= FEW_LEADS:
            self._update_leads(changed)
        else:
            self._fill()

    def _fill(self) -> None:
        playbook = self.playbook
        if playbook is None:
            return
        self._handed = {}
        for item in handed_leads(playbook):  # newest handed over first, kept in that order
            self._handed.setdefault(item.lead.id, []).append(item)
        routes = [(h.id, handoff_name(playbook, h)) for h in cross_team_handoffs(playbook)]
        handed_at = Counter(item.handoff.id for item in self.handed())
        busiest = max(routes, key=lambda route: handed_at[route[0]], default=(None, ""))[0]
        self._refill(self.handoff_choice, routes, busiest)
        self._owners = Counter(recorded(item.lead.owner) for item in self.handed())
        self._after_leads_changed()

    def _update_leads(self, lead_ids: frozenset[str]) -> None:
        """A few leads changed (a verdict given): only theirs are worked out again, and they
        keep their places in the list."""
        leads = self.playbook.leads
        for lead_id in lead_ids:
            lead = leads.get(lead_id)
            items = handed_leads(self.playbook, [lead]) if lead is not None else []
            if items:
                self._handed[lead_id] = items
                self._owners[recorded(lead.owner)] += 1
            else:
                self._handed.pop(lead_id, None)
        self._after_leads_changed(measure=False)

    def handed(self) -> list[HandedLead]:
        return [item for items in self._handed.values() for item in items]

    def _after_leads_changed(self, measure: bool = True) -> None:
        # One choice an owner, however the CRM spells them, as the coverage counts them.
        owners = sorted(merged_spellings(self._owners, int.__add__, int), key=str.casefold)
        choices = [(spelling_key(o), o) for o in owners]
        self._refill(self.owner_choice, [(None, ANY_OWNER), *choices], None)
        self._show_leads(measure)
        self._views_stale = True
        self._show_views()

    def _show_views(self) -> None:
        """Coverage and rejections are worked out when their tab is looked at: with a hundred
        thousand leads that takes a second, too long to spend on every verdict."""
        if not self._views_stale or self.tabs.currentIndex() == 0 or self.playbook is None:
            return
        self._views_stale = False
        show_coverage(self.coverage, feedback_coverage(self.playbook, self.handed()))
        recent = [(days, f"Last {days} days") for days in RECENT_DAYS]
        quarters = [(q, q) for q in verdict_quarters(self.playbook)]
        self._refill(self.period_choice, [(None, ALL_TIME), *recent, *quarters], None)
        self._show_rejections()

    @staticmethod
    def _refill(combo, entries: list[tuple], default) -> None:
        """Keep the user's choice if it is still there, else ``default``."""
        keep = combo.currentData() if combo.count() else default
        was = combo.blockSignals(True)
        combo.clear()
        for data, text in entries:
            combo.addItem(text, data)
        index = combo.findData(keep)
        combo.setCurrentIndex(index if index >= 0 else max(combo.findData(default), 0))
        combo.blockSignals(was)

    # -- the leads ------------------------------------------------------------------------

    def handoff(self):
        handoff_id = self.handoff_choice.currentData()
        if self.playbook is None or handoff_id is None:
            return None
        return self.playbook.handoff(handoff_id)

    def _show_leads(self, measure: bool = True) -> None:
        """The list as filtered; ``measure`` fits the columns to it (not after each verdict:
        measuring costs more than the verdict)."""
        if self.playbook is None:
            return
        handoff = self.handoff()
        self.form.show_handoff(handoff)
        row = self._first_chosen_row()
        if handoff is None:
            self.model.show_rows([])
            self.summary.setText(NO_HANDOFF if not self.playbook.leads else NO_LEADS)
            self._chosen_changed()
            return
        wanted = handoff.id
        at_handoff = [i for items in self._handed.values() for i in items if i.handoff.id == wanted]
        show, owner = self.show_choice.currentData(), self.owner_choice.currentData()
        rows = [
            item
            for item in at_handoff
            if (owner is None or spelling_key(recorded(item.lead.owner)) == owner)
            and _shown(item, show)
        ]
        agreed = agrees_contact_process(handoff)
        process = ContactProcess(self.playbook) if agreed else None
        self.model.show_rows(
            rows,
            calendar_zone(self.playbook.meta),
            (lambda item: process.at(item.lead, item.handoff.id)) if process else None,
        )
        for column in VERDICT_COLUMNS:
            self.table.setColumnHidden(column, show is None)
        self.table.setColumnHidden(CONTACT_COLUMN, not agreed)
        if measure:
            self.table.resizeColumnsToContents()
        self.summary.setText(self._summary(handoff, at_handoff, len(rows)))
        if rows and row is not None:  # after a verdict, the next lead in the queue
            self._choose_row(min(row, len(rows) - 1))
        self._chosen_changed()

    def _summary(self, handoff, at_handoff: list[HandedLead], shown: int) -> str:
        if not self.playbook.leads:
            return NO_LEADS
        given = sum(i.verdict is not None for i in at_handoff)
        route = handoff_name(self.playbook, handoff)
        if not at_handoff:
            return f"No lead has been handed over at {route} yet."
        share = given / len(at_handoff)
        return (
            f"{given:,} of {len(at_handoff):,} leads handed over at {route} carry sales' "
            f"verdict ({share:.0%}); {len(at_handoff) - given:,} wait. Showing {shown:,}."
        )

    def _first_chosen_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return min(index.row() for index in rows) if rows else None

    def _choose_row(self, row: int) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().select(self.model.index(row, 0), flags)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def chosen(self) -> list[HandedLead]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.rows[row] for row in rows]

    def _chosen_changed(self, *_args) -> None:
        chosen = self.chosen()
        if not chosen:
            words = "Choose a lead in the list (Shift or Ctrl chooses several)."
        elif len(chosen) == 1:
            lead = chosen[0].lead
            words = f"{lead.name} · {recorded(lead.lead_source)} · {recorded(lead.campaign)}"
        else:
            words = f"{len(chosen):,} leads chosen: the verdict goes to each."
        verdict = chosen[0].verdict if len(chosen) == 1 else None
        self.form.show_leads(len(chosen), verdict, words)

    # -- edits ----------------------------------------------------------------------------

    def give(self, outcome: VerdictOutcome) -> None:
        chosen, handoff = self.chosen(), self.handoff()
        if not chosen or handoff is None:
            return
        lead_ids = [item.lead.id for item in chosen]
        form = self.form
        at = self.now().isoformat(timespec="minutes")
        send_or_refuse(
            lambda: verdicts.set_verdicts(
                self.playbook,
                lead_ids,
                handoff.id,
                outcome,
                form.reason_text(),
                form.by.text(),
                at,
                form.comment.text().strip(),
            ),
            self.editRequested.emit,
            self.refused.emit,
        )

    def clear(self) -> None:
        handoff = self.handoff()
        chosen = [i for i in self.chosen() if i.verdict is not None]
        if handoff is None or not chosen:
            return
        if len(chosen) == 1:
            build = lambda: verdicts.clear_verdict(self.playbook, chosen[0].lead.id, handoff.id)  # noqa: E731
        else:
            build = lambda: verdicts.clear_verdicts(  # noqa: E731
                self.playbook, [i.lead.id for i in chosen], handoff.id
            )
        send_or_refuse(build, self.editRequested.emit, self.refused.emit)

    # -- rejections -----------------------------------------------------------------------

    def _show_rejections(self) -> None:
        if self.playbook is None:
            return
        chosen = self.period_choice.currentData()
        if isinstance(chosen, int):
            today = self.now().date()
            start = today - datetime.timedelta(days=chosen - 1)
            period = Period(f"the last {chosen} days", start, today + datetime.timedelta(days=1))
        else:
            period = parse_period(chosen) if chosen else None
        groups = rejections_by_reason(self.playbook, period=period)
        empty = "No lead has been rejected" + (f" in {period.label}." if period else " yet.")
        show_rejections(self.rejections, groups, empty)


def _shown(item: HandedLead, show) -> bool:
    if show is None:
        return item.verdict is None
    if show == "all":
        return True
    return item.verdict is not None and item.verdict.outcome == show  # Qt gives back the text
