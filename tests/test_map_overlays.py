"""Overlays on the map: each badge in its own slot on a card, an overlay shown only while its
panel is, and a replay's path never drawn over a card's text."""

from __future__ import annotations

import datetime
from itertools import combinations

import pytest
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.diff import diff
from journeyapp.models.entities import Touch
from journeyapp.models.map_geometry import PHASE_HEADER_HEIGHT
from journeyapp.models.replay import replay
from journeyapp.models.templates import load_template
from journeyapp.widgets.canvas.card_slots import diff_slot, replay_slot, review_slot
from journeyapp.widgets.canvas.diff_overlay import DiffOverlay
from journeyapp.widgets.canvas.map_style import MapStyle
from journeyapp.widgets.canvas.replay_overlay import Badge, ReplayOverlay
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsPathItem

CONTOSO = "deal-sample-contoso"  # lost; twice in Discovery
DISCOVERY = "Opportunity: Discovery"
DAY = 86400


def stage_named(playbook, name):
    return next(s for s in playbook.stages() if s.name == name)


def badges_of(overlay):
    return [item for item in overlay.items() if isinstance(item, Badge)]


def drawn_rect(badge):
    """The badge's rounded box in scene coordinates (without its outline's half pen)."""
    return badge.mapRectToScene(badge.rect())


@pytest.fixture
def discovery_with_every_badge(window):
    """Discovery due a review, changed since a snapshot, and twice visited by a deal whose
    first touch came two weeks late both times."""
    scene = window.scene
    playbook = window.document.playbook
    scene.today = lambda: datetime.date(2027, 3, 1)
    scene.set_playbook(playbook, window.document.problems())
    discovery = stage_named(playbook, DISCOVERY)
    old = load_template("b2b-saas")
    window.apply_edit(
        operations.set_fields(playbook, Kind.STAGE, discovery.id, description="Reworded.")
    )
    diff_overlay = DiffOverlay(scene)
    diff_overlay.show(diff(old, playbook), old)
    contoso = playbook.deals[CONTOSO]
    late = tuple(
        Touch(step.entered + 14 * DAY, "call")
        for step in contoso.path
        if step.crm_stage == "Discovery"
    )
    window.apply_edit(operations.set_fields(playbook, Kind.DEAL, CONTOSO, touches=late))
    replay_overlay = ReplayOverlay(scene)
    shown = replay(playbook, playbook.deals[CONTOSO])
    replay_overlay.show(shown, len(shown.steps) - 1)
    return scene, discovery.id, diff_overlay, replay_overlay


def test_review_replay_and_diff_badges_on_one_card_each_keep_their_slot(
    discovery_with_every_badge,
):
    scene, stage_id, diff_overlay, replay_overlay = discovery_with_every_badge
    card = scene.card_rect(stage_id)
    item = scene.stage_items[stage_id]
    review_tag = item.mapRectToScene(item.review_tag_rect())
    assert not review_tag.isEmpty()
    changed = [b for b in badges_of(diff_overlay) if drawn_rect(b).intersects(card)]
    assert [b.label.text() for b in changed] == ["Changed"]
    # The strip goes below the card, or all of it above when arrows fill the space below.
    below = QRectF(card.left(), card.bottom(), card.width(), 200)
    above = QRectF(card.left(), card.top() - 200, card.width(), 200)
    replayed, strip = [], None
    for side in (below, above):
        replayed = [
            b
            for b in badges_of(replay_overlay)
            if drawn_rect(b).intersects(side) and "no path" not in b.label.text()
        ]
        if replayed:
            strip = side
            break
    texts = sorted(b.label.text() for b in replayed)
    assert len(texts) == 3 and any(t.endswith("/ 48 h ×2") for t in texts)

    assert review_slot(card).contains(review_tag)
    assert diff_slot(card).contains(drawn_rect(changed[0]))
    rows = replay_slot(card, 3)
    if strip is above:  # the same rows, mirrored over the card
        rows.moveBottom(card.top() - (rows.top() - card.bottom()))
    assert all(rows.contains(drawn_rect(b)) for b in replayed)
    # Nothing on the card overlaps anything else on it, outlines included.
    token = replay_overlay.token
    nearby = [b for b in badges_of(replay_overlay) if drawn_rect(b).intersects(strip)]
    shapes = [review_tag, *(b.sceneBoundingRect() for b in [*changed, *nearby])]
    for one, other in combinations(shapes, 2):
        assert not one.intersects(other), (one, other)
    # The token stands on the card's left edge, clear of every badge.
    if token.isVisible():
        assert all(not token.sceneBoundingRect().intersects(s) for s in shapes)


def test_replay_and_diff_tags_leave_the_cards_name_uncovered(discovery_with_every_badge):
    scene, stage_id, diff_overlay, replay_overlay = discovery_with_every_badge
    card = scene.card_rect(stage_id)
    name_line = QRectF(card.left() + 18, card.top() + 11, card.width() - 28, 18)
    for badge in badges_of(diff_overlay) + badges_of(replay_overlay):
        assert not badge.sceneBoundingRect().intersects(name_line), badge.label.text()


def _deals_panel(window, qtbot):
    panels = window.panels
    window.panel_bar.click(panels.dock_deals)
    qtbot.waitUntil(panels.dock_deals.isVisible)
    panel = panels.deals
    panel.show_deal(CONTOSO)
    panel.scrubber.setValue(panel.scrubber.maximum())
    return panel


def _on_map(overlay):
    return [item for item in overlay.items() if item.isVisible()]


def test_the_replay_leaves_the_map_with_the_deals_panel_and_comes_back(window, qtbot):
    panel = _deals_panel(window, qtbot)
    overlay = panel.overlay
    assert overlay.items() and len(_on_map(overlay)) == len(overlay.items())
    # Another panel under the map is opened, in front of Deals: the replay goes.
    window.panel_bar.click(window.panels.dock_problems)
    qtbot.waitUntil(lambda: _on_map(overlay) == [])
    assert not overlay.token.isVisible()
    # Back to Deals: the replay is where it was.
    window.panel_bar.click(window.panels.dock_deals)
    qtbot.waitUntil(lambda: len(_on_map(overlay)) == len(overlay.items()))
    assert overlay.token.isVisible() == (overlay.replay.steps[panel.step].on_map)
    # Closed: gone again.
    window.panels.dock_deals.close()
    qtbot.waitUntil(lambda: _on_map(overlay) == [])
    assert not overlay.token.isVisible()


def test_the_diff_leaves_the_map_with_the_review_panel_and_comes_back(window, qtbot):
    panels = window.panels
    window.panel_bar.click(panels.dock_review)
    qtbot.waitUntil(panels.dock_review.isVisible)
    review = panels.review
    review.save("Before")
    playbook = window.document.playbook
    sql = stage_named(playbook, "SQL")
    window.apply_edit(operations.set_fields(playbook, Kind.STAGE, sql.id, description="New."))
    review.compare_to.setCurrentIndex(review.compare_to.findData("now"))
    review.compare()
    overlay = window.diff_overlay
    assert overlay.items() and len(_on_map(overlay)) == len(overlay.items())
    window.panel_bar.click(panels.dock_raci)  # another panel, in front of Review
    qtbot.waitUntil(lambda: _on_map(overlay) == [])
    window.panel_bar.click(panels.dock_review)
    qtbot.waitUntil(lambda: len(_on_map(overlay)) == len(overlay.items()))


def _render(scene, rect: QRectF) -> QImage:
    image = QImage(int(rect.width()) * 2, int(rect.height()) * 2, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, image.width(), image.height()), rect)
    painter.end()
    return image


def test_the_replay_path_passes_beneath_the_cards_and_never_over_their_text(window, qtbot):
    """The dashed path of a move the map has no path for is drawn beneath the cards, which
    are opaque: every card's text looks the same with the replay on the map as without."""
    scene = window.scene
    playbook = window.document.playbook
    discovery = stage_named(playbook, DISCOVERY)
    # A card in the way of Contoso's step back from Discovery to SQL, beneath Discovery.
    window.apply_edit(
        operations.add_stage(playbook, "In the way", discovery.phase, discovery.lane, 24, 134)
    )
    text_rects = {
        stage_id: scene.card_rect(stage_id).adjusted(18, 12, -10, -8)
        for stage_id in scene.stage_items
    }
    before = {stage_id: _render(scene, rect) for stage_id, rect in text_rects.items()}
    panel = _deals_panel(window, qtbot)
    paths = [i for i in panel.overlay.items() if isinstance(i, QGraphicsPathItem)]
    assert paths  # Contoso goes back from Discovery to SQL, off the map's paths
    card_z = min(item.zValue() for item in scene.stage_items.values())
    assert all(path.zValue() < card_z for path in paths)
    for style in (MapStyle.light_style(), MapStyle.dark_style(), MapStyle.projector_style()):
        assert style.card_fill.alpha() == 255
    crossed = [
        stage_id
        for stage_id, rect in text_rects.items()
        if any(path.shape().intersects(rect) for path in paths)
    ]
    assert crossed  # the path does run across cards: beneath them
    for badge in badges_of(panel.overlay):  # the path alone; badges have their own slots
        badge.setVisible(False)
    for stage_id, rect in text_rects.items():
        assert _render(scene, rect) == before[stage_id], playbook.stage(stage_id).name
    # The path's label lies off the cards.
    labels = [b for b in badges_of(panel.overlay) if "no path" in b.label.text()]
    assert labels and not scene.covers_a_card(labels[0].sceneBoundingRect())


def test_the_replay_path_passes_beneath_handoff_labels_too(window, qtbot):
    """Contoso's step back from Discovery to SQL crossed the words of "No budget or need;
    not a fit". A label reads the same with the replay's path on the map as without."""
    scene = window.scene
    labels = {
        key: item.mapRectToScene(item.label_rect).adjusted(3, 3, -3, -3)
        for key, item in scene.handoff_items.items()
        if not item.label_rect.isEmpty()
    }
    before = {key: _render(scene, rect) for key, rect in labels.items()}
    panel = _deals_panel(window, qtbot)
    paths = [i for i in panel.overlay.items() if isinstance(i, QGraphicsPathItem)]
    crossed = [
        key for key, rect in labels.items() if any(p.shape().intersects(rect) for p in paths)
    ]
    assert crossed
    for badge in badges_of(panel.overlay):
        badge.setVisible(False)
    for key in crossed:
        assert _render(scene, labels[key]) == before[key], scene.handoff_items[key].label_lines


def test_far_out_the_cached_map_picture_follows_the_overlay_too(window, qtbot):
    canvas = window.canvas
    canvas.set_zoom(0.2)
    assert canvas.in_overview()  # drawn from a cached picture, not item by item
    bar, panels = window.panel_bar, window.panels

    def seen():
        return canvas.viewport().grab().toImage()

    bar.click(panels.dock_deals)  # Deals open, nothing replayed yet
    bar.click(panels.dock_problems)  # and Problems in front of it
    qtbot.wait(300)  # the window's layout settles
    without = seen()
    bar.click(panels.dock_deals)
    panel = panels.deals
    panel.show_deal(CONTOSO)
    panel.scrubber.setValue(panel.scrubber.maximum())
    qtbot.wait(300)
    with_replay = seen()
    bar.click(panels.dock_problems)
    qtbot.waitUntil(lambda: seen() == without)
    bar.click(panels.dock_deals)
    qtbot.waitUntil(lambda: seen() == with_replay)
    assert with_replay != without
    assert panel.overlay.items()


def test_a_replays_badges_cover_no_other_card_and_go_where_a_label_is_free(window, qtbot):
    """A replay's rows of days and breached SLAs sat under their card and ran onto a card
    stacked close below (SQL's "SLA 24h breached" on Disqualified) and over a handoff's label
    (MQL's days on "Re-engages: score back over 65"). They now go where they cover least:
    never another card, nor a phase's name, and no label where a free place exists (beside
    MQL). Above SQL, on the left, they covered the end of "Student, competitor or no
    business e-mail"; on the right of that spot they cover nothing."""
    panel = _deals_panel(window, qtbot)
    scene = window.scene
    labels = [
        item.mapRectToScene(item.label_rect)
        for item in scene.handoff_items.values()
        if not item.label_rect.isEmpty()
    ]
    badges = [item for item in panel.overlay.items() if isinstance(item, Badge)]
    assert len(badges) > 3
    for badge in badges:
        rect = badge.sceneBoundingRect()
        covered = [s for s in scene.stage_items if scene.card_rect(s).intersects(rect)]
        assert covered == [], (badge.toolTip(), covered)
        assert rect.top() >= PHASE_HEADER_HEIGHT, badge.toolTip()  # not on a phase's name
        assert not [label for label in labels if label.intersects(rect)], badge.toolTip()
    assert [badge for badge in badges if ": MQL," in badge.toolTip()]
    assert [badge for badge in badges if ": SQL," in badge.toolTip()]
