"""Two read-outs of sales' feedback: coverage per handoff, quarter and owner, and the
rejections grouped by reason, as trees."""

from __future__ import annotations

from journeyapp.models.entities import VerdictOutcome
from journeyapp.models.feedback import Coverage, FeedbackCoverage, ReasonGroup
from journeyapp.models.feedback_review import is_low
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

COVERAGE_COLUMNS = (
    "",
    "Handed over",
    "With a verdict",
    "Coverage",
    "Accepted",
    "Rejected",
    "Recycled",
)
SHOWN_PER_REASON = 200  # a tree of a hundred thousand rejections would take seconds to build


def _tree(name: str, accessible: str, headers: tuple[str, ...]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(list(headers))
    tree.setUniformRowHeights(True)
    return tree


def _heading(texts: list[str]) -> QTreeWidgetItem:
    item = QTreeWidgetItem(texts)
    font = item.font(0)
    font.setBold(True)
    for column in range(len(texts)):
        item.setFont(column, font)
    return item


def coverage_tree() -> QTreeWidget:
    return _tree("feedback_coverage", "Feedback coverage", COVERAGE_COLUMNS)


def coverage_row(coverage: Coverage) -> list[str]:
    share = coverage.percent
    if is_low(coverage):
        share += " (low)"
    return [
        coverage.name,
        f"{coverage.handed:,}",
        f"{coverage.with_verdict:,}",
        share,
        *(f"{coverage.outcomes.get(o, 0):,}" for o in VerdictOutcome),
    ]


def show_coverage(tree: QTreeWidget, coverage: FeedbackCoverage) -> None:
    tree.clear()
    tree.addTopLevelItem(_heading(coverage_row(coverage.overall)))
    for title, rows in (
        ("By handoff", coverage.handoffs),
        ("By quarter handed over", coverage.periods),
        ("By owner", coverage.owners),
    ):
        group = _heading([title])
        group.addChildren([QTreeWidgetItem(coverage_row(row)) for row in rows])
        if not rows:
            group.addChild(QTreeWidgetItem(["No leads handed over yet"]))
        tree.addTopLevelItem(group)
        group.setExpanded(True)
    for column in range(len(COVERAGE_COLUMNS)):
        tree.resizeColumnToContents(column)


def rejections_tree() -> QTreeWidget:
    return _tree(
        "feedback_rejections",
        "Rejections grouped by reason",
        ("Reason / lead", "Handoff", "By", "When", "Comment"),
    )


def show_rejections(tree: QTreeWidget, groups: list[ReasonGroup], empty: str) -> None:
    tree.clear()
    if not groups:
        tree.addTopLevelItem(QTreeWidgetItem([empty]))
        return
    for group in groups:
        count = len(group.rejections)
        top = _heading([f"{group.reason} ({count:,})"])
        top.addChildren(
            [
                QTreeWidgetItem([r.lead, r.route, r.by, r.at.replace("T", " "), r.comment])
                for r in group.rejections[:SHOWN_PER_REASON]
            ]
        )
        if count > SHOWN_PER_REASON:
            top.addChild(QTreeWidgetItem([f"and {count - SHOWN_PER_REASON:,} older"]))
        tree.addTopLevelItem(top)
        top.setExpanded(True)
    for column in range(4):
        tree.resizeColumnToContents(column)
