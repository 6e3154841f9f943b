"""Figures across many deals: filters, per stage, per handoff, won against lost, and a heat
overlay on the map."""

from __future__ import annotations

import datetime
from collections import Counter

from journeyapp.models.buyer_origins import with_buyer_origins
from journeyapp.models.by_source import deals_split, flagged_words, rejections_by_source
from journeyapp.models.calendar_days import calendar_zone, start_of
from journeyapp.models.change import Change, Kind
from journeyapp.models.deal_import.values import BadValue, parse_time
from journeyapp.models.deal_stats import (
    NONE_RECORDED,
    ClosingSteps,
    DealFilter,
    handoff_figures,
    parting_point,
    reach_share,
    recorded,
    stage_figures,
)
from journeyapp.models.entities import DealOutcome, HandoffKind, StageKind
from journeyapp.models.errors import EditError
from journeyapp.models.limits import parse_whole
from journeyapp.models.playbook import Playbook
from journeyapp.models.spellings import merged_spellings
from journeyapp.models.wilson import interval, wilson
from journeyapp.models.words import count
from journeyapp.widgets.canvas.heat_overlay import HeatOverlay
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.forms.form_parts import (
    compact_rows,
    hint_label,
    plain_label,
    scrolling,
    stacked,
    two_lines,
)
from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

ANY = "Anyone"
ANY_SEGMENT = "Any segment"
ANY_SOURCE = "Any source"
ANY_CAMPAIGN = "Any campaign"
STAGE_COLUMNS = (
    "Stage",
    "Entered",
    "Left",
    "Lost here",
    "Median days",
    "P90 days",
    "Expected",
    "Reached by won deals",
    "Reached by lost deals",
)
STAGE_COLUMN_TIPS = {
    "Entered": "How many of these deals were ever in the stage",
    "Left": "How many moved on from the stage, to any next stage or to the close",
    "Lost here": "How many were lost while in the stage",
    "Reached by won deals": "The share of the won deals that were ever in the stage",
    "Reached by lost deals": "The share of the lost deals that were ever in the stage",
}
HANDOFF_COLUMNS = ("Handoff", "Reached", "Moved", "Conversion", "Target")
HANDOFF_COLUMN_TIPS = {
    "Reached": "How many of these deals were ever in the handoff's first stage",
    "Moved": (
        "How many went on from there to its second stage or, on the funnel's main line, past"
        " it further down (a CRM moves deals over stages it leaves empty)"
    ),
    "Conversion": (
        "The share of the deals in its first stage that moved on, counted as the Funnel counts"
        " them. Above where opportunities begin every deal went on: those rates come from"
        " leads, in the Funnel."
    ),
}
LEAD_LEVEL = "see Funnel"
LEAD_LEVEL_TIP = "Every deal went on past this handoff: its rate comes from leads, in the Funnel."


def _share(shares: dict[str, float], stage: str, deals: list) -> str:
    return "—" if not deals else f"{shares.get(stage, 0.0):.0%}"


def _spelled_once(values) -> list[str]:
    """The values, each written differently only in case or spacing once, sorted."""
    return sorted(merged_spellings(Counter(values), int.__add__, int), key=str.casefold)


def _mixed_currencies(wanted: DealFilter, deals) -> str:
    """A sentence where a deal size bound compares amounts in several currencies, which it
    does as plain numbers; "" otherwise."""
    if wanted.min_amount is None and wanted.max_amount is None:
        return ""
    currencies = sorted({d.currency for d in deals if d.currency and d.amount is not None})
    if len(currencies) < 2:
        return ""
    return (
        f" The deal size compares amounts in {', '.join(currencies[:-1])} and "
        f"{currencies[-1]} as plain numbers."
    )


def _recorded_values(values) -> list[str]:
    """The values people chose, then “None recorded” if some were left empty."""
    found = set(merged_spellings(Counter(map(recorded, values)), int.__add__, int))
    named = sorted(found - {NONE_RECORDED}, key=str.casefold)
    return named + [NONE_RECORDED] * (NONE_RECORDED in found)


def _filtered_by(wanted: DealFilter) -> str:
    """ " from source Webinar, campaign None recorded": what the figures are narrowed to."""
    named = [
        f"{what} {value}"
        for what, value in (("source", wanted.source), ("campaign", wanted.campaign))
        if value
    ]
    return f" from {', '.join(named)}" if named else ""


def _number(value) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, int) else f"{value:.1f}"


class DealFiguresPanel(QWidget):
    refused = Signal(str)

    def __init__(self, scene: MapScene, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("deal_figures_panel")
        self.setAccessibleName("Figures across deals")
        self.playbook: Playbook | None = None
        self._deals: list = []  # the playbook's, each with its buyer's source (buyer_origins)
        self.heat = HeatOverlay(scene)
        self.outcome_boxes = {}
        outcomes = QHBoxLayout()
        for outcome in DealOutcome:
            box = QCheckBox(outcome.value.capitalize())
            box.setChecked(True)
            box.setAccessibleName(f"Include {outcome.value} deals")
            box.toggled.connect(self.refresh)
            self.outcome_boxes[outcome] = box
            outcomes.addWidget(box)
        self.owner = QComboBox()
        self.owner.setAccessibleName("Owner")
        self.segment = QComboBox()
        self.segment.setAccessibleName("Segment")
        self.source = QComboBox()
        self.source.setObjectName("figures_source")
        self.source.setAccessibleName("Lead source")
        self.campaign = QComboBox()
        self.campaign.setObjectName("figures_campaign")
        self.campaign.setAccessibleName("Campaign")
        self.since = QLineEdit()
        self.since.setPlaceholderText("YYYY-MM-DD")
        self.since.setAccessibleName("Deals started on or after")
        self.until = QLineEdit()
        self.until.setPlaceholderText("YYYY-MM-DD")
        self.until.setAccessibleName("Deals started on or before")
        self.min_amount = QLineEdit()
        self.min_amount.setAccessibleName("Smallest amount")
        self.max_amount = QLineEdit()
        self.max_amount.setAccessibleName("Largest amount")
        for combo in (self.owner, self.segment, self.source, self.campaign):
            combo.currentIndexChanged.connect(self.refresh)
        for field in (self.since, self.until, self.min_amount, self.max_amount):
            field.editingFinished.connect(self.refresh)
        self.heat_box = QCheckBox("Show on the map")
        self.heat_box.setAccessibleName("Heat overlay on the map")
        self.heat_box.toggled.connect(self.refresh)
        self.split_box = QCheckBox("Split by source")
        self.split_box.setObjectName("figures_split")
        self.split_box.setAccessibleName("Split the figures by lead source")
        self.split_box.toggled.connect(self.refresh)
        filters = QFormLayout()
        filters.addRow("Outcome", outcomes)
        period = QHBoxLayout()
        period.addWidget(self.since)
        period.addWidget(self.until)
        filters.addRow("Started between", period)
        filters.addRow("Owner", self.owner)
        filters.addRow("Segment", self.segment)
        filters.addRow("Source", self.source)
        filters.addRow("Campaign", self.campaign)
        size = QHBoxLayout()
        size.addWidget(self.min_amount)
        size.addWidget(self.max_amount)
        filters.addRow("Deal size between", size)
        filters.addRow(self.heat_box)
        filters.addRow(self.split_box)
        self.summary = plain_label("How many deals the figures cover")
        self.parting = plain_label("Where won and lost deals part")
        filters.addRow(self.summary)
        filters.addRow(self.parting)

        self.stage_table = self._table(STAGE_COLUMNS, "Figures per stage")
        self.handoff_table = self._table(HANDOFF_COLUMNS, "Figures per handoff")
        self.source_days_table = self._table(("Source",), "Median days in each stage by source")
        self.source_conversion_table = self._table(("Source",), "Conversion by source")
        # A tab each: stacked, the two tables showed a row and a half each at 1280×720.
        self.split_tabs = QTabWidget()
        self.split_tabs.setObjectName("figures_split_tabs")
        conversion_caption = hint_label(
            "Moved on / reached. Greyed: fewer than 20 deals; hover for the 90% interval."
        )
        self.split_tabs.addTab(
            stacked(conversion_caption, self.source_conversion_table), "Conversion by source"
        )
        self.split_tabs.addTab(self.source_days_table, "Median days in each stage by source")
        tables = QVBoxLayout()
        tables.addWidget(self.stage_table, 3)
        tables.addWidget(self.handoff_table, 2)
        tables.addWidget(self.split_tabs, 5)
        self.flagged = plain_label("Sources sales rejects more than the others")
        self.flagged.setObjectName("figures_flagged_sources")
        tables.addWidget(self.flagged)
        self.split_parts = (self.split_tabs, self.flagged)
        for widget in self.split_parts:
            widget.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        host = QWidget()
        host.setLayout(filters)
        filters_area = scrolling(host)  # the summary below the filters, reached when short
        filters_area.setMaximumWidth(340)
        layout.addWidget(filters_area)
        layout.addLayout(tables, 1)

    @staticmethod
    def _table(columns, name: str) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels(columns)
        tips = (
            STAGE_COLUMN_TIPS | HANDOFF_COLUMN_TIPS
            if columns == HANDOFF_COLUMNS
            else STAGE_COLUMN_TIPS
        )
        for column, title in enumerate(columns):
            if title in tips:
                table.horizontalHeaderItem(column).setToolTip(tips[title])
        table.setAccessibleName(name)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        compact_rows(table)
        return table

    # -- following the model ---------------------------------------------------------

    def set_playbook(self, playbook: Playbook) -> None:
        self.playbook = playbook
        self._fill_choices()
        self.refresh()

    def on_change(self, change: Change) -> None:
        if change.kinds() & {Kind.DEAL, Kind.LEAD, Kind.STAGE, Kind.HANDOFF}:
            self._fill_choices()
            self.refresh()

    def _fill_choices(self) -> None:
        # A deal without a source of its own takes its lead's; worked out once per change.
        deals = self._deals = with_buyer_origins(self.playbook)
        for combo, anything, values in (
            (self.owner, ANY, _spelled_once(d.owner for d in deals if d.owner)),
            (self.segment, ANY_SEGMENT, _spelled_once(d.segment for d in deals if d.segment)),
            (self.source, ANY_SOURCE, _recorded_values(d.lead_source for d in deals)),
            (self.campaign, ANY_CAMPAIGN, _recorded_values(d.campaign for d in deals)),
        ):
            keep = combo.currentText()
            blocked = combo.blockSignals(True)
            combo.clear()
            combo.addItems([anything, *values])
            combo.setCurrentIndex(max(0, combo.findText(keep)))
            combo.blockSignals(blocked)

    def deal_filter(self) -> DealFilter:
        zone = calendar_zone(self.playbook.meta)

        def day(field: QLineEdit) -> datetime.date | None:
            text = field.text().strip()
            if not text:
                return None
            try:
                return datetime.datetime.fromtimestamp(parse_time(text), datetime.UTC).date()
            except BadValue as error:
                raise EditError(f"The period's dates must be like 2026-01-31: {error}.") from None

        # Both days whole, as the playbook's time zone counts them.
        first, last = day(self.since), day(self.until)
        return DealFilter(
            outcomes=frozenset(o for o, box in self.outcome_boxes.items() if box.isChecked()),
            since=None if first is None else start_of(first, zone),
            until=None if last is None else start_of(last + datetime.timedelta(days=1), zone) - 1,
            owner="" if self.owner.currentIndex() == 0 else self.owner.currentText(),
            segment="" if self.segment.currentIndex() == 0 else self.segment.currentText(),
            source="" if self.source.currentIndex() <= 0 else self.source.currentText(),
            campaign="" if self.campaign.currentIndex() <= 0 else self.campaign.currentText(),
            min_amount=parse_whole(self.min_amount.text(), "The smallest amount"),
            max_amount=parse_whole(self.max_amount.text(), "The largest amount"),
        )

    def refresh(self) -> None:
        if self.playbook is None:
            return
        if not self.heat_box.isChecked():
            self.heat.clear()  # even while a filter is being corrected
        try:
            wanted = self.deal_filter()
        except EditError as refusal:
            self.refused.emit(str(refusal))
            return
        every = self._deals
        deals = [d for d in every if wanted.keeps(d)]
        stages = stage_figures(self.playbook, deals)
        handoffs = handoff_figures(self.playbook, deals)
        names = {s.id: s.name for s in self.playbook.stages()}
        shown = [
            stages[s.id] for s in self.playbook.stages_in_journey_order() if stages[s.id].entered
        ]
        won = [d for d in deals if d.outcome is DealOutcome.WON]
        lost = [d for d in deals if d.outcome is DealOutcome.LOST]
        closing = ClosingSteps(self.playbook)
        won_reach, lost_reach = reach_share(won, closing), reach_share(lost, closing)
        self._fill(
            self.stage_table,
            [
                (
                    names[f.stage],
                    f.entered,
                    f.left,
                    f.lost_here,
                    f.median_days,
                    f.p90_days,
                    f.expected_days,
                    _share(won_reach, f.stage, won),
                    _share(lost_reach, f.stage, lost),
                )
                for f in shown
            ],
        )
        rows, lead_rows, past_rows = [], [], []
        for f in handoffs.values():
            if not f.reached_source:
                continue
            if f.lead_level:
                lead_rows.append(len(rows))
                conversion = LEAD_LEVEL
            elif f.gone_past:
                past_rows.append((len(rows), names[f.target]))
                conversion = f"{f.conversion:.0%} past"
            else:
                conversion = "—" if f.conversion is None else f"{f.conversion:.0%}"
            target = "—" if f.target_conversion is None else f"{f.target_conversion:.0%}"
            rows.append(
                (
                    f"{names[f.source]} → {names[f.target]}",
                    f.reached_source,
                    f.moved,
                    conversion,
                    target,
                )
            )
        self._fill(self.handoff_table, rows)
        column = HANDOFF_COLUMNS.index("Conversion")
        for row in lead_rows:
            self.handoff_table.item(row, column).setToolTip(LEAD_LEVEL_TIP)
        for row, stage in past_rows:
            self.handoff_table.item(row, column).setToolTip(
                f"No deal entered {stage}: these deals went on past it, further down the "
                "line (a stage added to the map since they moved, or one the CRM skips)."
            )
        self.summary.setText(
            f"{count(len(deals), 'deal')}{_filtered_by(wanted)}: {len(won)} won, {len(lost)} lost."
            + _mixed_currencies(wanted, every)
        )
        parting = parting_point(self.playbook, won, lost)
        self.parting.setText(
            f"Won and lost deals part at {names[parting.stage]}: "
            f"{parting.won_moved_on:.0%} of the won deals moved on from there to a next stage, "
            f"against {parting.lost_moved_on:.0%} of the lost ones."
            if parting.stage in names and parting.gap > 0
            else "Not enough won and lost deals to see where their paths part."
        )
        split = self.split_box.isChecked()
        for table in (self.stage_table, self.handoff_table):
            table.setVisible(not split)
        for widget in self.split_parts:
            widget.setVisible(split)
        if split:
            self._fill_split(deals, names)
        if self.heat_box.isChecked():
            self.heat.show(stages, " · ".join(w for w in (wanted.source, wanted.campaign) if w))
        else:
            self.heat.clear()

    def _fill_split(self, deals: list, names: dict[str, str]) -> None:
        """One row per lead source: the median days in each stage, and the conversion through
        each handoff forward the deals took (greyed below 20 deals, the 90% interval in its
        tip); moves to Lost are the rest of a conversion, not one of their own."""
        groups = deals_split(self.playbook, deals)
        everyone = handoff_figures(self.playbook, deals)
        order = {s.id: n for n, s in enumerate(self.playbook.stages_in_journey_order())}
        stages = [s.id for s in self.playbook.stages_in_journey_order()]
        stages = [s for s in stages if any(g.stages[s].median_days is not None for g in groups)]
        onward = (HandoffKind.PROGRESSION, HandoffKind.CROSS_TEAM)
        handoffs = sorted(
            (
                f
                for f in everyone.values()
                if f.moved
                and not f.lead_level
                and self.playbook.handoff(f.handoff).kind in onward
                and self.playbook.stage(f.target).kind is not StageKind.LOST
            ),
            key=lambda f: (order.get(f.source, 0), order.get(f.target, 0)),
        )
        days = self.source_days_table
        days.setColumnCount(2 + len(stages))
        days.setHorizontalHeaderLabels(["Source", "Deals", *(two_lines(names[s]) for s in stages)])
        days.setRowCount(len(groups))
        conversion = self.source_conversion_table
        conversion.setColumnCount(1 + len(handoffs))
        conversion.setHorizontalHeaderLabels(
            [
                "Source",
                *(
                    f"{two_lines(names[f.source])}\n→ {two_lines(names[f.target])}"
                    for f in handoffs
                ),
            ]
        )
        conversion.setRowCount(len(groups))
        muted = QBrush(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        for row, group in enumerate(groups):
            days.setItem(row, 0, QTableWidgetItem(group.name))
            days.setItem(row, 1, QTableWidgetItem(str(len(group.deals))))
            for column, stage in enumerate(stages, 2):
                days.setItem(
                    row, column, QTableWidgetItem(_number(group.stages[stage].median_days))
                )
            conversion.setItem(row, 0, QTableWidgetItem(group.name))
            for column, overall in enumerate(handoffs, 1):
                mine = group.handoffs[overall.handoff]
                rate = wilson(mine.moved, mine.reached_source)
                item = QTableWidgetItem(
                    "—" if rate is None else f"{rate.value:.0%} ({rate.successes}/{rate.trials})"
                )
                if rate is not None:
                    item.setToolTip(f"90% interval {interval(rate)}, from {rate.trials} deals")
                    if rate.thin:
                        item.setForeground(muted)
                conversion.setItem(row, column, item)
        self.flagged.setText(flagged_words(rejections_by_source(self.playbook)))

    @staticmethod
    def _fill(table: QTableWidget, rows) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                text = value if isinstance(value, str) else _number(value)
                table.setItem(r, c, QTableWidgetItem(text))
