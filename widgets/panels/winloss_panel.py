"""Why we win and lose, under the map: the matrix of stated reason against root cause, the top
decision drivers, interview coverage per segment (each narrowed by outcome, segment and loss
type), the interviews with their tagged quotes, and the shared list of decision drivers."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from journeyapp.models import decision_drivers, interviews
from journeyapp.models.change import Change, Kind
from journeyapp.models.entities import BuyingRole, DealOutcome, LossType
from journeyapp.models.funnel import parse_period
from journeyapp.models.playbook import Playbook
from journeyapp.models.winloss import (
    COVERAGE_COLUMNS,
    DealFilter,
    closing_quarters,
    coverage_numbers,
    segments_of,
    summary_words,
    winloss_report,
)
from journeyapp.models.words import count
from journeyapp.widgets.forms.form_parts import (
    choice_field,
    chosen,
    hint_label,
    plain_label,
    refill_choice,
    scrolling,
    send_or_refuse,
)
from journeyapp.widgets.panels.interview_dialog import InterviewDialog, QuoteDialog
from journeyapp.widgets.plain_text import as_typed, ask_for_text
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

ALL = "All"
ID = Qt.ItemDataRole.UserRole  # an interview's id, and a quote's index under it
QUOTE = Qt.ItemDataRole.UserRole + 1
RELEVANT = {Kind.DEAL, Kind.INTERVIEW, Kind.DRIVER, Kind.STAGE}


def _tree(name: str, accessible: str, headers: tuple[str, ...]) -> QTreeWidget:
    """A read-out whose first column takes the room the others leave (the words are long,
    the numbers short); a cell cut short shows its whole text as a tooltip."""
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(list(headers))
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _item(texts: list[str]) -> QTreeWidgetItem:
    item = QTreeWidgetItem(texts)
    for column, text in enumerate(texts):
        item.setToolTip(column, as_typed(text))
    return item


def _button(name: str, text: str, accessible: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.clicked.connect(slot)
    return button


def _with_buttons(tree: QTreeWidget, *buttons: QPushButton) -> QWidget:
    """A page: the list, and its buttons in a column on the right."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    for button in buttons:
        column.addWidget(button)
    column.addStretch(1)
    # Six buttons stacked asked more height than a panel under a 1280×720 map has: they
    # scroll in their column instead.
    side = scrolling(holder)
    side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    side.setMinimumWidth(holder.sizeHint().width() + side.verticalScrollBar().sizeHint().width())
    page = QWidget()
    row = QHBoxLayout(page)
    row.addWidget(tree, 1)
    row.addWidget(side)
    return page


def _bold(item: QTreeWidgetItem, columns: int) -> QTreeWidgetItem:
    font = item.font(0)
    font.setBold(True)
    for column in range(columns):
        item.setFont(column, font)
    return item


class WinLossPanel(QWidget):
    editRequested = Signal(object)
    refused = Signal(str)
    guideRequested = Signal(str)  # a deal id: write its interview guide

    def __init__(self, today: Callable[[], datetime.date] | None = None) -> None:
        super().__init__()
        self.setObjectName("winloss_panel")
        self.setAccessibleName("Why we win and lose")
        self.today = today or datetime.date.today
        self.playbook: Playbook | None = None

        self.outcome_choice = choice_field("winloss_outcome", "Outcome")
        for text, value in ((ALL, None), ("Won", DealOutcome.WON), ("Lost", DealOutcome.LOST)):
            self.outcome_choice.addItem(text, value)
        self.segment_choice = choice_field("winloss_segment", "Segment")
        self.loss_choice = choice_field("winloss_loss_type", "Loss type")
        self.loss_choice.addItem(ALL, None)
        for loss in LossType:
            self.loss_choice.addItem(loss.label, loss.value)
        self.period_choice = choice_field("winloss_period", "Closed in")
        for combo in (
            self.outcome_choice,
            self.segment_choice,
            self.loss_choice,
            self.period_choice,
        ):
            combo.currentIndexChanged.connect(self._show_report)
        self.summary = plain_label("What the figures cover")
        self.summary.setObjectName("winloss_summary")
        filters = QHBoxLayout()
        for label, combo in (
            ("Outcome", self.outcome_choice),
            ("Segment", self.segment_choice),
            ("Loss type", self.loss_choice),
            ("Closed in", self.period_choice),
        ):
            filters.addWidget(hint_label(label))
            filters.addWidget(combo, 1)
        filters.addWidget(self.summary, 2)

        self.matrix = _tree(
            "winloss_matrix",
            "Stated reason against root cause",
            ("Stated reason / root cause found", "Deals", "Outcome", "Segment", "Loss type"),
        )
        self.unstated = plain_label("Deals that gave no reason")
        self.unstated.setObjectName("winloss_unstated")
        matrix_page = QWidget()
        matrix_column = QVBoxLayout(matrix_page)
        matrix_column.setContentsMargins(0, 0, 0, 0)
        matrix_column.addWidget(self.matrix, 1)
        matrix_column.addWidget(self.unstated)
        self.drivers_tree = _tree(
            "winloss_drivers", "Top decision drivers", ("Driver / the buyer's words", "Won", "Lost")
        )
        self.coverage = _tree("winloss_coverage", "Interview coverage", COVERAGE_COLUMNS)

        self.interview_tree = _tree(
            "winloss_interviews",
            "Interviews and their quotes",
            ("Interview / quote", "Quotes / decision drivers", "Decision tilted at"),
        )
        self.interview_tree.currentItemChanged.connect(self._enable)
        self.interview_tree.itemActivated.connect(self._activated)
        self.add_interview_button = _button(
            "winloss_add_interview",
            "Add interview…",
            "Add an interview",
            lambda: self.add_interview(),
        )
        self.edit_interview_button = _button(
            "winloss_edit_interview", "Change…", "Change the interview", self.change_interview
        )
        self.add_quote_button = _button(
            "winloss_add_quote", "Add quote…", "Add a quote to the interview", self.add_quote
        )
        self.tag_button = _button(
            "winloss_tag_quote", "Tag drivers…", "Tag the quote with drivers", self.tag_quote
        )
        self.delete_button = _button(
            "winloss_delete", "Delete", "Delete the interview or quote", self.delete_chosen
        )
        self.guide_button = _button(
            "winloss_guide", "Interview guide…", "Write the deal's interview guide", self._guide
        )
        interviews_page = _with_buttons(
            self.interview_tree,
            self.add_interview_button,
            self.edit_interview_button,
            self.add_quote_button,
            self.tag_button,
            self.delete_button,
            self.guide_button,
        )

        self.driver_tree = _tree(
            "winloss_driver_list", "Decision drivers", ("Decision driver", "Definition")
        )
        fitted, stretched = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
        self.driver_tree.header().setSectionResizeMode(0, fitted)
        self.driver_tree.header().setSectionResizeMode(1, stretched)
        self.driver_tree.currentItemChanged.connect(self._enable)
        self.add_driver_button = _button(
            "winloss_add_driver", "Add driver…", "Add a decision driver", self.add_driver
        )
        self.rename_driver_button = _button(
            "winloss_rename_driver", "Rename…", "Rename the decision driver", self.rename_driver
        )
        self.define_driver_button = _button(
            "winloss_define_driver", "Definition…", "Define the decision driver", self.define_driver
        )
        self.delete_driver_button = _button(
            "winloss_delete_driver", "Delete", "Delete the decision driver", self.delete_driver
        )
        drivers_page = _with_buttons(
            self.driver_tree,
            self.add_driver_button,
            self.rename_driver_button,
            self.define_driver_button,
            self.delete_driver_button,
        )

        self.tabs = QTabWidget()
        self.tabs.setObjectName("winloss_tabs")
        self.tabs.addTab(matrix_page, "Stated reason × root cause")
        self.tabs.addTab(self.drivers_tree, "Top drivers")
        self.tabs.addTab(self.coverage, "Coverage")
        self.tabs.addTab(interviews_page, "Interviews")
        self.tabs.addTab(drivers_page, "Decision drivers")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        self._enable()

    # -- following the model -----------------------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._refill()

    def on_change(self, change: Change) -> None:
        if self.playbook is not None and change.kinds() & RELEVANT:
            self._refill()

    def _refill(self) -> None:
        segments = [(None, ALL), *((s, s) for s in segments_of(self.playbook))]
        refill_choice(self.segment_choice, segments, self.segment_choice.currentData())
        quarters = [(None, ALL), *((q, q) for q in closing_quarters(self.playbook))]
        refill_choice(self.period_choice, quarters, self.period_choice.currentData())
        self._show_report()
        self._show_interviews()
        self._show_drivers()

    def deal_filter(self) -> DealFilter:
        loss = self.loss_choice.currentData()
        period = self.period_choice.currentData()
        return DealFilter(
            outcome=chosen(self.outcome_choice, DealOutcome),
            segment=self.segment_choice.currentData(),
            loss_type=None if loss is None else LossType(loss),
            period=parse_period(period) if period else None,
        )

    def _show_report(self) -> None:
        if self.playbook is None:
            return
        report = winloss_report(self.playbook, self.deal_filter())
        narrowed = report.filter != DealFilter()
        words = summary_words(report)
        looked_at = report.filter.words()  # only its first letter raised: "2026-Q4", "SMB"
        self.summary.setText(
            f"{looked_at[:1].upper()}{looked_at[1:]}: {words}" if narrowed else words
        )
        self.matrix.clear()
        for row in report.matrix:
            item = _item(
                [
                    row.stated,
                    f"{row.deals:,}",
                    ", ".join(f"{name} {n}" for name, n in row.outcomes),
                    ", ".join(f"{name} {n}" for name, n in row.segments),
                    ", ".join(f"{name} {n}" for name, n in row.loss_types),
                ]
            )
            item.setToolTip(0, as_typed(row.sentence()))
            _bold(item, 2)
            item.addChildren([_item([cause, f"{n:,}"]) for cause, n in row.causes])
            self.matrix.addTopLevelItem(item)
            item.setExpanded(True)
        self.unstated.setText(report.unstated.sentence())
        self.unstated.setVisible(bool(report.unstated.deals))
        self.drivers_tree.clear()
        for driver in report.drivers:
            item = _bold(QTreeWidgetItem([driver.name, f"{driver.won}", f"{driver.lost}"]), 3)
            item.addChildren([_item([f"“{q}” ({deal})"]) for q, deal in driver.examples])
            self.drivers_tree.addTopLevelItem(item)
            item.setExpanded(True)
        if not report.drivers:
            self.drivers_tree.addTopLevelItem(QTreeWidgetItem(["No tagged quotes yet."]))
        self.coverage.clear()
        for row in report.coverage:
            item = QTreeWidgetItem([row.segment, *map(str, coverage_numbers(row))])
            self.coverage.addTopLevelItem(_bold(item, 7) if row is report.coverage[-1] else item)

    def _show_interviews(self) -> None:
        playbook = self.playbook
        current = self._chosen()
        self.interview_tree.clear()
        names = {d.id: d.name for d in playbook.drivers}
        chosen_item = None
        for interview in sorted(playbook.interviews, key=lambda i: (i.date, i.id)):
            deal = playbook.deals.get(interview.deal)
            who = interview.interviewee or "Someone"
            role = BuyingRole(interview.role).value
            by = f", by {interview.interviewer}" if interview.interviewer else ""
            independent = " (independent)" if interview.independent else ""
            title = f"{deal.name if deal else 'A deal no longer here'}: {who}, {role}{by}"
            tilt = interview.tilt_stage
            item = _item(
                [
                    f"{interview.date or 'No date'} · {title}{independent}",
                    count(len(interview.quotes), "quote"),
                    playbook.stage(tilt).name if tilt and playbook.has_stage(tilt) else "",
                ]
            )
            item.setData(0, ID, interview.id)
            for index, quote in enumerate(interview.quotes):
                tags = ", ".join(names.get(d, d) for d in quote.drivers) or "No driver yet"
                child = _item([f"“{quote.text}”", tags])
                child.setData(0, ID, interview.id)
                child.setData(0, QUOTE, index)
                item.addChild(child)
                if current == (interview.id, index):
                    chosen_item = child
            self.interview_tree.addTopLevelItem(item)
            item.setExpanded(True)
            if current == (interview.id, None):
                chosen_item = item
        if chosen_item is not None:
            self.interview_tree.setCurrentItem(chosen_item)
        self._enable()

    def _show_drivers(self) -> None:
        current = self._chosen_driver()
        self.driver_tree.clear()
        for driver in self.playbook.drivers:
            item = _item([driver.name, driver.definition])
            item.setData(0, ID, driver.id)
            self.driver_tree.addTopLevelItem(item)
            if driver.id == current:
                self.driver_tree.setCurrentItem(item)
        self._enable()

    # -- what is chosen ----------------------------------------------------------------

    def _chosen(self) -> tuple[str, int | None] | None:
        """The interview chosen, and the quote in it (None: the interview itself)."""
        item = self.interview_tree.currentItem()
        if item is None:
            return None
        return item.data(0, ID), item.data(0, QUOTE)

    def _chosen_driver(self) -> str | None:
        item = self.driver_tree.currentItem()
        return None if item is None else item.data(0, ID)

    def choose(self, interview_id: str, quote: int | None = None) -> None:
        """Make an interview (or one of its quotes) the chosen one, as a click would."""
        for row in range(self.interview_tree.topLevelItemCount()):
            item = self.interview_tree.topLevelItem(row)
            if item.data(0, ID) == interview_id:
                target = item if quote is None else item.child(quote)
                self.interview_tree.setCurrentItem(target)
                return

    def _enable(self, *_args) -> None:
        chosen = self._chosen()
        has_deals = bool(self.playbook and len(self.playbook.deals))
        self.add_interview_button.setEnabled(has_deals)
        for button in (self.edit_interview_button, self.add_quote_button, self.delete_button):
            button.setEnabled(chosen is not None)
        self.guide_button.setEnabled(has_deals)
        self.tag_button.setEnabled(chosen is not None and chosen[1] is not None)
        driver = self._chosen_driver() is not None
        for button in (
            self.rename_driver_button,
            self.define_driver_button,
            self.delete_driver_button,
        ):
            button.setEnabled(driver)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        """Enter on an interview changes it; on a quote, tags it."""
        if item.data(0, QUOTE) is None:
            self.change_interview()
        else:
            self.tag_quote()

    # -- asking for edits --------------------------------------------------------------

    def _try(self, build) -> None:
        send_or_refuse(build, self.editRequested.emit, self.refused.emit)

    def _run(self, dialog: QDialog) -> bool:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return accepted

    def add_interview(self, deal_id: str | None = None) -> None:
        if self.playbook is None or not len(self.playbook.deals):
            return
        chosen = self._chosen()
        if deal_id is None and chosen is not None:
            deal_id = self.playbook.interviews[chosen[0]].deal
        dialog = InterviewDialog(
            self.playbook, deal_id or None, self.today().isoformat(), None, self
        )
        if not self._run(dialog):
            return
        deal, values = dialog.deal_id(), dialog.values()
        self._try(lambda: interviews.add_interview(self.playbook, deal, **values))

    def change_interview(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        interview = self.playbook.interviews[chosen[0]]
        dialog = InterviewDialog(self.playbook, None, "", interview, self)
        if not self._run(dialog):
            return
        values = {
            name: value
            for name, value in dialog.values().items()
            if getattr(interview, name) != value
        }
        if values:
            self._try(lambda: interviews.change_interview(self.playbook, interview.id, **values))

    def add_quote(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        dialog = QuoteDialog(self.playbook, None, self)
        if not self._run(dialog):
            return
        text, drivers = dialog.text(), dialog.drivers()
        self._try(lambda: interviews.add_quote(self.playbook, chosen[0], text, drivers))

    def tag_quote(self) -> None:
        chosen = self._chosen()
        if chosen is None or chosen[1] is None:
            return
        quote = self.playbook.interviews[chosen[0]].quotes[chosen[1]]
        dialog = QuoteDialog(self.playbook, quote, self)
        if not self._run(dialog):
            return
        drivers = dialog.drivers()
        if tuple(drivers) != quote.drivers:
            self._try(lambda: interviews.tag_quote(self.playbook, chosen[0], chosen[1], drivers))

    def delete_chosen(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        interview_id, quote = chosen
        if quote is None:
            self._try(lambda: interviews.remove_interview(self.playbook, interview_id))
        else:
            self._try(lambda: interviews.remove_quote(self.playbook, interview_id, quote))

    def _guide(self) -> None:
        chosen = self._chosen()
        self.guideRequested.emit(self.playbook.interviews[chosen[0]].deal if chosen else "")

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return ask_for_text(self, title, label, text)

    def add_driver(self) -> None:
        name = self.ask_text("Add a decision driver", "Name of the decision driver:")
        if name is not None:
            self._try(lambda: decision_drivers.add_driver(self.playbook, name))

    def rename_driver(self) -> None:
        driver_id = self._chosen_driver()
        if driver_id is None:
            return
        old = self.playbook.drivers[driver_id].name
        name = self.ask_text("Rename the decision driver", f"New name for “{old}”:", old)
        if name is not None and name != old:
            self._try(lambda: decision_drivers.rename_driver(self.playbook, driver_id, name))

    def define_driver(self) -> None:
        driver_id = self._chosen_driver()
        if driver_id is None:
            return
        driver = self.playbook.drivers[driver_id]
        text = self.ask_text(
            "Define the decision driver", f"What “{driver.name}” means:", driver.definition
        )
        if text is not None and text != driver.definition:
            self._try(lambda: decision_drivers.define_driver(self.playbook, driver_id, text))

    def delete_driver(self) -> None:
        driver_id = self._chosen_driver()
        if driver_id is not None:
            self._try(lambda: decision_drivers.remove_driver(self.playbook, driver_id))
