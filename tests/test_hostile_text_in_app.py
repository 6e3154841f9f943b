"""User text in the window is shown as typed: labels, tooltips and lists never read it as
rich text (where `<img src=…>` would load a local file), and the longest text a field may
hold opens without a wait."""

from __future__ import annotations

import time

from builders import hostile_playbook
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.limits import MAX_TEXT_CHARS
from journeyapp.models.store import Store
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLabel,
    QListView,
    QWidget,
)

from journeyapp.document import Document

RAW = "<i>HOSTILE</i><img src='/etc/passwd'>"


def read_as_markup(text: str) -> bool:
    return RAW in text and QtGuiNamespace.mightBeRichText(text)


def markup_shown_anywhere(window) -> list[str]:
    """Every place where the hostile text would be rendered as rich text."""
    found = []
    for widget in [window, *window.findChildren(QWidget)]:
        if (
            isinstance(widget, QLabel)
            and widget.textFormat() != Qt.TextFormat.PlainText
            and read_as_markup(widget.text())
        ):
            found.append(f"label {widget.objectName() or widget.text()[:40]!r}")
        if read_as_markup(widget.toolTip()):
            found.append(f"tooltip of {type(widget).__name__}")
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            root = widget.rootIndex()
            for row in range(min(model.rowCount(root), 60)):
                for column in range(
                    1 if isinstance(widget, QListView) else model.columnCount(root)
                ):
                    tip = model.data(model.index(row, column, root), Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str) and read_as_markup(tip):
                        found.append(f"tooltip in {type(model).__name__} row {row}")
    for item in window.scene.items():
        if read_as_markup(item.toolTip()):
            found.append(f"tooltip of map item {type(item).__name__}")
    return found


def open_in_window(window, tmp_path, playbook):
    path = tmp_path / "hostile.journey"
    Store.create(path, playbook).close()
    window.set_document(Document.open(path))
    for dock in window.findChildren(QDockWidget):
        dock.show()
        assert dock.widget() is not None  # the panels under the map are made when asked for
    QApplication.processEvents()


def test_user_text_is_never_read_as_markup(window, tmp_path, qtbot):
    playbook = hostile_playbook(RAW)
    open_in_window(window, tmp_path, playbook)
    problems = markup_shown_anywhere(window)
    for stage in playbook.stages():
        window.scene.select_stage(stage.id)
        QApplication.processEvents()
        problems += markup_shown_anywhere(window)
    for handoff in list(playbook.handoffs())[:5]:
        window.scene.select_handoff(handoff.id)
        QApplication.processEvents()
        problems += markup_shown_anywhere(window)
    deals = window.findChild(QAbstractItemView, "deal_list") or None
    if deals is not None:
        for row in range(deals.model().rowCount()):
            deals.setCurrentIndex(deals.model().index(row, 0))
            QApplication.processEvents()
            problems += markup_shown_anywhere(window)
    assert not problems, sorted(set(problems))


def test_messages_quoting_user_text_show_it_as_typed(window, messages):
    window.show_error(f"There is no phase {RAW!r} for this stage.")
    window.show_notice(f"Opened {RAW} read-only.")
    assert len(messages) == 2
    for text in messages:
        assert "&lt;img" in text
        assert not read_as_markup(text.split(": ", 1)[1])


def test_the_detector_finds_markup_when_it_is_there(window):
    """The check above can fail: a label left to guess its format is caught."""
    label = QLabel(f"Stage {RAW}", window)
    label.show()
    assert markup_shown_anywhere(window)
    label.setTextFormat(Qt.TextFormat.PlainText)
    assert not markup_shown_anywhere(window)


def test_the_longest_text_a_field_holds_opens_and_shows_at_once(window, tmp_path):
    from journeyapp.models.templates import load_template

    playbook = load_template("b2b-saas")
    stage = playbook.stages()[0]
    longest = "x" * MAX_TEXT_CHARS  # one unbroken word: the slowest text to lay out
    playbook.apply(
        operations.set_fields(
            playbook, Kind.STAGE, stage.id, description=longest, buyer_goal=longest
        )
    )
    start = time.process_time()  # CPU time: a busy machine stretches the wall clock
    open_in_window(window, tmp_path, playbook)
    window.scene.select_stage(stage.id)
    QApplication.processEvents()
    window.grab()
    assert time.process_time() - start < 10
    assert window.document.playbook.stage(stage.id).description == longest
