"""The small dialogs are wide enough for their whole title, as a title bar shows it
("Add role — Journey Playbook"), instead of "Add ro…ybook"."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QInputDialog

from journeyapp.main_window import APP_TITLE

# close, maximise and minimise buttons of about 32 px each, and the bar's margins
TITLE_BAR_BUTTONS = 3 * 32 + 48


@pytest.fixture
def asked(monkeypatch, qapp):
    """Every question dialog that would be shown: its title and the width it would open at."""
    shown = []
    before = QGuiApplication.applicationDisplayName()
    QGuiApplication.setApplicationDisplayName(APP_TITLE)

    def answer(dialog):
        dialog.show()
        qapp.processEvents()
        shown.append((dialog.windowTitle(), dialog.width(), dialog.font()))
        dialog.hide()
        return 0  # cancelled

    monkeypatch.setattr(QInputDialog, "exec", answer)
    yield shown
    QGuiApplication.setApplicationDisplayName(before)


def needed_width(title: str, font: QFont) -> int:
    bold = QFont(font)
    bold.setBold(True)
    return QFontMetrics(bold).horizontalAdvance(f"{title} — {APP_TITLE}") + TITLE_BAR_BUTTONS


def _add_role(qtbot):
    from journeyapp.widgets.panels.raci_matrix import RaciPanel

    panel = RaciPanel()
    qtbot.addWidget(panel)
    panel.add_role()


def _save_snapshot(qtbot):
    from journeyapp.widgets.panels.review_panel import ReviewPanel

    panel = ReviewPanel(lambda: datetime.date(2026, 11, 30))
    qtbot.addWidget(panel)
    panel.ask_save()


@pytest.mark.parametrize(
    ("ask", "expected_title"), [(_add_role, "Add role"), (_save_snapshot, "Save snapshot")]
)
def test_a_panels_question_is_wide_enough_for_its_title(qtbot, asked, ask, expected_title):
    ask(qtbot)
    [(title, width, font)] = asked
    assert title == expected_title
    assert width >= needed_width(title, font)


def test_the_workshop_timer_is_wide_enough_for_its_title(window, asked):
    window.workshop.ask_timer()
    [(title, width, font)] = asked
    assert title == "Timer"
    assert width >= needed_width(title, font)
