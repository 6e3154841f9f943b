"""A deal's replay drawn over the map: a token on the current stage, days against expected
on each visited stage, the SLA on first touch where touches show it, and moves the map has
no path for. Without touches no SLA is measured, so no breach is ever drawn.

The overlay's items sit above the cards and are not part of the model: they
come and go with the replay and never enter the undo history.
"""

from __future__ import annotations

from journeyapp.models.first_touch import SlaState
from journeyapp.models.replay import Pace, Replay, ReplayStep
from journeyapp.widgets.canvas.card_slots import BadgeStrip, settle_where_clearest, token_centre
from journeyapp.widgets.canvas.map_scene import MapScene
from journeyapp.widgets.canvas.overlay_items import OverlayItems
from journeyapp.widgets.plain_text import as_typed
from PySide6.QtCore import QPointF, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

OVERLAY_Z = 5
PATH_Z = 0.5  # beneath the handoff arrows and their labels, and the cards
TOKEN_RADIUS = 13.0
# Each with white text on it at 4.5:1 or more; as text on a panel, see widgets/legible_colour.
PACE_COLOURS = {
    Pace.ON_TIME: QColor("#1e7d45"),
    Pace.SLOW: QColor("#a15c00"),
    Pace.STUCK: QColor("#c0392b"),
    Pace.UNKNOWN: QColor("#6b7280"),
}
SLA_COLOURS = {
    SlaState.MET: PACE_COLOURS[Pace.ON_TIME],
    SlaState.BREACHED: PACE_COLOURS[Pace.STUCK],
    SlaState.WAITING: PACE_COLOURS[Pace.UNKNOWN],
    SlaState.DAY_ONLY: PACE_COLOURS[Pace.UNKNOWN],
}
OFF_MAP = QColor("#d13b3b")
BACK = QColor("#b7791f")  # a step back along a path the map has
GLIDE_MS = 350
# How much of the map around the card the token moves to is scrolled into view: its badges
# below it, and a margin.
FOLLOW_BELOW = 40.0
FOLLOW_MARGIN = 48
MOVE_LABEL_FRACTIONS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)  # along the curve, off the cards


def _days(step: ReplayStep) -> str:
    if step.days is None:
        return "now"
    shown = f"{step.days:.0f} d" if step.days >= 1 else f"{step.days * 24:.0f} h"
    return f"{shown} / {step.expected_days}" if step.expected_days else shown


class Badge(QGraphicsRectItem):
    """A small rounded label with white text on a colour."""

    def __init__(self, text: str, colour: QColor, font) -> None:
        super().__init__()
        self.label = QGraphicsSimpleTextItem(text, self)
        self.label.setFont(font)
        self.label.setBrush(QBrush(QColor("white")))
        box = self.label.boundingRect()
        self.setRect(QRectF(0, 0, box.width() + 14, box.height() + 6))
        self.label.setPos(7, 3)
        self.setBrush(QBrush(colour))
        self.setPen(QPen(colour.darker(130), 1))
        self.setZValue(OVERLAY_Z)
        self.setToolTip(as_typed(text))


class ReplayOverlay(OverlayItems):
    def __init__(self, scene: MapScene) -> None:
        super().__init__(scene)
        self.replay: Replay | None = None
        self._token_step: ReplayStep | None = None  # where the token stands, if on the map
        self.token = QGraphicsEllipseItem(
            -TOKEN_RADIUS, -TOKEN_RADIUS, 2 * TOKEN_RADIUS, 2 * TOKEN_RADIUS
        )
        self.token.setZValue(OVERLAY_Z + 1)
        self.token.setPen(QPen(QColor("white"), 3))
        self.token.setBrush(QBrush(QColor("#1a73e8")))
        self.token.setVisible(False)
        scene.addItem(self.token)
        self._glide = QVariantAnimation()
        self._glide.setDuration(GLIDE_MS)
        self._glide.valueChanged.connect(self._token_to)

    # -- showing ------------------------------------------------------------------

    def show(self, replay: Replay | None, upto: int) -> None:
        """Draw the deal's steps 0..``upto``; the token stands on step ``upto``."""
        self.clear()
        self.replay = replay
        if replay is None or not replay.steps:
            return
        font = self.scene.style.font(13, bold=True)
        upto = max(0, min(upto, len(replay.steps) - 1))
        shown = [step for step in replay.steps[: upto + 1] if step.on_map]
        strips: dict[str, BadgeStrip] = {}  # each card's row of badges, below it
        for step in shown:
            if step.stage not in strips:
                strips[step.stage] = BadgeStrip(self.scene.card_rect(step.stage))
            badge = Badge(_days(step), PACE_COLOURS[step.pace], font)
            badge.setPos(strips[step.stage].place(badge.rect().width()))
            strips[step.stage].badges.append(badge)
            badge.setToolTip(
                as_typed(f"Step {step.index + 1}: {step.stage_name}, {step.pace.value}")
            )
            self._add(badge)
        # The SLA on first touch follows the days on the card the handoff led to, once per
        # handoff; a step with no touches recorded has none to show.
        measured: dict[tuple[str, str], list[ReplayStep]] = {}
        for step in shown:
            touch = step.first_touch
            if touch is not None and touch.state is not SlaState.NOT_MEASURED:
                measured.setdefault((step.stage, step.arrived_by.id), []).append(step)
        for (stage, _), steps in measured.items():
            self._add_sla_mark(steps, strips[stage], font)
        for stage, strip in strips.items():
            settle_where_clearest(strip, lambda area, s=stage: self.scene.badge_obstacles(area, s))
        for before, after in zip(replay.steps[:upto], replay.steps[1 : upto + 1], strict=False):
            if not (before.on_map and after.on_map):
                continue
            if after.off_map_move:
                self._add_move(before.stage, after.stage, "the map has no path here", OFF_MAP, font)
            elif after.backward:
                self._add_move(before.stage, after.stage, "back", BACK, font)
        self._move_token(replay.steps[upto])

    def clear(self) -> None:
        super().clear()
        self._token_shown(False)
        self._token_step = None
        self.replay = None

    def set_shown(self, shown: bool) -> None:
        super().set_shown(shown)
        self._token_shown(shown and self._token_step is not None)

    def _token_to(self, centre: QPointF) -> None:
        before = self.token.sceneBoundingRect()
        self.token.setPos(centre)
        self.scene.area_changed(before.united(self.token.sceneBoundingRect()))

    def _token_shown(self, shown: bool) -> None:
        self.token.setVisible(shown)
        self.scene.area_changed(self.token.sceneBoundingRect())

    def _move_token(self, step: ReplayStep) -> None:
        if not step.on_map:
            self._token_step = None
            self._token_shown(False)
            return
        self._token_step = step
        card = self.scene.card_rect(step.stage)
        for view in self.scene.views():  # the card it stands on, and its badges below, shown
            view.ensureVisible(card.adjusted(0, 0, 0, FOLLOW_BELOW), FOLLOW_MARGIN, FOLLOW_MARGIN)
        target = token_centre(card)
        if self.token.isVisible() and self.token.pos() != target:
            self._glide.stop()
            self._glide.setStartValue(self.token.pos())
            self._glide.setEndValue(target)
            self._glide.start()
        else:
            self._token_to(target)
        self.token.setToolTip(
            as_typed(f"{self.replay.deal.name}: step {step.index + 1}, {step.stage_name}")
        )
        self._token_shown(self.shown)

    def _add_sla_mark(self, steps: list[ReplayStep], strip: BadgeStrip, font) -> None:
        """The latest visit's first touch against the SLA; red if any visit breached it."""
        breached = [step for step in steps if step.sla_breached]
        latest = steps[-1].first_touch
        times = f" ×{len(breached)}" if len(breached) > 1 else ""
        colour = SLA_COLOURS[SlaState.BREACHED if breached else latest.state]
        badge = Badge(f"{latest.short}{times}", colour, font)
        badge.setPos(strip.place(badge.rect().width()))
        strip.badges.append(badge)
        badge.setToolTip(
            as_typed(
                "\n".join(
                    f"Step {step.index + 1}, into {step.stage_name}: {step.first_touch.words}"
                    for step in steps
                )
            )
        )
        self._add(badge)

    def _add_move(self, source: str, target: str, text: str, colour: QColor, font) -> None:
        """A dashed curve for a move worth pointing at, with its label.

        The curve passes beneath the cards and the handoffs' labels (all opaque), so it
        never crosses their text; its own label stays above everything, like the badges.
        """
        source_card, target_card = self.scene.card_rect(source), self.scene.card_rect(target)
        start = QPointF(source_card.center().x(), source_card.bottom())
        end = QPointF(target_card.center().x(), target_card.bottom())
        path = QPainterPath(start)
        # Below the cards: the day badges sit above them.
        bend = QPointF((start.x() + end.x()) / 2, max(start.y(), end.y()) + 110)
        path.quadTo(bend, end)
        line = QGraphicsPathItem(path)
        pen = QPen(colour, 4, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        line.setPen(pen)
        line.setZValue(PATH_Z)
        self._add(line)
        badge = Badge(text, colour, font)
        size = badge.rect().size()
        rects = [
            QRectF(QPointF(p.x() - size.width() / 2, p.y() + dy), size)
            for p in (path.pointAtPercent(f) for f in MOVE_LABEL_FRACTIONS)
            for dy in (4.0, 30.0, 60.0, 90.0)
        ]
        badges = [item.sceneBoundingRect() for item in self._items if isinstance(item, Badge)]

        def on_a_badge(rect: QRectF) -> bool:
            return any(rect.adjusted(-1, -1, 1, 1).intersects(b) for b in badges)

        tests = (
            lambda r: not self.scene.covers_a_card(r) and not on_a_badge(r),
            lambda r: not on_a_badge(r),
        )
        free = next((r for test in tests for r in rects if test(r)), rects[0])
        badge.setPos(free.topLeft())
        self._add(badge)
