"""The live problems list: what validation finds, worst first; a click shows the thing."""

from __future__ import annotations

from journeyapp.models.validation import Problem, Severity
from journeyapp.widgets.plain_text import as_typed
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QStyle, QVBoxLayout, QWidget

MOST_ROWS = 8  # opened, the panel grows to show this many problems before it scrolls
ICONS = {
    Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
}


class ProblemsPanel(QWidget):
    problemChosen = Signal(object)  # the Problem the user clicked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("problems_panel")
        self.problems: list[Problem] | None = None  # None: nothing shown yet
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problem_list")
        self.problem_list.setAccessibleName("Problems found in the playbook")
        self.problem_list.setWordWrap(True)
        self.problem_list.setAlternatingRowColors(True)
        self.problem_list.itemActivated.connect(self._chosen)
        self.problem_list.itemClicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.problem_list)

    def show_problems(self, problems: list[Problem]) -> None:
        if problems == self.problems:
            return
        self.problems = list(problems)
        self.problem_list.clear()
        if not problems:
            item = QListWidgetItem("No problems: every stage is reachable and every rule is kept.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.problem_list.addItem(item)
            return
        style = self.style()
        # One icon per severity: a large map has hundreds of problems and three severities.
        icons = {severity: style.standardIcon(ICONS[severity]) for severity in ICONS}
        for index, problem in enumerate(problems):
            item = QListWidgetItem(icons[problem.severity], problem.message)
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setToolTip(as_typed(f"{problem.severity.value.capitalize()}: {problem.message}"))
            self.problem_list.addItem(item)

    def wanted_height(self) -> int:
        """The height that shows every problem (up to MOST_ROWS of them) and no empty rows."""
        rows = max(1, min(self.problem_list.count(), MOST_ROWS))
        row = max(self.problem_list.sizeHintForRow(0), self.fontMetrics().height() + 4)
        return rows * row + 2 * self.problem_list.frameWidth() + 4

    def _chosen(self, item: QListWidgetItem) -> None:
        index = item.data(Qt.ItemDataRole.UserRole)
        if index is not None:
            self.problemChosen.emit(self.problems[index])
