"""Workshop mode on screen: keys a clicker sends, the timer, quick capture, votes, the lock,
and leaving to exactly the view there was."""

from __future__ import annotations

import pytest
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.journey_walk import stages_along_journey
from journeyapp.widgets.workshop.countdown import Countdown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from journeyapp.themes import Theme


@pytest.fixture
def workshop(window, qtbot):
    window.canvas.zoom_to_fit()
    yield window.workshop
    window.workshop.leave()


def key(qtbot, window, which):
    qtbot.keyClick(window.canvas, which)


def test_the_clicker_keys_walk_the_stages_in_journey_order(window, workshop, qtbot):
    order = [s.id for s in stages_along_journey(window.document.playbook)]
    workshop.enter()
    assert workshop.active and window.isFullScreen()
    assert workshop.stage_id == order[0]
    for expected in order[1:4]:
        key(qtbot, window, Qt.Key.Key_PageDown)
        assert workshop.stage_id == expected
        assert window.scene.selected_stage_ids() == [expected]
        assert workshop.panel.stage_name == window.document.playbook.stage(expected).name
    key(qtbot, window, Qt.Key.Key_PageUp)
    key(qtbot, window, Qt.Key.Key_Left)
    assert workshop.stage_id == order[1]
    key(qtbot, window, Qt.Key.Key_End)
    assert workshop.stage_id == order[-1]
    key(qtbot, window, Qt.Key.Key_PageDown)  # past the end stays on the last
    assert workshop.stage_id == order[-1]
    assert workshop.panel.position.text() == f"Stage {len(order)} of {len(order)}"


def test_each_step_centres_its_stage_large_enough_to_read(window, workshop, qtbot):
    workshop.enter()
    key(qtbot, window, Qt.Key.Key_PageDown)
    canvas = window.canvas
    card = window.scene.card_rect(workshop.stage_id)
    room = canvas.viewport().width()
    # A card's 12-unit text is at least 24 px on a 1080-pixel-high screen (the same share of
    # a smaller one), unless the screen is too narrow to show a whole card that large.
    legible = 2.0 * window.height() / 1080
    assert canvas.zoom() >= legible or room < legible * (card.width() + 40)
    seen = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert seen.contains(card)
    assert abs(seen.center().x() - card.center().x()) < card.width() / 2


def test_the_room_sees_the_projector_theme_and_no_editing_chrome(window, workshop):
    window.set_theme(Theme.DARK)
    workshop.enter()
    assert window.theme is Theme.PROJECTOR
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    visible = [d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()]
    assert visible == ["dock_workshop"]
    workshop.leave()
    assert window.theme is Theme.DARK
    assert window.settings.theme() == "dark"  # the room's theme was never remembered


def test_leaving_restores_the_exact_previous_view(window, workshop, qtbot):
    playbook = window.document.playbook
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    window.canvas.set_zoom(0.8)
    window.canvas.horizontalScrollBar().setValue(120)
    window.scene.select_stage(mql.id)
    window.dock_history.hide()
    before = (
        window.canvas.transform(),
        window.canvas.horizontalScrollBar().value(),
        window.canvas.verticalScrollBar().value(),
        window.size(),
    )
    workshop.enter()
    key(qtbot, window, Qt.Key.Key_PageDown)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not workshop.active and not window.isFullScreen()
    qtbot.waitUntil(lambda: window.size() == before[3])
    assert window.canvas.transform() == before[0]
    assert window.canvas.horizontalScrollBar().value() == before[1]
    assert window.canvas.verticalScrollBar().value() == before[2]
    assert window.scene.selected_stage_ids() == [mql.id]
    assert window.menuBar().isVisible() and window.dock_inspector.isVisible()
    assert not window.dock_history.isVisible() and not workshop.dock.isVisible()


def test_quick_capture_parks_a_note_on_the_stage_or_the_board(window, workshop, qtbot):
    workshop.enter()
    key(qtbot, window, Qt.Key.Key_PageDown)
    here = workshop.stage_id
    key(qtbot, window, Qt.Key.Key_N)  # would add a stage outside workshop mode
    stages = len(window.document.playbook.stages())
    assert workshop.panel.capturing
    qtbot.keyClicks(workshop.panel.capture, "Nobody owns nurture content")
    qtbot.keyClick(workshop.panel.capture, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_W)
    qtbot.keyClicks(workshop.panel.capture, "Agree what 'qualified' means")
    qtbot.keyClick(workshop.panel.capture, Qt.Key.Key_Return)
    key(qtbot, window, Qt.Key.Key_N)
    qtbot.keyClicks(workshop.panel.capture, "never mind")
    qtbot.keyClick(workshop.panel.capture, Qt.Key.Key_Escape)
    notes = [(n.text, n.stage) for n in window.document.playbook.notes]
    assert notes == [("Nobody owns nurture content", here), ("Agree what 'qualified' means", None)]
    assert len(window.document.playbook.stages()) == stages
    assert not workshop.panel.capturing
    assert workshop.panel.notes.count() == 2
    window.document.undo_stack.undo()
    assert [n.text for n in window.document.playbook.notes] == ["Nobody owns nurture content"]


def test_dot_votes_rank_the_ideas(window, workshop, qtbot):
    workshop.enter()
    for text in ("First idea", "Second idea"):
        key(qtbot, window, Qt.Key.Key_W)
        qtbot.keyClicks(workshop.panel.capture, text)
        qtbot.keyClick(workshop.panel.capture, Qt.Key.Key_Return)
    panel = workshop.panel
    while panel.notes.currentItem().text().find("Second idea") < 0:
        key(qtbot, window, Qt.Key.Key_J)
    for _ in range(3):
        key(qtbot, window, Qt.Key.Key_Plus)
    key(qtbot, window, Qt.Key.Key_Minus)
    votes = {n.text: n.votes for n in window.document.playbook.notes}
    assert votes == {"First idea": 0, "Second idea": 2}
    assert panel.notes.item(0).text().startswith("●● Second idea")


def test_the_lock_refuses_map_edits_but_keeps_the_parking_lot(window, workshop, qtbot):
    workshop.enter()
    key(qtbot, window, Qt.Key.Key_L)
    assert workshop.locked and window.canvas.read_only
    assert workshop.panel.lock.text() == "Map locked"
    playbook = window.document.playbook
    stage = playbook.stage(workshop.stage_id)
    x = stage.x
    assert not window.apply_edit(operations.set_fields(playbook, Kind.STAGE, stage.id, x=x + 80))
    assert playbook.stage(stage.id).x == x
    window.canvas.nudge(40, 0)  # a stray arrow key or drag
    assert playbook.stage(stage.id).x == x
    key(qtbot, window, Qt.Key.Key_W)
    qtbot.keyClicks(workshop.panel.capture, "Still allowed")
    qtbot.keyClick(workshop.panel.capture, Qt.Key.Key_Return)
    assert [n.text for n in playbook.notes] == ["Still allowed"]
    workshop.leave()  # leaving lifts the lock
    assert not workshop.locked and not window.canvas.read_only
    assert window.apply_edit(operations.set_fields(playbook, Kind.STAGE, stage.id, x=x + 80))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_timer_counts_down_pauses_resumes_and_says_when_time_is_up(qtbot):
    clock = FakeClock()
    countdown = Countdown(clock)
    shown = []
    countdown.ticked.connect(shown.append)
    countdown.set(90)
    countdown.start()
    clock.now += 30
    countdown.poll()
    assert countdown.remaining() == 60 and shown[-1] == 60
    countdown.pause()
    clock.now += 500  # paused time does not count
    countdown.poll()
    assert countdown.remaining() == 60
    countdown.toggle()  # resume
    clock.now += 59.5
    countdown.poll()
    assert shown[-1] == 1 and not countdown.is_up
    with qtbot.waitSignal(countdown.finished, timeout=1000):
        clock.now += 1
        countdown.poll()
    assert countdown.is_up and not countdown.running and countdown.remaining() == 0


def test_the_workshop_timer_shows_on_the_panel_and_turns_amber_at_zero(window, workshop, qtbot):
    clock = FakeClock()
    workshop.countdown._clock = clock
    workshop.enter()
    workshop.set_timer(2)
    assert workshop.panel.timer.text() == "2:00"
    key(qtbot, window, Qt.Key.Key_T)
    clock.now += 75
    workshop.countdown.poll()
    assert workshop.panel.timer.text() == "0:45"
    key(qtbot, window, Qt.Key.Key_T)  # pause
    clock.now += 100
    workshop.countdown.poll()
    assert workshop.panel.timer.text() == "0:45"
    key(qtbot, window, Qt.Key.Key_T)  # resume
    clock.now += 45
    workshop.countdown.poll()
    assert workshop.panel.timer.text() == "Time"
    assert "background" in workshop.panel.timer.styleSheet()


def test_a_second_screen_gets_the_presenter_view(window, workshop, qtbot, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    from journeyapp import workshop as workshop_module

    screen = QGuiApplication.primaryScreen()  # the offscreen platform has one; pretend two
    monkeypatch.setattr(workshop_module, "screens_for_presenting", lambda: (screen, screen))
    workshop.enter()
    presenter = workshop.presenter
    assert presenter is not None and presenter.isVisible()
    order = stages_along_journey(window.document.playbook)
    assert presenter.next_title.text() == order[1].name
    key(qtbot, window, Qt.Key.Key_PageDown)
    assert presenter.next_title.text() == order[2].name
    assert presenter.timer.text() == "5:00"
    workshop.leave()
    assert workshop.presenter is None


def test_a_clicker_s_blank_button_blanks_the_screen_until_any_key(window, workshop, qtbot):
    workshop.enter()
    key(qtbot, window, Qt.Key.Key_PageDown)
    here = workshop.stage_id
    for blank in (Qt.Key.Key_B, Qt.Key.Key_Period):
        key(qtbot, window, blank)
        assert workshop.cover.isVisible() and not workshop.panel.capturing
        assert workshop.cover.geometry() == window.rect()
        key(qtbot, window, Qt.Key.Key_PageDown)  # brings the room back, and only that
        assert not workshop.cover.isVisible() and workshop.stage_id == here


def test_a_clicker_s_next_walks_on_from_an_empty_note_but_not_from_a_typed_one(
    window, workshop, qtbot
):
    workshop.enter()
    first = workshop.stage_id
    key(qtbot, window, Qt.Key.Key_N)
    key(qtbot, window, Qt.Key.Key_PageDown)
    assert not workshop.panel.capturing and workshop.stage_id != first
    second = workshop.stage_id
    key(qtbot, window, Qt.Key.Key_N)
    qtbot.keyClicks(workshop.panel.capture, "half a thought")
    qtbot.keyClick(workshop.panel.capture, Qt.Key.Key_PageDown)
    assert workshop.panel.capturing and workshop.stage_id == second
    assert workshop.panel.capture.text() == "half a thought"


def test_esc_puts_away_the_voting_results_before_it_leaves_and_f5_resumes_the_walk(
    window, workshop, qtbot
):
    workshop.enter()
    for _ in range(2):
        key(qtbot, window, Qt.Key.Key_PageDown)
    here = workshop.stage_id
    results = workshop.room.results
    results.show()
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not results.isVisible() and workshop.active
    key(qtbot, window, Qt.Key.Key_Escape)
    assert not workshop.active
    key(qtbot, window, Qt.Key.Key_F5)
    assert workshop.active and workshop.stage_id == here


def test_what_a_key_did_shows_in_the_column_when_the_status_bar_is_hidden(window, workshop, qtbot):
    workshop.enter()
    key(qtbot, window, Qt.Key.Key_Minus)  # no idea picked: nothing to take back
    workshop.say("Voting is open: 3 dots each. V closes it.")
    said = workshop.panel.said
    assert said.isVisible() and said.text() == "Voting is open: 3 dots each. V closes it."
